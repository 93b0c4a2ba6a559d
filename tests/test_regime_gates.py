"""Decree 152 art. 4 (issue 19, point 4): no award while the nominee is under discipline,
investigation or inspection with signs of violation, while a complaint or denunciation about
them is being handled, or while a corruption case raised by the press is being verified. Each
nominee declares each case, with a note; an undeclared one blocks as missing data does."""

from __future__ import annotations

from datetime import date

import pytest
from msgspec.structs import replace
from sqlite_utils import Database

from app.core.campaign import campaign_from_dict
from app.core.eligibility import DECLARATION, Status, check_declaration
from app.core.entities import GateAnswer
from app.documents.regimes import load_regime
from app.services.assessment import nominee_assessment
from app.services.figures import unit_figures
from app.store.campaigns import active_campaign_id, builtin_definitions
from app.store.candidates import load_candidates, set_gate
from tests.gui_helpers import open_main_window, wait_for_background
from tests.test_achievements_page import choose
from tests.test_regime_move import move_demo

GATES = load_regime("nd152-2025").gates
CAMPAIGN = campaign_from_dict(builtin_definitions()[0])
NO, YES = GateAnswer(False), GateAnswer(True, "Đơn tố cáo ngày 12/03/2026, đang xác minh")


def test_the_regime_holds_the_three_gates_of_article_4():
    assert [g.id for g in GATES] == ["xem_xet_vi_pham", "khieu_nai_to_cao", "bao_chi_tham_nhung"]
    assert load_regime("nd98-2023").gates == ()  # Decree 98: the campaign's one declaration


@pytest.mark.parametrize(
    ("answers", "status", "reason"),
    [
        ({}, Status.MISSING, "Chưa khai: đang bị xem xét kỷ luật, điều tra, thanh tra"),
        ({"xem_xet_vi_pham": NO, "khieu_nai_to_cao": NO}, Status.MISSING,
         "Chưa khai: có vụ việc tham nhũng do báo chí nêu đang được xác minh."),
        ({g.id: NO for g in GATES}, Status.PASS, "Đã khai không vướng: đang bị xem xét kỷ luật"),
        ({"khieu_nai_to_cao": YES}, Status.FAIL,  # an open case fails even with others undeclared
         "Đang vướng: có đơn khiếu nại, tố cáo về đối tượng đang được xem xét, giải quyết "
         "(Đơn tố cáo ngày 12/03/2026, đang xác minh)."),
        ({**{g.id: NO for g in GATES}, "bao_chi_tham_nhung": GateAnswer(True)}, Status.FAIL,
         "Đang vướng: có vụ việc tham nhũng do báo chí nêu đang được xác minh."),
    ],
)  # fmt: skip
def test_each_gate_is_declared_and_an_open_case_bars_the_award(answers, status, reason):
    candidate = replace(_a_candidate(), gates=answers)
    result = check_declaration(candidate, CAMPAIGN, GATES)
    assert (result.criterion, result.status) == (DECLARATION, status)
    assert result.reason.startswith(reason) or result.reason == reason


def test_without_gates_the_campaigns_one_declaration_stands():
    candidate = replace(_a_candidate(), gates={"khieu_nai_to_cao": YES})
    assert check_declaration(candidate, CAMPAIGN).reason.startswith("Chưa có cam kết")


def _a_candidate():
    from app.core.entities import Candidate, CandidateKind

    return Candidate(1, CandidateKind.INDIVIDUAL, "Đỗ Thị Lan", {}, (), None)


def test_the_declarations_are_stored_and_reach_the_package(demo_templates, tmp_path):
    path = demo_templates.copy(tmp_path / "d.sqlite")
    move_demo(path)  # the demo's nominees under a Decree-152 campaign
    with Database(path) as db:
        campaign = active_campaign_id(db)
        (nominee,) = [c for c in load_candidates(db, campaign) if c.nominated]
        set_gate(db, nominee.id, "khieu_nai_to_cao", YES)
        set_gate(db, nominee.id, "xem_xet_vi_pham", NO)
        stored = next(c for c in load_candidates(db, campaign) if c.id == nominee.id)
        assert stored.gates == {"khieu_nai_to_cao": YES, "xem_xet_vi_pham": NO}
        (sent,) = nominee_assessment(db, 1, unit_figures(db, 1, campaign, _campaign(db)))
        set_gate(db, nominee.id, "khieu_nai_to_cao", None)  # undeclared again
        again = next(c for c in load_candidates(db, campaign) if c.id == nominee.id)
    assert sent["eligibility"]["status"] == "fail"
    (declared,) = [c for c in sent["eligibility"]["checks"] if c["criterion"] == DECLARATION]
    assert declared["reason"].startswith("Đang vướng: có đơn khiếu nại, tố cáo")
    assert "Đơn tố cáo ngày 12/03/2026" in declared["reason"]
    assert again.gates == {"xem_xet_vi_pham": NO}


def _campaign(db):
    from app.store.campaigns import load_campaign

    return load_campaign(db, active_campaign_id(db))


def test_the_editor_asks_each_gate_under_decree_152_and_the_overview_follows(
    qtbot, demo_templates, tmp_path
):
    path = demo_templates.copy(tmp_path / "d.sqlite")
    move_demo(path)
    window = open_main_window(qtbot, path, lambda: date(2026, 11, 5))
    window.show_page("achievements")
    editor = choose(window, qtbot, "Đỗ Thị Lan")
    assert editor.declaration_row.isHidden() and not editor.gates_box.isHidden()
    assert list(editor.gate_answers) == [g.id for g in GATES]
    note = editor.gate_notes["khieu_nai_to_cao"]
    note.setText("Đơn tố cáo đang xác minh")
    editor.fields["gate-note:khieu_nai_to_cao"].commit()  # a note before any answer: refused
    assert (
        "Chọn “Có” hoặc “Không” trước khi ghi chú."
        in editor.fields["gate-note:khieu_nai_to_cao"].error.text()
    )
    for gate in GATES:
        editor.gate_answers[gate.id].setText("Không")
        editor.fields[f"gate:{gate.id}"].commit()
    editor.gate_answers["khieu_nai_to_cao"].setText("Có — đang xem xét")
    editor.fields["gate:khieu_nai_to_cao"].commit()
    editor.fields["gate-note:khieu_nai_to_cao"].commit()
    window.show_page("overview")
    wait_for_background(qtbot)
    reasons = {r.candidate.name: " ".join(r.reasons) for r in window.overview_page.model.rows}
    assert "Đang vướng: có đơn khiếu nại, tố cáo về đối tượng đang được xem xét, giải quyết " \
           "(Đơn tố cáo đang xác minh)." in reasons["Đỗ Thị Lan"]  # fmt: skip


def test_an_open_case_builds_no_dossier_that_would_commit_to_the_opposite(
    demo_templates, tmp_path, capsys
):
    """The Báo cáo thành tích ends with the nominee's commitment that no such case is open."""
    from app.cli import main

    path = demo_templates.copy(tmp_path / "d.sqlite")
    move_demo(path)
    with Database(path) as db:
        (nominee,) = [c for c in load_candidates(db, active_campaign_id(db)) if c.nominated]
        for gate in GATES:
            set_gate(db, nominee.id, gate.id, YES if gate.id == "khieu_nai_to_cao" else NO)
    out = tmp_path / "hs"
    assert main(["--db", str(path), "dossier", "build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Bộ phận Tiếp công dân phường Hoa Sen — Đang vướng: có đơn khiếu nại, tố cáo" in err
    assert "Báo cáo thành tích không thể cam kết điều ngược lại." in err
    assert not out.exists() or not any(out.iterdir())
