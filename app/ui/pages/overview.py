"""Tổng quan: the campaign, days left to each deadline, candidates with eligibility and reasons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from app.core.eligibility import Status
from app.core.overview import Overview, build_overview
from app.core.text import format_date_short
from app.store.figures import unit_resolution_rate
from app.store.review import load_candidates, load_meeting
from app.ui.models import STATUS_COLOURS, CandidatesModel
from app.ui.pages import Page, PageContext


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class OverviewPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        layout = QVBoxLayout(self)
        self.campaign_name = _label()
        self.campaign_name.setObjectName("pageTitle")
        self.campaign_period = _label()
        layout.addWidget(self.campaign_name)
        layout.addWidget(self.campaign_period)

        deadlines = QGroupBox("Thời hạn")
        self.deadlines = _label()
        QVBoxLayout(deadlines).addWidget(self.deadlines)
        layout.addWidget(deadlines)

        candidates = QGroupBox("Đối tượng xét và điều kiện")
        box = QVBoxLayout(candidates)
        self.model = CandidatesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CandidatesModel.REASONS, QHeaderView.ResizeMode.Stretch)
        # Rows grow to fit the wrapped reasons, at whatever width the column gets.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.table)
        self.quota = _label()
        box.addWidget(self.quota)
        layout.addWidget(candidates, 1)

        meeting = QGroupBox("Họp xét")
        self.meeting = _label()
        QVBoxLayout(meeting).addWidget(self.meeting)
        layout.addWidget(meeting)

    def show_context(self, context: PageContext) -> None:
        if context.campaign is None or context.campaign_id is None:
            self.show_overview(None)
            return
        db = context.store.db
        organisation = context.organisation
        meeting = load_meeting(db, context.campaign_id, organisation.id) if organisation else None
        candidates = load_candidates(db, context.campaign_id)
        rate, declared = None, False  # no register nor totals: "chưa có dữ liệu"
        if organisation is not None:
            rate, declared = unit_resolution_rate(
                db, organisation.id, context.campaign_id, context.campaign
            )
        overview = build_overview(
            context.campaign, candidates, meeting, self.today(), rate, declared
        )
        self.show_overview(overview)

    def show_overview(self, overview: Overview | None) -> None:
        if overview is None:
            self.campaign_name.setText("Chưa chọn đợt thi đua.")
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
