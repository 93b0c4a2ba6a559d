"""Opening the one SQLite file: checks, migrations with a backup first, daily backup, seeding."""

from __future__ import annotations

import errno
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from msgspec import Struct

from app.store import backups, schema
from app.store.backup_folder import list_backups
from app.store.campaigns import ensure_builtin_campaigns
from app.store.connection import Database
from app.store.errors import (
    DatabaseCorrupt,
    NotADatabase,
    NotFound,
    SchemaTooNew,
    user_errors,
)
from app.store.integrity import damage

T = TypeVar("T")


class Store(Struct):
    path: Path
    db: Database
    closed: bool = False  # a background job's result arriving later must not use it

    def close(self) -> None:
        self.closed = True
        self.db.close()

    @contextmanager
    def user_errors(self) -> Iterator[None]:
        """Machine failures of writes in the block become messages naming this database.
        A file gone from its place (the USB stick pulled, its folder deleted) is refused
        before the write, and a write that outlived its file fails after it: the open
        connection would still take it, into a file no one can find again, while the form or
        the command says it was saved."""
        with user_errors(self.path):
            self._check_in_place()
            yield
            self._check_in_place()

    def _check_in_place(self) -> None:
        if not self.path.exists():
            raise FileNotFoundError(errno.ENOENT, "gone", str(self.path))


def _connect(path: Path) -> Database:
    db = Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _use_wal(db: Database) -> None:
    # Only after the checks: a refused file must be left exactly as it was.
    db.execute("PRAGMA journal_mode = WAL")
    # FULL: a transaction reported as committed survives a power cut, not only a crash.
    db.execute("PRAGMA synchronous = FULL")
    # Every commit is copied into the main file at once: a clerk who copies thidua.sqlite to a
    # USB stick while the app is open (without its -wal file) takes the data as last saved.
    db.execute("PRAGMA wal_autocheckpoint = 1")


def applied_migrations(db: Database) -> list[str]:
    return schema.applied_names(db)


def _check_integrity(db: Database, path: Path) -> None:
    problems = damage(db)
    if problems:
        raise DatabaseCorrupt(path, "; ".join(problems[:3]), list_backups(path))


def _check_is_ours(db: Database, path: Path) -> None:
    if db.table_names() and not schema.is_tracked(db):
        raise NotADatabase(path)
    unknown = [n for n in applied_migrations(db) if n not in schema.known_names()]
    if unknown:
        raise SchemaTooNew(path, unknown)


def open_store(
    path: Path,
    *,
    today: date | None = None,
    auto_backup: bool = True,
    verified: bool = False,
    integrity_checked: bool = False,
) -> Store:
    """Open (creating when absent) the database at `path`, ready to use at the newest schema.

    `verified`: the file was opened and checked moments ago in a background job (the GUI
    does the slow part off the UI thread, then opens again here); `integrity_checked`: its
    integrity check alone passed (store/integrity.py, during the window's start). Raises a
    StoreError with a Vietnamese message for anything the user must deal with.
    """
    path = Path(path)
    with user_errors(path):
        return _open(path, today=today, auto_backup=auto_backup, verified=verified,
                     integrity_checked=integrity_checked)  # fmt: skip


def _check_writable(folder: Path) -> None:
    """A stick with its write-protect switch on, a read-only share: say so now, in words that
    fit (SQLite would only say it cannot open the file). Probed with a temporary file."""
    with tempfile.TemporaryFile(dir=folder):
        pass


def _open(
    path: Path, *, today: date | None, auto_backup: bool, verified: bool, integrity_checked: bool
) -> Store:
    if verified and not path.exists():  # gone since the window opened it: never a new one
        raise FileNotFoundError(errno.ENOENT, "gone", str(path))
    is_new = not path.exists() or path.stat().st_size == 0
    db = None
    try:
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not verified:  # a background job's open follows the window's: checked then
            _check_writable(path.parent)
        db = _connect(path)
        if not is_new and not verified:
            if not integrity_checked:
                _check_integrity(db, path)
            _check_is_ours(db, path)
        _use_wal(db)
        if schema.pending_names(db):
            if not is_new:
                backups.backup_before_migration(path, len(applied_migrations(db)))
            schema.apply(db)
        ensure_builtin_campaigns(db)
        if auto_backup and not is_new:
            backups.daily_backup(path, today or date.today())
        return Store(path, db)
    except BaseException:
        if db is not None:
            db.close()
        raise


def check_backup(backup: Path) -> None:
    """Refuse a backup that is missing, empty, damaged, not ours, or from a newer app, before
    restoring it (opening a missing path would create an empty database to restore)."""
    if not backup.is_file():
        raise NotFound(
            f"Không tìm thấy bản sao lưu {backup}"
            + (" (đó là một thư mục)." if backup.is_dir() else ".")
        )
    db = None
    try:
        db = Database(backup)
        _check_integrity(db, backup)
        _check_is_ours(db, backup)
        if not schema.is_tracked(db):  # an empty file or database: nothing to restore
            raise NotADatabase(backup)
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(backup, str(exc), []) from exc
    finally:
        if db is not None:
            db.close()


def restore_backup(store_path: Path, backup: Path) -> Path | None:
    """Replace the (closed) database by a checked backup. Returns where the old file was kept."""
    check_backup(backup)
    with user_errors(store_path):
        return backups.replace_with_backup(store_path, backup)


def with_own_connection(path: Path, work: Callable[[Database], T]) -> T:
    """Run `work` on a connection of its own to the database at `path` (a sqlite3 connection
    belongs to the thread that made it): what the app's background jobs do. The file was
    checked when the window opened it, so the slow integrity check is skipped here; and the
    daily backup belongs to that opening too (jobs started together, or just after midnight,
    must not each start copying the file)."""
    store = open_store(path, verified=True, auto_backup=False)
    try:
        return work(store.db)
    finally:
        store.close()
