"""Qt's own strings (standard buttons, message boxes, context menus, Qt's file dialog) in
Vietnamese. PySide6 ships no Vietnamese catalogue, so the app carries its own:
resources/translations/qtbase_vi.ts, compiled to qtbase_vi.qm. Native dialogs (the Windows file
and print dialogs) speak the language of Windows itself."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from app.paths import resources_dir

CATALOGUE = "qtbase_vi.qm"


def install_qt_translations(app: QCoreApplication) -> bool:
    """True when the catalogue was loaded (a broken install still starts, in English)."""
    translator = QTranslator(app)  # parented: lives as long as the application
    if not translator.load(str(resources_dir() / "translations" / CATALOGUE)):
        return False
    return app.installTranslator(translator)
