"""How a workbook the user picked is refused: the whole file, with a Vietnamese reason."""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError


class ImportFailure(UserError):
    """The whole file is refused; `str(self)` is the Vietnamese reason."""


def damaged(path: Path, reason: object) -> ImportFailure:
    return ImportFailure(
        f"Tệp {path.name} bị hỏng, không đầy đủ hoặc không phải tệp "
        f"{path.suffix.lstrip('.').upper()} (có thể đuôi tệp không đúng): {reason}",
        file=path,
    )
