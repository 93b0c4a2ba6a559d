"""Storage failures split the qutebrowser way: the environment's fault → a message to the user;
anything else is a bug and goes to the crash report."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import UserError, is_held_open
from app.store.backup_folder import list_backups


class StoreError(UserError):
    """A problem the user can act on. `str(error)` is a complete Vietnamese sentence."""


class DatabaseCorrupt(StoreError):
    def __init__(self, path: Path, detail: str, backups: list[Path]):
        self.path, self.detail, self.backups = path, detail, backups
        hint = (
            f" Có thể khôi phục từ bản sao lưu gần nhất ({backups[0].name})."
            if backups
            else " Không tìm thấy bản sao lưu nào."
        )
        super().__init__(f"Tệp dữ liệu {path} bị hỏng ({detail}).{hint}")


class SchemaTooNew(StoreError):
    def __init__(self, path: Path, unknown: list[str]):
        self.path, self.unknown = path, unknown
        super().__init__(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản Hồ sơ Thi đua mới hơn "
            f"(có các bước nâng cấp lạ: {', '.join(unknown)}). Hãy cập nhật ứng dụng."
        )


class NotADatabase(StoreError):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"Tệp {path} không phải tệp dữ liệu của Hồ sơ Thi đua.")


class NotFound(StoreError, LookupError):
    """A record or stored file asked for that is not there (also a LookupError, as a missing
    key is in Python)."""


class EnvironmentProblem(StoreError):
    """Disk full, read-only, locked, unreachable: the data is fine, the machine is not."""


class FileHeldOpen(EnvironmentProblem):
    def __init__(self, path: Path | str):
        self.path = path
        super().__init__(
            f"Tệp {path} đang được mở trong chương trình khác (Word/Excel?) — hãy đóng tệp "
            "rồi thử lại.",
            file=path,
        )


_SQLITE_MESSAGES = {
    sqlite3.SQLITE_FULL: "Ổ đĩa đã đầy, không ghi được vào {path}. Hãy giải phóng dung lượng "
    "rồi thử lại; dữ liệu đã lưu không bị ảnh hưởng.",
    sqlite3.SQLITE_READONLY: "Tệp dữ liệu {path} chỉ cho phép đọc; không thể lưu thay đổi. "
    "Hãy kiểm tra quyền ghi của tệp và thư mục.",
    sqlite3.SQLITE_BUSY: "Tệp dữ liệu {path} đang được một cửa sổ Hồ sơ Thi đua khác ghi. "
    "Hãy đóng cửa sổ đó rồi thử lại.",
    sqlite3.SQLITE_LOCKED: "Tệp dữ liệu {path} đang bị khóa. Hãy đóng các chương trình khác "
    "đang mở tệp này rồi thử lại.",
    sqlite3.SQLITE_CANTOPEN: "Không mở được tệp dữ liệu {path}: thư mục không tồn tại, "
    "không có quyền truy cập, hoặc ổ USB đã bị rút.",
    sqlite3.SQLITE_IOERR: "Lỗi đọc/ghi ổ đĩa với tệp {path} (ổ USB bị rút hoặc ổ đĩa hỏng?). "
    "Dữ liệu đã lưu trước đó không bị ảnh hưởng.",
    sqlite3.SQLITE_PERM: "Không có quyền truy cập tệp dữ liệu {path}.",
}

_OS_MESSAGES = {
    errno.ENOSPC: "Ổ đĩa đã đầy, không ghi được {path}. Hãy giải phóng dung lượng rồi thử lại.",
    errno.EROFS: "Ổ đĩa chứa {path} chỉ cho phép đọc.",
    errno.EACCES: "Không có quyền ghi {path}.",
    errno.EPERM: "Không có quyền ghi {path}.",
    errno.ENOENT: "Không tìm thấy {path} (thư mục đã bị xóa hoặc ổ USB đã bị rút?).",
    errno.EIO: "Lỗi đọc/ghi ổ đĩa với {path} (ổ USB bị rút hoặc ổ đĩa hỏng?).",
    errno.ENOTDIR: "Đường dẫn {path} không hợp lệ: một phần của nó là tệp, không phải thư mục.",
    errno.EISDIR: "{path} là một thư mục, không phải tệp.",
    errno.EEXIST: "{path} là một tệp đã có, không phải thư mục: hãy chọn thư mục để ghi.",
}


def as_user_error(exc: BaseException, path: Path) -> StoreError | None:
    """The user-facing form of an environment failure, or None when `exc` is a bug."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return None
        primary = code & 0xFF  # extended codes carry the primary code in the low byte
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return DatabaseCorrupt(path, str(exc), list_backups(path))
        template = _SQLITE_MESSAGES.get(primary)
        return EnvironmentProblem(template.format(path=path)) if template else None
    if isinstance(exc, OSError):
        if is_held_open(exc):
            return FileHeldOpen(_named(exc, path, held=True))
        template = _OS_MESSAGES.get(exc.errno or 0)
        return EnvironmentProblem(template.format(path=_named(exc, path))) if template else None
    return None


def _named(exc: OSError, path: Path, held: bool = False) -> Path | str:
    """The file the user knows `exc` by: the one it names (of a rename held open, the target:
    the source is this app's own), atomic_write's `.partial` said as the file it becomes."""
    named = (exc.filename2 if held else None) or exc.filename or path
    if str(named).endswith(".partial"):
        named = str(named).removesuffix(".partial")
    return named


@contextmanager
def user_errors(path: Path) -> Iterator[None]:
    """Inside the block, a failure of the machine (disk full, read-only, locked, USB pulled,
    damaged file) becomes the StoreError that explains it; a bug stays a bug."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        user_error = as_user_error(exc, path)
        if user_error is None:
            raise
        raise user_error from exc


def file_error(exc: OSError, path: Path) -> UserError:
    """The machine refusing a file or folder the user chose to write (a package on a USB
    stick, the dossier's documents), said in Vietnamese and naming it: a full or pulled stick
    is the user's to act on, whatever the error number."""
    known = as_user_error(exc, path)
    if known is not None:
        return known
    where = _named(exc, path)
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return UserError(f"Không ghi được {where} (lỗi hệ thống {code}).", file=where)


@contextmanager
def writing_to(path: Path) -> Iterator[None]:
    """Inside the block, an OSError writing to `path` becomes the UserError `file_error` says."""
    try:
        yield
    except OSError as exc:
        raise file_error(exc, path) from exc
