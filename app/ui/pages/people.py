"""Cán bộ & tập thể: searchable, Vietnamese-sorted list of the unit's people with an editor,
and the collectives with their members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.campaign import Campaign
from app.core.entities import Person
from app.core.text import person_name_key
from app.store.database import Store
from app.store.people import (
    list_collective_ids,
    list_people,
    load_collective,
    load_person,
    save_person,
    save_unit_organisation,
)
from app.ui.models import ID_ROLE, PeopleModel, VietnameseSortFilterProxy
from app.ui.pages import Page, PageContext
from app.ui.pages.person_editor import PersonEditor
from app.ui.unit_dialog import UnitDialog
from app.ui.widgets import scrolling


class PeoplePage(Page):
    def __init__(self, today: Callable[[], date]):
        super().__init__(today)
        self.store: Store | None = None
        self.organisation_id: int | None = None
        self.campaign: Campaign | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên, chức vụ… (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.model = PeopleModel()
        self.proxy = VietnameseSortFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("Thêm cán bộ")
        self.no_unit = QLabel(
            "Tệp dữ liệu này chưa có thông tin đơn vị. Hãy khai báo đơn vị trước khi nhập cán bộ."
        )
        self.no_unit.setWordWrap(True)
        self.declare_unit_button = QPushButton("Khai báo đơn vị…")

        self.editor = PersonEditor(self._save_person, today)
        scroll = scrolling(self.editor)
        right = QWidget()  # the Save button and its message stay in view while fields scroll
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll)
        save_bar = QHBoxLayout()
        save_bar.addWidget(self.editor.save_button)
        save_bar.addWidget(self.editor.status, 1)
        right_layout.addLayout(save_bar)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.no_unit)
        left_layout.addWidget(self.declare_unit_button)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        left_layout.addLayout(buttons)

        people_tab = QSplitter()
        people_tab.addWidget(left)
        people_tab.addWidget(right)
        people_tab.setStretchFactor(0, 2)
        people_tab.setStretchFactor(1, 3)

        self.collectives = QListWidget()
        self.members = QListWidget()
        collectives_tab = QSplitter()
        for title, widget in (("Tập thể", self.collectives), ("Thành viên", self.members)):
            column = QWidget()
            column_layout = QVBoxLayout(column)
            column_layout.addWidget(QLabel(f"<b>{title}</b>"))
            column_layout.addWidget(widget)
            collectives_tab.addWidget(column)

        self.tabs = QTabWidget()
        self.tabs.addTab(people_tab, "Cán bộ")
        self.tabs.addTab(collectives_tab, "Tập thể")
        QVBoxLayout(self).addWidget(self.tabs)

        self.search.textChanged.connect(self.proxy.set_search)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_person)
        self.declare_unit_button.clicked.connect(self.declare_unit)
        self.editor.saved.connect(self._after_save)
        self.collectives.currentRowChanged.connect(self._show_members)
        self._collective_members: list[list[str]] = []

    # --- data ----------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        self.store, self.campaign = context.store, context.campaign
        self.organisation_id = context.organisation.id if context.organisation else None
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        has_unit = self.organisation_id is not None
        for widget in (self.no_unit, self.declare_unit_button):
            widget.setVisible(not has_unit)
        self.add_button.setEnabled(has_unit)
        if self.store is None or self.organisation_id is None:
            self.model.set_rows([])
            return
        self.model.set_rows(list_people(self.store.db, self.organisation_id))
        self._load_collectives()
        if select_id is not None:
            self.select_person(select_id)

    def _load_collectives(self) -> None:
        assert self.store is not None and self.organisation_id is not None
        self.collectives.clear()
        self._collective_members = []
        for cid in list_collective_ids(self.store.db, self.organisation_id):
            collective = load_collective(self.store.db, cid)
            self.collectives.addItem(f"{collective.name} ({len(collective.members)} người)")
            members = sorted(collective.members, key=lambda m: person_name_key(m.full_name))
            self._collective_members.append(
                [f"{m.full_name} — {m.position}" if m.position else m.full_name for m in members]
            )

    def _show_members(self, row: int) -> None:
        self.members.clear()
        if 0 <= row < len(self._collective_members):
            self.members.addItems(self._collective_members[row])

    def select_person(self, person_id: int) -> None:
        source_row = self.model.row_of(person_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():  # hidden by the search: clear it so the person is visible
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)

    # --- editing -------------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.store is None:
            return
        person_id = indexes[0].data(ID_ROLE)
        if not self.settle_unsaved():
            blocker = self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().select(
                deselected, self.table.selectionModel().SelectionFlag.ClearAndSelect
            )
            self.table.selectionModel().blockSignals(blocker)
            return
        self.editor.load(load_person(self.store.db, person_id), self.campaign)

    def settle_unsaved(self) -> bool:
        """Ask what to do with unsaved edits, if any. True when it is fine to move on."""
        if not self.editor.is_dirty:
            return True
        choice = QMessageBox.question(
            self,
            "Chưa lưu thay đổi",
            "Thông tin cán bộ đang sửa chưa được lưu. Lưu lại trước khi tiếp tục?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if choice == QMessageBox.StandardButton.Save:
            return self.editor.save()
        return choice == QMessageBox.StandardButton.Discard

    def add_person(self) -> None:
        if not self.settle_unsaved():
            return
        self.table.clearSelection()
        self.editor.load(Person(id=None, full_name=""), self.campaign)
        self.editor.full_name.setFocus()

    def _save_person(self, person: Person) -> int:
        assert self.store is not None and self.organisation_id is not None
        with self.store.user_errors():
            return save_person(self.store.db, self.organisation_id, person)

    def _after_save(self, person_id: int) -> None:
        assert self.store is not None
        blocker = self.table.selectionModel().blockSignals(True)
        self.reload(select_id=person_id)
        self.table.selectionModel().blockSignals(blocker)
        self.editor.load(load_person(self.store.db, person_id), self.campaign)
        self.data_changed.emit()

    def declare_unit(self) -> None:
        assert self.store is not None
        dialog = UnitDialog(self)
        if dialog.exec() == UnitDialog.DialogCode.Accepted:
            with self.store.user_errors():
                save_unit_organisation(self.store.db, dialog.organisation())
            self.unit_changed.emit()  # the window reloads the store, this page included
