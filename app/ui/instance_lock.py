"""One window per database: two copies of the app writing the same file (two windows here, or
the same file on a shared folder opened from two machines) would overwrite each other's work.
Qt's QLockFile holds `<database>.lock` while the file is open; a lock left by an app that died
(a power cut, kill -9) is recognised as stale and taken over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

_held: dict[Path, QLockFile] = {}


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def acquire(database: Path) -> str | None:
    """None when this app now holds the database (or already did); else why it cannot."""
    key = database.resolve()
    if key in _held:
        return None
    lock = QLockFile(str(lock_path(database)))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    if lock.tryLock(0):
        _held[key] = lock
        return None
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()  # PySide6: (pid, host name, app name), or falsy if unreadable
        where = f" (máy {info[1]}, tiến trình {info[0]})" if info else ""
        return (
            f"Tệp dữ liệu {database.name} đang được mở ở một cửa sổ Hồ sơ Thi đua khác{where}. "
            "Mỗi tệp dữ liệu chỉ mở ở một nơi một lúc để không ghi đè lên nhau: hãy đóng cửa "
            "sổ kia (hoặc chờ máy kia đóng), hoặc mở một tệp khác."
        )
    return None  # the folder allows no lock file (read-only media): opening reports that


def release(database: Path) -> None:
    lock = _held.pop(database.resolve(), None)
    if lock is not None:
        lock.unlock()
