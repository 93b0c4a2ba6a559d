"""Editable tables of a record's repeated parts (ratings, disciplines, awards, the meeting's
members), one column description each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct
from msgspec.structs import replace
from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)

from app.ui.models.rows import Index, RowsModel


class Column(Struct, frozen=True):
    """One editable column of a RecordTableModel: how to show and how to parse a value.

    `parse` raises ValueError with a Vietnamese message when the typed text is refused.
    """

    header: str
    attribute: str
    show: Callable[[Any], str] = str
    parse: Callable[[str], Any] = str
    checkable: bool = False  # a yes/no value, ticked rather than typed


class RecordTableModel(RowsModel):
    """Editable rows of frozen records (discipline records, awards). Invalid input is
    refused in setData and reported through `rejected`, the row keeps its old value."""

    rejected = Signal(str)
    edited = Signal()

    def __init__(self, columns: Sequence[Column], make_row: Callable[[], Any]):
        super().__init__()
        self.columns = tuple(columns)
        self._make_row = make_row

    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if self.columns[index.column()].checkable:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self.rows[index.row()], column.attribute)
        if column.checkable and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        return column.show(value)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.checkable and role == Qt.ItemDataRole.CheckStateRole:
            parsed: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or column.checkable:
            return False
        else:
            try:
                parsed = column.parse(str(value))
            except ValueError as exc:
                self.rejected.emit(f"{column.header}, dòng {index.row() + 1}: {exc}")
                return False
        row = self.rows[index.row()]
        if getattr(row, column.attribute) == parsed:
            return False
        self.rows[index.row()] = replace(row, **{column.attribute: parsed})
        self.dataChanged.emit(index, index, [role])
        self.edited.emit()
        return True

    def append_row(self, made: Any = None) -> int:
        """Adds `made`, or a new row of the kind the table holds; its index."""
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(self._make_row() if made is None else made)
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()
