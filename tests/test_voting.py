"""Vote counting (domain.md §4.2): quorum ≥ 2/3 present, > 50% of TOTAL members, ties."""

from fractions import Fraction

import pytest

from app.core.campaign import VoteRule
from app.core.voting import CandidateVotes, VoteError, count_votes, quorum_met

DEFAULT = VoteRule(Fraction(1, 2), True, Fraction(2, 3), False)


def votes(*counts: int) -> list[CandidateVotes]:
    return [CandidateVotes(i + 1, f"Ứng viên {i + 1}", n) for i, n in enumerate(counts)]


@pytest.mark.parametrize(
    ("total", "present", "met"),
    [(9, 6, True), (9, 5, False), (9, 9, True), (3, 2, True), (10, 6, False), (10, 7, True)],
)
def test_quorum_is_two_thirds_inclusive(total, present, met):
    assert quorum_met(total, present, DEFAULT) is met


def test_threshold_counts_against_total_members_not_those_present():
    # 9 members, 6 present, 4 votes: 4/6 of those present but only 4/9 of members.
    outcome = count_votes(9, 6, votes(4), DEFAULT, seats=1)
    assert outcome.quorum_met
    assert not outcome.results[0].meets_threshold
    assert outcome.elected == ()


@pytest.mark.parametrize(("for_", "meets"), [(5, True), (4, False)])
def test_more_than_half_is_strict(for_, meets):
    # 8 members: 4 is exactly half, not "more than half".
    outcome = count_votes(8, 8, votes(for_), DEFAULT, seats=1)
    assert outcome.results[0].meets_threshold is meets


def test_presets_such_as_two_thirds_at_least():
    rule = VoteRule(Fraction(2, 3), False, Fraction(2, 3), False)
    assert count_votes(9, 9, votes(6), rule, seats=1).results[0].meets_threshold
    assert not count_votes(9, 9, votes(5), rule, seats=1).results[0].meets_threshold


def test_highest_passing_candidate_takes_the_single_seat():
    outcome = count_votes(9, 8, votes(5, 7, 1), DEFAULT, seats=1)
    assert outcome.elected == (2,)
    assert [r.votes for r in outcome.results] == [7, 5, 1]
    assert outcome.results[0].percent_text == "77,78%"


def test_tie_for_the_last_seat_elects_nobody_and_asks_for_a_new_vote():
    outcome = count_votes(9, 9, votes(6, 6, 2), DEFAULT, seats=1)
    assert outcome.elected == ()
    assert set(outcome.tied) == {1, 2}
    assert any("bỏ phiếu lại" in m for m in outcome.messages)


def test_tie_below_the_cut_does_not_matter():
    outcome = count_votes(9, 9, votes(8, 6, 6), DEFAULT, seats=1)
    assert outcome.elected == (1,) and outcome.tied == ()


def test_without_quorum_nobody_is_elected():
    outcome = count_votes(9, 5, votes(5), DEFAULT, seats=1)
    assert not outcome.quorum_met
    assert outcome.elected == ()
    assert "Không đủ số thành viên" in outcome.messages[0]


@pytest.mark.parametrize(
    ("total", "present", "counts", "max_votes", "message"),
    [
        (0, 0, (0,), None, "Tổng số thành viên"),
        (9, 10, (1,), None, "có mặt"),
        (9, 6, (7,), None, "thành viên có mặt"),
        (9, 9, (8,), 7, "phiếu hợp lệ"),
        (9, 9, (-1,), None, "phải từ 0"),
    ],
)
def test_impossible_figures_are_refused(total, present, counts, max_votes, message):
    with pytest.raises(VoteError, match=message):
        count_votes(total, present, votes(*counts), DEFAULT, seats=1, max_votes=max_votes)
