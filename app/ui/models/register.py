"""The registers as Qt tables: one petition or one visit a row, with the citizens' personal
data shown (this is the unit's own machine), Vietnamese labels, sort keys and a folded search
text prepared once per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from msgspec import Struct
from PySide6.QtCore import Qt

from app.core.petitions import OUTCOMES, PETITION_TYPES, PROCESSINGS, RECEPTION_FORMS
from app.core.text import collation_key, fold, format_count, format_date_short
from app.store.register import ReceptionRow, RegisterRow
from app.ui.fast_proxy import ID_ROLE, SEARCH_ROLE, SORT_ROLE, stable_order
from app.ui.models.rows import Index, RowsModel

DATE_COLUMN = 1  # "Ngày nhận", "Ngày tiếp": a register opens in date order
Value = str | date | int | None


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "" if value is None else (yes if value else no)


def cell_text(value: Value) -> str:
    if isinstance(value, date):
        return format_date_short(value)
    if isinstance(value, int):
        return format_count(value)
    return value or ""


def cell_sort_key(value: Value) -> Any:
    if isinstance(value, date):
        return (0, value.isoformat())
    if isinstance(value, int):
        return (0, value)
    return (1 if not value else 0, collation_key(value or ""))  # blanks last


class Prepared(Struct, frozen=True):
    """A register's rows with their cells and folded search texts, made once (in the
    background for a large register) so showing them is only a model reset."""

    rows: list[Any]
    values: list[tuple[Value, ...]]
    search: list[str]
    dated: list[int]  # the rows in date order (column 1), the order a register opens in


def _prepare(rows: Sequence[Any], values_of: Callable[[Any], tuple[Value, ...]]) -> Prepared:
    values = [values_of(r) for r in rows]
    search = [fold(" ".join(cell_text(v) for v in cells)) for cells in values]
    dated = stable_order(_column_keys(values, DATE_COLUMN))
    return Prepared(list(rows), values, search, dated)


def _column_keys(values: list[tuple[Value, ...]], column: int) -> list[Any]:
    """Every row's key of `column` in one pass; a value repeated down the column (an
    officer, a type, a date) is keyed once."""
    known: dict[Value, Any] = {}
    keys = []
    for cells in values:
        value = cells[column]
        key = known.get(value)
        if key is None:
            key = known[value] = cell_sort_key(value)
        keys.append(key)
    return keys


class RegisterModel(RowsModel):
    """Rows of one register; `values` gives a row's cells as typed values (dates sort as
    dates, numbers as numbers, text in Vietnamese order)."""

    def __init__(
        self,
        headers: tuple[str, ...],
        values: Callable[[Any], tuple[Value, ...]],
        key: Callable[[Any], str],
    ) -> None:
        super().__init__()
        self.HEADERS = headers
        self._values_of, self._key_of = values, key
        self._values: list[tuple[Value, ...]] = []
        self._search: list[str] = []
        self._dated: list[int] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.set_prepared(_prepare(rows, self._values_of))

    def set_prepared(self, prepared: Prepared) -> None:
        self.beginResetModel()
        self.rows, self._values, self._search = prepared.rows, prepared.values, prepared.search
        self._dated = prepared.dated
        self.endResetModel()

    def sort_keys(self, column: int) -> list[Any]:
        return _column_keys(self._values, column)

    def sorted_rows(self, column: int) -> list[int] | None:
        """The rows in ascending order of `column` when already known (the date order,
        prepared with the rows), else None."""
        return self._dated if column == DATE_COLUMN else None

    def search_texts(self) -> list[str]:
        return self._search

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(self._values[row][column])
        if role == ID_ROLE:
            return self._key_of(self.rows[row])
        if role == SEARCH_ROLE:
            return self._search[row]
        if role == SORT_ROLE:
            return cell_sort_key(self._values[row][column])
        return None


PETITION_HEADERS = (
    "Mã đơn", "Ngày nhận", "Người gửi", "Địa chỉ", "Nội dung", "Loại đơn", "Đủ ĐK",
    "Thẩm quyền", "Hướng xử lý", "Mã vụ việc", "Cán bộ xử lý", "Hạn giải quyết", "Kết quả",
    "Ngày giải quyết", "Dòng",
)  # fmt: skip
PETITION_RECEIVED = DATE_COLUMN


def _petition_values(row: RegisterRow) -> tuple[Value, ...]:
    p = row.petition
    return (
        p.key, p.received, row.sender, row.address, row.content,
        PETITION_TYPES.label(p.type) if p.type else "",
        _yes_no(p.eligible, "Có", "Không"), _yes_no(p.in_authority, "Thuộc", "Không thuộc"),
        PROCESSINGS.label(p.processing) if p.processing else "", p.case_key, p.officer,
        p.deadline, OUTCOMES.label(p.outcome) if p.outcome else "", p.resolved_on,
        p.source.row if p.source else None,
    )  # fmt: skip


def petitions_model() -> RegisterModel:
    return RegisterModel(PETITION_HEADERS, _petition_values, lambda r: r.petition.key)


def prepare_petitions(rows: Sequence[RegisterRow]) -> Prepared:
    return _prepare(rows, _petition_values)


RECEPTION_HEADERS = (
    "Số thứ tự", "Ngày tiếp", "Họ tên công dân", "Địa chỉ", "Nội dung", "Người tiếp",
    "Lãnh đạo tiếp", "Hình thức", "Số người", "Mã vụ việc", "Dòng",
)  # fmt: skip


def _reception_values(row: ReceptionRow) -> tuple[Value, ...]:
    r = row.reception
    return (
        r.key, r.day, row.visitor, row.address, row.content, r.officer,
        "Có" if r.by_leader else "", RECEPTION_FORMS.label(r.form), r.people, r.case_key,
        r.source.row if r.source else None,
    )  # fmt: skip


def receptions_model() -> RegisterModel:
    return RegisterModel(RECEPTION_HEADERS, _reception_values, lambda r: r.reception.key)


def prepare_receptions(rows: Sequence[ReceptionRow]) -> Prepared:
    return _prepare(rows, _reception_values)
