"""A hand-computed register of 42 rows: every expected figure below was counted by hand from
the table (the reasoning is in the comments), not produced by the code under test."""

from datetime import date
from fractions import Fraction

from app.core.petitions import Outcome, Petition, PetitionType, Processing
from app.core.tally import KNTC, by_month, rate_text, resolution, tally, tally_and_breakdown

FROM, TO = date(2025, 1, 1), date(2025, 10, 31)
TYPE = {
    "KN": PetitionType.COMPLAINT,
    "TC": PetitionType.DENUNCIATION,
    "KNPA": PetitionType.PETITION,
}
OUTCOME = {
    "Đã": Outcome.RESOLVED,
    "Chưa": Outcome.PENDING,
    "Đang": Outcome.IN_PROGRESS,
    "Rút": Outcome.WITHDRAWN,
    "ĐC": Outcome.SUSPENDED,
    "": None,
}
PROCESSING = {
    "TL": Processing.ACCEPTED,
    "Lưu": Processing.FILED,
    "Chuyển": Processing.FORWARDED,
    "HD": Processing.GUIDED,
    "": None,
}

# id, received, type, eligible, authority, processing, case, officer, deadline, outcome, resolved
REGISTER = """
1  2024-10-05 KN   C C TL     .   Lan   2024-12-05 Đã   2025-01-20
2  2024-11-12 TC   C C TL     .   Lan   .          Đã   2024-12-30
3  2024-12-01 KNPA C C TL     .   Khang .          Chưa .
4  2024-12-15 KN   C C TL     .   Khang 2025-01-15 Đã   2025-11-10
5  2024-09-01 KNPA C C TL     .   Lan   2025-03-01 Rút  2025-02-02
6  2024-12-20 KN   K C Lưu    .   Lan   .          .    .
7  2025-01-06 KN   C C TL     .   Lan   2025-02-05 Đã   2025-02-01
8  2025-01-10 TC   C C TL     .   Khang 2025-03-10 Đã   2025-03-20
9  2025-01-15 KNPA C C TL     .   Lan   2025-02-14 Đã   2025-02-10
10 2025-02-03 KNPA C K Chuyển .   Lan   .          .    .
11 2025-02-05 KNPA K C HD     .   Khang .          .    .
12 2025-02-10 KN   C C TL     VV1 Lan   2025-03-12 Đã   2025-03-01
13 2025-02-20 KN   C C TL     VV1 Lan   2025-03-22 Đã   2025-03-05
14 2025-03-02 KN   C C .      VV1 Lan   .          Chưa .
15 2025-03-05 TC   C C TL     .   Khang 2025-05-05 ĐC   2025-04-01
16 2025-03-10 KNPA C C TL     .   Lan   .          Đã   2025-04-10
17 2025-03-15 KNPA C C TL     .   Lan   .          Đã   2025-04-15
18 2025-03-20 KN   C C TL     .   Khang 2025-05-20 Đang .
19 2025-04-01 KNPA C C TL     .   Lan   2025-05-01 Đã   2025-04-25
20 2025-04-05 KNPA C C TL     .   Khang 2025-05-05 Đã   2025-05-06
21 2025-04-10 TC   C C TL     VV2 Khang 2025-06-10 Chưa .
22 2025-05-12 TC   C C TL     VV2 Khang 2025-07-12 Rút  2025-06-01
23 2025-05-01 KNPA C C TL     .   Lan   2025-06-01 Đã   2025-05-20
24 2025-05-15 KN   C C TL     .   Lan   2025-06-15 Đã   2025-06-10
25 2025-06-01 KNPA C C Lưu    .   Khang .          .    .
26 2025-06-10 KNPA C C TL     .   Lan   2025-07-10 Đã   2025-07-01
27 2025-07-01 KN   C C TL     .   Khang 2025-08-01 Đã   2025-07-30
28 2025-07-15 KNPA C C TL     .   Lan   2025-08-15 Đã   2025-08-20
29 2025-08-01 KNPA C C TL     .   Lan   2025-09-01 Đã   2025-08-25
30 2025-08-20 TC   C C TL     .   Khang 2025-10-20 Đã   2025-10-15
31 2025-09-05 KNPA C C TL     .   Lan   2025-10-05 Đã   2025-10-01
32 2025-09-20 KN   C C TL     .   Lan   2025-10-20 Đã   2025-11-03
33 2025-10-10 KNPA C C TL     .   Khang 2025-11-10 Chưa .
34 2025-10-31 KNPA C C TL     .   Lan   2025-11-30 Đã   2025-10-31
35 2025-11-02 KN   C C TL     .   Lan   .          Đã   2025-11-20
36 2025-05-05 KN   C C TL     .   Lan   .          Đã   .
37 2025-06-06 KNPA C C TL     .   Khang .          Đã   2025-06-01
38 .          KN   C C TL     .   Lan   .          Chưa .
39 2025-07-07 KNPA C C TL     .   Khang .          Đang 2025-07-20
40 2025-02-14 KNPA C C TL     VV3 Lan   2025-03-14 Chưa .
41 2025-03-01 KN   C C TL     VV3 Lan   2025-04-01 Đã   2025-03-10
42 2025-08-08 KN   K C Lưu    .   Lan   .          .    .
"""


