"""Counting a review meeting's vote (domain.md §4.2): quorum, threshold of TOTAL members, ties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.core.campaign import VoteRule
from app.core.text import format_percent
from app.errors import UserError


class VoteError(UserError):
    """Vote figures that cannot be true; the message is Vietnamese."""


@dataclass(frozen=True)
class CandidateVotes:
    candidate_id: int
    name: str
    votes: int


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: int
    name: str
    votes: int
    share: Fraction  # of the total members, not of those present
    meets_threshold: bool

    @property
    def percent_text(self) -> str:
        return format_percent(self.share * 100)

    @property
    def verdict(self) -> str:
        """The vote's result as every table and document writes it."""
        return "Đạt" if self.meets_threshold else "Không đạt"


@dataclass(frozen=True)
class VoteOutcome:
    total_members: int
    present: int
    quorum_met: bool
    results: tuple[CandidateResult, ...]  # highest votes first
    elected: tuple[int, ...]  # candidate ids proposed by the meeting
    tied: tuple[int, ...]  # candidates tied for the last seat: a new vote is needed

    @property
    def messages(self) -> list[str]:
        out = []
        if not self.quorum_met:
            out.append(
                f"Không đủ số thành viên dự họp: có mặt {self.present}/{self.total_members}."
            )
        for r in self.results:
            if not r.meets_threshold:
                out.append(
                    f"{r.name} đạt {r.votes}/{self.total_members} phiếu "
                    f"({r.percent_text}), chưa đạt tỷ lệ yêu cầu."
                )
        if self.tied:
            names = ", ".join(r.name for r in self.results if r.candidate_id in self.tied)
            out.append(f"Số phiếu bằng nhau ở vị trí cuối cùng: {names} — cần bỏ phiếu lại.")
        return out


def _reaches(value: Fraction, bar: Fraction, strict: bool) -> bool:
    return value > bar if strict else value >= bar


_SHARES = {Fraction(1, 2): "một nửa", Fraction(2, 3): "hai phần ba", Fraction(3, 4): "ba phần tư"}


def share_rule_text(share: Fraction, strict: bool, of: str) -> str:
    """A rule's share of `of` as the Biên bản states it: "trên một nửa tổng số thành viên",
    "từ hai phần ba tổng số thành viên trở lên"."""
    name = _SHARES.get(share) or format_percent(share * 100)
    return f"trên {name} {of}" if strict else f"từ {name} {of} trở lên"


def meets_threshold(votes: int, total_members: int, rule: VoteRule) -> bool:
    return total_members > 0 and _reaches(
        Fraction(votes, total_members), rule.threshold, rule.threshold_strict
    )


def quorum_met(total_members: int, present: int, rule: VoteRule) -> bool:
    return total_members > 0 and _reaches(
        Fraction(present, total_members), rule.quorum, rule.quorum_strict
    )


def count_votes(
    total_members: int,
    present: int,
    votes: Sequence[CandidateVotes],
    rule: VoteRule,
    seats: int,
    max_votes: int | None = None,
) -> VoteOutcome:
    """max_votes: the valid ballots of a secret vote; defaults to the members present."""
    if total_members < 1:
        raise VoteError("Tổng số thành viên phải từ 1 trở lên.")
    if not 0 <= present <= total_members:
        raise VoteError(
            f"Số thành viên có mặt ({present}) phải từ 0 đến tổng số thành viên ({total_members})."
        )
    ceiling = present if max_votes is None else max_votes
    for v in votes:
        if not 0 <= v.votes <= ceiling:
            raise VoteError(
                f"Số phiếu của {v.name} ({v.votes}) phải từ 0 đến {ceiling} "
                f"(số {'phiếu hợp lệ' if max_votes is not None else 'thành viên có mặt'})."
            )
    results = tuple(
        sorted(
            (
                CandidateResult(
                    v.candidate_id,
                    v.name,
                    v.votes,
                    Fraction(v.votes, total_members),
                    meets_threshold(v.votes, total_members, rule),
                )
                for v in votes
            ),
            key=lambda r: -r.votes,
        )
    )
    has_quorum = quorum_met(total_members, present, rule)
    passing = [r for r in results if r.meets_threshold] if has_quorum else []
    elected: list[int] = [r.candidate_id for r in passing]
    tied: list[int] = []
    if len(passing) > seats:
        cut = passing[seats - 1].votes
        above = [r.candidate_id for r in passing if r.votes > cut]
        at_cut = [r.candidate_id for r in passing if r.votes == cut]
        if len(above) + len(at_cut) > seats:
            elected, tied = above, at_cut
        else:
            elected = above + at_cut
    return VoteOutcome(total_members, present, has_quorum, results, tuple(elected), tuple(tied))
