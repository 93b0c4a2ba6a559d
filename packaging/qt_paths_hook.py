# Run-time hook of the packaged build, in place of PyInstaller's own for PySide6
# (packaging/thidua.spec): that one imports PySide6.QtCore at every start, ~90 ms of each
# command and of each PDF worker (`thidua --pdf-worker`), which never load Qt. What it sets
# is set here without loading Qt: where Qt's plugins are, and on Windows the folder of the
# libraries in PATH. Its other step, an embedded qt.conf, PySide6's own QtCore makes when the
# window first imports it (Prefix = the PySide6 folder).
import os
import sys

if sys.platform.startswith("win"):
    _qt = os.path.join(sys._MEIPASS, "PySide6")
    _path = os.environ.get("PATH", "")
    if sys._MEIPASS not in _path.split(os.pathsep):  # a PDF worker inherits it already
        os.environ["PATH"] = os.pathsep.join(filter(None, (sys._MEIPASS, _path)))
    del _path
else:
    _qt = os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
