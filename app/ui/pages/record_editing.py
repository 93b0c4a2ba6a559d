"""Parts shared by the person and collective editors: yearly ratings and tables of records
(discipline, awards, members) that save themselves after each edit and can be undone, for
whichever person or collective the editor shows at the time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.core.campaign import Campaign
from app.store.errors import StoreError
from app.store.people import replace_awards, set_rating
from app.ui.autosave import AutosavedField, SavedChange
from app.ui.context import PageContext
from app.ui.models.records import Column, RecordTableModel
from app.ui.widgets import ChoiceBox, NaturalHeight, error_label


class Binding(QObject):
    """Where an editor's saved changes go: the window's undo stack, whose record is shown
    (`owner`) and how to show another one before undoing its change (`reveal`)."""

    def __init__(
        self, stack: QUndoStack, owner: Callable[[], Any], reveal: Callable[[Any], None]
    ) -> None:
        super().__init__()
        self.stack, self.owner, self.reveal = stack, owner, reveal

    def field(self, edit: Any, label: str, write: Callable[[str], None], **options: Any):
        return AutosavedField(
            edit, label, write, self.stack, owner=self.owner, reveal=self.reveal, **options
        )


class RecordsBox(QGroupBox):
    """A titled table of records saved as a whole after every edit, add or removal."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        make_row: Callable[[], Any],
        add_text: str,
        write: Callable[[Any, tuple], tuple],
    ) -> None:
        """`write(owner, rows)` stores the rows of `owner` and returns them as stored (new rows
        with their ids, in the same order)."""
        super().__init__(title)
        self.title_text, self.write = title, write
        self.binding: Binding | None = None
        self.stored: tuple = ()
        self.model = RecordTableModel(columns, make_row)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(110)
        self.view.setAccessibleName(title)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton("Xóa dòng")
        self.error = error_label(hidden=True)
        self.model.rejected.connect(self._say)
        self.model.edited.connect(self._edited)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def focus_order(self) -> tuple:
        return (self.view, self.add_button, self.remove_button)

    def show_rows(self, rows: Sequence[Any]) -> None:
        self.stored = tuple(rows)
        self.model.set_rows(rows)
        self.error.hide()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _add(self) -> None:
        row = self.model.append_row()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def _edited(self) -> None:
        assert self.binding is not None
        old, new = self.stored, tuple(self.model.rows)
        if new == old:
            return
        owner = self.binding.owner()
        try:
            stored = self.write(owner, new)
        except StoreError as exc:  # nothing was stored: the table shows what is
            self.model.set_rows(old)
            self._say(f"Chưa lưu — {exc}")
            return
        self.model.rows[:] = stored  # the same rows, new ones now with their ids
        self.stored = tuple(stored)
        self.error.hide()
        change = SavedChange(f"sửa “{self.title_text}”", partial(self._apply, owner), old, stored)
        self.binding.stack.push(change)
        self.changed.emit()

    def _apply(self, owner: Any, rows: tuple) -> None:
        assert self.binding is not None
        if owner != self.binding.owner():
            self.binding.reveal(owner)
        try:
            stored = self.write(owner, rows)
        except StoreError as exc:
            self._say(f"Chưa lưu — {exc}")
            return
        self.show_rows(stored)
        self.changed.emit()


class RatingsBox(QGroupBox):
    """One drop-down per year of the campaign's window (and any other year stored)."""

    changed = Signal()

    def __init__(self, write: Callable[[int, str], None]) -> None:
        """`write(year, rating)` stores the shown record's rating; '' removes it."""
        super().__init__("Xếp loại hằng năm")
        self.write = write
        self.form = QFormLayout(self)
        self.fields: dict[int, AutosavedField] = {}
        self._binding: Binding | None = None
        self.error = error_label(hidden=True)
        self.form.addRow(self.error)

    def show_ratings(
        self, binding: Binding, ratings: dict[int, str], campaign: Campaign | None
    ) -> None:
        wanted = sorted(set(campaign.rating_years if campaign else ()) | set(ratings))
        if list(self.fields) != wanted or binding is not self._binding:
            self._binding = binding
            self._build(binding, wanted, list(campaign.rating_scale) if campaign else [])
        for year, field in self.fields.items():
            field.show(ratings.get(year, ""))

    def _build(self, binding: Binding, years: list[int], scale: list[str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self.error = error_label(hidden=True)  # the old one went with the removed rows
        for year in years:
            box = ChoiceBox(["", *scale])
            box.setAccessibleName(f"Xếp loại năm {year}")
            label = f"Xếp loại năm {year}"
            field = binding.field(box, label, partial(self.write, year), error=self.error)
            field.saved.connect(self.changed)
            self.fields[year] = field
            self.form.addRow(f"Năm {year}", box)
        self.form.addRow("", self.error)

    def commit_pending(self) -> None:
        for field in self.fields.values():
            field.commit()

    def edits(self) -> list:
        """The drop-downs, year by year (for the form's tab order)."""
        return [field.edit for field in self.fields.values()]


class RecordEditor(NaturalHeight):
    """What the person and the collective editors share: autosaved `fields`, yearly `ratings`
    and an `awards` table, for the one record shown, saved into the bound page context."""

    changed = Signal(int)  # the id of the record whose stored details changed
    OWNER_COLUMN = ""  # "person_id" or "collective_id": whose ratings and awards
    ratings: RatingsBox
    awards: RecordsBox

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.context: PageContext | None = None
        self.binding: Binding | None = None
        self.fields: dict[str, AutosavedField] = {}

    def _rebind(
        self, context: PageContext, owner: Callable[[], Any], reveal: Callable[[Any], None]
    ) -> Binding:
        """Drop the fields bound to the previous database; a binding for `context`'s."""
        self.context = context
        for field in self.fields.values():
            field.deleteLater()
        self.binding = Binding(context.undo_stack, owner, reveal)
        self.awards.binding = self.binding
        return self.binding

    @property
    def record_id(self) -> int | None:
        raise NotImplementedError

    def _write_rating(self, year: int, rating: str) -> None:
        assert self.context is not None and self.record_id is not None
        with self.context.store.user_errors():
            set_rating(self.context.store.db, self.OWNER_COLUMN, self.record_id, year, rating)

    def _write_awards(self, owner: int, rows: tuple) -> tuple:
        assert self.context is not None
        with self.context.store.user_errors():
            return replace_awards(self.context.store.db, self.OWNER_COLUMN, owner, rows)

    def commit_pending(self) -> None:
        """Save what is typed but not yet saved (the record shown is about to change)."""
        for field in self.fields.values():
            field.commit()
        self.ratings.commit_pending()

    def clear_fields(self) -> None:
        """No record shown: empty fields, nothing to edit."""
        for field in self.fields.values():
            field.show("")
        self.awards.show_rows([])
        self.setEnabled(False)
