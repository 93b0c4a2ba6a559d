"""Environment failures become Vietnamese messages; anything else stays a bug."""

import errno
import sqlite3

import pytest

from app.store.database import open_store
from app.store.errors import EnvironmentProblem, as_user_error


def sqlite_error(code: int, text: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code
    return exc


def test_read_only_database_write(demo_path):
    conn = sqlite3.connect(f"{demo_path.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            conn.execute("UPDATE people SET position = 'x'")
    finally:
        conn.close()
    error = as_user_error(info.value, demo_path)
    assert isinstance(error, EnvironmentProblem)
    assert "chỉ cho phép đọc" in str(error) and str(demo_path) in str(error)


def test_database_locked_by_another_writer(demo_path):
    holder = sqlite3.connect(demo_path)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(demo_path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        holder.rollback()
        holder.close()
    assert "cửa sổ Hồ sơ Thi đua khác" in str(as_user_error(info.value, demo_path))


@pytest.mark.parametrize(
    ("exc", "fragment"),
    [
        (sqlite_error(sqlite3.SQLITE_FULL, "database or disk is full"), "Ổ đĩa đã đầy"),
        (sqlite_error(sqlite3.SQLITE_IOERR_WRITE, "disk I/O error"), "Lỗi đọc/ghi ổ đĩa"),
        (sqlite_error(sqlite3.SQLITE_CORRUPT, "malformed"), "bị hỏng"),
        (OSError(errno.ENOSPC, "No space left", "/media/usb/a.zip"), "/media/usb/a.zip"),
        (OSError(errno.EROFS, "Read-only file system"), "chỉ cho phép đọc"),
    ],
)
def test_environment_errors_have_messages(tmp_path, exc, fragment):
    error = as_user_error(exc, tmp_path / "a.sqlite")
    assert error is not None and fragment in str(error)


@pytest.mark.parametrize(
    "exc",
    [
        sqlite3.OperationalError("no such column: foo"),  # a bug in our SQL
        sqlite_error(sqlite3.SQLITE_ERROR, "syntax error"),
        ValueError("bug"),
        OSError(errno.EBADF, "bad file descriptor"),
    ],
)
def test_bugs_are_not_disguised_as_user_errors(tmp_path, exc):
    assert as_user_error(exc, tmp_path / "a.sqlite") is None


def test_unreachable_folder_is_a_user_message(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    with pytest.raises(EnvironmentProblem):
        open_store(blocker / "con" / "du-lieu.sqlite")


def test_a_refused_partial_file_is_named_as_the_file_the_user_chose(tmp_path):
    """atomic_write writes "x.docx.partial" first: the message names "x.docx"."""
    from app.store.errors import file_error

    error = PermissionError(13, "Permission denied", str(tmp_path / "GK.docx.partial"))
    message = str(file_error(error, tmp_path))
    assert str(tmp_path / "GK.docx") in message and ".partial" not in message
