"""The app's connection to its SQLite file.

Plain SQL and transactions go straight to sqlite3. sqlite-utils' API (tables, scripts inside a
transaction, migrations) comes from a sqlite-utils Database made on the same connection the
first time one of those is used: opening the window, reading a figure or storing a dossier
never imports sqlite-utils, which costs 60–80 ms (it imports click, dateutil and pluggy, and
compiles its regular expressions)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import Table


_savepoints = count(1)


class Database:
    """What sqlite-utils' Database is to the store — `execute`, `atomic`, `executescript`,
    `db[table]`, `table_names` — with sqlite-utils itself loaded when a table is written."""

    def __init__(self, path: Path | str) -> None:
        # No implicit transactions: a write outside `atomic()` is committed at once and a failed
        # one leaves none open — what sqlite-utils' own `execute` ensures after each statement.
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        # as sqlite-utils sets it on a connection it opens: triggers that fire triggers
        self.conn.execute("PRAGMA recursive_triggers = on")

    @cached_property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection (no plugins: no third-party code on the user's data)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)

    def execute(self, sql: str, parameters: Iterable[Any] | dict[str, Any] | None = None):
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.utils.executescript(sql)  # inside an open transaction: no implicit COMMIT

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction for the block; inside another, a savepoint (as sqlite-utils' own
        `atomic`, which its table methods use inside this one)."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # not when the error ended it already
                    self.conn.execute("ROLLBACK")
                raise
            return
        savepoint = f"atomic_{next(_savepoints)}"
        self.conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # a RAISE(ROLLBACK) trigger ends savepoints too
                self.conn.execute(f"ROLLBACK TO {savepoint}")
                self.conn.execute(f"RELEASE {savepoint}")
            raise
        self.conn.execute(f"RELEASE {savepoint}")

    def __getitem__(self, table: str) -> Table:
        return self.utils[table]

    def table_names(self) -> list[str]:
        return [
            name
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