def parse(line: str) -> Petition:
    key, rec, typ, elig, auth, proc, case, officer, deadline, outcome, resolved = line.split()

    def day(text: str) -> date | None:
        return None if text == "." else date.fromisoformat(text)

    return Petition(
        key=key,
        received=day(rec),
        type=TYPE[typ],
        eligible=elig == "C",
        in_authority=auth == "C",
        processing=PROCESSING[proc.strip(".")],
        case_key=case.strip("."),
        officer=officer,
        deadline=day(deadline),
        outcome=OUTCOME[outcome.strip(".")],
        resolved_on=day(resolved),
    )


PETITIONS = [parse(line) for line in REGISTER.strip().splitlines()]
RESULT = tally(PETITIONS, [], FROM, TO, frozenset(PetitionType))


def keys(cases) -> list[str]:
    """Each case named by its earliest petition's id."""
    return sorted((c.first.key for c in cases), key=lambda k: (len(k), k))


def test_the_register_has_42_rows():
    assert len(PETITIONS) == 42


def test_campaign_resolution_rate():
    r = RESULT.resolution
    # Carried over: 1, 3, 4, 5 (2 was resolved 30/12/2024, before the period; 6 ineligible).
    assert keys(r.carried_over) == ["1", "3", "4", "5"]
    # New: 24 cases; VV1 = 12+13+14, VV2 = 21+22, VV3 = 40+41; 10, 11 not counted; 35 too late.
    assert len(r.new) == 24
    assert "35" not in keys(r.new) and "10" not in keys(r.new) and "11" not in keys(r.new)
    # Resolved by 31/10: carried 1, 5; new: all but 18, 25, 32 (03/11), 33.
    assert len(r.resolved) == 22
    assert r.denominator == 28
    assert r.rate == Fraction(2200, 28)
    assert rate_text(r.rate) == "78,57%"
    # Not resolved by 31/10: carried 3, 4; new 18, 25, 32, 33.
    assert sorted(c.key for c in r.unresolved) == ["18", "25", "3", "32", "33", "4"]


def test_on_time_figures():
    r = RESULT.resolution
    # Resolved without a deadline: 16, 17. Late: 1 (20/01 > 05/12), 8, 20, 28.
    assert keys(r.unknown_deadline) == ["16", "17"]
    assert r.with_known_deadline == 20
    assert len(r.on_time) == 16
    assert rate_text(r.on_time_rate) == "80,00%"


