"""Sorting and searching a flat table of 100,000 rows without freezing the window.

QSortFilterProxyModel asks Python for every comparison (lessThan) and every row (filter): a
register of 100,000 petitions then takes seconds to sort. This proxy asks the source once per
column for all its sort keys (cached until the source changes), sorts them with Python's sort,
and searches a list of folded texts — each a single pass in C-speed builtins.

Rows keep their place when a value is edited (as in a spreadsheet); the next sort or search
takes the new value into account.
"""

from __future__ import annotations

import heapq
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.core.text import collation_key, fold
from app.ui import jobs

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's folded text, prepared once

_Index = QModelIndex | QPersistentModelIndex
BACKGROUND_SORT_ROWS = 20_000  # above this, a column's order is made off the UI thread
SORT_SLICE = 50_000  # rows sorted in one step: a few hundredths of a second


def stable_order(keys: list[Any]) -> list[int]:
    """The row numbers in ascending order of `keys`, equal keys in row order: what
    sorted(range(n), key=keys.__getitem__) gives. A million rows are sorted in slices and
    merged, because one sort call holds the interpreter until it ends: on a background thread
    that is a second the window cannot repaint."""
    count = len(keys)
    if count <= SORT_SLICE:
        return sorted(range(count), key=keys.__getitem__)
    runs = [
        sorted(range(start, min(start + SORT_SLICE, count)), key=keys.__getitem__)
        for start in range(0, count, SORT_SLICE)
    ]
    return list(heapq.merge(*runs, key=keys.__getitem__))  # stable: earlier runs win ties


def sort_keys(model: QAbstractItemModel, column: int) -> list[Any]:
    """Every row's key for `column`: the model's own `sort_keys` when it has one (prepared in
    bulk), else SORT_ROLE, else the shown text in Vietnamese order."""
    own = getattr(model, "sort_keys", None)
    if own is not None:
        return own(column)
    keys = []
    for row in range(model.rowCount()):
        index = model.index(row, column)
        key = index.data(SORT_ROLE)
        keys.append(key if key is not None else collation_key(str(index.data() or "")))
    return keys


def search_texts(model: QAbstractItemModel) -> list[str]:
    own = getattr(model, "search_texts", None)
    if own is not None:
        return own()
    texts = []
    for row in range(model.rowCount()):
        text = model.index(row, 0).data(SEARCH_ROLE)
        if text is None:  # no prepared text: the row's cells joined
            cells = (model.index(row, c).data() for c in range(model.columnCount()))
            text = fold(" ".join(str(cell or "") for cell in cells))
        texts.append(text)
    return texts


