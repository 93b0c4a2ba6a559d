"""What the Tổng quan page shows: deadlines, each candidate's eligibility, quota, the vote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.core.campaign import Campaign, Deadline
from app.core.eligibility import CheckResult, Eligibility, Status, check_quota, evaluate
from app.core.entities import Candidate
from app.core.meeting import Meeting, meeting_outcome
from app.core.voting import VoteError, VoteOutcome


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: Deadline
    days_left: int  # negative once passed

    @property
    def text(self) -> str:
        if self.days_left > 0:
            return f"còn {self.days_left} ngày"
        if self.days_left == 0:
            return "hôm nay là hạn cuối"
        return f"đã quá hạn {-self.days_left} ngày"


@dataclass(frozen=True)
class Overview:
    campaign: Campaign
    deadlines: tuple[DeadlineStatus, ...]
    candidates: tuple[Eligibility, ...]
    quota: CheckResult
    vote: VoteOutcome | None
    vote_problem: str | None  # figures that cannot be counted, in Vietnamese


def build_overview(
    campaign: Campaign,
    candidates: Sequence[Candidate],
    meeting: Meeting | None,
    today: date,
    resolution_rate: Fraction | None = None,
    rate_declared: bool = False,
) -> Overview:
    """`resolution_rate`: the unit's rate from its register, or from its declared totals
    (`rate_declared`); None until there is either."""
    vote, problem = None, None
    if meeting is not None:
        try:
            vote = meeting_outcome(meeting, candidates, campaign)
        except VoteError as exc:
            problem = str(exc)
    return Overview(
        campaign=campaign,
        deadlines=tuple(DeadlineStatus(d, (d.date - today).days) for d in campaign.deadlines),
        candidates=tuple(evaluate(c, campaign, resolution_rate, rate_declared) for c in candidates),
        quota=check_quota([c for c in candidates if c.nominated], campaign),
        vote=vote,
        vote_problem=problem,
    )


def nomination_problem(overview: Overview, candidate_id: int) -> str | None:
    """Why the unit cannot propose this candidate now, in Vietnamese; None when it can: eligible,
    voted for by a quorate meeting above the threshold, within the campaign's quota."""
    entry = next(e for e in overview.candidates if e.candidate.id == candidate_id)
    name = entry.candidate.name
    if entry.status is Status.FAIL:
        return f"{name} không đủ điều kiện: " + " ".join(entry.reasons)
    if overview.vote is None:
        return overview.vote_problem or "Chưa có kết quả họp xét: nhập số phiếu trước khi đề nghị."
    if not overview.vote.quorum_met:
        return overview.vote.messages[0]
    result = next((r for r in overview.vote.results if r.candidate_id == candidate_id), None)
    if result is None:
        return f"{name} chưa có số phiếu trong kết quả họp xét."
    if not result.meets_threshold:
        return (
            f"{name} chưa đạt tỷ lệ phiếu yêu cầu ({result.votes}/{overview.vote.total_members} "
            f"phiếu, {result.percent_text})."
        )
    nominees = [e.candidate for e in overview.candidates if e.candidate.nominated]
    if entry.candidate.kind.value not in overview.campaign.quota_kinds:
        return f"Đợt thi đua không xét {entry.candidate.kind.label.lower()}."
    if len(nominees) >= overview.campaign.quota_per_unit:
        names = ", ".join(c.name for c in nominees)
        return (
            f"Vượt chỉ tiêu: đơn vị chỉ đề nghị {overview.campaign.quota_per_unit:02d} tập thể "
            f"hoặc cá nhân; hãy bỏ đề nghị {names} trước."
        )
    return None
