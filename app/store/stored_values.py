"""Dates and times read back from the file. What the app writes is always a real day, but a
file edited by another program (DB Browser, a script) may hold "2025-02-30": said as damage
that names where it is, rather than a traceback in the middle of a page or a report."""

from __future__ import annotations

from datetime import date, datetime

from app.store.errors import StoreError


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
    if _absent(value, table, column, required, "một ngày"):
        return None
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DamagedValue(table, column, value, "một ngày có thật") from None


def stored_time(
    value: str | None, table: str, column: str, required: bool = False
) -> datetime | None:
    """The moment stored as ISO text; None for none, unless the column must hold one."""
    if _absent(value, table, column, required, "một thời điểm"):
        return None
    try:
        return datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DamagedValue(table, column, value, "một thời điểm có thật") from None


def _absent(value: str | None, table: str, column: str, required: bool, what: str) -> bool:
    if value is not None and value != "":
        return False
    if required:
        raise DamagedValue(table, column, "", what)
    return True