class VietnameseSortFilterProxy(QAbstractProxyModel):
    """Sorts in Vietnamese order and finds "Dũng" and "Đức Dũng" when "dung" is typed."""

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        self._only: frozenset | None = None
        self._column, self._order = -1, Qt.SortOrder.AscendingOrder
        self._rows: list[int] = []  # source rows shown, in the order shown
        self._positions: dict[int, int] | None = {}  # source row → proxy row; None: not made
        self._orders: dict[int, list[int]] = {}  # column → every source row, ascending
        self._texts: list[str] | None = None
        self._ids: list[Any] | None = None
        self._all: list[int] | None = None  # every source row, sorted
        self.pending_sort: tuple[int, Qt.SortOrder] | None = None  # keys being made

    # --- wiring to the source ------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_changed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._source_rebuilt)
        self._forget()
        self._arrange()
        self.endResetModel()

    def _forget(self) -> None:
        self._orders, self._texts, self._ids, self._all = {}, None, None, None
        jobs.drop(self, "sort")  # keys being made in the background are for older data

    def _source_reset(self) -> None:
        self._forget()
        self._arrange()
        self.endResetModel()

    def _source_rebuilt(self, *_: Any) -> None:
        self.beginResetModel()
        self._source_reset()

    def _source_changed(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        all_rows = self._all
        self._forget()  # the next sort or search reads the new values…
        self._all = all_rows  # …but the rows stay where they are until then
        position = self._position()
        rows = [position[r] for r in range(top.row(), bottom.row() + 1) if r in position]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), top.column()), self.index(max(rows), bottom.column()), roles
            )

    # --- the rows shown --------------------------------------------------------------------

    def _sorted(self) -> list[int]:
        """Every source row in the order of the sort column (kept until the data or the sort
        changes: a search then only filters it). Descending is ascending read backwards."""
        if self._all is None:
            source = self.sourceModel()
            count = source.rowCount() if source is not None else 0
            if self._column < 0 or not count:
                self._all = list(range(count))
            elif self._order == Qt.SortOrder.DescendingOrder:
                self._all = self._ascending(self._column)[::-1]
            else:  # shared with the cache, never changed in place: a million rows not copied
                self._all = self._ascending(self._column)
        return self._all

    def _ascending(self, column: int) -> list[int]:
        """The source rows in ascending order of `column`: prepared by the source, made in
        the background (`sort`), or made here for a small table."""
        if column not in self._orders:
            source = self.sourceModel()
            ready = getattr(source, "sorted_rows", lambda column: None)(column)
            self._orders[column] = (
                ready if ready is not None else stable_order(sort_keys(source, column))
            )
        return self._orders[column]

    def _arrange(self) -> None:
        """Which source rows show, in which order (sorted, then searched)."""
        source = self.sourceModel()
        rows = self._sorted()
        if self._only is not None:
            if self._ids is None:
                self._ids = [source.index(r, 0).data(ID_ROLE) for r in range(source.rowCount())]
            ids, only = self._ids, self._only
            rows = [r for r in rows if ids[r] in only]
        if self._needle:
            if self._texts is None:
                self._texts = search_texts(source)
            needle, texts = self._needle, self._texts
            rows = [r for r in rows if needle in texts[r]]
        self._rows = rows
        self._positions = None  # made when first asked: 1M rows' dict costs a quarter second

    def _position(self) -> dict[int, int]:
        if self._positions is None:
            self._positions = {source_row: row for row, source_row in enumerate(self._rows)}
        return self._positions

    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._needle = fold(text.strip())
        self._arrange()
        self.endResetModel()

    def show_only(self, ids: frozenset | None) -> None:
        """Keep only the rows whose ID_ROLE is in `ids` (a figure's drill-down); None: all."""
        if ids is None and self._only is None:
            return
        self.beginResetModel()
        self._only = ids
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column`. On a large table an order not ready yet (100,000 Vietnamese
        texts take a third of a second to key) is made in the background and the rows move
        when it is; the header shows the new order at once."""
        source = self.sourceModel()
        bulk = getattr(source, "sort_keys", None)  # plain Python over lists: safe off-thread
        prepared = getattr(source, "sorted_rows", lambda column: None)
        if (
            column >= 0
            and column not in self._orders
            and bulk is not None
            and source.rowCount() > BACKGROUND_SORT_ROWS
            and prepared(column) is None
        ):
            self.pending_sort = (column, order)

            def ready(ascending: list[int]) -> None:
                self._orders[column] = ascending
                self.pending_sort = None
                self.sort(column, order)

            # overtaken by the next sort, or dropped when the data changes (_forget)
            jobs.run(lambda: stable_order(bulk(column)), ready, owner=self, key="sort")
            return
        jobs.drop(self, "sort")  # a sort asked before and still being keyed is not applied
        self.pending_sort = None
        self.layoutAboutToBeChanged.emit()
        before = [(p, self.mapToSource(p)) for p in self.persistentIndexList()]
        self._column, self._order, self._all = column, order, None
        self._arrange()
        self.changePersistentIndexList(
            [p for p, _ in before], [self.mapFromSource(s) for _, s in before]
        )
        self.layoutChanged.emit()

    # --- QAbstractProxyModel ---------------------------------------------------------------

    def mapToSource(self, index: _Index) -> QModelIndex:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[index.row()], index.column())

    def mapFromSource(self, index: _Index) -> QModelIndex:
        position = self._position()
        if not index.isValid() or index.row() not in position:
            return QModelIndex()
        return self.index(position[index.row()], index.column())

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
