"""The Inspectorate's side of a campaign that ranks by points (issue 21): 60 units' packages
with their self-assessments, every score recomputed from the package (never the unit's total),
ranked by score then the tie-breaks, shortlisted to the percentage quotas as a hand count
says; a tie across the last place left to the council's vote; the appraiser's adjustment."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from PySide6.QtCore import Qt

from app.core.inbox import Appraisal, to_vote
from app.services.inbox import appraise, propose_shortlist
from app.store.campaigns import active_campaign_id, set_campaign_value
from app.store.database import open_store
from app.store.inbox import consolidated, set_score_adjustment
from tests.package_factory import Nominee, unit_package
from tests.test_inbox import campaign_of, receive

SCORING = {
    "tie_breaks": ["criterion:th", "vote"],
    "quota": {"collectives": "10%", "individuals": {"percent": 5, "minimum": 1}},
    "criteria": [
        {"id": "gq", "title": "Tỷ lệ giải quyết", "kind": "ratio", "figure": "resolution_rate",
         "base": 85, "points": 30, "bands": [{"at_least": 95, "bonus": 2}]},
        {"id": "th", "title": "Thi hành quyết định", "kind": "value", "base": 80, "points": 20,
         "evidence": True},
    ],
}  # fmt: skip


@pytest.fixture
def inbox(inspectorate_path):
    store = open_store(inspectorate_path, auto_backup=False)
    set_campaign_value(store.db, active_campaign_id(store.db), "scoring", SCORING)
    yield store
    store.close()


def claim(value: int, evidence: bool, gq_points: str = "30", name: str = "x") -> dict:
    """A unit's self-assessment as its app writes it (its gq points as it claims them)."""
    return {
        "total": "50",
        "lines": [
            {"criterion": "gq", "value": None, "points": gq_points, "note": "", "evidence": None},
            {"criterion": "th", "value": str(value), "points": "20", "note": "",
             "evidence": f"minh-chung/{name}_th.pdf" if evidence else None},
        ],
    }  # fmt: skip


def hand_score(resolved: int, cases: int, value: int, evidence: bool) -> F:
    """The score counted by hand, as the plan writes its rule."""
    rate = F(resolved * 100, cases)
    gq = min(rate / 85 * 30, F(30)) + (2 if rate >= 95 else 0)
    th = min(F(value, 80) * 20, F(20)) if evidence else F(0)
    return gq + th


def test_sixty_units_are_ranked_and_shortlisted_by_their_recomputed_score(inbox, tmp_path):
    expected: dict[str, tuple[F, F]] = {}  # name → (score, th points): the hand count
    for i in range(60):
        # below both bases (85 %, 80): the points spread out rather than meet at their caps
        resolved, value, evidence = 10 + (i * 7) % 24, 20 + (i * 13) % 60, i % 10 != 3
        collective = f"Tổ tiếp dân số {i:02d}"
        nominees = [Nominee("collective", collective, resolved=resolved, cases=40, votes=8,
                            score=claim(value, evidence, name=f"t{i}"))]  # fmt: skip
        expected[collective] = (hand_score(resolved, 40, value, evidence),
                                min(F(value, 80) * 20, F(20)) if evidence else F(0))  # fmt: skip
        if i % 3 == 0:  # twenty units propose a person too, with the cases they handled
            person, done, typed = f"Cán bộ số {i:02d}", 5 + i % 11, 40 + i % 37
            nominees.append(Nominee("individual", person, resolved=done, cases=20, votes=9,
                                    score=claim(typed, True, name=f"p{i}")))  # fmt: skip
            expected[person] = (hand_score(done, 20, typed, True), F(typed, 80) * 20)
        receive(inbox, unit_package(tmp_path / f"{i}.zip", f"UBND phường Số {i:02d}", nominees,
                                    small=True))  # fmt: skip
    campaign = campaign_of(inbox)
    nominees = consolidated(inbox.db, campaign.code)
    assert {n.name: n.score for n in nominees} == {k: v[0] for k, v in expected.items()}
    for n in nominees:
        appraise(inbox.db, n.id, Appraisal.PASS)
    chosen = propose_shortlist(inbox.db, campaign)
    by_hand = {
        kind: sorted(
            (k for k in expected if k.startswith(prefix)),
            key=lambda k: (-expected[k][0], -expected[k][1]),
        )
        for kind, prefix in (("collective", "Tổ"), ("individual", "Cán bộ"))
    }
    # 10 % of 60 collectives = 6; 5 % of 20 individuals = 1 (rounded down, at least 1)
    for kind, seats in (("collective", 6), ("individual", 1)):
        best = by_hand[kind]
        assert expected[best[seats - 1]] != expected[best[seats]]  # no tie at the last place
        assert [n.name for n in chosen if n.kind == kind] == best[:seats]
    ranked_names = [n.name for n in consolidated(inbox.db, campaign.code) if n.kind == "collective"]
    assert ranked_names[:6] == by_hand["collective"][:6]


