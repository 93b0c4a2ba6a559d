"""The numbers and signing date an office gives its own documents (Số: 05/TTr-UBND): what is
accepted in the fields where they are typed, the unit's Hồ sơ page and the Inspectorate's."""

from __future__ import annotations

import re

from app.core.text import parse_date

_NUMBER = re.compile(r"[0-9]{1,5}[A-Za-z]?")


def field_problem(field: str, text: str) -> str | None:
    """Why `text` cannot be stored in `field`, in Vietnamese; None when it can."""
    if not text:
        return None  # not decided yet: the check lists it, the documents print "…"
    if field == "to_trinh_date":
        try:
            parse_date(text)
        except ValueError as exc:
            return str(exc)
        return None
    if not _NUMBER.fullmatch(text):
        return "Số văn bản gồm chữ số (có thể thêm một chữ cái), ví dụ 05 hoặc 12a."
    return None


def printed_number(text: str | None) -> str | None:
    """A document's number as Decree 30 prints it: two digits at least ("5" → "05", "7a" →
    "07a"); a number typed with its zero, or beyond 9, is kept as typed."""
    if not text:
        return text
    digits = text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return digits.zfill(2) + text[len(digits) :] if digits.isdigit() else text
