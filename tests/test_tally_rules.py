"""Every rule of domain.md §6.2, one small register per rule."""

from datetime import date
from fractions import Fraction

import pytest

from app.core.petitions import Outcome, Petition, PetitionType, Processing
from app.core.tally import data_errors, processing, rate_text, resolution

FROM, TO = date(2025, 1, 1), date(2025, 10, 31)
ALL = frozenset(PetitionType)
KN, TC, KNPA = PetitionType.COMPLAINT, PetitionType.DENUNCIATION, PetitionType.PETITION
DONE, PENDING = Outcome.RESOLVED, Outcome.PENDING


def d(text: str) -> date:
    return date.fromisoformat(text)


def pet(
    key,
    received,
    *,
    type=KN,
    eligible=True,
    authority=True,
    case="",
    outcome=None,
    resolved=None,
    deadline=None,
    officer="Lan",
    processing=Processing.ACCEPTED,
):
    return Petition(
        key=key,
        received=d(received) if received else None,
        type=type,
        eligible=eligible,
        in_authority=authority,
        processing=processing,
        case_key=case,
        officer=officer,
        deadline=d(deadline) if deadline else None,
        outcome=outcome,
        resolved_on=d(resolved) if resolved else None,
    )


def figures(petitions, types=ALL):
    r = resolution(petitions, FROM, TO, types)
    return (len(r.carried_over), len(r.new), r.denominator, len(r.resolved), r.rate)


CASES = {
    "carry-over resolved in the period": (
        [pet("1", "2024-11-10", outcome=DONE, resolved="2025-02-01")],
        (1, 0, 1, 1, Fraction(100)),
    ),
    "carry-over resolved before the period is left out": (
        [pet("1", "2024-11-10", outcome=DONE, resolved="2024-12-31")],
        (0, 0, 0, 0, None),
    ),
    "carry-over resolved on the first day is still carried over": (
        [pet("1", "2024-11-10", outcome=DONE, resolved="2025-01-01")],
        (1, 0, 1, 1, Fraction(100)),
    ),
    "carry-over still pending": (
        [pet("1", "2024-06-01", outcome=PENDING)],
        (1, 0, 1, 0, Fraction(0)),
    ),
    "several petitions on one case count once, from the earliest": (
        [
            pet("1", "2024-12-20", case="VV", outcome=PENDING),
            pet("2", "2025-02-01", case="VV", outcome=DONE, resolved="2025-03-01"),
            pet("3", "2025-03-05", case="VV", outcome=PENDING),
        ],
        (1, 0, 1, 1, Fraction(100)),
    ),
    "withdrawn and suspended cases are resolved": (
        [
            pet("1", "2025-02-01", outcome=Outcome.WITHDRAWN, resolved="2025-02-10"),
            pet("2", "2025-02-01", outcome=Outcome.SUSPENDED, resolved="2025-03-10"),
            pet("3", "2025-02-01", outcome=Outcome.IN_PROGRESS),
        ],
        (0, 3, 3, 2, Fraction(200, 3)),
    ),
    "ineligible and out-of-authority petitions are not counted": (
        [
            pet("1", "2025-02-01", eligible=False, outcome=DONE, resolved="2025-02-10"),
            pet("2", "2025-02-01", authority=False, outcome=DONE, resolved="2025-02-10"),
            pet("3", "2025-02-01", outcome=PENDING),
        ],
        (0, 1, 1, 0, Fraction(0)),
    ),
    "resolution after the period's end does not count": (
        [pet("1", "2025-10-01", outcome=DONE, resolved="2025-11-01")],
        (0, 1, 1, 0, Fraction(0)),
    ),
    "resolution on the period's last day counts": (
        [pet("1", "2025-10-31", outcome=DONE, resolved="2025-10-31")],
        (0, 1, 1, 1, Fraction(100)),
    ),
    "received after the period is left out": (
        [pet("1", "2025-11-01", outcome=DONE, resolved="2025-11-02")],
        (0, 0, 0, 0, None),
    ),
    "zero denominator is 'không phát sinh'": ([], (0, 0, 0, 0, None)),
    "the earliest closing date resolves the case": (
        [
            pet("1", "2025-09-01", case="X", outcome=DONE, resolved="2025-11-15"),
            pet("2", "2025-09-10", case="X", outcome=DONE, resolved="2025-10-20"),
        ],
        (0, 1, 1, 1, Fraction(100)),
    ),
}


@pytest.mark.parametrize(("petitions", "expected"), CASES.values(), ids=CASES.keys())
def test_resolution_rule(petitions, expected):
    assert figures(petitions) == expected


def test_zero_denominator_text():
    assert rate_text(None) == "không phát sinh"
    assert rate_text(Fraction(2200, 28)) == "78,57%"


