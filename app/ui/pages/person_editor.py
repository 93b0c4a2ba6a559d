"""The editor for one person: identity, yearly ratings, discipline records and awards.

Typed values are checked as the user leaves a field and again on save; refusals are shown
in red under the field, in Vietnamese, and nothing invalid reaches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app import APP_NAME
from app.core.campaign import Campaign
from app.core.entities import GENDERS, Award, DisciplineRecord, Person
from app.core.text import (
    clean,
    format_date_short,
    parse_date,
    parse_required,
    parse_year,
)
from app.core.validation import FieldError, validate_person
from app.store.errors import StoreError
from app.ui.models import Column, RecordTableModel
from app.ui.widgets import ERROR_COLOUR, NaturalHeight, error_label

ERROR_STYLE = f"color: {ERROR_COLOUR};"
# Where a refused field is, named as on the screen, for the message beside the Save button.
_SECTION_LABELS = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ratings": "Xếp loại hằng năm",
    "disciplines": "Kỷ luật",
    "awards": "Khen thưởng đã nhận",
}


def _show_error(label: QLabel, messages: list[str]) -> None:
    label.setText("\n".join(messages))
    label.setVisible(bool(messages))


def _required_date(text: str) -> date:
    value = parse_date(text)
    if value is None:
        raise ValueError("không được để trống.")
    return value


class _RecordTable(QGroupBox):
    """A titled editable table with add/remove buttons and its own error line."""

    def __init__(self, title: str, model: RecordTableModel, add_text: str):
        super().__init__(title)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(110)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton("Xóa dòng")
        self.error = error_label(hidden=True)
        model.rejected.connect(lambda message: _show_error(self.error, [message]))
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

    def _add(self) -> None:
        row = self.model.append_row()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())


class PersonEditor(NaturalHeight):
    saved = Signal(int)  # the person's id
    dirty_changed = Signal(bool)

    def __init__(self, save: Callable[[Person], int], today: Callable[[], date]):
        super().__init__()
        self._save, self._today = save, today
        self._person: Person | None = None
        self._campaign: Campaign | None = None
        self._dirty = False

        self.full_name = QLineEdit()
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("ngày/tháng/năm, ví dụ 05/02/1985")
        self.gender = QComboBox()
        self.gender.addItems(["", *GENDERS])
        self.position = QLineEdit()
        self.hometown = QLineEdit()
        self.residence = QLineEdit()
        self.qualification = QLineEdit()
        self.errors = {
            name: error_label(hidden=True) for name in ("full_name", "birth_date", "gender")
        }

        identity = QGroupBox("Thông tin cá nhân")
        form = QFormLayout(identity)
        for label, widget, error in (
            ("Họ và tên", self.full_name, "full_name"),
            ("Ngày sinh", self.birth_date, "birth_date"),
            ("Giới tính", self.gender, "gender"),
            ("Chức vụ", self.position, None),
            ("Quê quán", self.hometown, None),
            ("Nơi ở hiện nay", self.residence, None),
            ("Trình độ chuyên môn", self.qualification, None),
        ):
            form.addRow(label, widget)
            if error:
                form.addRow("", self.errors[error])

        self.ratings_box = QGroupBox("Xếp loại hằng năm")
        self.ratings_form = QFormLayout(self.ratings_box)
        self.rating_inputs: dict[int, QComboBox] = {}
        self.ratings_error = error_label(hidden=True)

        self.disciplines = RecordTableModel(
            [
                Column("Ngày quyết định", "decision_date", format_date_short, _required_date),
                Column("Hình thức kỷ luật", "form", parse=parse_required),
                Column("Lý do", "reason", parse=clean),
                Column("Số quyết định", "decision_no", parse=clean),
            ],
            make_row=lambda: DisciplineRecord(self._today(), "Khiển trách"),
        )
        self.discipline_box = _RecordTable("Kỷ luật", self.disciplines, "Thêm kỷ luật")
        self.awards = RecordTableModel(
            [
                Column("Năm", "year", str, parse_year),
                Column("Hình thức khen thưởng", "title", parse=parse_required),
                Column("Số, ngày quyết định, cơ quan ban hành", "decision", parse=clean),
            ],
            make_row=lambda: Award(self._today().year, "Giấy khen"),
        )
        self.awards_box = _RecordTable("Khen thưởng đã nhận", self.awards, "Thêm khen thưởng")

        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(identity)
        layout.addWidget(self.ratings_box)
        layout.addWidget(self.discipline_box)
        layout.addWidget(self.awards_box)
        layout.addStretch()

        for line in (self.full_name, self.position, self.hometown, self.residence):
            line.textEdited.connect(self._mark_dirty)
        self.qualification.textEdited.connect(self._mark_dirty)
        self.birth_date.textEdited.connect(self._mark_dirty)
        self.birth_date.editingFinished.connect(self._check_birth_date)
        self.full_name.editingFinished.connect(self._check_name)
        self.gender.activated.connect(self._mark_dirty)
        self.disciplines.edited.connect(self._mark_dirty)
        self.awards.edited.connect(self._mark_dirty)
        self.setEnabled(False)

    # --- loading -------------------------------------------------------------------------

    def load(self, person: Person, campaign: Campaign | None) -> None:
        self._person, self._campaign = person, campaign
        self.full_name.setText(person.full_name)
        self.birth_date.setText(format_date_short(person.birth_date))
        self.gender.setCurrentText(person.gender)
        self.position.setText(person.position)
        self.hometown.setText(person.hometown)
        self.residence.setText(person.residence)
        self.qualification.setText(person.qualification)
        self._load_ratings(person.ratings, campaign)
        self.disciplines.set_rows(person.disciplines)
        self.awards.set_rows(person.awards)
        for label in [*self.errors.values(), self.ratings_error]:
            _show_error(label, [])
        for box in (self.discipline_box, self.awards_box):
            _show_error(box.error, [])
        self.status.clear()
        self._set_dirty(False)
        self.setEnabled(True)

    def _load_ratings(self, ratings: dict[int, str], campaign: Campaign | None) -> None:
        while self.ratings_form.rowCount():
            self.ratings_form.removeRow(0)
        self.rating_inputs = {}
        scale = list(campaign.rating_scale) if campaign else []
        years = sorted(set(campaign.rating_years if campaign else ()) | set(ratings))
        for year in years:
            combo = QComboBox()
            combo.addItems(["", *scale])
            value = ratings.get(year, "")
            if value and value not in scale:
                combo.addItem(value)  # keep an off-scale stored value visible, flagged on save
            combo.setCurrentText(value)
            combo.activated.connect(self._mark_dirty)
            self.rating_inputs[year] = combo
            self.ratings_form.addRow(f"Năm {year}", combo)
        self.ratings_error = error_label(hidden=True)
        self.ratings_form.addRow("", self.ratings_error)

    # --- editing -------------------------------------------------------------------------

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.dirty_changed.emit(dirty)

    def _mark_dirty(self, *_args: object) -> None:
        if not self._dirty:
            self.status.clear()
            self._set_dirty(True)

    def _check_birth_date(self) -> None:
        try:
            parse_date(self.birth_date.text())
        except ValueError as exc:
            _show_error(self.errors["birth_date"], [str(exc)])
        else:
            _show_error(self.errors["birth_date"], [])

    def _check_name(self) -> None:
        _show_error(
            self.errors["full_name"],
            [] if clean(self.full_name.text()) else ["Họ và tên không được để trống."],
        )

    def edited_person(self) -> tuple[Person | None, list[FieldError]]:
        """The person as typed, and the reasons it cannot be saved (empty when it can)."""
        if self._person is None:
            return None, []
        unreadable = []
        try:
            birth = parse_date(self.birth_date.text())
        except ValueError as exc:
            birth = None
            unreadable.append(FieldError("birth_date", str(exc)))
        person = Person(
            id=self._person.id,
            full_name=clean(self.full_name.text()),
            birth_date=birth,
            gender=self.gender.currentText(),
            position=clean(self.position.text()),
            hometown=clean(self.hometown.text()),
            residence=clean(self.residence.text()),
            qualification=clean(self.qualification.text()),
            ratings={y: c.currentText() for y, c in self.rating_inputs.items() if c.currentText()},
            disciplines=tuple(self.disciplines.rows),
            awards=tuple(self.awards.rows),
        )
        return person, unreadable + validate_person(person, self._campaign, self._today())

    def save(self) -> bool:
        if not self._dirty:
            return True
        person, errors = self.edited_person()
        self._show_field_errors(errors)
        if person is None or errors:
            sections = dict.fromkeys(
                label
                for e in errors
                for prefix, label in _SECTION_LABELS.items()
                if e.field.startswith(prefix)
            )
            self.status.setText("Chưa lưu — cần sửa: " + ", ".join(sections) + ".")
            self.status.setStyleSheet(ERROR_STYLE)
            return False
        try:
            person_id = self._save(person)
        except StoreError as exc:  # disk full, read-only…: nothing was stored, edits are kept
            self.status.setText("Chưa lưu — " + str(exc))
            self.status.setStyleSheet(ERROR_STYLE)
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        self._set_dirty(False)
        self.saved.emit(person_id)  # the page reloads the stored person into this editor
        self.status.setStyleSheet("")
        self.status.setText("Đã lưu.")
        return True

    def _show_field_errors(self, errors: list[FieldError]) -> None:
        def pick(prefix: str) -> list[str]:
            return [e.message for e in errors if e.field.startswith(prefix)]

        for name, label in self.errors.items():
            _show_error(label, pick(name))
        _show_error(self.ratings_error, pick("ratings"))
        _show_error(self.discipline_box.error, pick("disciplines"))
        _show_error(self.awards_box.error, pick("awards"))
