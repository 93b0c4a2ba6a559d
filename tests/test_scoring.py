"""The scoring engine of campaigns that rank by points (issue 21), table by table: ratios,
bands at their edges, caps, deductions, missing evidence, cascading tie-breaks ending in the
council's vote, percentage quotas and their rounding; and the table read from a file with
each refusal at its line."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from app.core.scoring import (
    VOTE,
    Entry,
    Quota,
    Ranked,
    ScoringError,
    format_points,
    rank,
    score,
    scoring_from_dict,
    shortlist,
)
from app.exchange.scoring_file import line_of, read_scoring, scoring_from_text


def table(*criteria: dict, **rest) -> dict:
    return {"criteria": list(criteria), **rest}


BANDS = [{"at_least": 88, "below": 90, "bonus": 2}, {"at_least": 90, "bonus": 4}]
RATIO = {"id": "gq", "title": "Tỷ lệ giải quyết", "kind": "ratio", "figure": "resolution_rate",
         "base": 85, "points": 30, "bands": BANDS}  # fmt: skip


@pytest.mark.parametrize(
    ("achieved", "points", "bonus"),
    [
        (F(85), F(30), 0),  # at the base: the criterion's points
        (F(170, 2), F(30), 0),
        (F(425, 10), F(15), 0),  # half the base: half the points
        (F(0), F(0), 0),
        (F(8799, 100), F(30), 0),  # just below the band: capped at the points, no bonus
        (F(88), F(30), 2),  # the band's lower edge is in it
        (F(8999, 100), F(30), 2),
        (F(90), F(30), 4),  # "below" is not in the band: the next one starts there
        (F(100), F(30), 4),
        (F(80), F(480, 17), 0),  # 80 ÷ 85 × 30, exact
    ],
)
def test_a_ratio_scores_achieved_over_base_times_points_with_its_band(achieved, points, bonus):
    scoring = scoring_from_dict(table(RATIO))
    line = score(scoring, {"gq": Entry(achieved)}).lines[0]
    assert (line.points, line.bonus, line.scored) == (points, bonus, points + bonus)


@pytest.mark.parametrize(
    ("criterion", "entry", "scored", "note"),
    [
        ({**RATIO, "cap": 33, "bands": []}, Entry(F(100)), F(33), ""),
        ({**RATIO, "cap": 33, "bands": []}, Entry(F(90)), F(2700, 85), ""),
        ({**RATIO, "bands": []}, Entry(None, no_cases=True), F(0), "không phát sinh"),
        ({**RATIO, "bands": [], "if_no_cases": "full"}, Entry(None, no_cases=True), F(30),
         "không phát sinh, tính đủ điểm"),
        ({**RATIO, "bands": []}, None, F(0), "chưa có số liệu"),
        ({"id": "v", "title": "Thi hành quyết định", "kind": "value", "base": 80, "points": 20,
          "evidence": True}, Entry(F(80), evidence=False), F(0), "thiếu minh chứng"),
        ({"id": "v", "title": "Thi hành quyết định", "kind": "value", "base": 80, "points": 20,
          "evidence": True}, Entry(F(60), evidence=True), F(15), ""),
        ({"id": "y", "title": "Tiếp định kỳ", "kind": "yes_no", "points": 10}, Entry(F(1)),
         F(10), ""),
        ({"id": "y", "title": "Tiếp định kỳ", "kind": "yes_no", "points": 10}, Entry(F(0)),
         F(0), ""),
        ({"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 2, "cap": 10},
         Entry(F(3)), F(-6), ""),
        ({"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 2, "cap": 10},
         Entry(F(5)), F(-10), ""),
        ({"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 2, "cap": 10},
         Entry(F(8)), F(-10), ""),
        ({"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 2}, Entry(F(0)),
         F(0), ""),
    ],
)  # fmt: skip
def test_caps_deductions_evidence_and_no_cases(criterion, entry, scored, note):
    scoring = scoring_from_dict(table(criterion))
    line = score(scoring, {criterion["id"]: entry} if entry else {}).lines[0]
    assert (line.scored, line.note) == (scored, note)


def test_the_total_adds_criteria_is_never_negative_and_keeps_to_its_maximum():
    deduction = {"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 5}
    yes = {"id": "y", "title": "Tiếp định kỳ", "kind": "yes_no", "points": 10}
    scoring = scoring_from_dict(table({**RATIO, "bands": []}, yes, deduction, max_total=35))
    assert score(scoring, {"gq": Entry(F(85)), "y": Entry(F(1)), "d": Entry(F(1))}).total == 35
    assert score(scoring, {"gq": Entry(F(17)), "y": Entry(F(0)), "d": Entry(F(1))}).total == 1
    assert score(scoring, {"gq": Entry(F(0)), "y": Entry(F(0)), "d": Entry(F(4))}).total == 0


def test_an_appraisers_adjustment_replaces_the_points_and_needs_a_reason():
    scoring = scoring_from_dict(table({**RATIO, "bands": []}))
    sheet = score(scoring, {"gq": Entry(F(85))}, {"gq": (F(20), "Sổ có 3 vụ ghi sai ngày")})
    line = sheet.lines[0]
    assert (line.points, line.scored, line.reason) == (F(30), F(20), "Sổ có 3 vụ ghi sai ngày")
    with pytest.raises(ScoringError, match="cần ghi lý do"):
        score(scoring, {"gq": Entry(F(85))}, {"gq": (F(20), "  ")})


@pytest.mark.parametrize(
    ("quota", "participants", "seats"),
    [
        (Quota(count=10), 250, 10),
        (Quota(percent=F(10)), 60, 6),
        (Quota(percent=F(10)), 59, 5),  # 5,9 rounded down
        (Quota(percent=F(10), rounding="nearest"), 55, 6),  # 5,5 half up
        (Quota(percent=F(10), rounding="nearest"), 54, 5),
        (Quota(percent=F(10), rounding="up"), 51, 6),
        (Quota(percent=F(5)), 19, 0),
        (Quota(percent=F(5), minimum=1), 19, 1),
        (Quota(percent=F(5), minimum=1), 60, 3),
        (Quota(percent=F(25, 2)), 8, 1),  # 12,5 % of 8 = 1 exactly
        (Quota(percent=F(5), minimum=1), 0, 0),  # nobody taking part: no place at all
    ],
)
def test_percentage_quotas_round_as_stated(quota, participants, seats):
    assert quota.seats(participants) == seats


def test_a_quota_is_described_with_its_rule():
    assert Quota(percent=F(10)).describe(59) == "10% của 59 = 5 (làm tròn xuống)"
    quota = scoring_from_dict(table(RATIO, quota={"individuals": {"percent": 5, "minimum": 1}}))
    assert quota.quotas["individual"].describe(19) == "5% của 19 = 1 (làm tròn xuống, ít nhất 1)"
    assert scoring_from_dict(table(RATIO, quota={"collectives": "10%"})).quotas["collective"] == (
        Quota(percent=F(10))
    )


YES = {"id": "y", "title": "Tiếp định kỳ", "kind": "yes_no", "points": 10}
CASCADE = scoring_from_dict(
    table({**RATIO, "bands": []}, YES, tie_breaks=["criterion:y", "figure:on_time_rate", VOTE])
)


def nominee(name: str, rate: int | F, yes: int, on_time: int | None) -> Ranked:
    sheet = score(CASCADE, {"gq": Entry(F(rate)), "y": Entry(F(yes))})
    return Ranked(name, name, sheet, {"on_time_rate": None if on_time is None else F(on_time)})


@pytest.mark.parametrize(
    ("nominees", "order", "places", "decided"),
    [
        # different totals: the score decides
        ([("A", 85, 0, 90), ("B", 85, 1, 90)], ["B", "A"], [1, 2], ["điểm", ""]),
        # equal totals (30 + 0 = 20 + 10): the criterion "y" decides
        ([("A", 85, 0, 90), ("B", F(170, 3), 1, 90)], ["B", "A"], [1, 2], ["criterion:y", ""]),
        # equal on "y" too: the on-time rate decides
        ([("A", 85, 1, 80), ("B", 85, 1, 95)], ["B", "A"], [1, 2],
         ["figure:on_time_rate", ""]),
        # a figure missing ranks after any figure
        ([("A", 85, 1, None), ("B", 85, 1, 0)], ["B", "A"], [1, 2],
         ["figure:on_time_rate", ""]),
        # equal on everything: they share the place, the council votes
        ([("A", 85, 1, 90), ("B", 85, 1, 90), ("C", 60, 1, 99)], ["A", "B", "C"], [1, 1, 3],
         [VOTE, "điểm", ""]),
    ],
)  # fmt: skip
def test_ties_are_broken_in_the_stated_order_ending_in_the_vote(nominees, order, places, decided):
    ranked = rank([nominee(*n) for n in nominees], CASCADE.tie_breaks)
    assert [p.nominee.name for p in ranked] == order
    assert [p.place for p in ranked] == places
    assert [p.decided_by for p in ranked] == decided


@pytest.mark.parametrize(
    ("seats", "chosen", "to_vote", "left"),
    [
        (1, [], ["B", "C"], 1),  # the only seat falls in a tie: the vote fills it
        (2, ["B", "C"], [], 0),  # both tied ones fit
        (3, ["B", "C", "A"], [], 0),
        (4, ["B", "C", "A", "D"], [], 0),
        (5, ["B", "C", "A", "D"], ["E", "F"], 1),  # a second tie at the last seat
        (6, ["B", "C", "A", "D", "E", "F"], [], 0),
        (9, ["B", "C", "A", "D", "E", "F"], [], 0),  # more seats than nominees
        (0, [], [], 0),
    ],
)
def test_the_shortlist_leaves_a_tie_at_the_last_seat_to_the_vote(seats, chosen, to_vote, left):
    ranked = rank(
        [nominee("A", 80, 1, 90), nominee("B", 85, 1, 90), nominee("C", 85, 1, 90),
         nominee("D", 70, 1, 90), nominee("E", 60, 1, 90), nominee("F", 60, 1, 90)],
        CASCADE.tie_breaks,
    )  # fmt: skip
    result = shortlist(ranked, seats)
    assert [p.nominee.name for p in result.chosen] == chosen
    assert [p.nominee.name for p in result.to_vote] == to_vote
    assert result.seats_left == left


@pytest.mark.parametrize(
    ("points", "shown"),
    [(F(30), "30"), (F(25, 2), "12,5"), (F(480, 17), "28,24"), (F(-6), "-6"), (F(1, 300), "0")],
)
def test_points_print_with_a_decimal_comma(points, shown):
    assert format_points(points) == shown


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"kind": "score"}, "“scoring.criteria.1.kind” là 'score'; phải là một trong: ratio"),
        ({"figure": "ty_le"}, "“scoring.criteria.1.figure” là 'ty_le'; phải là một trong"),
        ({"base": 0}, "“scoring.criteria.1.base” phải lớn hơn 0"),
        ({"points": "nhiều"}, "“scoring.criteria.1.points” phải là một số"),
        ({"bands": [{"at_least": 88, "below": 91, "bonus": 2}, {"at_least": 90, "bonus": 4}]},
         "“scoring.criteria.1.bands.2”: khoảng này chồng lên khoảng số 1"),
        ({"bands": [{"at_least": 90, "below": 88, "bonus": 2}]},
         "“below” phải lớn hơn “at_least”"),
        ({"bands": [{"at_least": 90, "bonus": 4}, {"at_least": 80, "below": 95, "bonus": 2}]},
         "“scoring.criteria.1.bands.2”: khoảng này chồng lên khoảng số 1"),
        ({"diem": 3}, "“scoring.criteria.1” có mục không biết: diem"),
        ({"if_no_cases": "half"}, "if_no_cases” chỉ dùng cho ratio"),
        ({"id": "thi hành QĐ"}, "mã tiêu chí chỉ gồm chữ thường không dấu, số và dấu gạch dưới"),
    ],
)  # fmt: skip
def test_a_broken_criterion_is_refused_naming_its_item(change, said):
    with pytest.raises(ScoringError, match=said.replace("(", r"\(").replace(")", r"\)")):
        scoring_from_dict(table({**RATIO, **change}))


@pytest.mark.parametrize(
    ("rest", "said"),
    [
        ({"tie_breaks": ["criterion:gq"]}, "phải là danh sách kết thúc bằng “vote”"),
        ({"tie_breaks": ["criterion:khong_co", "vote"]}, "“criterion:khong_co” không dùng được"),
        ({"quota": {"collectives": "120%"}}, "không được quá 100%"),
        ({"quota": {"collectives": {"percent": 10, "rounding": "gan"}}}, "rounding” là 'gan'"),
        ({"quota": {"tap_the": 3}}, "“scoring.quota” có mục không biết: tap_the"),
        ({"criteria": []}, "cần ít nhất một [[scoring.criteria]]"),
    ],
)
def test_a_broken_table_is_refused_naming_its_item(rest, said):
    with pytest.raises(ScoringError) as refused:
        scoring_from_dict({**table(RATIO), **rest})
    assert said in str(refused.value)


def test_two_criteria_with_one_id_are_refused():
    with pytest.raises(ScoringError, match="mã tiêu chí “gq” bị trùng"):
        scoring_from_dict(table(RATIO, {**RATIO, "title": "Lần hai"}))


FILE = """\
[scoring]
tie_breaks = ["criterion:gq", "vote"]

