"""Tổng quan: the unit's checklist. Days left to each deadline, each candidate against each
criterion (Đạt / Không đạt / Chưa có dữ liệu, with the reason), the review meeting, and what
is left before the dossier can be built — each step opens the page where it is done.

The register's figures and the forms' missing values are counted in the background; the page
shows everything else at once and fills those in when they arrive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.eligibility import Status
from app.core.overview import Overview, build_overview
from app.core.readiness import Step, readiness
from app.core.text import format_date_short
from app.documents.errors import FormError
from app.store.database import with_own_connection
from app.store.errors import StoreError
from app.store.review import load_achievements, load_candidates, load_meeting
from app.ui import jobs
from app.ui.background_figures import Rate, count_rate
from app.ui.models import STATUS_COLOURS, CandidatesModel, StepsModel
from app.ui.pages import Page, PageContext

FORMS_STEP = "Nội dung các văn bản"
COUNT_AFTER_MS = 50


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _table(model, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Rows grow to fit wrapped text, at whatever width the stretching column gets.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def missing_in_forms(path) -> list[str]:
    """The values the dossier's forms ask for and the database lacks (a background job)."""
    from app.documents.filling import fill_dossier  # the forms engine: only off the UI thread

    filled = with_own_connection(path, fill_dossier)
    return list(dict.fromkeys(m for f in filled for m in f.missing))


