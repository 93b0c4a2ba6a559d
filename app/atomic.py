"""Writing a file so that a half-written one never carries the real name (a crash, a full
disk, a pulled USB stick): write beside it, then rename in one step."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import is_held_open


@contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yields the path to write; on success it is flushed to the device and becomes `target`
    (os.replace, atomic on Windows and POSIX), on failure it is removed and `target` is left
    as it was.

    A target another program holds open (Word, Excel: Windows refuses to replace it) fails
    with the PermissionError whose `winerror` says so (app.errors.is_held_open)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        with partial.open("rb+") as written:  # on the disk (or stick) before it takes the name
            os.fsync(written.fileno())
        try:
            os.replace(partial, target)
        except PermissionError as refused:
            held = None if is_held_open(refused) else held_open(target)
            if held is None:
                raise
            raise held from refused
    except BaseException:
        with contextlib.suppress(OSError):  # the failure said is the write's, not this
            partial.unlink(missing_ok=True)
        raise


def held_open(target: Path) -> OSError | None:
    """The refusal of `target` for writing when another program holds it open (the sharing
    violation, or Excel's lock), else None — absent, free, or refused for another reason.
    Windows refuses to replace a file open elsewhere with ERROR_ACCESS_DENIED as often as with
    ERROR_SHARING_VIOLATION: asking to open it for writing tells the two apart."""
    try:
        with target.open("rb+"):  # neither truncated nor written: only asked for
            return None
    except OSError as exc:
        return exc if is_held_open(exc) else None


def holds(target: Path, data: bytes) -> bool:
    """`target` is there with `data` already (read even while another program holds it open):
    writing it again would change nothing, and Windows would refuse it while a reader shows it."""
    try:
        return target.is_file() and target.read_bytes() == data
    except OSError:
        return False