[scoring.quota]
collectives = "10%"

[[scoring.criteria]]
id = "gq"
title = "Tỷ lệ giải quyết"
kind = "ratio"
figure = "resolution_rate"
base = 85
points = 30

[[scoring.criteria.bands]]
at_least = 88
below = 90
bonus = 2

[[scoring.criteria]]
id = "y"
title = "Tiếp định kỳ"
kind = "yes_no"
points = 10

[[scoring.criteria.bands]]
at_least = 1
bonus = 1
"""


def test_a_refusal_from_a_file_names_the_file_and_the_line(tmp_path):
    with pytest.raises(ScoringError) as refused:
        scoring_from_text(FILE, "bang-diem.toml")
    assert str(refused.value).startswith("Tệp bang-diem.toml, dòng 26: “scoring.criteria.2.bands”")
    good = FILE.replace("[[scoring.criteria.bands]]\nat_least = 1\nbonus = 1\n", "")
    broken = good.replace("base = 85", "base = -85")
    with pytest.raises(
        ScoringError, match=r"^Tệp bang-diem.toml, dòng 12: “scoring.criteria.1.base”"
    ):
        scoring_from_text(broken, "bang-diem.toml")
    with pytest.raises(ScoringError, match=r"^Tệp b.toml, dòng 5: “scoring.quota.collectives”"):
        scoring_from_text(good.replace('"10%"', '"mười"'), "b.toml")
    with pytest.raises(ScoringError, match=r"^Tệp b.toml, dòng 10, cột \d+: sai cú pháp TOML"):
        scoring_from_text(FILE.replace('kind = "ratio"', "kind ratio"), "b.toml")
    path = tmp_path / "bang-diem.toml"
    path.write_bytes(broken.encode("cp1258", errors="replace").replace(b"T\xe1", b"\xff\xfe"))
    with pytest.raises(ScoringError, match="không phải văn bản UTF-8"):
        read_scoring(path)


def test_lines_are_found_in_nested_lists_of_tables():
    assert line_of(FILE, "scoring.criteria.2.kind") == 23
    assert line_of(FILE, "scoring.criteria.1.bands.1.below") == 17
    assert line_of(FILE, "scoring.criteria.2.bands.1") == 26
    assert line_of(FILE, "scoring.criteria.2.bands") == 26  # the list: its first table
    assert line_of(FILE, "scoring.tie_breaks") == 2


def test_the_template_example_is_marked_and_scores_to_at_most_its_total():
    from app.store.campaigns import campaign_templates, scoring_file

    path = scoring_file()
    scoring = read_scoring(path)
    assert scoring.example  # an example to adapt, not any plan's table
    assert "một VÍ DỤ, không phải quy định" in path.read_text(encoding="utf-8")
    assert sum(c.most for c in scoring.criteria) <= scoring.max_total
    assert scoring.quotas["collective"].seats(60) == 6
    # the province's template takes it in: a campaign made from it ranks by points
    template = campaign_templates()["thanh-tra-tinh-2026"]
    assert scoring_from_dict(template["scoring"]) == scoring and "scoring_file" not in template


def test_a_deduction_cannot_require_evidence():
    """Without the evidence it would fall away: the unit would gain by attaching nothing."""
    deduction = {"id": "d", "title": "Vượt cấp", "kind": "deduction", "points": 2,
                 "evidence": True}  # fmt: skip
    with pytest.raises(ScoringError, match="điểm trừ không cần minh chứng"):
        scoring_from_dict(table(deduction))


def test_a_tie_break_on_a_criterion_of_the_other_kind_counts_nothing_for_this_one():
    only_collectives = {**YES, "applies_to": ["collective"]}
    scoring = scoring_from_dict(
        table({**RATIO, "bands": []}, only_collectives, tie_breaks=["criterion:y", VOTE])
    )
    people = [Ranked(n, n, score(scoring, {"gq": Entry(F(85))}, kind="individual"))
              for n in ("P", "Q")]  # fmt: skip
    places = rank(people, scoring.tie_breaks)
    assert [p.place for p in places] == [1, 1]  # tied: the council votes
