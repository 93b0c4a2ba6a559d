"""Tổng quan: the unit's checklist. Days left to each deadline, each candidate against each
criterion (Đạt / Không đạt / Chưa có dữ liệu, with the reason), the review meeting, and what
is left before the dossier can be built — each step opens the page where it is done.

Everything but the campaign's name is counted in the background (the first screen paints
without waiting for it: "đang tính" until it arrives), the register's figures and the forms'
missing values too; each arrives as it is counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.eligibility import Status
from app.core.text import format_date_short
from app.ui.checklist import Checklist
from app.ui.context import PageContext
from app.ui.models.candidates import CandidatesModel
from app.ui.models.dossier import StepsModel
from app.ui.models.rows import STATUS_COLOURS
from app.ui.pages import Page
from app.ui.widgets import report_table

if TYPE_CHECKING:
    from app.core.campaign import Campaign
    from app.core.overview import Overview
    from app.core.readiness import Step
    from app.ui.pages.score_sheet import ScoreSheetBox


COUNTING = "<i>Đang tính…</i>"


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class OverviewPage(Page):
    updated = Signal()  # the background figures arrived and are shown

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.checklist = Checklist(today, in_background=True)
        self.checklist.updated.connect(self._show)

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
        self.table = report_table(self.model, CandidatesModel.REASONS)
        self.table.setAccessibleName("Đối tượng xét theo từng tiêu chí")
        box.addWidget(self.table)
        self.quota = _label()
        box.addWidget(self.quota)

        steps = QGroupBox("Việc cần xong trước khi lập hồ sơ (nhấp đúp để mở trang cần làm)")
        steps_box = QVBoxLayout(steps)
        self.steps = StepsModel()
        self.steps_view = report_table(self.steps, StepsModel.DETAIL)
        self.steps_view.setAccessibleName("Việc cần xong trước khi lập hồ sơ")
        self.steps_view.doubleClicked.connect(self._open_step)
        self.steps_view.activated.connect(self._open_step)  # Enter on the keyboard
        steps_box.addWidget(self.steps_view)

        self.score_sheet: ScoreSheetBox | None = None  # made for a campaign that ranks by points
        self.tabs = QTabWidget()  # its score sheet beside the criteria
        self.tabs.addTab(candidates, "Đối tượng xét theo tiêu chí")
        self.tabs.tabBar().hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(steps)
        split.setSizes([300, 300])
        # the score sheet's criteria need the room: the checklist shrinks while it is shown
        self.tabs.currentChanged.connect(
            lambda index: split.setSizes([450, 150] if index == 1 else [300, 300])
        )
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
        return self.checklist.busy

    def show_context(self, context: PageContext) -> None:
        self.context = context
        self.checklist.refresh(context)
        scoring = context.campaign is not None and context.campaign.scoring is not None
        if scoring and self.score_sheet is None:  # most campaigns never need it: made late
            from app.ui.pages import score_sheet

            self.score_sheet = score_sheet.ScoreSheetBox()
            self.tabs.addTab(self.score_sheet, "Bảng tự chấm điểm")
        if self.score_sheet is not None:
            self.tabs.setTabVisible(1, scoring)
            self.score_sheet.refresh(context)
        self.tabs.tabBar().setVisible(scoring)

    def _show(self) -> None:
        if self.checklist.error is not None:
            import html  # rarely: not on the start's path

            self._show_counting(f"<span style='color:{STATUS_COLOURS[Status.FAIL]}'>Không tính "
                                f"được: {html.escape(self.checklist.error)}</span>")  # fmt: skip
        elif self.checklist.overview is None and self.checklist.computing:
            self._show_counting()
        else:
            self.show_overview(self.checklist.overview)
        self.steps.set_rows(self.checklist.steps)
        if not self.busy:
            self.updated.emit()

    def show_overview(self, overview: Overview | None) -> None:
        if overview is None:
            self.campaign_name.setText("Chưa chọn đợt thi đua.")
            self.model.set_rows([])
            self.steps.set_rows([])
            return
        self._show_campaign(overview.campaign)
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

    def _show_campaign(self, campaign: Campaign) -> None:
        self.campaign_name.setText(f"<b>{campaign.name}</b>")
        self.campaign_period.setText(
            f"Thời gian thi đua: {format_date_short(campaign.period_start)} – "
            f"{format_date_short(campaign.period_end)}. Hình thức khen thưởng: "
            f"{campaign.award_title}."
        )

    def _show_counting(self, state: str = COUNTING) -> None:
        """What is known before the overview is counted: the campaign; the rest "đang tính"
        (or why it could not be counted)."""
        if self.context is not None and self.context.campaign is not None:
            self._show_campaign(self.context.campaign)
        for label in (self.deadlines, self.meeting, self.quota):
            label.setText(state)
        self.model.set_rows([])

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
    written = f", {vote.written} ý kiến bằng văn bản" if vote.written else ""
    lines = [f"Có mặt {vote.present}/{vote.total_members} thành viên{written} ({quorum} số lượng)."]
    lines += [
        f"{r.name}: {vote.votes_text(r)} phiếu ({r.percent_text})"
        + ("" if r.meets_threshold else " — chưa đạt tỷ lệ")
        for r in vote.results
    ]
    if vote.tied:
        lines.append("Có đối tượng bằng phiếu ở vị trí cuối: cần bỏ phiếu lại.")
    return "<br>".join(lines)
