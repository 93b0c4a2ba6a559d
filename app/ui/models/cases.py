"""The cases (vụ việc) behind a figure, as a tree: each case a row, its petitions (đơn)
inside it. The resolution figures count cases, the register lists petitions; this is what a
figure's drill-down shows so that the rows on screen are exactly the ones the figure counted.

Lean on purpose: a figure of a 100,000-row register has as many cases, so rows are made only
when the view asks for them, and sorting and searching work on lists prepared once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from app.core.petitions import OUTCOMES, PETITION_TYPES, Petition
from app.core.tally import Case
from app.core.text import fold
from app.store.register import RegisterRow
from app.ui.fast_proxy import stable_order
from app.ui.models.register import Value, cell_sort_key, cell_text
from app.ui.models.rows import Index

CASE_HEADERS = (
    "Vụ việc / đơn", "Số đơn", "Ngày nhận", "Loại đơn", "Người gửi", "Nội dung",
    "Cán bộ xử lý", "Hạn giải quyết", "Kết quả", "Ngày giải quyết", "Dòng",
)  # fmt: skip
CASE_KEY, PETITION_COUNT, RESULT = 0, 1, 8
RESOLVED, UNRESOLVED = "Đã giải quyết xong", "Chưa giải quyết xong"
_TOP = 0  # internal id of a case row; a petition row's is its case's place in the list + 1


class CaseTreeModel(QAbstractItemModel):
    """Cases of a figure (top rows) with their petitions (child rows), sortable by a column
    of the cases and searchable without accents; `period_end` says which were resolved in the
    period, as the figure counts them. A sort or a search moves the rows without a reset: a
    case opened or selected stays so."""

    def __init__(self) -> None:
        super().__init__()
        self._cases: list[Case] = []
        self._rows: Mapping[str, RegisterRow] = {}
        self._period_end: date | None = None
        self._case_values: list[tuple[Value, ...]] = []
        self._search: list[str] = []
        self._sort_keys: dict[int, list[Any]] = {}  # by column, made at its first sort
        self._visible: list[int] = []  # indexes into _cases, in the order shown
        self._row_of: dict[int, int] = {}  # index into _cases → its row shown
        self._needle = ""
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_cases(
        self,
        cases: Sequence[Case],
        rows: Mapping[str, RegisterRow],
        period_end: date,
        search_of: Mapping[str, str],
    ) -> None:
        """Show `cases`; `rows` gives each petition's register row (sender, content) and
        `search_of` its folded search text (the register's, prepared in the background)."""
        self.beginResetModel()
        self._cases, self._rows, self._period_end = list(cases), rows, period_end
        self._case_values = [self._values_of_case(c) for c in self._cases]
        self._search = [
            " ".join((fold(c.key), *(search_of.get(p.key, "") for p in c.petitions)))
            for c in self._cases
        ]
        self._sort_keys = {}
        self._visible = self._arranged()
        self._row_of = {case: row for row, case in enumerate(self._visible)}
        self.endResetModel()

    @property
    def petition_count(self) -> int:
        return sum(len(self._cases[i].petitions) for i in self._visible)

    @property
    def case_count(self) -> int:
        return len(self._cases)

    def case_at(self, row: int) -> Case:
        return self._cases[self._visible[row]]

    def set_search(self, text: str) -> None:
        needle = fold(text.strip())
        if needle != self._needle:
            self._needle = needle
            self._relayout()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorted = (column, order) if column >= 0 else None
        self._relayout()

    def _relayout(self) -> None:
        """The rows in their new order, the persistent indexes (the view's opened cases, its
        selection) moved with their cases."""
        self.layoutAboutToBeChanged.emit()
        before = self._visible
        self._visible = self._arranged()
        self._row_of = {case: row for row, case in enumerate(self._visible)}
        old = self.persistentIndexList()
        new = []
        for index in old:
            top = index.internalId() == _TOP
            case = before[index.row()] if top else index.internalId() - 1
            row = self._row_of.get(case)
            if row is None:
                new.append(QModelIndex())
            elif top:
                new.append(self.createIndex(row, index.column(), _TOP))
            else:
                new.append(self.createIndex(index.row(), index.column(), index.internalId()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _arranged(self) -> list[int]:
        shown = range(len(self._cases))
        if self._needle:
            needle, texts = self._needle, self._search
            shown = [i for i in shown if needle in texts[i]]
        order = list(shown)
        if self._sorted is not None:
            column, direction = self._sorted
            if column not in self._sort_keys:
                self._sort_keys[column] = [cell_sort_key(v[column]) for v in self._case_values]
            keys = self._sort_keys[column]
            order = [order[i] for i in stable_order([keys[i] for i in order])]
            if direction == Qt.SortOrder.DescendingOrder:
                order.reverse()
        return order

    # --- the values of a row ----------------------------------------------------------------

    def _values_of_case(self, case: Case) -> tuple[Value, ...]:
        first = self._rows.get(case.first.key)
        closed = case.resolved_on is not None and case.resolved_on <= self._period_end
        return (
            case.key, len(case.petitions), case.received, PETITION_TYPES.label(case.type),
            first.sender if first else "", first.content if first else "", case.officer,
            case.deadline, RESOLVED if closed else UNRESOLVED, case.resolved_on,
            case.first.source.row if case.first.source else None,
        )  # fmt: skip

    def _values_of_petition(self, p: Petition) -> tuple[Value, ...]:
        row = self._rows.get(p.key)
        return (
            f"Đơn {p.key}", None, p.received, PETITION_TYPES.label(p.type) if p.type else "",
            row.sender if row else "", row.content if row else "", p.officer, p.deadline,
            OUTCOMES.label(p.outcome) if p.outcome else "", p.resolved_on,
            p.source.row if p.source else None,
        )  # fmt: skip

    # --- QAbstractItemModel -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, self._visible[parent.row()] + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(self._row_of[index.internalId() - 1], 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._visible)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0  # petitions have no rows inside them
        petitions = self.case_at(parent.row()).petitions
        return len(petitions) if len(petitions) > 1 else 0  # one đơn: the case row says it all

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(CASE_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return CASE_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
        ):  # fmt: skip
            return None
        if index.internalId() == _TOP:
            values = self._case_values[self._visible[index.row()]]
        else:
            case = self._cases[index.internalId() - 1]
            values = self._values_of_petition(case.petitions[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.internalId() == _TOP and index.column() == CASE_KEY and values[1] > 1:
                return f"Vụ việc {values[0]} gồm {values[1]} đơn: bấm ▸ để xem từng đơn"
            return None
        return cell_text(values[index.column()])
