"""The editor for one person: identity and positions, yearly ratings, discipline records and
awards. Every field saves itself as it is typed (undoable with Ctrl+Z); a value that breaks a
rule is not saved and the field says why, in Vietnamese, until it is corrected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.campaign import Campaign
from app.core.entities import GENDERS, Award, DisciplineRecord, Person
from app.core.text import clean, format_date_short, parse_date, parse_required, parse_year
from app.core.validation import (
    award_year_problem,
    birth_date_problem,
    decision_date_problem,
    gender_problem,
    name_problem,
)
from app.store.people import replace_disciplines, set_person_field
from app.ui.context import PageContext
from app.ui.models.records import Column
from app.ui.pages.record_editing import RatingsBox, RecordEditor, RecordsBox
from app.ui.widgets import HINT_COLOUR, ChoiceBox, chain_focus, error_label

# (field, label, placeholder) in the order of Mẫu 08's part I
PERSON_FIELDS = (
    ("full_name", "Họ và tên *", ""),
    ("birth_date", "Ngày sinh", "ngày/tháng/năm, ví dụ 05/02/1985"),
    ("gender", "Giới tính", ""),
    ("position", "Chức vụ chính quyền", "ví dụ: Công chức Tư pháp - Hộ tịch"),
    ("party_position", "Chức vụ Đảng", "ví dụ: Bí thư Chi bộ"),
    ("mass_org_position", "Chức vụ đoàn thể", "ví dụ: Chủ tịch Công đoàn cơ sở"),
    ("hometown", "Quê quán", ""),
    ("residence", "Nơi ở hiện nay", ""),
    ("qualification", "Trình độ chuyên môn", "ví dụ: Cử nhân Luật"),
)


def _normal_date(text: str) -> str:
    """A readable date in the one way the app writes it; anything else as typed (refused)."""
    try:
        return format_date_short(parse_date(text))
    except ValueError:
        return clean(text)


def _not_future(day: date, today: Callable[[], date]) -> date:
    problem = decision_date_problem(day, today())
    if problem:
        raise ValueError(problem)
    return day


def _required_date(text: str) -> date:
    value = parse_date(text)
    if value is None:
        raise ValueError("không được để trống.")
    return value


def _award_year(text: str, today: Callable[[], date]) -> int:
    year = parse_year(text)
    problem = award_year_problem(year, today())
    if problem:
        raise ValueError(problem)
    return year


def award_columns(today: Callable[[], date]) -> list[Column]:
    return [
        Column("Năm", "year", str, partial(_award_year, today=today)),
        Column("Hình thức khen thưởng", "title", parse=parse_required),
        Column("Số, ngày quyết định, cơ quan ban hành", "decision", parse=clean),
    ]


class PersonEditor(RecordEditor):
    OWNER_COLUMN = "person_id"

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.person: Person | None = None
        self.campaign: Campaign | None = None

        self.edits: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        identity = QGroupBox("Thông tin cá nhân")
        form = QFormLayout(identity)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, placeholder in PERSON_FIELDS:
            edit: QWidget
            if name == "gender":
                edit = ChoiceBox(["", *GENDERS])
            else:
                edit = QLineEdit()
                edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label.rstrip(" *"))
            self.edits[name], self.errors[name] = edit, error_label(hidden=True)
            form.addRow(label, edit)
            form.addRow("", self.errors[name])
        self.ratings = RatingsBox(self._write_rating)
        self.disciplines = RecordsBox(
            "Kỷ luật",
            [
                Column(
                    "Ngày quyết định",
                    "decision_date",
                    format_date_short,
                    lambda text: _not_future(_required_date(text), self.today),
                ),
                Column("Hình thức kỷ luật", "form", parse=parse_required),
                Column("Lý do", "reason", parse=clean),
                Column("Số quyết định", "decision_no", parse=clean),
            ],
            lambda: DisciplineRecord(self.today(), "Khiển trách"),
            "Thêm kỷ luật",
            self._write_disciplines,
        )
        self.awards = RecordsBox(
            "Khen thưởng đã nhận",
            award_columns(today),
            lambda: Award(self.today().year, "Giấy khen"),
            "Thêm khen thưởng",
            self._write_awards,
        )
        note = QLabel("Mỗi ô được lưu ngay khi gõ xong; Ctrl+Z để hoàn tác. (*) bắt buộc.")
        note.setStyleSheet(f"color: {HINT_COLOUR};")
        layout = QVBoxLayout(self)
        for widget in (identity, note, self.ratings, self.disciplines, self.awards):
            layout.addWidget(widget)
        layout.addStretch()
        for box in (self.disciplines, self.awards):
            box.changed.connect(self._changed)
        self.ratings.changed.connect(self._changed)
        self.setEnabled(False)

    # --- binding and loading -------------------------------------------------------------

    def bind(self, context: PageContext, reveal: Callable[[int], None]) -> None:
        """Save into `context`'s database; `reveal(person_id)` shows another person."""
        binding = self._rebind(context, lambda: self.person_id, reveal)
        self.disciplines.binding = binding
        self.fields = {
            name: binding.field(
                self.edits[name],
                label.rstrip(" *"),
                partial(self._write, name),
                check=partial(self._problem, name),
                error=self.errors[name],
                normalise=_normal_date if name == "birth_date" else clean,
            )
            for name, label, _ in PERSON_FIELDS
        }
        for field in self.fields.values():
            field.saved.connect(self._changed)

    @property
    def person_id(self) -> int | None:
        return self.person.id if self.person else None

    record_id = person_id

    def load(self, person: Person, campaign: Campaign | None) -> None:
        assert self.binding is not None
        self.person, self.campaign = person, campaign
        for name, field in self.fields.items():
            value = getattr(person, name)
            field.show(format_date_short(value) if name == "birth_date" else value)
        self.ratings.show_ratings(self.binding, person.ratings, campaign)
        self.disciplines.show_rows(person.disciplines)
        self.awards.show_rows(person.awards)
        last_field = self.edits[PERSON_FIELDS[-1][0]]
        chain_focus(
            last_field, *self.ratings.edits(), *self.disciplines.focus_order(),
            *self.awards.focus_order(),
        )  # fmt: skip
        self.setEnabled(True)

    def clear(self) -> None:
        self.person = None
        self.clear_fields()
        self.disciplines.show_rows([])

    # --- saving --------------------------------------------------------------------------

    def _problem(self, name: str, text: str) -> str | None:
        if name == "full_name":
            return name_problem(text)
        if name == "gender":
            return gender_problem(text)
        if name == "birth_date":
            try:
                return birth_date_problem(parse_date(text), self.today())
            except ValueError as exc:
                return str(exc)
        return None

    def _write(self, name: str, text: str) -> None:
        assert self.context is not None and self.person_id is not None
        value = parse_date(text) if name == "birth_date" else text
        with self.context.store.user_errors():
            set_person_field(self.context.store.db, self.person_id, name, value)

    def _write_disciplines(self, person_id: int, rows: tuple) -> tuple:
        assert self.context is not None
        with self.context.store.user_errors():
            return replace_disciplines(self.context.store.db, person_id, rows)

    def _changed(self) -> None:
        if self.person_id is not None:
            self.changed.emit(self.person_id)
