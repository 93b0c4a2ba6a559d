"""The unit's side of a campaign that ranks by points (issue 21): each nominee's score sheet
from its figures and what the unit entered with evidence, carried in the package (schema 2)
with the evidence files; a campaign without scoring (the 2025 one) sends no scores."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from fractions import Fraction as F

import pytest

from app.exchange.package import verify_package
from app.services.figures import unit_figures
from app.services.package import export_package
from app.services.scores import unit_scores
from app.store.achievements import add_attachment
from app.store.campaigns import active_campaign_id, load_campaign, set_campaign_value
from app.store.candidates import load_candidates
from app.store.scores import set_evidence, set_value

SCORING = {
    "tie_breaks": ["criterion:gq", "vote"],
    "quota": {"collectives": "10%", "individuals": "5%"},
    "criteria": [
        {"id": "gq", "title": "Tỷ lệ giải quyết", "kind": "ratio", "figure": "resolution_rate",
         "base": 85, "points": 30, "bands": [{"at_least": 90, "bonus": 4}]},
        {"id": "th", "title": "Thi hành quyết định", "kind": "value", "base": 80, "points": 20,
         "evidence": True, "applies_to": ["collective"]},
        {"id": "td", "title": "Tiếp định kỳ", "kind": "yes_no", "points": 10, "evidence": True},
        {"id": "vc", "title": "Vượt cấp", "kind": "deduction", "points": 2, "cap": 10},
    ],
}  # fmt: skip
PDF = b"%PDF-1.4\n% bao cao thi hanh quyet dinh\n%%EOF\n"


def scored_unit(store):
    return score_the_demo(store.db)


def score_the_demo(db):
    """The demo's campaign ranking by SCORING, its nominee's values and one evidence file."""
    set_campaign_value(db, active_campaign_id(db), "scoring", SCORING)
    nominee = next(c for c in load_candidates(db, active_campaign_id(db)) if c.nominated)
    set_value(db, nominee.id, "th", F(60))
    attachment = add_attachment(db, nominee.id, "Báo cáo thi hành.pdf", PDF)
    set_evidence(db, nominee.id, "th", attachment)
    set_value(db, nominee.id, "td", F(1))  # done, but its evidence is not attached
    set_value(db, nominee.id, "vc", F(2))
    return nominee


def test_a_nominee_is_scored_from_its_figures_and_what_the_unit_entered(built_unit):
    db = built_unit.db
    nominee = scored_unit(built_unit)
    figures = unit_figures(db, 1, active_campaign_id(db), load_campaign(db, active_campaign_id(db)))
    _, scores = unit_scores(db, 1, figures)
    (mine,) = [s for s in scores if s.candidate.id == nominee.id]
    lines = {line.criterion.id: line for line in mine.sheet.lines}
    # the demo's 30/31 = 96,77 %: above the base, capped at 30, plus the band from 90 %
    assert (lines["gq"].value, lines["gq"].points, lines["gq"].bonus) == (F(3000, 31), 30, 4)
    assert lines["th"].scored == 15  # 60 ÷ 80 × 20, its evidence attached
    assert (lines["td"].scored, lines["td"].note) == (0, "thiếu minh chứng")
    assert lines["vc"].scored == -4
    assert mine.sheet.total == 30 + 4 + 15 + 0 - 4


def test_the_package_carries_the_self_assessment_and_its_evidence(built_unit, tmp_path):
    from app.services.dossier import build_and_store
    from app.services.package import PackageError

    nominee = scored_unit(built_unit)
    sent = datetime(2025, 11, 1, tzinfo=UTC)
    # scored after the dossier was built: its Bảng tự chấm điểm would say other points
    with pytest.raises(PackageError, match="khác Bảng tự chấm điểm đã lập"):
        export_package(built_unit.db, tmp_path / "cu.zip", sent)
    assert not (tmp_path / "cu.zip").exists()
    build_and_store(built_unit.db, sent.date())
    target = export_package(built_unit.db, tmp_path / "goi.zip", sent)
    assert verify_package(target).ok
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("data.json"))
        (scored,) = data["scores"]
        lines = {line["criterion"]: line for line in scored["lines"]}
        assert scored["total"] == "45" and lines["gq"]["value"] == "3000/31"  # exact
        assert lines["th"]["evidence"] == "minh-chung/01_th.pdf"
        assert archive.read("minh-chung/01_th.pdf") == PDF
        assert lines["td"]["evidence"] is None and lines["td"]["note"] == "thiếu minh chứng"
        assert "minh-chung/01_th.pdf" in data["documents"]
    assert data["schema"] == 2
    set_value(built_unit.db, nominee.id, "th", F(70))  # changed again: a new build first
    with pytest.raises(PackageError, match="hãy lập lại hồ sơ rồi xuất gói"):
        export_package(built_unit.db, tmp_path / "moi.zip", sent)


def test_a_campaign_without_scoring_sends_no_scores(built_unit, tmp_path):
    target = export_package(built_unit.db, tmp_path / "goi.zip", datetime(2025, 11, 1, tzinfo=UTC))
    with zipfile.ZipFile(target) as archive:
        assert "scores" not in json.loads(archive.read("data.json"))
        assert not [n for n in archive.namelist() if n.startswith("minh-chung/")]


def test_the_score_sheet_on_tong_quan_is_typed_ticked_and_given_its_evidence(
    built_unit, qtbot, tmp_path, qtmodeltester
):
    from PySide6.QtCore import Qt

    from app.store.scores import load_entries
    from app.ui.models.scores import ScoreLinesModel
    from tests.gui_helpers import open_main_window, wait_for_background

    db = built_unit.db
    set_campaign_value(db, active_campaign_id(db), "scoring", SCORING)
    nominee = next(c for c in load_candidates(db, active_campaign_id(db)) if c.nominated)
    path = built_unit.path
    built_unit.close()
    window = open_main_window(qtbot, path, lambda: datetime(2025, 10, 30).date())
    window.show_page("overview")
    wait_for_background(qtbot)
    page = window.overview_page
    assert page.tabs.isTabVisible(1)
    page.tabs.setCurrentIndex(1)
    box = page.score_sheet
    model = box.model
    qtmodeltester.check(model)
    titles = [model.index(r, ScoreLinesModel.CRITERION).data() for r in range(model.rowCount())]
    assert titles == ["Tỷ lệ giải quyết", "Thi hành quyết định", "Tiếp định kỳ", "Vượt cấp"]
    assert model.index(0, ScoreLinesModel.VALUE).data() == "96,77%"
    assert model.index(0, ScoreLinesModel.POINTS).data() == "34 (30 + thưởng 4)"
    assert "÷ 85% × 30 (tối đa 30); từ 90% trở lên: thưởng 4" in model.index(0, 1).data()
    assert not box.example.isVisibleTo(box)
    row = {t: r for r, t in enumerate(titles)}
    model.setData(model.index(row["Thi hành quyết định"], ScoreLinesModel.VALUE), "72,5")
    wait_for_background(qtbot)
    assert load_entries(window.store.db, nominee.id)["th"].value == F(145, 2)
    assert model.index(row["Thi hành quyết định"], ScoreLinesModel.POINTS).data() == (
        "0 (thiếu minh chứng)"
    )
    model.setData(model.index(row["Thi hành quyết định"], ScoreLinesModel.VALUE), "bảy")
    assert "“bảy” không phải số" in box.error.text() and box.error.isVisibleTo(box)
    box.table.selectRow(row["Thi hành quyết định"])
    evidence = tmp_path / "Báo cáo.pdf"
    evidence.write_bytes(PDF)
    box.attach_file(evidence)
    wait_for_background(qtbot)
    assert model.index(row["Thi hành quyết định"], ScoreLinesModel.EVIDENCE).data() == "Báo cáo.pdf"
    assert model.index(row["Thi hành quyết định"], ScoreLinesModel.POINTS).data() == "18,13"
    model.setData(
        model.index(row["Tiếp định kỳ"], ScoreLinesModel.VALUE),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    wait_for_background(qtbot)
    assert load_entries(window.store.db, nominee.id)["td"].value == 1
    assert model.index(row["Tiếp định kỳ"], ScoreLinesModel.POINTS).data() == (
        "0 (thiếu minh chứng)"
    )  # ticked, but its evidence is missing
    assert "Tổng điểm tự chấm: 52,13</b> / 64 điểm tối đa" in box.total.text()  # 34 + 18,125
    from tests.test_visible_text import problems

    assert problems(box) == []  # no criterion id ("gq", "th") nor code shown


def test_a_campaign_without_scoring_shows_no_score_sheet(qtbot, demo_path):
    from tests.gui_helpers import open_main_window, wait_for_background

    window = open_main_window(qtbot, demo_path, lambda: datetime(2025, 10, 30).date())
    window.show_page("overview")
    wait_for_background(qtbot)
    assert not window.overview_page.tabs.isTabVisible(1)
    assert not window.overview_page.tabs.tabBar().isVisibleTo(window.overview_page)
    assert window.overview_page.score_sheet is None  # not even made: nothing to load at start


def test_the_bang_tu_cham_diem_is_built_landscape_in_both_formats(built_unit, tmp_path):
    """Added to the dossier only when the campaign ranks by points; read back from the DOCX
    and the PDF: each nominee's criteria, points and evidence, and the total."""
    import pypdfium2 as pdfium
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from app.services.dossier import write_documents
    from tests.office import docx_lines, pdf_text

    plain = {p.name for d in write_documents(built_unit.db, tmp_path / "a") for p in d.files}
    assert not any("Bang_tu_cham_diem" in name for name in plain)  # the 2025 campaign
    nominee = scored_unit(built_unit)
    built = write_documents(built_unit.db, tmp_path / "b")
    files = {p.suffix: p for d in built for p in d.files if "Bang_tu_cham_diem" in p.name}
    assert set(files) == {".docx", ".pdf"}
    lines = docx_lines(files[".docx"])
    text = " ".join(lines)
    assert "BẢNG TỰ CHẤM ĐIỂM" in text and f"1. Tập thể: {nominee.name}" in text
    for said in ("Thi hành quyết định", "15", "Báo cáo thi hành.pdf", "0 (thiếu minh chứng)",
                 "Tổng điểm tự chấm: 45/64 điểm."):  # fmt: skip
        assert said in text, said
    section = Document(str(files[".docx"])).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    pdf = " ".join(" ".join(pdf_text(files[".pdf"])).split())
    assert "Tổng điểm tự chấm: 45/64 điểm." in pdf and "Báo cáo thi hành.pdf" in pdf
    assert "Nguyễn Văn An" in pdf  # signed by the unit's signer
    width, height = pdfium.PdfDocument(files[".pdf"])[0].get_size()
    assert width > height  # landscape


