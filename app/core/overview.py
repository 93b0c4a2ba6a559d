"""What the Tổng quan page shows: deadlines, each candidate's eligibility, quota, the vote."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from msgspec import Struct

from app.core.campaign import Campaign, Deadline
from app.core.eligibility import (
    DECLARATION,
    CheckResult,
    Eligibility,
    Status,
    check_quota,
    evaluate,
)
from app.core.entities import Candidate
from app.core.meeting import Meeting, meeting_outcome
from app.core.regime import Gate
from app.core.text import format_date_short
from app.core.voting import VoteError, VoteOutcome


class DeadlineStatus(Struct, frozen=True):
    deadline: Deadline
    days_left: int  # negative once passed

    @property
    def text(self) -> str:
        if self.days_left > 0:
            return f"còn {self.days_left} ngày"
        if self.days_left == 0:
            return "hôm nay là hạn cuối"
        return f"đã quá hạn {-self.days_left} ngày"


class Overview(Struct, frozen=True):
    campaign: Campaign
    deadlines: tuple[DeadlineStatus, ...]
    candidates: tuple[Eligibility, ...]
    quota: CheckResult
    vote: VoteOutcome | None
    vote_problem: str | None  # figures that cannot be counted, in Vietnamese
    meeting_date_problem: str | None = None  # a meeting held before the campaign ended


def build_overview(
    campaign: Campaign,
    candidates: Sequence[Candidate],
    meeting: Meeting | None,
    today: date,
    resolution_rate: Fraction | None = None,
    rate_declared: bool = False,
    gates: Sequence[Gate] = (),
) -> Overview:
    """`resolution_rate`: the unit's rate from its register, or from its declared totals
    (`rate_declared`); None until there is either. `gates`: the regime's (Decree 152 art. 4)."""
    vote, problem = None, None
    if meeting is not None:
        try:
            vote = meeting_outcome(meeting, candidates, campaign)
        except VoteError as exc:
            problem = str(exc)
    return Overview(
        campaign=campaign,
        deadlines=tuple(DeadlineStatus(d, (d.date - today).days) for d in campaign.deadlines),
        candidates=tuple(
            evaluate(c, campaign, resolution_rate, rate_declared, gates) for c in candidates
        ),
        quota=check_quota([c for c in candidates if c.nominated], campaign),
        vote=vote,
        vote_problem=problem,
        meeting_date_problem=_meeting_date_problem(meeting, campaign),
    )


def _meeting_date_problem(meeting: Meeting | None, campaign: Campaign) -> str | None:
    """A council that meets before the campaign's last day judges achievements the period has
    not finished producing (figures counted to the period's end include days after it)."""
    if meeting is None or meeting.started_at is None:
        return None
    held = meeting.started_at.date()
    if held > campaign.period_end:
        return None
    return (
        f"Cuộc họp xét ngày {format_date_short(held)} diễn ra trước khi đợt thi đua kết thúc "
        f"({format_date_short(campaign.period_end)}): thành tích và số liệu chưa trọn đợt — "
        "hãy kiểm tra lại ngày họp."
    )


def nomination_problem(overview: Overview, candidate_id: int) -> str | None:
    """Why the unit cannot propose this candidate now, in Vietnamese; None when it can: eligible,
    voted for by a quorate meeting above the threshold, within the campaign's quota."""
    entry = next(e for e in overview.candidates if e.candidate.id == candidate_id)
    problem = _standing(overview, entry)
    if problem:
        return problem
    nominees = [e.candidate for e in overview.candidates if e.candidate.nominated]
    if len(nominees) >= overview.campaign.quota_per_unit:
        names = ", ".join(c.name for c in nominees)
        return (
            f"Vượt chỉ tiêu: đơn vị chỉ đề nghị {overview.campaign.quota_per_unit:02d} tập thể "
            f"hoặc cá nhân; hãy bỏ đề nghị {names} trước."
        )
    return None


def dossier_problems(overview: Overview) -> list[str]:
    """Why no dossier can be built from the data as it is, in Vietnamese; empty when it can.
    A nomination stored once may no longer stand (votes corrected, members changed, a
    database edited): the documents would then propose what their own tables contradict."""
    vote = overview.vote
    if vote is None:
        return [
            f"Số liệu họp xét không thể đúng: {overview.vote_problem}"
            if overview.vote_problem
            else "Chưa có kết quả họp xét (trang Họp xét): Hội đồng chưa họp và bỏ phiếu thì "
            "hồ sơ không đề nghị được ai."
        ]
    nominees = [e for e in overview.candidates if e.candidate.nominated]
    if not nominees:
        return ["Đơn vị chưa đề nghị đối tượng nào (trang Họp xét): hồ sơ không có ai để đề nghị."]
    problems = [p for e in nominees if (p := _standing(overview, e, eligibility=False))]
    problems += [  # the Báo cáo thành tích commits to the opposite of what was declared
        f"{e.candidate.name} — {c.reason} Báo cáo thành tích không thể cam kết điều ngược lại."
        for e in nominees
        for c in e.checks
        if c.criterion == DECLARATION and c.status is Status.FAIL
    ]
    if len(nominees) > overview.campaign.quota_per_unit:
        problems.append(
            f"Vượt chỉ tiêu: {len(nominees):02d} đối tượng được đề nghị, đợt thi đua chỉ cho "
            f"{overview.campaign.quota_per_unit:02d}."
        )
    return list(dict.fromkeys(problems))  # a missing quorum is every nominee's problem once


def _standing(overview: Overview, entry: Eligibility, eligibility: bool = True) -> str | None:
    """Whether the meeting's vote and the campaign carry this candidate (and, with
    `eligibility`, its criteria: a dossier may still go to the Inspectorate with a criterion
    unmet, flagged in its warnings, but the unit cannot choose such a candidate)."""
    name = entry.candidate.name
    if eligibility and entry.status is Status.FAIL:
        return f"{name} không đủ điều kiện: " + " ".join(entry.reasons)
    if entry.candidate.kind.value not in overview.campaign.quota_kinds:
        return f"Đợt thi đua không xét {entry.candidate.kind.label.lower()}."
    vote = overview.vote
    if vote is None:
        return overview.vote_problem or "Chưa có kết quả họp xét: nhập số phiếu trước khi đề nghị."
    if not vote.quorum_met:
        return vote.messages[0]
    result = next((r for r in vote.results if r.candidate_id == entry.candidate.id), None)
    if result is None:
        return f"{name} chưa có số phiếu trong kết quả họp xét."
    if not result.meets_threshold:
        return (
            f"{name} chưa đạt tỷ lệ phiếu yêu cầu ({vote.votes_text(result)} "
            f"phiếu, {result.percent_text})."
        )
    return None
