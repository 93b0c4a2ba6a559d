"""What the unit's own details must look like before they are stored: they are printed on every
document (the abbreviation in "Số: 05/TTr-UBND", the place name before the date)."""

from __future__ import annotations

import re

from app.core.text import clean

REQUIRED = {"parent_agency", "name", "abbreviation"}
_ABBREVIATION = re.compile(r"[0-9A-Za-zĐđ]+(-[0-9A-Za-zĐđ]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9 .()+-]+")


def organisation_field_problem(field: str, value: str) -> str | None:
    """Why `value` cannot be stored in `field`, in Vietnamese; None when it can."""
    text = clean(value)
    if not text:
        return "Không được để trống." if field in REQUIRED else None
    problems = {
        "abbreviation": (
            len(text) > 20 or not _ABBREVIATION.fullmatch(text),
            "Chỉ gồm chữ không dấu, số và dấu gạch nối (in trong số văn bản, ví dụ "
            "“Số: 05/TTr-UBND”).",
        ),
        "email": (
            not _EMAIL.fullmatch(text),
            "Thư điện tử không hợp lệ (dạng ten@coquan.gov.vn).",
        ),
        "phone": (
            not _PHONE.fullmatch(text) or sum(ch.isdigit() for ch in text) < 6,
            "Số điện thoại chỉ gồm chữ số, khoảng trắng và các dấu . ( ) + -.",
        ),
    }
    wrong, reason = problems.get(field, (False, ""))
    return reason if wrong else None