def test_a_scoring_table_is_loaded_from_a_file_saved_from_the_example_and_removed(
    qtbot, demo_path, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from app.store.campaigns import scoring_file
    from tests.gui_helpers import open_main_window, wait_for_background

    window = open_main_window(qtbot, demo_path, lambda: datetime(2025, 10, 30).date())
    window.show_page("unit")
    wait_for_background(qtbot)
    box = window.page("unit").settings.scoring
    assert box.summary.text().startswith("Đợt này không chấm điểm")
    assert not box.remove_button.isVisibleTo(box)
    example = tmp_path / "bang-diem.toml"
    box.write_example(example)
    assert example.read_bytes() == scoring_file().read_bytes()
    broken = tmp_path / "sai.toml"
    broken.write_text(example.read_text(encoding="utf-8").replace("base = 85", "base = 0"),
                      encoding="utf-8")  # fmt: skip
    box.load(broken)
    assert box.status.text().startswith("Chưa nạp — Tệp sai.toml, dòng ")
    assert "“scoring.criteria.1.base” phải lớn hơn 0" in box.status.text()
    assert window.context.campaign.scoring is None  # nothing stored
    box.load(example)
    wait_for_background(qtbot)
    assert window.context.campaign.scoring is not None
    summary = window.page("unit").settings.scoring.summary.text()
    assert summary.startswith("Chấm điểm theo bảng điểm: 7 tiêu chí, tối đa 100 điểm; bằng điểm")
    assert "Đây là bảng điểm VÍ DỤ" in summary
    window.show_page("overview")
    wait_for_background(qtbot)
    assert window.overview_page.tabs.isTabVisible(1)
    window.show_page("unit")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    box = window.page("unit").settings.scoring
    box.remove()
    wait_for_background(qtbot)
    assert window.context.campaign.scoring is None
    assert box.summary.text().startswith("Đợt này không chấm điểm")


def test_the_command_line_loads_removes_and_saves_a_scoring_table(demo_path, tmp_path, capsys):
    from app.cli import main
    from app.store.campaigns import scoring_file
    from app.store.database import open_store

    db = ["--db", str(demo_path), "campaign", "scoring"]
    example = tmp_path / "bang.toml"
    assert main([*db, "--example", str(example)]) == 0
    assert example.read_bytes() == scoring_file().read_bytes()
    broken = tmp_path / "sai.toml"
    text = example.read_text(encoding="utf-8")
    broken.write_text(text.replace('kind = "yes_no"', 'kind = "co"', 1), encoding="utf-8")
    assert main([*db, str(broken)]) == 1
    said = capsys.readouterr().err
    assert "Tệp sai.toml, dòng " in said and "“scoring.criteria.4.kind” là 'co'" in said
    assert main([*db, str(example)]) == 0
    store = open_store(demo_path)
    try:
        campaign = load_campaign(store.db, active_campaign_id(store.db))
        assert campaign.scoring is not None and len(campaign.scoring.criteria) == 7
    finally:
        store.close()
    assert main([*db, "--none"]) == 0
    assert "không chấm điểm nữa" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(db)  # nothing said what to do: said in Vietnamese
    assert "cần một trong: TỆP --none --example" in capsys.readouterr().err


def test_the_checklist_asks_for_the_plans_table_and_what_the_unit_has_not_entered(built_unit):
    from app.exchange.scoring_file import scoring_table
    from app.services.dossier_check import overview_and_check
    from app.store.campaigns import scoring_file

    db = built_unit.db

    def step():
        steps = overview_and_check(db, datetime(2025, 10, 30).date(), None, None)[1]
        return next(s for s in steps if s.title == "Bảng tự chấm điểm")

    set_campaign_value(db, active_campaign_id(db), "scoring", scoring_table(scoring_file()))
    example = step()
    assert example.status.value == "fail" and "VÍ DỤ của ứng dụng" in example.detail
    nominee = scored_unit(built_unit)  # the test's own table: "th" and "td" need evidence
    lacking = step()
    assert lacking.status.value == "missing" and lacking.page == "overview"
    assert (
        lacking.detail
        == f"{nominee.name}: “Tiếp định kỳ” thiếu minh chứng (Tổng quan › Bảng tự chấm điểm)."
    )
    set_value(db, nominee.id, "vc", None)
    assert f"{nominee.name}: chưa nhập “Vượt cấp”" in step().detail


def test_removing_an_evidence_file_says_which_criteria_lose_it(built_unit, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui_helpers import open_main_window
    from tests.test_achievements_page import choose

    nominee = scored_unit(built_unit)  # its "Thi hành quyết định" evidenced by a file
    path = built_unit.path
    built_unit.close()
    window = open_main_window(qtbot, path, lambda: datetime(2025, 10, 30).date())
    editor = choose(window, qtbot, nominee.name)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text)
                        or QMessageBox.StandardButton.No)  # fmt: skip
    editor.attachments_view.selectRow(0)
    editor.remove_selected_evidence()
    assert "minh chứng của tiêu chí “Thi hành quyết định” trong Bảng tự chấm điểm" in asked[0]


def test_a_persons_own_figures_are_read_once_for_a_package(built_unit, monkeypatch):
    """The dossier's data, the assessment and the scores each ask for a nominated person's
    cases: the register is read for them once, not three times."""
    import app.services.figures as figures_module
    from app.services.package import package_data
    from tests.test_dossier_documents import nominate_chau

    nominate_chau(built_unit.db)
    campaign_id = active_campaign_id(built_unit.db)
    set_campaign_value(built_unit.db, campaign_id, "quota.per_unit", 2)  # her and the collective
    set_campaign_value(built_unit.db, campaign_id, "scoring", SCORING)
    from app.services.dossier import build_and_store

    build_and_store(built_unit.db, datetime(2025, 10, 30).date())
    reads = []
    real = figures_module.unit_figures

    def counted(*args, **kwargs):
        reads.append(kwargs.get("officer"))
        return real(*args, **kwargs)

    monkeypatch.setattr(figures_module, "unit_figures", counted)
    content, _ = package_data(built_unit.db, datetime(2025, 11, 1, tzinfo=UTC))
    assert reads == ["Lê Minh Châu"]  # hers, once (the unit's is read by package_data itself)
    assert {s["name"] for s in content["scores"]} >= {"Lê Minh Châu"}
