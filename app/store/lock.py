"""One writer per database: two programs writing the same file (two windows, a window and a
`thidua` command, or the same file on a shared folder opened from two machines) would overwrite
each other's work. The window and every command that writes hold `<database>.lock` with an OS
lock (flock, or a byte-range lock on Windows), which the OS drops when its process ends however
it ends (a power cut, kill -9): a lock file left behind is never mistaken for a holder. The
holder writes who it is into the file, so the refused side can say where the database is open.
Qt-free: the command line takes the same lock as the window."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.store.errors import StoreError

WINDOW = "window"  # the holder's `by` for the desktop app; a command gives its words

_held: dict[Path, int] = {}  # resolved database → descriptor of its locked lock file
_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)  # Windows: no newline rewriting

if os.name == "nt":
    import msvcrt

    # Windows locks forbid reading the locked bytes: lock one far past the holder's note (as
    # SQLite does) so the refused side can still read who holds the file.
    _LOCKED_BYTE = 1 << 30

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _still_there(fd: int, path: Path) -> bool:
        return True  # a file open here cannot be deleted (no FILE_SHARE_DELETE)

    def _unlock(fd: int, path: Path) -> None:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)
        with suppress(OSError):  # another process has it open (and may be locking it): leave it
            path.unlink()

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _still_there(fd: int, path: Path) -> bool:
        """False when the holder deleted the file between our open and our lock: the lock we
        got is on a file nobody else will ever look at."""
        try:
            return os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            return False

    def _unlock(fd: int, path: Path) -> None:
        path.unlink(missing_ok=True)  # while still locked, so nobody locks a file being removed
        os.close(fd)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def acquire(database: Path, by: str = WINDOW) -> str | None:
    """None when this process now holds the database (or already did); else, in Vietnamese,
    where it is open. `by`: WINDOW or the command's words ("thidua register import")."""
    key = database.resolve()  # a link and its target, two spellings: one lock file
    if key in _held:
        return None
    path = lock_path(key)
    while True:
        try:
            fd = os.open(path, _FLAGS, 0o666)
        except OSError:
            # No lock file can be made here: read-only media (opening says so), or a folder
            # not made yet (no database in it for anyone to hold).
            return None
        if not _try_lock(fd):
            os.close(fd)
            return _refusal(database, path)
        if _still_there(fd, path):
            break
        os.close(fd)
    note = {"by": by, "host": socket.gethostname(), "pid": os.getpid()}
    with suppress(OSError):  # the lock holds all the same; the refused side cannot say where
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(note, ensure_ascii=False).encode("utf-8"))
    _held[key] = fd
    return None


def release(database: Path) -> None:
    key = database.resolve()
    fd = _held.pop(key, None)
    if fd is not None:
        _unlock(fd, lock_path(key))


@contextmanager
def holding(database: Path, by: str) -> Iterator[None]:
    """Hold the database for a command's work; a StoreError saying where it is open when
    another process holds it. A lock this process already held (its window) stays held."""
    already = database.resolve() in _held
    refused = acquire(database, by)
    if refused:
        raise StoreError(refused)
    try:
        yield
    finally:
        if not already:
            release(database)


def _refusal(database: Path, path: Path) -> str:
    try:
        note = json.loads(path.read_bytes()[:4096].decode("utf-8"))
        by, where = note["by"], f" (máy {note['host']}, tiến trình {note['pid']})"
    except (OSError, ValueError, TypeError, KeyError):  # being written, or not ours
        by, where = None, ""
    if by == WINDOW:
        holder, advice = "ở một cửa sổ Hồ sơ Thi đua", "hãy đóng cửa sổ đó"
    elif by:
        holder, advice = f"bởi lệnh “{by}”", "hãy chờ lệnh đó chạy xong"
    else:
        holder, advice = "ở nơi khác", "hãy đóng nơi đó"
    return (
        f"Tệp dữ liệu {database.name} đang được mở {holder}{where}. Mỗi tệp dữ liệu chỉ được "
        f"ghi ở một nơi một lúc để không ghi đè lên nhau: {advice} rồi thử lại."
    )
