"""Cán bộ & tập thể: the unit's people (searchable without accents, in Vietnamese order) with
an editor that saves as it is typed, the collectives with their members, and the import of a
staff list from Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from app import APP_NAME
from app.core.entities import Collective, Person
from app.core.validation import name_problem
from app.errors import UserError
from app.exchange.staff_import import person_of, staff_kind
from app.store.connection import Database
from app.store.organisation import save_unit_organisation
from app.store.people import (
    PersonSummary,
    count_people,
    delete_collective,
    delete_person,
    list_collectives,
    list_people,
    load_collective,
    load_person,
    person_summary,
    save_collective,
    save_person,
)
from app.store.staff import save_staff
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.dialogs import NameDialog
from app.ui.fast_proxy import ID_ROLE, VietnameseSortFilterProxy, stable_order
from app.ui.import_wizard import ImportWizard
from app.ui.models.people import CollectivesModel, PeopleModel, name_keys
from app.ui.pages import Page
from app.ui.pages.collective_editor import CollectiveEditor
from app.ui.pages.person_editor import PersonEditor
from app.ui.unit_dialog import UnitDialog
from app.ui.widgets import EmptyHint, button_row, column, list_view, split

SPREADSHEET_FILTER = "Bảng tính (*.xlsx *.xls *.ods *.csv)"
BACKGROUND_PEOPLE = 2_000  # above this, the staff list is read off the UI thread


class PeoplePage(Page):
    def __init__(self, today: Callable[[], date]):
        super().__init__(today)
        self.organisation_id: int | None = None
        self.loading = False  # a large staff list is being read in the background

        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên, chức vụ… (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Tìm cán bộ")
        self.model = PeopleModel()
        self.proxy = VietnameseSortFilterProxy()
        self.table = list_view(self.model, self.proxy, PeopleModel.NAME)
        self.table_hint = EmptyHint(
            self.table,
            "Chưa có cán bộ nào. Bấm “Thêm cán bộ…” để nhập từng người, hoặc "
            "“Nhập danh sách từ Excel…”.",
        )
        self.table.setAccessibleName("Danh sách cán bộ")
        self.add_button = QPushButton("Thêm cán bộ…")
        self.delete_button = QPushButton("Xóa cán bộ…")
        self.import_button = QPushButton("Nhập danh sách từ Excel…")
        self.no_unit = QLabel(
            "Tệp dữ liệu này chưa có thông tin đơn vị. Hãy khai báo đơn vị trước khi nhập cán bộ."
        )
        self.no_unit.setWordWrap(True)
        self.reading = QLabel("Đang đọc danh sách cán bộ…")
        self.reading.hide()
        self.declare_unit_button = QPushButton("Khai báo đơn vị…")
        self.editor = PersonEditor(today)
        people_tab = split(
            column(
                self.no_unit,
                self.declare_unit_button,
                self.search,
                self.reading,
                self.table,
                button_row(self.add_button, self.delete_button),
                button_row(self.import_button),
            ),
            self.editor,
        )

        self.collectives = CollectivesModel()
        self.collectives_proxy = VietnameseSortFilterProxy()
        self.collectives_view = list_view(
            self.collectives, self.collectives_proxy, CollectivesModel.NAME
        )
        self.collectives_view.setAccessibleName("Danh sách tập thể")
        self.collectives_hint = EmptyHint(
            self.collectives_view,
            "Chưa có tập thể nào (tổ, bộ phận được đề nghị khen). Bấm “Thêm tập thể…”.",
        )
        self.add_collective_button = QPushButton("Thêm tập thể…")
        self.delete_collective_button = QPushButton("Xóa tập thể…")
        self.collective_editor = CollectiveEditor(today)
        collectives_tab = split(
            column(
                self.collectives_view,
                button_row(self.add_collective_button, self.delete_collective_button),
            ),
            self.collective_editor,
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(people_tab, "Cán bộ")
        self.tabs.addTab(collectives_tab, "Tập thể")
        QVBoxLayout(self).addWidget(self.tabs)

        self.search.textChanged.connect(self.proxy.set_search)
        self.table.selectionModel().selectionChanged.connect(self._person_selected)
        self.collectives_view.selectionModel().selectionChanged.connect(self._collective_selected)
        self.add_button.clicked.connect(self.add_person)
        self.delete_button.clicked.connect(self.delete_person)
        self.import_button.clicked.connect(self.import_staff)
        self.add_collective_button.clicked.connect(self.add_collective)
        self.delete_collective_button.clicked.connect(self.delete_collective)
        self.declare_unit_button.clicked.connect(self.declare_unit)
        self.editor.changed.connect(self._person_changed)
        self.collective_editor.changed.connect(self._collective_changed)

    # --- data ----------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        if self.context is None or self.context.store is not context.store:
            self.editor.bind(context, self._reveal_person)
            self.collective_editor.bind(context, self._reveal_collective)
        self.context = context
        self.organisation_id = context.organisation.id if context.organisation else None
        self.reload(select_id=self.editor.person_id)  # the person being edited stays open

    def reload(self, select_id: int | None = None) -> None:
        has_unit = self.organisation_id is not None
        for widget in (self.no_unit, self.declare_unit_button):
            widget.setVisible(not has_unit)
        for button in (self.add_button, self.import_button, self.add_collective_button):
            button.setEnabled(has_unit)
        self.editor.clear()
        self.collective_editor.clear()
        jobs.drop(self, "read")  # a read still running in the background is not shown
        self._set_loading(False)
        if self.context is None or self.organisation_id is None:
            self.model.set_rows([])
            self.collectives.set_rows([])
            return
        db = self.context.store.db
        self.collectives.set_rows(list_collectives(db, self.organisation_id))
        if count_people(db, self.organisation_id) <= BACKGROUND_PEOPLE:
            self.model.set_rows(list_people(db, self.organisation_id))
            if select_id is not None:
                self.select_person(select_id)
            return
        # A city department's thousands of people are read and put in name order off the UI
        # thread; the table keeps what it showed until then.
        organisation_id = self.organisation_id
        self._set_loading(True)

        def work(db: Database) -> tuple[list[PersonSummary], list[int]]:
            people = list_people(db, organisation_id)
            return people, stable_order(name_keys(people))

        def done(result: tuple[list[PersonSummary], list[int]]) -> None:
            self.model.set_rows(*result)
            if select_id is not None:
                self.select_person(select_id)

        # a file that cannot be read now is said in a message over the page
        jobs.run(
            work,
            done,
            owner=self,
            key="read",
            store=self.context.store,
            on_finished=lambda: self._set_loading(False),
        )

    def _set_loading(self, loading: bool) -> None:
        self.loading = loading
        self.reading.setVisible(loading)

    def _reveal(self, view: QTableView, proxy: VietnameseSortFilterProxy, row: int) -> None:
        index = proxy.mapFromSource(proxy.sourceModel().index(row, 0))
        if not index.isValid() and proxy is self.proxy:  # hidden by the search: clear it
            self.search.clear()
            index = proxy.mapFromSource(proxy.sourceModel().index(row, 0))
        view.selectRow(index.row())
        view.scrollTo(index)

    def _reveal_person(self, person_id: int) -> None:
        self.revealed.emit()
        self.select_person(person_id)

    def _reveal_collective(self, collective_id: int) -> None:
        self.revealed.emit()
        self.select_collective(collective_id)

    def select_person(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row >= 0:
            self.tabs.setCurrentIndex(0)
            self._reveal(self.table, self.proxy, row)

    def select_collective(self, collective_id: int) -> None:
        row = self.collectives.row_of(collective_id)
        if row >= 0:
            self.tabs.setCurrentIndex(1)
            self._reveal(self.collectives_view, self.collectives_proxy, row)

    # --- people --------------------------------------------------------------------------

    def _person_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.context is None:
            return
        self.editor.commit_pending()  # what was typed for the previous person is kept
        person = load_person(self.context.store.db, indexes[0].data(ID_ROLE))
        self.editor.load(person, self.context.campaign)

    def _person_changed(self, person_id: int) -> None:
        assert self.context is not None
        self.model.update_row(person_summary(self.context.store.db, person_id))
        self.data_changed.emit()

    def add_person(self) -> None:
        dialog = NameDialog(self, "Thêm cán bộ", "Họ và tên", name_problem)
        if dialog.exec() != NameDialog.DialogCode.Accepted:
            return
        person_id = self._stored(
            lambda db: save_person(db, self.organisation_id, Person(None, dialog.value()))
        )
        if person_id:  # an id; False when refused
            self.reload(select_id=person_id)
            self.editor.edits["birth_date"].setFocus()
            self.data_changed.emit()

    def delete_person(self) -> None:
        person = self.editor.person
        if person is None or person.id is None:
            return
        if not self._confirm(
            f"Xóa {person.full_name} cùng xếp loại, kỷ luật và khen thưởng của người này? "
            "Không hoàn tác được (có thể khôi phục từ bản sao lưu)."
        ):
            return
        if self._stored(lambda db: delete_person(db, person.id)) is not False:
            self.after_deletion()

    # --- collectives ---------------------------------------------------------------------

    def _collective_selected(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.context is None:
            return
        self.collective_editor.commit_pending()
        collective = load_collective(self.context.store.db, indexes[0].data(ID_ROLE))
        self.collective_editor.load(collective, self.context.campaign)

    def _collective_changed(self, collective_id: int) -> None:
        assert self.context is not None and self.organisation_id is not None
        fresh = list_collectives(self.context.store.db, self.organisation_id)
        row = self.collectives.row_of(collective_id)
        updated = next((c for c in fresh if c.id == collective_id), None)
        if row >= 0 and updated is not None:
            self.collectives.rows[row] = updated
            self.collectives.dataChanged.emit(
                self.collectives.index(row, 0), self.collectives.index(row, 1)
            )
        self.data_changed.emit()

    def add_collective(self) -> None:
        dialog = NameDialog(
            self,
            "Thêm tập thể",
            "Tên tập thể",
            lambda name: None if name else "Tên tập thể không được để trống.",
        )
        if dialog.exec() != NameDialog.DialogCode.Accepted:
            return
        collective_id = self._stored(
            lambda db: save_collective(db, self.organisation_id, Collective(None, dialog.value()))
        )
        if collective_id:
            self.reload()
            self.select_collective(collective_id)
            self.data_changed.emit()

    def delete_collective(self) -> None:
        collective_id = self.collective_editor.collective_id
        if collective_id is None:
            return
        name = self.collective_editor.name.text()
        if not self._confirm(f"Xóa tập thể {name}? Các cán bộ thành viên vẫn được giữ."):
            return
        if self._stored(lambda db: delete_collective(db, collective_id)) is not False:
            self.after_deletion()

    # --- shared --------------------------------------------------------------------------

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, APP_NAME, question)
        return answer == QMessageBox.StandardButton.Yes

    def _stored(self, write: Callable):
        """Run one explicit write; False (and the reason shown) when it was refused."""
        assert self.context is not None
        try:
            with self.context.store.user_errors():
                return write(self.context.store.db)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False

    def after_deletion(self) -> None:
        # the undo history speaks of what no longer exists
        assert self.context is not None
        self.context.undo_stack.clear()
        self.reload()
        self.data_changed.emit()

    def import_staff(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn tệp danh sách cán bộ", str(Path.home()), SPREADSHEET_FILTER
        )
        if path:
            self.open_staff_import(Path(path)).start()

    def open_staff_import(self, path: Path) -> ImportWizard:
        """The import wizard for `path`, shown; `start()` it to read the file."""
        assert self.context is not None and self.organisation_id is not None
        wizard = ImportWizard(
            path, self.context.store, self.organisation_id, self.today, self,
            staff_kind(self.context.campaign),
            save=lambda db, organisation_id, plan: save_staff(
                db, organisation_id, [person_of(record) for record in plan.records]
            ),
        )  # fmt: skip
        wizard.imported.connect(lambda _counts: self._after_import())
        wizard.show()
        return wizard

    def _after_import(self) -> None:
        assert self.context is not None
        self.context.undo_stack.clear()  # imported rows are not single edits to undo
        self.reload()
        self.data_changed.emit()

    def declare_unit(self) -> None:
        assert self.context is not None
        dialog = UnitDialog(self)
        if dialog.exec() == UnitDialog.DialogCode.Accepted:
            with self.context.store.user_errors():
                save_unit_organisation(self.context.store.db, dialog.organisation())
            self.unit_changed.emit()  # the window reloads the store, this page included
