"""The integrity check of a database file (PRAGMA quick_check), run on a thread of its own
while the window's start imports Qt and the pages: SQLite lets go of Python's lock while it
reads, so the check — 12 ms for the demo, about 0.2 s per 100 MB — costs the start nothing.
The window then opens the file without checking again, or, if the check did not pass or
could not run, checks it itself and says what is wrong as always (database.open_store)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


def damage(db: Any) -> list[str]:
    """What SQLite's quick check finds wrong with an open database (empty: it is whole); `db`
    is a connection or the store's Database."""
    found = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    return [] if found == ["ok"] else found


class IntegrityCheck:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._result: list[str] | None = None
        self._thread: threading.Thread | None = None
        try:
            checkable = path.is_file() and path.stat().st_size > 0  # a new file is not checked
        except OSError:  # a name too long, a refused folder: the open says what is wrong
            checkable = False
        if checkable:
            self._thread = threading.Thread(target=self._check, daemon=True)
            self._thread.start()

    def _check(self) -> None:
        import sqlite3

        try:  # read-only: a file deleted meanwhile is not made again here
            db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True)
            try:
                db.execute("PRAGMA busy_timeout = 5000")
                self._result = damage(db)
            finally:
                db.close()
        except sqlite3.Error:  # not a database, locked, unreadable: the open says which
            self._result = None

    def passed(self) -> bool:
        """Whether the file was found whole (waits for the check to end)."""
        if self._thread is None:
            return False
        self._thread.join()
        return self._result == []
