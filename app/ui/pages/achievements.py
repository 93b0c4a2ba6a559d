"""Thành tích: who the unit considers for the campaign's award (people and collectives), and
for each what it writes under the campaign's criteria, with the register's figures beside the
text, and the evidence. The figures are counted in the background (a large register takes a
moment) and come back to the editor when ready."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout

from app import APP_NAME
from app.core.entities import Candidate, CandidateKind
from app.errors import UserError
from app.services.dossier_data import candidate_facts
from app.store.candidates import add_candidate, load_candidates, remove_candidate
from app.store.connection import Database
from app.store.errors import StoreError
from app.store.people import list_collectives, list_people
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.dialogs import pick
from app.ui.fast_proxy import ID_ROLE
from app.ui.fast_proxy import VietnameseSortFilterProxy as Proxy
from app.ui.models.candidates import CandidateListModel
from app.ui.models.people import CollectivesModel, PeopleModel
from app.ui.pages import Page
from app.ui.pages.achievement_editor import AchievementEditor
from app.ui.widgets import button_row, column, list_view


class AchievementsPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.candidates = CandidateListModel()
        self.proxy = Proxy()
        self.view = list_view(self.candidates, self.proxy, CandidateListModel.KIND)
        self.view.setAccessibleName("Đối tượng xét")
        self.add_people = QPushButton("Thêm cá nhân…")
        self.add_collectives = QPushButton("Thêm tập thể…")
        self.remove_button = QPushButton("Bỏ đối tượng…")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.editor = AchievementEditor(today)

        splitter = QSplitter()
        splitter.addWidget(
            column(
                self.hint,
                self.view,
                button_row(self.add_people, self.add_collectives),
                button_row(self.remove_button),
            )
        )
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 940])
        QVBoxLayout(self).addWidget(splitter)

        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.add_people.clicked.connect(self.choose_people)
        self.add_collectives.clicked.connect(self.choose_collectives)
        self.remove_button.clicked.connect(self.remove_selected)
        self.editor.changed.connect(self.data_changed)

    # --- data --------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        if self.context is None or self.context.store is not context.store:
            self.editor.bind(context, self._reveal)
        self.context = context
        shown = self.editor.candidate_id
        self.reload(select_id=shown)

    def reload(self, select_id: int | None = None) -> None:
        context = self.context
        assert context is not None
        ready = context.organisation is not None and context.campaign_id is not None
        for button in (self.add_people, self.add_collectives, self.remove_button):
            button.setEnabled(ready)
        self.editor.clear()
        if not ready:
            self.candidates.set_rows([])
            self.hint.setText("Cần khai báo đơn vị và chọn đợt thi đua trước.")
            return
        assert context.campaign_id is not None
        self.candidates.set_rows(load_candidates(context.store.db, context.campaign_id))
        self.hint.setText(
            f"{self.candidates.rowCount()} đối tượng xét. Chọn một đối tượng để soạn thành tích."
        )
        if select_id is not None:
            self.select_candidate(select_id)

    def _reveal(self, candidate_id: int) -> None:
        self.revealed.emit()
        self.select_candidate(candidate_id)

    def select_candidate(self, candidate_id: int) -> None:
        row = self.candidates.row_of(candidate_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.candidates.index(row, 0))
            self.view.selectRow(index.row())
            self.view.scrollTo(index)

    def _selected(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        context = self.context
        if not indexes or context is None or context.campaign is None:
            return
        self.editor.commit_pending()
        candidate: Candidate = self.candidates.rows[
            self.candidates.row_of(indexes[0].data(ID_ROLE))
        ]
        self.editor.load(candidate, context.campaign)
        self._count_figures(candidate)

    def _count_figures(self, candidate: Candidate) -> None:
        """The candidate's figures from the register, off the UI thread (its own connection)."""
        context = self.context
        assert context is not None and context.organisation is not None
        assert context.campaign is not None and context.campaign_id is not None
        self.editor.show_facts(self.editor.facts, "Đang tính số liệu từ sổ…")
        campaign = context.campaign
        unit, campaign_id = context.organisation.id, context.campaign_id

        def work(db: Database) -> dict[str, Any]:
            return candidate_facts(db, candidate, campaign, unit, campaign_id)

        def done(facts: dict[str, Any]) -> None:
            whose = (
                "Số liệu của đơn vị"
                if candidate.kind is CandidateKind.COLLECTIVE
                else f"Vụ việc do {candidate.name} thụ lý"
            )
            note = (
                f"{whose}, trong thời gian thi đua. Chọn một dòng rồi bấm “Chèn”: văn bản ghi "
                "tên số liệu trong ngoặc {…} và khi in sẽ lấy số mới nhất từ sổ."
                if facts
                else f"{whose}: chưa có số liệu trong sổ theo dõi đơn."
            )
            self.editor.show_facts(facts, note)

        def failed(error: UserError) -> None:
            self.editor.show_facts({}, f"Không tính được số liệu: {error}")

        # another candidate chosen meanwhile overtakes this count
        jobs.run(work, done, owner=self, key="facts", store=context.store, on_failure=failed)

    # --- adding and removing candidates ------------------------------------------------

    def _taken(self, kind: CandidateKind) -> set[int]:
        return {c.subject_id for c in self.candidates.rows if c.kind is kind}  # type: ignore[misc]

    def choose_people(self) -> None:
        context = self.context
        assert context is not None and context.organisation is not None
        taken = self._taken(CandidateKind.INDIVIDUAL)
        people = [p for p in list_people(context.store.db, context.organisation.id)
                  if p.id not in taken]  # fmt: skip
        self.add(pick(self, "Thêm cá nhân xét thi đua", PeopleModel(people)), "person_id")

    def choose_collectives(self) -> None:
        context = self.context
        assert context is not None and context.organisation is not None
        taken = self._taken(CandidateKind.COLLECTIVE)
        collectives = [c for c in list_collectives(context.store.db, context.organisation.id)
                       if c.id not in taken]  # fmt: skip
        model = CollectivesModel(collectives)
        self.add(pick(self, "Thêm tập thể xét thi đua", model), "collective_id")

    def add(self, subject_ids: list[int], column: str) -> None:
        context = self.context
        if not subject_ids or context is None:
            return
        try:
            with context.store.user_errors():
                added = [
                    add_candidate(context.store.db, context.campaign_id, **{column: subject})  # type: ignore[arg-type]
                    for subject in subject_ids
                ]
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.reload(select_id=added[-1])
        self.data_changed.emit()

    def remove_selected(self) -> None:
        context, candidate = self.context, self.editor.candidate
        if context is None or candidate is None:
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Bỏ {candidate.name} khỏi danh sách xét thi đua? Thành tích đã soạn, số phiếu và "
            "minh chứng của đối tượng này cũng bị xóa.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with context.store.user_errors():
                remove_candidate(context.store.db, candidate.id)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        context.undo_stack.clear()  # its edits can no longer be undone
        self.reload()
        self.data_changed.emit()