def test_a_self_score_its_figures_do_not_carry_is_recomputed_with_the_criterion_said(
    inbox, tmp_path
):
    overclaim = Nominee("collective", "Tổ tiếp dân phường Đông", resolved=28, cases=40,
                        score=claim(80, True, gq_points="30", name="d"))  # fmt: skip
    honest = Nominee("collective", "Tổ tiếp dân phường Tây", resolved=38, cases=40,
                     score=claim(80, True, gq_points="32", name="t"))  # fmt: skip
    no_file = Nominee("collective", "Tổ tiếp dân phường Nam", resolved=38, cases=40,
                      score={**claim(80, False, gq_points="32"), "lines": [
                          {"criterion": "gq", "value": None, "points": "32", "note": ""},
                          {"criterion": "th", "value": "80", "points": "20", "note": "",
                           "evidence": "minh-chung/x.pdf", "in_package": False}]})  # fmt: skip
    for n, nominee in enumerate((overclaim, honest)):
        receive(inbox, unit_package(tmp_path / f"{n}.zip", f"UBND {nominee.name[13:]}",
                                    [nominee]))  # fmt: skip
    path = unit_package(tmp_path / "nam.zip", "UBND phường Nam", [no_file])
    receive(inbox, path)
    scored = {n.name: n.scored for n in consolidated(inbox.db, campaign_of(inbox).code)}
    east = scored["Tổ tiếp dân phường Đông"]
    assert east.claimed_total == 50 and east.sheet.total == F(70 * 30, 85) + 20
    assert east.differences == ("Tỷ lệ giải quyết: đơn vị tự chấm 30, tính lại 24,71",)
    assert scored["Tổ tiếp dân phường Tây"].differences == ()  # 95 %: 30 + 2, as it said
    # an evidence file the package does not carry is no evidence
    assert scored["Tổ tiếp dân phường Nam"].differences == (
        "Thi hành quyết định: đơn vị tự chấm 20, tính lại 0 (thiếu minh chứng)",
    )


