"""The editor for one collective: name, duties (part I of its Mẫu 08), members and headcount,
the member who heads it, yearly ratings and awards — each saved as it is typed, undoable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.core.campaign import Campaign
from app.core.entities import Award, Collective
from app.core.text import person_name_key
from app.store.errors import StoreError
from app.store.people import (
    PersonSummary,
    list_people,
    members_of,
    set_collective_field,
    set_collective_members,
)
from app.ui.autosave import SavedChange
from app.ui.context import PageContext
from app.ui.dialogs import pick
from app.ui.fast_proxy import ID_ROLE
from app.ui.models.people import PeopleModel
from app.ui.pages.person_editor import award_columns
from app.ui.pages.record_editing import RatingsBox, RecordEditor, RecordsBox
from app.ui.widgets import ChoiceBox, LinesEdit, chain_focus, error_label

NO_HEAD = "(chưa chọn)"


def _member_label(person: PersonSummary) -> str:
    return f"{person.full_name} — {person.position}" if person.position else person.full_name


class CollectiveEditor(RecordEditor):
    OWNER_COLUMN = "collective_id"

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.collective_id: int | None = None
        self.member_ids: tuple[int, ...] = ()
        self.heads: dict[str, int] = {}  # the head drop-down's labels → member ids

        self.name = QLineEdit()
        self.name.setAccessibleName("Tên tập thể")
        self.duties = LinesEdit()
        self.duties.setAccessibleName("Chức năng, nhiệm vụ")
        self.duties.setPlaceholderText("Chức năng, nhiệm vụ được giao (phần I của Mẫu 08)")
        self.duties.setTabChangesFocus(True)
        self.duties.setFixedHeight(90)
        self.head = ChoiceBox([NO_HEAD])
        self.head.setAccessibleName("Thủ trưởng (người ký Mẫu 08)")
        self.errors = {name: error_label(hidden=True) for name in ("name", "duties", "head")}
        details = QGroupBox("Thông tin tập thể")
        form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget, error in (
            ("Tên tập thể *", self.name, "name"),
            ("Chức năng, nhiệm vụ", self.duties, "duties"),
            ("Thủ trưởng (ký Mẫu 08)", self.head, "head"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[error])

        self.members = PeopleModel()
        self.members_view = QTableView()
        self.members_view.setModel(self.members)
        self.members_view.setAccessibleName("Thành viên")
        self.members_view.verticalHeader().setVisible(False)
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members_view.setMinimumHeight(140)
        self.headcount = QLabel()
        self.add_members = QPushButton("Thêm thành viên…")
        self.remove_members = QPushButton("Bỏ thành viên đang chọn")
        self.members_error = error_label(hidden=True)
        self.add_members.clicked.connect(self.pick_members)
        self.remove_members.clicked.connect(self.remove_selected_members)
        members_box = QGroupBox("Thành viên")
        members_layout = QVBoxLayout(members_box)
        members_layout.addWidget(self.headcount)
        members_layout.addWidget(self.members_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_members)
        buttons.addWidget(self.remove_members)
        buttons.addStretch()
        members_layout.addLayout(buttons)
        members_layout.addWidget(self.members_error)

        self.ratings = RatingsBox(self._write_rating)
        self.awards = RecordsBox(
            "Khen thưởng đã nhận",
            award_columns(today),
            lambda: Award(self.today().year, "Giấy khen"),
            "Thêm khen thưởng",
            self._write_awards,
        )
        layout = QVBoxLayout(self)
        for widget in (details, members_box, self.ratings, self.awards):
            layout.addWidget(widget)
        layout.addStretch()
        self.ratings.changed.connect(self._changed)
        self.awards.changed.connect(self._changed)
        self.setEnabled(False)

    @property
    def record_id(self) -> int | None:
        return self.collective_id

    def bind(self, context: PageContext, reveal: Callable[[int], None]) -> None:
        binding = self._rebind(context, lambda: self.collective_id, reveal)
        self.fields = {
            "name": binding.field(
                self.name,
                "Tên tập thể",
                partial(self._write, "name"),
                check=lambda text: None if text else "Tên tập thể không được để trống.",
                error=self.errors["name"],
            ),
            "duties": binding.field(
                self.duties, "Chức năng, nhiệm vụ", partial(self._write, "duties"),
                error=self.errors["duties"], normalise=str.strip,
            ),
            "head": binding.field(
                self.head, "Thủ trưởng", self._write_head, error=self.errors["head"]
            ),
        }  # fmt: skip
        for field in self.fields.values():
            field.saved.connect(self._changed)

    def load(self, collective: Collective, campaign: Campaign | None) -> None:
        assert self.binding is not None
        self.collective_id = collective.id
        self.fields["name"].show(collective.name)
        self.fields["duties"].show(collective.duties)
        self._show_members(collective.head_id)
        self.ratings.show_ratings(self.binding, collective.ratings, campaign)
        self.awards.show_rows(collective.awards)
        chain_focus(
            self.name, self.duties, self.head, self.members_view, self.add_members,
            self.remove_members, *self.ratings.edits(), *self.awards.focus_order(),
        )  # fmt: skip
        self.setEnabled(True)

    def clear(self) -> None:
        self.collective_id = None
        self.clear_fields()
        self.members.set_rows([])

    # --- members and head --------------------------------------------------------------

    def _show_members(self, head_id: int | None) -> None:
        assert self.context is not None and self.collective_id is not None
        people = sorted(
            members_of(self.context.store.db, self.collective_id),
            key=lambda p: person_name_key(p.full_name),
        )
        self.member_ids = tuple(sorted(p.id for p in people))
        self.members.set_rows(people)
        self.headcount.setText(f"Số người: {len(people)}")
        labels = [_member_label(p) for p in people]
        self.heads = {label: p.id for label, p in zip(labels, people, strict=True)}
        self.head.clear()
        self.head.addItems([NO_HEAD, *labels])
        head = next((label for label, pid in self.heads.items() if pid == head_id), NO_HEAD)
        self.fields["head"].show(head)

    def pick_members(self) -> None:
        assert self.context is not None and self.context.organisation is not None
        everyone = list_people(self.context.store.db, self.context.organisation.id)
        others = [p for p in everyone if p.id not in self.member_ids]
        chosen = pick(self, "Thêm thành viên", PeopleModel(others))
        if chosen:
            self.set_members(tuple(sorted({*self.member_ids, *chosen})))

    def remove_selected_members(self) -> None:
        gone = {i.data(ID_ROLE) for i in self.members_view.selectionModel().selectedRows()}
        if gone:
            self.set_members(tuple(pid for pid in self.member_ids if pid not in gone))

    def set_members(self, member_ids: tuple[int, ...]) -> None:
        assert self.binding is not None and self.collective_id is not None
        old = (self.member_ids, self.heads.get(self.head.text()))
        if not self._store_members(self.collective_id, member_ids):
            return
        new = (self.member_ids, self.heads.get(self.head.text()))
        apply = partial(self._apply_members, self.collective_id)
        self.binding.stack.push(SavedChange("sửa thành viên tập thể", apply, old, new))

    def _store_members(self, collective_id: int, member_ids: tuple[int, ...]) -> bool:
        assert self.context is not None
        try:
            with self.context.store.user_errors():
                set_collective_members(self.context.store.db, collective_id, member_ids)
        except StoreError as exc:
            self.members_error.setText(f"Chưa lưu — {exc}")
            self.members_error.show()
            return False
        self.members_error.hide()
        head = self.heads.get(self.head.text())
        self._show_members(head if head in member_ids else None)
        self._changed()
        return True

    def _apply_members(self, collective_id: int, state: tuple) -> None:
        """Undo/redo: the members and the head as they were (a head removed with the members
        comes back with them)."""
        assert self.binding is not None and self.context is not None
        if collective_id != self.collective_id:
            self.binding.reveal(collective_id)
        member_ids, head_id = state
        if self._store_members(collective_id, member_ids):
            set_collective_field(self.context.store.db, collective_id, "head_id", head_id)
            self._show_members(head_id)

    # --- saving ------------------------------------------------------------------------

    def _write(self, name: str, text: str) -> None:
        assert self.context is not None and self.collective_id is not None
        with self.context.store.user_errors():
            set_collective_field(self.context.store.db, self.collective_id, name, text)

    def _write_head(self, label: str) -> None:
        assert self.context is not None and self.collective_id is not None
        head_id = self.heads.get(label)  # NO_HEAD, or a label no longer listed: no head
        with self.context.store.user_errors():
            set_collective_field(self.context.store.db, self.collective_id, "head_id", head_id)

    def _changed(self) -> None:
        if self.collective_id is not None:
            self.changed.emit(self.collective_id)
