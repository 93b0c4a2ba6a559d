"""Backup copies of the database: before a migration, once a day on open, on demand; restore.

Copies go through SQLite's online backup API (consistent even in WAL mode) into a temporary
file that is renamed into place, so a copy is either complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from app.atomic import atomic_write
from app.store.backup_folder import backup_dir, list_backups
from app.store.errors import DatabaseCorrupt
from app.store.integrity import damage

AUTO_KEEP = 10
_AUTO_PREFIX = "tu-dong-"


def _timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of the database at `source`, written atomically to `target`."""
    with atomic_write(target) as partial:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
                problems = damage(dst)
            except sqlite3.DatabaseError as exc:
                damaged = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
                if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in damaged:
                    raise  # a full disk, a locked file…: not the data's fault
                problems = [str(exc)]  # the source is damaged past reading
            finally:
                dst.close()
        finally:
            src.close()
        if problems:  # never keep a copy of damage: older, good backups stay
            raise DatabaseCorrupt(source, "; ".join(problems[:3]), list_backups(source))
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
    return target


def backup_before_migration(db_path: Path, from_version: int) -> Path:
    name = f"truoc-nang-cap-v{from_version}-{_timestamp()}.sqlite"
    return copy_database(db_path, backup_dir(db_path) / name)


def manual_backup(db_path: Path, target: Path | None = None) -> Path:
    default = backup_dir(db_path) / f"thu-cong-{_timestamp()}.sqlite"
    return copy_database(db_path, target or default)


def daily_backup(db_path: Path, today: date) -> Path | None:
    """One automatic copy per day; the last AUTO_KEEP days are kept. None if today's exists."""
    folder = backup_dir(db_path)
    target = folder / f"{_AUTO_PREFIX}{today.isoformat()}.sqlite"
    if target.exists():
        return None
    copy_database(db_path, target)
    autos = sorted(folder.glob(f"{_AUTO_PREFIX}*.sqlite"))
    for old in autos[:-AUTO_KEEP]:
        old.unlink()
    return target


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")]


def replace_with_backup(db_path: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the (closed) database; the old file is kept beside the backups.

    The caller has checked the backup and closed every connection to `db_path`. Returns where
    the replaced database was kept, if there was one.
    """
    staged = db_path.with_name(db_path.name + ".restoring")
    copy_database(backup, staged)
    kept = None
    if db_path.exists():
        kept = backup_dir(db_path) / f"truoc-khoi-phuc-{_timestamp()}.sqlite"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(db_path, kept)
    # A stale WAL of the old file would be replayed into the restored one: move it away too.
    for sidecar in _sidecars(db_path):
        if sidecar.exists():
            if kept is not None:
                shutil.move(sidecar, kept.with_name(kept.name + sidecar.name[-4:]))
            else:
                with contextlib.suppress(FileNotFoundError):
                    sidecar.unlink()
    os.replace(staged, db_path)
    return kept
