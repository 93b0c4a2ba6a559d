"""Counting a review meeting's vote (domain.md §4.2): quorum, threshold (of the total members
unless the council's rule counts those taking part), written opinions, ties."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from msgspec import Struct

from app.core.campaign import VoteRule
from app.core.text import format_percent
from app.errors import UserError


class VoteError(UserError):
    """Vote figures that cannot be true; the message is Vietnamese."""


class CandidateVotes(Struct, frozen=True):
    candidate_id: int
    name: str
    votes: int


class CandidateResult(Struct, frozen=True):
    candidate_id: int
    name: str
    votes: int
    share: Fraction  # of the rule's base: the total members unless it counts those taking part
    meets_threshold: bool

    @property
    def percent_text(self) -> str:
        return format_percent(self.share * 100)

    @property
    def verdict(self) -> str:
        """The vote's result as every table and document writes it."""
        return "Đạt" if self.meets_threshold else "Không đạt"


class VoteOutcome(Struct, frozen=True):
    total_members: int
    present: int
    quorum_met: bool
    results: tuple[CandidateResult, ...]  # highest votes first
    elected: tuple[int, ...]  # candidate ids proposed by the meeting
    tied: tuple[int, ...]  # candidates tied for the last seat: a new vote is needed
    written: int = 0  # absent members whose written opinion the rule counts
    base: int = 0  # what a share is of: all members, or those taking part (the rule's)

    @property
    def taking_part(self) -> int:
        return self.present + self.written

    def votes_text(self, result: CandidateResult) -> str:
        """ "7/9": a candidate's votes over the rule's base."""
        return f"{result.votes}/{self.base}"

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
                    f"{r.name} đạt {self.votes_text(r)} phiếu "
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


def taking_part(present: int, written: int, rule: VoteRule) -> int:
    """Those who take part in the vote (not in the quorum): present, and absentees' written
    opinions if the rule counts them."""
    return present + (written if rule.written_opinions else 0)


def vote_base(total_members: int, taking: int, rule: VoteRule) -> int:
    """What a candidate's share is of: all members, or those taking part (the rule's)."""
    return taking if rule.of_present else total_members


def meets_threshold(votes: int, base: int, rule: VoteRule) -> bool:
    """`base`: vote_base (the total members unless the rule counts those taking part)."""
    return base > 0 and _reaches(Fraction(votes, base), rule.threshold, rule.threshold_strict)


def quorum_met(total_members: int, present: int, rule: VoteRule) -> bool:
    """Those present make the quorum: a written opinion is a vote, not an attendance."""
    return total_members > 0 and _reaches(
        Fraction(present, total_members), rule.quorum, rule.quorum_strict
    )


def threshold_of(rule: VoteRule) -> str:
    """What the threshold is a share of, as the Biên bản says it."""
    if not rule.of_present:
        return "tổng số thành viên Hội đồng"
    if rule.written_opinions:
        return "số thành viên dự họp và có ý kiến bằng văn bản"
    return "số thành viên dự họp"


def count_votes(
    total_members: int,
    present: int,
    votes: Sequence[CandidateVotes],
    rule: VoteRule,
    seats: int,
    max_votes: int | None = None,
    written: int = 0,
) -> VoteOutcome:
    """max_votes: the valid ballots of a secret vote; defaults to those taking part.
    `written`: absent members who sent a written opinion (counted when the rule says so)."""
    if total_members < 1:
        raise VoteError("Tổng số thành viên phải từ 1 trở lên.")
    if not 0 <= present <= total_members:
        raise VoteError(
            f"Số thành viên có mặt ({present}) phải từ 0 đến tổng số thành viên ({total_members})."
        )
    counted_written = written if rule.written_opinions else 0
    taking = taking_part(present, written, rule)
    base = vote_base(total_members, taking, rule)
    ceiling = taking if max_votes is None else max_votes + counted_written
    for v in votes:
        if not 0 <= v.votes <= ceiling:
            what = "phiếu hợp lệ" if max_votes is not None else "thành viên có mặt"
            what += " và ý kiến bằng văn bản" if counted_written else ""
            raise VoteError(
                f"Số phiếu của {v.name} ({v.votes}) phải từ 0 đến {ceiling} (số {what})."
            )
    results = tuple(
        sorted(
            (
                CandidateResult(
                    v.candidate_id,
                    v.name,
                    v.votes,
                    Fraction(v.votes, base) if base else Fraction(0),
                    meets_threshold(v.votes, base, rule),
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
    return VoteOutcome(total_members, present, has_quorum, results, tuple(elected), tuple(tied),
                       counted_written, base)  # fmt: skip
