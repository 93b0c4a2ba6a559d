"""Windows' refusal of a file another program holds open, imposed on Linux.

Word and Excel open a document sharing it for reading only: Windows then refuses to write,
replace or remove it (and to rename onto it) with ERROR_SHARING_VIOLATION (winerror 32), or,
for a range Excel has locked, ERROR_LOCK_VIOLATION (33). CPython raises a PermissionError with
errno EACCES (13) and that `winerror`; Linux would simply succeed. Reading stays allowed: Excel
shares the file for reading.

`held_open(monkeypatch, *paths)` makes every way the app writes, replaces or removes a file
(builtins.open / io.open / Path.open for writing, os.open with write flags, os.replace /
os.rename — shutil.move's way —, os.remove / os.unlink — Path.unlink's way) refuse those paths
as Windows does. `replace_winerror=5` gives the rename onto a held file Windows' other answer,
ERROR_ACCESS_DENIED, which CPython also raises as EACCES."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pytest

SHARING_VIOLATION, LOCK_VIOLATION, ACCESS_DENIED = 32, 33, 5
_TEXTS = {
    SHARING_VIOLATION: "The process cannot access the file because it is being used by another "
    "process",
    LOCK_VIOLATION: "The process cannot access the file because another process has locked a "
    "portion of the file",
    ACCESS_DENIED: "Access is denied",
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def refusal(winerror: int, path: object, path2: object = None) -> PermissionError:
    """The exception CPython raises on Windows for `winerror` (errno EACCES, and the
    `winerror` attribute, set here by hand: Linux's OSError ignores the argument)."""
    exc = PermissionError(
        13, _TEXTS[winerror], str(path), None, None if path2 is None else str(path2)
    )
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


def _key(path: object) -> str | None:
    if isinstance(path, int):  # a file descriptor: already opened
        return None
    try:
        return os.path.abspath(os.fsdecode(os.fspath(path)))  # type: ignore[arg-type]
    except TypeError:
        return None


def held_open(
    monkeypatch: pytest.MonkeyPatch,
    *paths: Path,
    winerror: int = SHARING_VIOLATION,
    replace_winerror: int | None = None,
) -> None:
    """From now on (to the test's end), `paths` are held open by another program."""
    held = {_key(p) for p in paths}
    on_rename = replace_winerror or winerror

    def writes(mode: str) -> bool:
        return any(c in mode for c in "wax+")

    real_open, real_os_open = builtins.open, os.open
    real_replace, real_rename = os.replace, os.rename
    real_remove, real_unlink = os.remove, os.unlink

    def held_builtin_open(file, mode="r", *args, **kwargs):
        if writes(mode) and _key(file) in held:
            raise refusal(winerror, file)
        return real_open(file, mode, *args, **kwargs)

    def held_os_open(path, flags, *args, **kwargs):
        if flags & _WRITE_FLAGS and _key(path) in held:
            raise refusal(winerror, path)
        return real_os_open(path, flags, *args, **kwargs)

    def renaming(real):
        def held_rename(src, dst, *args, **kwargs):
            if _key(src) in held or _key(dst) in held:
                raise refusal(on_rename, src, dst)
            return real(src, dst, *args, **kwargs)

        return held_rename

    def removing(real):
        def held_remove(path, *args, **kwargs):
            if _key(path) in held:
                raise refusal(winerror, path)
            return real(path, *args, **kwargs)

        return held_remove

    monkeypatch.setattr(builtins, "open", held_builtin_open)
    monkeypatch.setattr(io, "open", held_builtin_open)  # Path.open and zipfile call io.open
    monkeypatch.setattr(os, "open", held_os_open)
    monkeypatch.setattr(os, "replace", renaming(real_replace))
    monkeypatch.setattr(os, "rename", renaming(real_rename))  # shutil.move's first try
    monkeypatch.setattr(os, "remove", removing(real_remove))
    monkeypatch.setattr(os, "unlink", removing(real_unlink))  # Path.unlink's


def held_message(path: Path) -> str:
    """The message the user must read, naming `path`."""
    return (
        f"Tệp {path} đang được mở trong chương trình khác (Word/Excel?) — hãy đóng tệp rồi thử lại."
    )


def partials(folder: Path) -> list[Path]:
    """Any `.partial` left anywhere under `folder`."""
    return sorted(folder.rglob("*.partial"))
