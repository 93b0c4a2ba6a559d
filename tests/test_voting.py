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


# A council's own rules (issue 19, point 5): share of those taking part, absent members' written
# opinions counted, attendance of 80 % when awards are considered.
OF_PRESENT = VoteRule(Fraction(1, 2), True, Fraction(2, 3), False, of_present=True)
WRITTEN = VoteRule(Fraction(1, 2), True, Fraction(2, 3), False, of_present=True,
                   written_opinions=True)  # fmt: skip
EIGHTY = VoteRule(Fraction(1, 2), True, Fraction(4, 5), False)


@pytest.mark.parametrize(
    ("rule", "total", "present", "written", "for_", "quorum", "meets", "base"),
    [
        (DEFAULT, 9, 6, 0, 4, True, False, 9),  # 4/9 of the members
        (OF_PRESENT, 9, 6, 0, 4, True, True, 6),  # 4/6 of those present
        (OF_PRESENT, 9, 6, 0, 3, True, False, 6),  # exactly half: not more than half
        (OF_PRESENT, 9, 5, 1, 3, False, True, 5),  # the opinion not counted: 5/9 present
        (WRITTEN, 9, 5, 1, 4, False, True, 6),  # counted in the vote (4/6), not the quorum
        (WRITTEN, 9, 6, 1, 4, True, True, 7),  # 6/9 present; 4 of the 7 who voted
        (WRITTEN, 9, 6, 1, 3, True, False, 7),  # 3/7 is less than half
        (EIGHTY, 9, 7, 0, 6, False, True, 9),  # 7/9 = 77.8 % is below 80 %
        (EIGHTY, 10, 8, 0, 6, True, True, 10),  # 8/10 = 80 %, "từ … trở lên"
    ],
)  # fmt: skip
def test_the_councils_rule_decides_the_base_the_quorum_and_the_written_opinions(
    rule, total, present, written, for_, quorum, meets, base
):
    outcome = count_votes(total, present, votes(for_), rule, seats=1, written=written)
    assert (outcome.quorum_met, outcome.results[0].meets_threshold, outcome.base) == (
        quorum,
        meets,
        base,
    )
    assert outcome.votes_text(outcome.results[0]) == f"{for_}/{base}"
    assert outcome.elected == ((1,) if quorum and meets else ())


def test_a_counted_written_opinion_is_a_vote_the_figures_may_hold():
    with pytest.raises(VoteError, match=r"phải từ 0 đến 5 \(số thành viên có mặt\)"):
        count_votes(9, 5, votes(6), OF_PRESENT, seats=1, written=1)
    outcome = count_votes(9, 5, votes(6), WRITTEN, seats=1, written=1)
    assert outcome.taking_part == 6 and outcome.results[0].percent_text == "100,00%"
    with pytest.raises(VoteError, match="và ý kiến bằng văn bản"):
        count_votes(9, 5, votes(7), WRITTEN, seats=1, written=1)


def test_written_opinions_never_make_a_quorum_of_an_empty_room():
    rule = VoteRule(Fraction(1, 2), True, Fraction(1, 2), False, of_present=True,
                    written_opinions=True)  # fmt: skip
    outcome = count_votes(5, 0, votes(3), rule, seats=1, written=3)
    assert not outcome.quorum_met and outcome.elected == ()
