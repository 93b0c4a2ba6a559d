"""The Qt-free modules the window's first screen uses, imported before PySide6 (app.cli).

PySide6 looks at each module imported after it — it reads the module's source for the word
"PySide6", to know whether its `__feature__` switches apply there — and the store, the core
and what they take from Python's library are some 60 modules read for nothing: 6 ms of each
start. Imported first, they are not looked at. tests/test_cli.py keeps this list whole."""

from app.core import gc_pause, readiness, voting  # noqa: F401
from app.store import database, dossier_builds, lock, organisation, role  # noqa: F401