def test_a_tie_across_the_last_place_goes_to_the_council_and_an_adjustment_parts_it(
    inbox, tmp_path, capsys
):
    units = [("A", 40, 80), ("B", 36, 80), ("C", 36, 80), ("D", 30, 60)]  # 52, 50, 50, 41,47
    for n, (who, resolved, value) in enumerate(units):
        nominee = Nominee("collective", f"Tổ {who}", resolved=resolved, cases=40,
                          score=claim(value, True, name=who))  # fmt: skip
        receive(inbox, unit_package(tmp_path / f"{n}.zip", f"UBND phường {who}", [nominee]))
    # 50 % of 4 collectives = 2 places; B and C tie on the score and on "th"
    scoring = {**SCORING, "quota": {"collectives": "50%"}}
    set_campaign_value(inbox.db, active_campaign_id(inbox.db), "scoring", scoring)
    campaign = campaign_of(inbox)
    for n in consolidated(inbox.db, campaign.code):
        appraise(inbox.db, n.id, Appraisal.PASS)
    nominees = consolidated(inbox.db, campaign.code)
    assert [n.name for n in to_vote(nominees, campaign)["collective"]] == ["Tổ B", "Tổ C"]
    from app.cli import main

    inbox.close()  # the command line opens the file itself
    cli = ["--db", str(inbox.path), "inbox"]
    assert main([*cli, "shortlist", "--auto"]) == 0
    said = capsys.readouterr().out
    assert "Đã chọn thêm: Tổ A" in said
    assert "Bằng điểm ở chỗ cuối (tập thể): Tổ B, Tổ C — chỗ này để Hội đồng bỏ phiếu" in said
    assert main([*cli, "list"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][5] == "Điểm"
    assert [(r[1], r[4], r[5]) for r in rows[1:]] == [
        ("1", "Tổ A", "52"), ("2", "Tổ B", "50"), ("2", "Tổ C", "50"), ("4", "Tổ D", "41,47")
    ]  # fmt: skip
    assert main([*cli, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[3]["score"] == str(F(1410, 34)) and listed[3]["self_score"] == "50"
    store = open_store(inbox.path, auto_backup=False)
    try:
        db = store.db
        # the appraiser finds C's evidence short: its points for "th" lowered, with the reason
        c = next(n for n in nominees if n.name == "Tổ C")
        set_score_adjustment(db, c.id, "th", (F(15), "Báo cáo thi hành thiếu 2 quyết định"))
        nominees = consolidated(db, campaign.code)
        line = next(n for n in nominees if n.name == "Tổ C").scored.sheet.lines[1]
        assert (line.points, line.scored) == (20, 15)
        assert line.reason == "Báo cáo thi hành thiếu 2 quyết định"
        assert to_vote(nominees, campaign) == {}
        assert [n.name for n in propose_shortlist(db, campaign)] == ["Tổ B"]
    finally:
        store.close()


def test_the_consolidated_list_and_the_spreadsheet_show_the_scores(inbox, tmp_path):
    from openpyxl import load_workbook

    from app.services.inspectorate_report import write_report, write_table
    from tests.office import docx_lines

    units = [("A", 40, 80), ("B", 36, 80), ("D", 30, 60), ("E", 34, "58.5")]
    for n, (who, resolved, value) in enumerate(units):
        nominee = Nominee("collective", f"Tổ {who}", resolved=resolved, cases=40,
                          score=claim(value, True, name=who))  # fmt: skip
        receive(inbox, unit_package(tmp_path / f"{n}.zip", f"UBND phường {who}", [nominee]))
    campaign = campaign_of(inbox)
    nominees = consolidated(inbox.db, campaign.code)
    for n in nominees:
        appraise(inbox.db, n.id, Appraisal.PASS)
    d = next(n for n in nominees if n.name == "Tổ D")
    set_score_adjustment(inbox.db, d.id, "th", (F(10), "Thiếu quyết định số 12"))
    chosen = propose_shortlist(inbox.db, campaign)  # 10 % of 3 collectives, rounded down: 0
    assert chosen == []
    set_campaign_value(inbox.db, active_campaign_id(inbox.db), "scoring",
                       {**SCORING, "quota": {"collectives": 2}})  # fmt: skip
    chosen = propose_shortlist(inbox.db, campaign_of(inbox))
    assert [n.name for n in chosen] == ["Tổ A", "Tổ B"]
    out = [f for d in write_report(inbox.db, tmp_path / "ra", ("docx",)) for f in d.files]
    lists = " ".join(docx_lines(next(p for p in out if "Danh_sach" in p.name)))
    assert "Điểm thẩm định: 52/52 điểm." in lists and "Điểm thẩm định: 50/52 điểm." in lists
    letter = " ".join(docx_lines(next(p for p in out if "To_trinh" in p.name)))
    assert "điểm chấm theo bảng điểm của kế hoạch" in letter
    target, _ = write_table(inbox.db, tmp_path / "bang.xlsx")
    sheet = load_workbook(target)["Điểm"]
    headers = [c.value for c in sheet[2]]
    assert headers[4:8] == ["Điểm thẩm định", "Điểm đơn vị tự chấm", "Tỷ lệ giải quyết (tối "
                            "đa 32)", "Thi hành quyết định (tối đa 20)"]  # fmt: skip
    rows = {r[3].value: [c.value for c in r] for r in sheet.iter_rows(min_row=3)}
    assert rows["Tổ A"][4:8] == [52, 50, 32, 20]
    assert rows["Tổ D"][4] == round(float(F(75 * 30, 85) + 10), 2)  # 75 % ÷ 85 × 30, and 10
    assert rows["Tổ D"][8] == "Thi hành quyết định: 10 — Thiếu quyết định số 12"
    assert "Tỷ lệ giải quyết: đơn vị tự chấm 30, tính lại 26,47" in rows["Tổ D"][9]
    # 30 + 58,5 ÷ 80 × 20 = 44,625: half up as on screen and paper, not to even
    assert rows["Tổ E"][4] == 44.63


def test_the_inbox_page_shows_scores_the_tie_and_takes_an_adjustment(
    inspectorate_path, qtbot, tmp_path
):
    from datetime import date

    from app.ui.models.inbox import InboxModel
    from tests.gui_helpers import open_main_window, wait_for_background

    store = open_store(inspectorate_path, auto_backup=False)
    set_campaign_value(store.db, active_campaign_id(store.db), "scoring",
                       {**SCORING, "quota": {"collectives": "50%"}})  # fmt: skip
    for n, (who, resolved, value) in enumerate([("A", 40, 80), ("B", 36, 80), ("C", 36, 80),
                                                ("D", 30, 60)]):  # fmt: skip
        nominee = Nominee("collective", f"Tổ {who}", resolved=resolved, cases=40,
                          score=claim(value, True, gq_points="30", name=who))  # fmt: skip
        receive(store, unit_package(tmp_path / f"{n}.zip", f"UBND phường {who}", [nominee]))
    for nominee in consolidated(store.db, campaign_of(store).code):
        appraise(store.db, nominee.id, Appraisal.PASS)
    store.close()
    window = open_main_window(qtbot, inspectorate_path, lambda: date(2025, 11, 6))
    wait_for_background(qtbot)
    page = window.page("inbox")
    assert not page.table.isColumnHidden(InboxModel.SCORE)
    scores = {page.model.index(r, InboxModel.NAME).data(): page.model.index(r, InboxModel.SCORE)
              for r in range(page.model.rowCount())}  # fmt: skip
    assert {name: index.data() for name, index in scores.items()} == {
        "Tổ A": "52", "Tổ B": "50", "Tổ C": "50", "Tổ D": "41,47"
    }  # fmt: skip
    # A claimed 30 for a rate that earns 32: the difference is shown with its criterion
    assert "Tỷ lệ giải quyết: đơn vị tự chấm 30, tính lại 32" in (
        scores["Tổ A"].data(Qt.ItemDataRole.ToolTipRole)
    )
    ranks = {page.model.index(r, InboxModel.NAME).data(): page.model.index(r, InboxModel.RANK)
             .data() for r in range(page.model.rowCount())}  # fmt: skip
    assert ranks == {"Tổ A": "1", "Tổ B": "2", "Tổ C": "2", "Tổ D": "4"}  # B, C share a place
    quota = page.quota.text()
    assert "Chỉ tiêu theo tỷ lệ — tập thể: 50% của 4 = 2 (làm tròn xuống)" in quota
    assert "Bằng điểm ở chỗ cuối (tập thể): Tổ B, Tổ C — Hội đồng bỏ phiếu." in quota
    c = next(n for n in consolidated(window.store.db, campaign_of(window.store).code)
             if n.name == "Tổ C")  # fmt: skip
    page.select(c.id)
    detail = page.detail
    assert detail.adjust.isVisibleTo(detail)
    assert "Điểm tính lại từ gói: <b>50</b>/52 (đơn vị tự chấm 50)" in detail.facts.text()
    detail.adjust_score("th", "25", "Thiếu 2 quyết định")
    assert "phải từ 0 đến 20" in detail.error.text()
    detail.adjust_score("th", "15", "")
    assert "cần ghi lý do" in detail.error.text()
    detail.adjust_score("th", "15", "Thiếu 2 quyết định")
    wait_for_background(qtbot)
    assert "Bằng điểm" not in page.quota.text()
    assert "Thi hành quyết định: 15 (điều chỉnh) — lý do: Thiếu 2 quyết định" in (
        page.detail.facts.text()
    )
    from tests.test_visible_text import problems

    assert problems(window) == []  # no criterion id, figure id or code shown


def test_a_package_without_a_self_assessment_is_still_read_and_scored(inbox, tmp_path):
    """A package of schema 1 (made before scoring, or by a unit whose campaign had no table):
    its ratios still score from its figures; what it never entered scores nothing, said so."""
    plain = Nominee("collective", "Tổ tiếp dân phường Cũ", resolved=34, cases=40)
    receive(inbox, unit_package(tmp_path / "cu.zip", "UBND phường Cũ", [plain]))
    (nominee,) = consolidated(inbox.db, campaign_of(inbox).code)
    scored = nominee.scored
    assert scored.claimed_total is None and scored.differences == ()
    assert scored.sheet.total == 30  # 85 %: the base, its 30 points; nothing else entered
    assert [line.note for line in scored.sheet.lines] == ["", "thiếu minh chứng"]


def test_only_a_file_the_package_carries_in_its_evidence_folder_is_evidence(inbox, tmp_path):
    """A name data.json lists but the zip lacks, or one of the dossier's own documents, is
    not evidence however the unit's data.json says it."""
    to_trinh = {**claim(80, False), "lines": [
        {"criterion": "gq", "value": None, "points": "32", "note": ""},
        {"criterion": "th", "value": "80", "points": "20", "note": "",
         "evidence": "van-ban/01_To_trinh.pdf"}]}  # fmt: skip
    forged = Nominee("collective", "Tổ Giả", resolved=38, cases=40, score=to_trinh)
    receive(inbox, unit_package(tmp_path / "gia.zip", "UBND phường Giả", [forged]))
    (nominee,) = consolidated(inbox.db, campaign_of(inbox).code)
    assert nominee.scored.differences == (
        "Thi hành quyết định: đơn vị tự chấm 20, tính lại 0 (thiếu minh chứng)",
    )


@pytest.mark.parametrize(
    "score",
    [
        {"total": ["50"], "lines": {"gq": 1}},
        {"total": "1/0", "lines": [{"criterion": ["gq"]}, "th", None]},
        {"total": -5, "lines": [{"criterion": "th", "value": {"x": 1}, "points": [20],
                                 "evidence": ["minh-chung/a.pdf"]}]},
        {"lines": [{"criterion": "th", "value": "1e400", "points": "NaN", "evidence": 3}]},
    ],
)  # fmt: skip
def test_a_self_assessment_of_any_shape_is_read_without_trust_or_traceback(inbox, tmp_path, score):
    nominee = Nominee("collective", "Tổ Lạ", resolved=34, cases=40, score=score)
    receive(inbox, unit_package(tmp_path / "la.zip", "UBND phường Lạ", [nominee]))
    (read,) = consolidated(inbox.db, campaign_of(inbox).code)
    assert read.scored.sheet.total == 30  # its figures alone: 85 % of cases resolved