def test_case_type_and_deadline_come_from_the_earliest_counted_petition():
    # §6.2.1–2 taken literally: petitions are filtered by the counted types first, then grouped.
    petitions = [
        pet(
            "2",
            "2025-03-01",
            type=KN,
            case="X",
            deadline="2025-04-01",
            outcome=DONE,
            resolved="2025-03-20",
        ),
        pet("1", "2025-02-01", type=KNPA, case="X", deadline="2025-03-10"),
    ]
    every_type = resolution(petitions, FROM, TO, ALL)
    (case,) = every_type.new
    assert (case.type, case.received, case.deadline) == (KNPA, d("2025-02-01"), d("2025-03-10"))
    assert len(every_type.on_time) == 0  # resolved 20/03, after the earliest deadline 10/03
    kntc = resolution(petitions, FROM, TO, frozenset({KN, TC}))
    (case,) = kntc.new  # only the KN petition is counted here: it alone makes the case
    assert (case.type, case.received, case.deadline) == (KN, d("2025-03-01"), d("2025-04-01"))
    assert len(kntc.on_time) == 1


def test_on_time_and_unknown_deadline():
    petitions = [
        pet("1", "2025-02-01", deadline="2025-03-01", outcome=DONE, resolved="2025-03-01"),
        pet("2", "2025-02-01", deadline="2025-03-01", outcome=DONE, resolved="2025-03-02"),
        pet("3", "2025-02-01", outcome=DONE, resolved="2025-03-02"),
        pet("4", "2025-02-01", deadline="2025-03-01", outcome=PENDING),
    ]
    r = resolution(petitions, FROM, TO, ALL)
    assert (len(r.on_time), len(r.unknown_deadline), r.with_known_deadline) == (1, 1, 2)
    assert r.on_time_rate == Fraction(50)


def test_on_time_rate_without_any_known_deadline_is_not_applicable():
    r = resolution([pet("1", "2025-02-01", outcome=DONE, resolved="2025-03-02")], FROM, TO, ALL)
    assert r.on_time_rate is None and len(r.unknown_deadline) == 1


ERRORS = {
    "missing received date": (pet("1", None), "Thiếu ngày nhận đơn."),
    "unknown type": (pet("1", "2025-02-01", type=None), "Thiếu loại đơn."),
    "resolved without a date": (
        pet("1", "2025-02-01", outcome=DONE),
        "Đã có kết quả giải quyết nhưng thiếu ngày giải quyết.",
    ),
    "resolved before received": (
        pet("1", "2025-02-01", outcome=DONE, resolved="2025-01-31"),
        "Ngày giải quyết trước ngày nhận đơn.",
    ),
    "a date on a case still pending": (
        pet("1", "2025-02-01", outcome=Outcome.IN_PROGRESS, resolved="2025-03-01"),
        "Có ngày giải quyết nhưng kết quả chưa phải đã giải quyết, rút đơn hay đình chỉ.",
    ),
    "eligibility unknown": (pet("1", "2025-02-01", eligible=None), "Thiếu “Đủ điều kiện xử lý”."),
}


@pytest.mark.parametrize(("petition", "reason"), ERRORS.values(), ids=ERRORS.keys())
def test_data_error_rows_are_reported_and_left_out(petition, reason):
    good = pet("ok", "2025-02-01", outcome=DONE, resolved="2025-02-02")
    errors = data_errors([good, petition])
    assert [(e.petition.key, e.reason) for e in errors] == [("1", reason)]
    assert figures([good, petition]) == (0, 1, 1, 1, Fraction(100))
    assert len(processing([good, petition], FROM, TO).received) == 1


def test_processing_rate_counts_every_petition_received():
    petitions = [
        pet("1", "2025-02-01", eligible=False, processing=Processing.FILED),
        pet("2", "2025-02-01", authority=False, processing=Processing.FORWARDED),
        pet("3", "2025-02-01", type=KNPA, processing=None),
        pet("4", "2024-12-31", processing=None),  # before the period
    ]
    figures_ = processing(petitions, FROM, TO)
    assert (len(figures_.received), len(figures_.processed)) == (3, 2)
    assert figures_.rate == Fraction(200, 3)
    assert processing([], FROM, TO).rate is None


def test_narrowed_cases_equal_cases_built_afresh():
    import random

    from app.core.tally import KNTC, counted_cases, narrowed, split_errors

    rng = random.Random(7)
    petitions = [
        pet(
            str(i),
            f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            type=rng.choice([KN, TC, KNPA]),
            case=rng.choice(["", "", "", "A", "B", "C"]),
            eligible=rng.random() < 0.9,
            outcome=rng.choice([DONE, PENDING, None]),
            resolved="2025-10-01" if rng.random() < 0.5 else None,
        )
        for i in range(400)
    ]
    good, _ = split_errors(petitions)

    def facts(cases):
        return sorted((c.key, c.received, c.type, c.resolved_on, len(c.petitions)) for c in cases)

    assert facts(narrowed(counted_cases(good, ALL), good, ALL, KNTC)) == facts(
        counted_cases(good, KNTC)
    )
