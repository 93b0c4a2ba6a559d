; Windows installer of Hồ sơ Thi đua (Inno Setup 6). Built on Windows after packaging\build.py
; made dist\thidua (see packaging\README.md):
;
;     iscc /DAppVersion=0.1.0 packaging\windows\thidua.iss
;
; Per-user install without administrator rights (%LOCALAPPDATA%\Programs), Vietnamese wizard,
; Start-menu and optional desktop shortcuts. No file type is registered: .zip files (the
; submission packages) keep opening with whatever the user had. The uninstaller removes the
; program only: the user's data (%LOCALAPPDATA%\thidua) and documents stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Hồ sơ Thi đua"
#define Root "..\.."

[Setup]
AppId={{6E3C1B7A-58D2-4C1E-9A4B-7F0D2C5E9B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Hồ sơ Thi đua
DefaultDirName={autopf}\Ho so Thi dua
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=no
OutputDir={#Root}\dist
OutputBaseFilename=HoSoThiDua-CaiDat-{#AppVersion}
SetupIconFile={#Root}\resources\icons\thidua.ico
UninstallDisplayIcon={app}\thidua.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; Vietnamese.isl is Inno Setup's maintained (unofficial) Vietnamese translation: put it beside
; this script before compiling (packaging\README.md says where it comes from).
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; GroupDescription: "Biểu tượng:"

[Files]
Source: "{#Root}\dist\thidua\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\thidua.exe"
Name: "{autoprograms}\Hướng dẫn sử dụng {#AppName}"; Filename: "{app}\thidua.exe"; Parameters: "guide"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\thidua.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\thidua.exe"; Description: "Mở {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote in its folder (compiled caches); never the user's data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
