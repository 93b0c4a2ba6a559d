"""The unit's people and collectives as tables (Cán bộ & tập thể, the pickers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    Qt,
)

from app.core.text import collation_key, fold, format_date_short, person_name_key
from app.store.people import CollectiveSummary, PersonSummary
from app.ui.fast_proxy import ID_ROLE, SORT_ROLE
from app.ui.models.rows import Index, RowsModel


class PeopleModel(RowsModel):
    NAME, BIRTH, GENDER, POSITION = range(4)
    HEADERS = ("Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ")

    def __init__(self, rows: Sequence[Any] = ()):
        super().__init__(rows)
        self._by_name: list[int] | None = None  # the rows in name order, when prepared

    def set_rows(self, rows: Sequence[Any], by_name: list[int] | None = None) -> None:
        """`by_name`: the rows' name order made with them off the UI thread."""
        self._by_name = by_name
        super().set_rows(rows)

    def sorted_rows(self, column: int) -> list[int] | None:
        return self._by_name if column == self.NAME else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person: PersonSummary = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return person.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                person.full_name,
                format_date_short(person.birth_date),
                person.gender,
                person.position,
            )[column]
        return None

    def row_of(self, person_id: int) -> int:
        return next((i for i, p in enumerate(self.rows) if p.id == person_id), -1)

    def sort_keys(self, column: int) -> list[Any]:
        """All rows' keys at once (the proxy sorts 5,000 people without a call per row)."""
        if column == self.NAME:
            return name_keys(self.rows)
        if column == self.BIRTH:
            return [p.birth_date.isoformat() if p.birth_date else "" for p in self.rows]
        return [collation_key((p.gender, p.position)[column - 2]) for p in self.rows]

    def search_texts(self) -> list[str]:
        return [fold(f"{p.full_name} {p.position}") for p in self.rows]

    def update_row(self, person: PersonSummary) -> None:
        """One person's line after an edit, without resetting the view (selection, scroll)."""
        row = self.row_of(person.id)
        if row >= 0:
            self.rows[row] = person
            self._by_name = None  # the name may have changed
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))


def name_keys(people: Sequence[PersonSummary]) -> list[Any]:
    return [person_name_key(p.full_name) for p in people]


class CollectivesModel(RowsModel):
    NAME, HEADCOUNT = range(2)
    HEADERS = ("Tập thể", "Số người")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        collective: CollectiveSummary = self.rows[index.row()]
        if role == ID_ROLE:
            return collective.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (collective.name, str(collective.headcount))[index.column()]
        if role == SORT_ROLE:
            if index.column() == self.NAME:
                return collation_key(collective.name)
            return collective.headcount
        return None

    def row_of(self, collective_id: int) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == collective_id), -1)
