"""How a workbook the user picked is refused: the whole file, with a Vietnamese reason."""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError


class ImportFailure(UserError):
    """The whole file is refused; `str(self)` is the Vietnamese reason."""


# What the readers (python-calamine, zipfile) say in English, as a clerk can read it.
_REASONS = (
    (("encrypt", "password"), "tệp được đặt mật khẩu hoặc mã hoá"),
    (("zip", "eocd", "central directory", "bad magic"), "phần nén của tệp bị cắt cụt hoặc hỏng"),
    (("xml",), "nội dung bên trong bị hỏng (không đọc được phần XML)"),
    (("float", "int error", "parse"), "có ô số không đọc được (giá trị không phải số)"),
    (("cfb", "ole", "biff", "stream"), "cấu trúc tệp Excel 97-2003 bị hỏng"),
)


def damaged(path: Path, reason: object) -> ImportFailure:
    detail = f"{type(reason).__name__} {reason}".lower()
    said = next((vi for words, vi in _REASONS if any(w in detail for w in words)), None)
    why = said or f"chi tiết kỹ thuật: {reason}"
    return ImportFailure(
        f"Tệp {path.name} bị hỏng, không đầy đủ hoặc không phải tệp "
        f"{path.suffix.lstrip('.').upper()} (có thể đuôi tệp không đúng): {why}. Hãy mở tệp "
        "bằng Excel, lưu lại rồi chọn lại.",
        file=path,
    )
