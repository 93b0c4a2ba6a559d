"""Dates and times read back from the file. What the app writes is always a real day, but a
file edited by another program (DB Browser, a script) may hold "2025-02-30": said as damage
that names where it is, rather than a traceback in the middle of a page or a report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from app.store.errors import StoreError

T = TypeVar("T")


class DamagedValue(StoreError):
    def __init__(self, table: str, column: str, value: object, what: str):
        self.table, self.column, self.value = table, column, value
        super().__init__(
            f"Tệp dữ liệu có một giá trị không đọc được: bảng “{table}”, cột “{column}” ghi "
            f"“{value}”, không phải {what}. Tệp có thể đã bị sửa bằng chương trình khác: hãy "
            "khôi phục một bản sao lưu (Tệp → Khôi phục từ bản sao lưu, hoặc thidua restore)."
        )


def stored_date(value: str | None, table: str, column: str, required: bool = False) -> date | None:
    """The day stored as ISO text; None for none, unless the column must hold one
    (`required`: a cell emptied in another program is damage too)."""
    return _stored(value, date.fromisoformat, table, column, required, "một ngày")


def stored_time(
    value: str | None, table: str, column: str, required: bool = False
) -> datetime | None:
    """The moment stored as ISO text; None for none, unless the column must hold one."""
    return _stored(value, datetime.fromisoformat, table, column, required, "một thời điểm")


def _stored(
    value: str | None,
    parse: Callable[[str], T],
    table: str,
    column: str,
    required: bool,
    what: str,
) -> T | None:
    if value is None or value == "":
        if required:
            raise DamagedValue(table, column, "", what)
        return None
    try:
        return parse(value)
    except (TypeError, ValueError):
        raise DamagedValue(table, column, value, f"{what} có thật") from None
