"""The base of the app's table models: rows of core objects, one column constant per
column, tested without widgets (qtmodeltester); and the colour of a status in every table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.core.eligibility import (
    Status,
)
from app.ui.widgets import ERROR_COLOUR

Index = QModelIndex | QPersistentModelIndex  # what Qt hands a model's methods


STATUS_COLOURS = {Status.PASS: "#17703a", Status.FAIL: ERROR_COLOUR, Status.MISSING: "#7a5c00"}
# The roles a report table answers: a view asks seven of each cell each time it sizes or paints
# it (font, alignment, check state…), and a model says "none" to the rest at once.
ANSWERED = frozenset(
    (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole)
)


class RowsModel(QAbstractTableModel):
    """A flat table over a Python list: one object per row, a fixed header."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, rows: Sequence[Any] = ()):
        super().__init__()
        self.rows: list[Any] = list(rows)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[Any]) -> None:
        """The same rows with values counted again: changed in place, so the cell being
        edited and the Tab to the next one survive (a reset during an edit orphans its editor);
        a different number of rows is a reset."""
        if len(rows) != len(self.rows):
            self.set_rows(rows)
            return
        self.rows = list(rows)
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None