class OverviewPage(Page):
    updated = Signal()  # the background figures arrived and are shown

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.overview: Overview | None = None
        self.rate: Rate | None = None  # None while being counted
        self.forms_missing: list[str] | None = None
        self._generation = 0  # results of an older show_context are dropped

        self.campaign_name = _label()
        self.campaign_name.setObjectName("pageTitle")
        self.campaign_period = _label()
        deadlines = QGroupBox("Thời hạn")
        self.deadlines = _label()
        QVBoxLayout(deadlines).addWidget(self.deadlines)
        meeting = QGroupBox("Họp xét")
        self.meeting = _label()
        QVBoxLayout(meeting).addWidget(self.meeting)
        facts = QHBoxLayout()
        facts.addWidget(deadlines, 1)
        facts.addWidget(meeting, 1)

        candidates = QGroupBox("Đối tượng xét theo từng tiêu chí")
        box = QVBoxLayout(candidates)
        self.model = CandidatesModel()
        self.table = _table(self.model, CandidatesModel.REASONS)
        self.table.setAccessibleName("Đối tượng xét theo từng tiêu chí")
        box.addWidget(self.table)
        self.quota = _label()
        box.addWidget(self.quota)

        steps = QGroupBox("Việc cần xong trước khi lập hồ sơ (nhấp đúp để mở trang cần làm)")
        steps_box = QVBoxLayout(steps)
        self.steps = StepsModel()
        self.steps_view = _table(self.steps, StepsModel.DETAIL)
        self.steps_view.setAccessibleName("Việc cần xong trước khi lập hồ sơ")
        self.steps_view.doubleClicked.connect(self._open_step)
        self.steps_view.activated.connect(self._open_step)  # Enter on the keyboard
        steps_box.addWidget(self.steps_view)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(candidates)
        split.addWidget(steps)
        split.setSizes([300, 300])
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.campaign_name)
        top_layout.addWidget(self.campaign_period)
        top_layout.addLayout(facts)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(split, 1)

    @property
    def busy(self) -> bool:
        """Figures or forms still being counted in the background."""
        return self.rate is None or self.forms_missing is None

    # --- data --------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        same = self.context is not None and (
            (self.context.store, self.context.organisation, self.context.campaign_id)
            == (context.store, context.organisation, context.campaign_id)
        )
        self.context = context
        self._generation += 1
        generation = self._generation
        if not same:
            self.rate = None  # another unit or campaign: the old rate says nothing of it
        self.forms_missing = None
        if context.campaign is None or context.campaign_id is None:
            self.show_overview(None)
            return
        self._show()

        def current() -> bool:  # not overtaken by a later show, nor the file closed since
            return generation == self._generation and not context.store.closed

        def rate_counted(rate: Rate) -> None:
            if current():
                self.rate = rate
                self._show()

        # the window paints first; the counting starts a moment later (start-up stays quick)
        jobs.later(COUNT_AFTER_MS, lambda: current() and self._count(context, rate_counted))
        path = context.store.path

        def forms_checked(missing: list[str]) -> None:
            if current():
                self.forms_missing = missing
                self._show()

        def forms_failed(exc: Exception) -> None:
            if not isinstance(exc, StoreError | FormError):
                raise exc  # a bug: the global hook reports it
            forms_checked([f"không đọc được biểu mẫu: {exc}"])

        def check_forms() -> None:
            if current():
                jobs.run_in_background(lambda: missing_in_forms(path), forms_checked, forms_failed)

        jobs.later(COUNT_AFTER_MS, check_forms)

    def _count(self, context: PageContext, done: Callable[[Rate], None]) -> None:
        if not count_rate(context, done):
            self.rate = (None, False)  # no unit or campaign: nothing to count
            self._show()

    def _show(self) -> None:
        """Everything from the database as it is now, with the figures counted so far."""
        context = self.context
        assert context is not None and context.campaign is not None
        assert context.campaign_id is not None
        db, organisation = context.store.db, context.organisation
        meeting = load_meeting(db, context.campaign_id, organisation.id) if organisation else None
        candidates = load_candidates(db, context.campaign_id)
        rate, declared = self.rate or (None, False)
        overview = build_overview(
            context.campaign, candidates, meeting, self.today(), rate, declared
        )
        achievements = {c.id: load_achievements(db, c.id) for c in candidates if c.nominated}
        steps = readiness(organisation, overview, rate is not None, achievements)
        if self.rate is None:
            steps[1] = Step(steps[1].title, Status.MISSING, "Đang tính số liệu từ sổ…", "register")
        steps.append(self._forms_step())
        self.show_overview(overview)
        self.steps.set_rows(steps)
        if not self.busy:
            self.updated.emit()

    def _forms_step(self) -> Step:
        if self.forms_missing is None:
            return Step(FORMS_STEP, Status.MISSING, "Đang kiểm tra các biểu mẫu…", None)
        if not self.forms_missing:
            return Step(FORMS_STEP, Status.PASS, "Các biểu mẫu đã có đủ dữ liệu.", None)
        return Step(
            FORMS_STEP,
            Status.MISSING,
            "Còn thiếu (in “…”): " + ", ".join(self.forms_missing) + ".",
            None,
        )

    def show_overview(self, overview: Overview | None) -> None:
        self.overview = overview
        if overview is None:
            self.campaign_name.setText("Chưa chọn đợt thi đua.")
            self.model.set_rows([])
            self.steps.set_rows([])
            return
        campaign = overview.campaign
        self.campaign_name.setText(f"<b>{campaign.name}</b>")
        self.campaign_period.setText(
            f"Thời gian thi đua: {format_date_short(campaign.period_start)} – "
            f"{format_date_short(campaign.period_end)}. Hình thức khen thưởng: "
            f"{campaign.award_title}."
        )
        self.deadlines.setText(
            "<br>".join(
                f"{d.deadline.title}: hạn {format_date_short(d.deadline.date)} — <b>{d.text}</b>"
                for d in overview.deadlines
            )
            or "Đợt thi đua không có thời hạn."
        )
        self.model.set_rows(overview.candidates)
        colour = STATUS_COLOURS[overview.quota.status]
        self.quota.setText(
            f"{overview.quota.criterion}: <span style='color:{colour}'>"
            f"{overview.quota.status.label}</span> — {overview.quota.reason}"
        )
        self.meeting.setText(describe_vote(overview))

    def _open_step(self, index: QModelIndex) -> None:
        step: Step = self.steps.rows[index.row()]
        if step.page and step.page != "overview":
            self.open_requested.emit(step.page)


def describe_vote(overview: Overview) -> str:
    """One paragraph about the review meeting's vote, for the overview."""
    if overview.vote_problem:
        return f"<span style='color:{STATUS_COLOURS[Status.FAIL]}'>{overview.vote_problem}</span>"
    vote = overview.vote
    if vote is None:
        return "Chưa ghi nhận cuộc họp xét."
    quorum = "đủ" if vote.quorum_met else "không đủ"
    lines = [f"Có mặt {vote.present}/{vote.total_members} thành viên ({quorum} số lượng)."]
    lines += [
        f"{r.name}: {r.votes}/{vote.total_members} phiếu ({r.percent_text})"
        + ("" if r.meets_threshold else " — chưa đạt tỷ lệ")
        for r in vote.results
    ]
    if vote.tied:
        lines.append("Có đối tượng bằng phiếu ở vị trí cuối: cần bỏ phiếu lại.")
    return "<br>".join(lines)
