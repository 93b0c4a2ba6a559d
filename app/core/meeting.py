"""The unit's review meeting (họp xét) as data, and its vote outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from msgspec import Struct, field

from app.core.campaign import Campaign
from app.core.entities import Candidate
from app.core.voting import CandidateVotes, VoteError, VoteOutcome, count_votes


class VotingMode(StrEnum):
    SHOW_OF_HANDS = "show_of_hands"
    SECRET_BALLOT = "secret_ballot"

    @property
    def label(self) -> str:
        return "Biểu quyết giơ tay" if self is VotingMode.SHOW_OF_HANDS else "Bỏ phiếu kín"


class MeetingMember(Struct, frozen=True):
    name: str
    role: str = ""
    present: bool = True
    absence_reason: str = ""
    written_opinion: str = ""
    person_id: int | None = None
    id: int | None = None
    ballot_role: str = ""  # on the ban kiểm phiếu of a secret ballot: "Trưởng ban", "Thành viên"


class Meeting(Struct, frozen=True):
    id: int | None
    started_at: datetime | None
    ended_at: datetime | None
    place: str
    chair_name: str
    secretary_name: str
    total_members: int  # per the council's founding decision
    voting_mode: VotingMode
    members: tuple[MeetingMember, ...] = ()
    votes: dict[int, int] = field(default_factory=dict)  # candidate id → votes for
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    ballots_valid: int | None = None
    ballots_invalid: int | None = None

    @property
    def present(self) -> int:
        return sum(1 for m in self.members if m.present)

    @property
    def written_opinions(self) -> int:
        """Absent members who sent their opinion in writing."""
        return sum(1 for m in self.members if not m.present and m.written_opinion.strip())


def meeting_outcome(
    meeting: Meeting, candidates: Sequence[Candidate], campaign: Campaign
) -> VoteOutcome:
    """The vote counted; VoteError when the meeting's own figures contradict each other (a
    Biên bản would print "có mặt 9; vắng mặt 1" beside "9/9")."""
    if len(meeting.members) > meeting.total_members > 0:
        raise VoteError(
            f"Danh sách có {len(meeting.members)} thành viên, nhiều hơn tổng số thành viên theo "
            f"quyết định thành lập ({meeting.total_members}): sửa danh sách hoặc tổng số."
        )
    secret = meeting.voting_mode is VotingMode.SECRET_BALLOT
    if secret:
        _check_ballots(meeting)
    names = {c.id: c.name for c in candidates}
    votes = [
        CandidateVotes(cid, names.get(cid, f"#{cid}"), count)
        for cid, count in meeting.votes.items()
    ]
    return count_votes(
        meeting.total_members,
        meeting.present,
        votes,
        campaign.vote,
        seats=campaign.quota_per_unit,
        max_votes=meeting.ballots_valid if secret else None,
        written=meeting.written_opinions,
    )


def _check_ballots(meeting: Meeting) -> None:
    """The counts a Biên bản kiểm phiếu prints, refused when they cannot all be true: no more
    ballots issued than members, none returned that were not issued, and every ballot returned
    either valid or not."""
    issued, returned = meeting.ballots_issued, meeting.ballots_returned
    valid, invalid = meeting.ballots_valid, meeting.ballots_invalid
    if issued is not None and issued > meeting.total_members > 0:
        raise VoteError(
            f"Số phiếu phát ra ({issued}) nhiều hơn tổng số thành viên ({meeting.total_members})."
        )
    if issued is not None and returned is not None and returned > issued:
        raise VoteError(f"Số phiếu thu vào ({returned}) nhiều hơn số phiếu phát ra ({issued}).")
    if (
        returned is not None
        and valid is not None
        and invalid is not None
        and (valid + invalid != returned)
    ):
        raise VoteError(
            f"Số phiếu hợp lệ ({valid}) và không hợp lệ ({invalid}) cộng lại phải bằng số "
            f"phiếu thu vào ({returned})."
        )


def vote_outcome(
    meeting: Meeting | None, candidates: Sequence[Candidate], campaign: Campaign
) -> VoteOutcome | None:
    """The meeting's result, or None before there is a meeting or when its figures cannot be
    true (the Tổng quan page says why; no document prints a result from them)."""
    if meeting is None:
        return None
    try:
        return meeting_outcome(meeting, candidates, campaign)
    except VoteError:
        return None
