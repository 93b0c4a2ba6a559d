"""The one taxonomy of expected failures. Anything the user can act on (a bad file, a value
typed wrong, a full disk, a refused package) is a `UserError`: its text is a complete
Vietnamese sentence and it may name the file, sheet, row and field it concerns. The exception
hook, the command line and every background job show a `UserError` to the user and send
anything else to the crash report: an error that is not a `UserError` is a bug.

Every layer may import this module; it imports nothing of the app.
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """An expected failure; `str(error)` is what the user reads."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.file, self.sheet, self.row, self.field = file, sheet, row, field

    def __reduce__(self) -> tuple:
        """Pickled as it is (the PDF worker sends its errors back): a subclass that builds its
        message from its own arguments would otherwise be built again from the message."""
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[UserError], args: tuple, state: dict) -> UserError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidValue(UserError, ValueError):
    """A value that cannot be read as what it should be (a date, a number, a year, a file of
    evidence). Also a ValueError, as Python's own parsers raise, so a parser is a parser."""


# Windows refusing a file another program holds open (Word, Excel, a PDF reader): CPython gives
# these errno EACCES, as a refused permission, but closing the file is the remedy.
HELD_OPEN_WINERRORS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def is_held_open(exc: BaseException) -> bool:
    """Windows refused the file because another program has it open (or locked it)."""
    return isinstance(exc, OSError) and getattr(exc, "winerror", None) in HELD_OPEN_WINERRORS
