"""Writing a file so that a half-written one never carries the real name (a crash, a full
disk, a pulled USB stick): write beside it, then rename in one step."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yields the path to write; on success it is flushed to the device and becomes `target`
    (os.replace, atomic on Windows and POSIX), on failure it is removed and `target` is left
    as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        with partial.open("rb+") as written:  # on the disk (or stick) before it takes the name
            os.fsync(written.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