def test_official_kntc_rate():
    r = RESULT.resolution_kntc
    # Carried: 1 (resolved), 4. New KN/TC cases: 7, 8, VV1, 15, 18, VV2, 24, 27, 30, 32 and
    # VV3 — whose only KN petition, 41, makes it a KN case here. Resolved: all but 4, 18, 32.
    assert (len(r.carried_over), len(r.new), len(r.resolved)) == (2, 11, 10)
    assert rate_text(r.rate) == "76,92%"
    # Late among them: 1 (20/01 > 05/12) and 8 (20/03 > 10/03); VV3 here: 41, 10/03 ≤ 01/04.
    assert (len(r.on_time), len(r.unknown_deadline)) == (8, 0)


def test_processing_rate():
    p = RESULT.processing
    # Received 01/01–31/10 and classifiable: rows 7–34 and 40–42 = 31; only 14 unprocessed.
    assert (len(p.received), len(p.processed)) == (31, 30)
    assert rate_text(p.rate) == "96,77%"


def test_data_errors_are_listed():
    assert [(e.petition.key, e.reason) for e in RESULT.errors] == [
        ("36", "Đã có kết quả giải quyết nhưng thiếu ngày giải quyết."),
        ("37", "Ngày giải quyết trước ngày nhận đơn."),
        ("38", "Thiếu ngày nhận đơn."),
        ("39", "Có ngày giải quyết nhưng kết quả chưa phải đã giải quyết, rút đơn hay đình chỉ."),
    ]


def test_per_type():
    _, per_type, _ = tally_and_breakdown(PETITIONS, [], FROM, TO, frozenset(PetitionType))
    kn = per_type[PetitionType.COMPLAINT]
    # KN cases: carried 1, 4; new 7, VV1, 18, 24, 27, 32, VV3 (41). Resolved: 1, 7, VV1, 24, 27, 41.
    assert (kn.denominator, len(kn.resolved)) == (9, 6)
    assert rate_text(kn.rate) == "66,67%"


def test_per_officer():
    _, _, officers = tally_and_breakdown(PETITIONS, [], FROM, TO, frozenset(PetitionType))
    assert set(officers) == {"Khang", "Lan"}
    lan, khang = officers["Lan"], officers["Khang"]
    assert (lan.denominator, len(lan.resolved)) == (17, 16)
    assert (khang.denominator, len(khang.resolved)) == (11, 6)
    assert lan.denominator + khang.denominator == RESULT.resolution.denominator


def test_breakdown_from_one_classification_equals_each_figure_counted_alone():
    def keys(r):
        return [sorted(c.key for c in part) for part in (r.carried_over, r.new, r.resolved)]

    for counted in (frozenset(PetitionType), KNTC):  # KNPA not counted: its cases rebuilt
        result, per_type, per_officer = tally_and_breakdown(PETITIONS, [], FROM, TO, counted)
        assert result == tally(PETITIONS, [], FROM, TO, counted)
        for t, r in per_type.items():
            assert keys(r) == keys(resolution(PETITIONS, FROM, TO, frozenset({t})))
        for name, r in per_officer.items():
            assert keys(r) == keys(tally(PETITIONS, [], FROM, TO, counted, officer=name).resolution)
    assert keys(per_type[PetitionType.COMPLAINT])[1]  # not vacuous: KN has new cases


def test_officer_filter_matches_names_typed_without_accents():
    only_khang = tally(PETITIONS, [], FROM, TO, frozenset(PetitionType), officer="khang")
    assert only_khang.resolution.denominator == 11


def test_per_month():
    months = by_month(RESULT.resolution)
    assert [m.month for m in months][:2] == ["2025-01", "2025-02"] and len(months) == 10
    assert [m.received for m in months] == [3, 2, 4, 3, 2, 2, 2, 2, 2, 2]
    assert [m.resolved for m in months] == [1, 3, 3, 4, 2, 2, 2, 2, 0, 3]


def test_kntc_constant():
    assert frozenset({PetitionType.COMPLAINT, PetitionType.DENUNCIATION}) == KNTC
