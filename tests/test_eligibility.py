"""Table-driven eligibility rules: ratings, discipline at the window's edges, missing data."""

from datetime import date
from fractions import Fraction

import pytest

from app.core.eligibility import (
    Status,
    check_declaration,
    check_discipline,
    check_quota,
    check_ratings,
    check_resolution_rate,
    evaluate,
)
from app.core.entities import Candidate, CandidateKind, Collective, DisciplineRecord, Person

GOOD = "Hoàn thành tốt nhiệm vụ"
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
PLAIN = "Hoàn thành nhiệm vụ"
FAILED = "Không hoàn thành nhiệm vụ"
YEARS = range(2020, 2026)


def all_years(rating: str) -> dict[int, str]:
    return dict.fromkeys(YEARS, rating)


@pytest.mark.parametrize(
    ("ratings", "status", "fragment"),
    [
        (all_years(GOOD), Status.PASS, "2020–2025"),
        (all_years(EXCELLENT), Status.PASS, ""),
        ({**all_years(GOOD), 2022: PLAIN}, Status.FAIL, "2022: Hoàn thành nhiệm vụ"),
        ({**all_years(GOOD), 2020: FAILED}, Status.FAIL, "2020"),
        ({**all_years(GOOD), 2025: PLAIN}, Status.FAIL, "2025"),
        ({y: GOOD for y in YEARS if y != 2024}, Status.MISSING, "thiếu xếp loại năm 2024"),
        ({}, Status.MISSING, "2020, 2021, 2022, 2023, 2024, 2025"),
        ({**all_years(GOOD), 2023: "Tốt"}, Status.MISSING, "2023 (“Tốt”)"),
        # A failing year outweighs missing ones: the candidate cannot pass whatever comes.
        ({2021: PLAIN}, Status.FAIL, "2021"),
        # Years outside the window do not count.
        ({**all_years(GOOD), 2019: FAILED}, Status.PASS, ""),
    ],
)
def test_ratings(campaign, ratings, status, fragment):
    result = check_ratings(ratings, campaign)
    assert result.status is status
    assert fragment in result.reason


def person_with(*decision_dates: date) -> Candidate:
    person = Person(
        1,
        "Phạm Quốc Dũng",
        disciplines=tuple(DisciplineRecord(d, "Khiển trách", "lý do") for d in decision_dates),
    )
    return Candidate.for_person(7, person, True)


@pytest.mark.parametrize(
    ("decision_date", "status"),
    [
        (date(2019, 12, 31), Status.PASS),  # the day before the window
        (date(2020, 1, 1), Status.FAIL),  # the window's first day
        (date(2023, 6, 15), Status.FAIL),
        (date(2025, 12, 31), Status.FAIL),  # the window's last day
        (date(2026, 1, 1), Status.PASS),  # the day after
    ],
)
def test_discipline_window_edges(campaign, decision_date, status):
    result = check_discipline(person_with(decision_date), campaign)
    assert result.status is status
    if status is Status.FAIL:
        assert "Khiển trách" in result.reason
        assert decision_date.strftime("%d/%m/%Y") in result.reason


def test_no_discipline_passes(campaign):
    assert check_discipline(person_with(), campaign).status is Status.PASS


def test_collective_fails_on_any_members_discipline(campaign):
    clean_member = Person(1, "Lê Minh Châu")
    disciplined = Person(
        2, "Bùi Đức Khang", disciplines=(DisciplineRecord(date(2021, 3, 1), "Cảnh cáo"),)
    )
    collective = Collective(3, "Bộ phận Tiếp công dân", members=(clean_member, disciplined))
    result = check_discipline(Candidate.for_collective(9, collective, True), campaign)
    assert result.status is Status.FAIL
    assert "Bùi Đức Khang: Cảnh cáo ngày 01/03/2021" in result.reason


@pytest.mark.parametrize(
    ("declaration", "status"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.MISSING)],
)
def test_no_pending_case_declaration(campaign, declaration, status):
    candidate = Candidate.for_person(1, Person(1, "A"), declaration)
    assert check_declaration(candidate, campaign).status is status


@pytest.mark.parametrize(
    ("rate", "status"),
    [
        (None, Status.MISSING),
        (Fraction(96), Status.PASS),  # "từ 96% trở lên"
        (Fraction(9599, 100), Status.FAIL),
        (Fraction(95999, 1000), Status.FAIL),  # displays as 96,00% but is below: unrounded wins
        (Fraction(100), Status.PASS),
    ],
)
def test_resolution_rate_against_threshold(campaign, rate, status):
    assert check_resolution_rate(rate, campaign).status is status


def nominee(kind: CandidateKind, cid: int) -> Candidate:
    return Candidate(cid, kind, f"Đối tượng {cid}", {}, (), True, True)


@pytest.mark.parametrize(
    ("nominees", "status"),
    [
        ([], Status.MISSING),
        ([nominee(CandidateKind.COLLECTIVE, 1)], Status.PASS),
        ([nominee(CandidateKind.INDIVIDUAL, 1)], Status.PASS),
        # "01 tập thể HOẶC 01 cá nhân": one of each is over the quota.
        ([nominee(CandidateKind.COLLECTIVE, 1), nominee(CandidateKind.INDIVIDUAL, 2)], Status.FAIL),
    ],
)
def test_quota_per_unit(campaign, nominees, status):
    assert check_quota(nominees, campaign).status is status


def test_quota_refuses_kind_the_campaign_does_not_award(campaign):
    from msgspec.structs import replace

    individuals_only = replace(campaign, quota_kinds=("individual",))
    result = check_quota([nominee(CandidateKind.COLLECTIVE, 1)], individuals_only)
    assert result.status is Status.FAIL


def test_overall_status_never_passes_on_missing_data(campaign):
    person = Person(1, "Lê Minh Châu", ratings=all_years(GOOD))
    complete = evaluate(Candidate.for_person(1, person, True), campaign, Fraction(97))
    assert complete.status is Status.PASS and complete.reasons == []
    no_rate = evaluate(Candidate.for_person(1, person, True), campaign)
    assert no_rate.status is Status.MISSING
    undeclared = evaluate(Candidate.for_person(1, person, None), campaign, Fraction(97))
    assert undeclared.status is Status.MISSING
    failed = evaluate(Candidate.for_person(1, person, False), campaign)
    assert failed.status is Status.FAIL
