"""The register as a Qt table: one petition a row, its personal data shown (this is the unit's
own machine), Vietnamese labels, sort keys and a folded search text prepared once per row."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.core.petitions import OUTCOMES, PETITION_TYPES, PROCESSINGS
from app.core.text import collation_key, fold, format_date_short
from app.store.register import RegisterRow
from app.ui.models import ID_ROLE, SEARCH_ROLE, SORT_ROLE, RowsModel

_Index = QModelIndex | QPersistentModelIndex


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "" if value is None else (yes if value else no)


def _cells(row: RegisterRow) -> tuple[str, ...]:
    p = row.petition
    return (
        p.key,
        format_date_short(p.received),
        row.sender,
        row.address,
        row.content,
        PETITION_TYPES.label(p.type) if p.type else "",
        _yes_no(p.eligible, "Có", "Không"),
        _yes_no(p.in_authority, "Thuộc", "Không thuộc"),
        PROCESSINGS.label(p.processing) if p.processing else "",
        p.case_key,
        p.officer,
        format_date_short(p.deadline),
        OUTCOMES.label(p.outcome) if p.outcome else "",
        format_date_short(p.resolved_on),
        str(p.source.row) if p.source else "",
    )


class PetitionsModel(RowsModel):
    HEADERS = (
        "Mã đơn",
        "Ngày nhận",
        "Người gửi",
        "Địa chỉ",
        "Nội dung",
        "Loại đơn",
        "Đủ ĐK",
        "Thẩm quyền",
        "Hướng xử lý",
        "Mã vụ việc",
        "Cán bộ xử lý",
        "Hạn giải quyết",
        "Kết quả",
        "Ngày giải quyết",
        "Dòng",
    )
    RECEIVED, DEADLINE, RESOLVED, ROW = 1, 11, 13, 14
    _DATES: ClassVar[dict[int, str]] = {
        RECEIVED: "received",
        DEADLINE: "deadline",
        RESOLVED: "resolved_on",
    }

    def __init__(self) -> None:
        super().__init__()
        self._cells: list[tuple[str, ...]] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[RegisterRow]) -> None:  # type: ignore[override]
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = [_cells(r) for r in rows]
        self._search = [fold(" ".join(c)) for c in self._cells]
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        if role == ID_ROLE:
            return self.rows[row].petition.key
        if role == SEARCH_ROLE:
            return self._search[row]
        if role == SORT_ROLE:
            p = self.rows[row].petition
            if column in self._DATES:
                day = getattr(p, self._DATES[column])
                return day.isoformat() if day else ""
            if column == self.ROW:
                return p.source.row if p.source else 0
            return collation_key(self._cells[row][column])
        return None
