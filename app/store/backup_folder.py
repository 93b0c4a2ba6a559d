"""Where a database's backups live and which are there: read by the backups themselves and
by the error that tells the user a damaged file can be restored from one."""

from __future__ import annotations

from pathlib import Path


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}-backups"


def list_backups(db_path: Path) -> list[Path]:
    """Every backup of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
