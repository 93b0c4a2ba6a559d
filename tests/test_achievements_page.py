"""Thành tích driven as a clerk does: candidates added and removed, achievement text that saves
itself with the register's figures inserted as live values, and evidence files checked and
kept in the database."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlite_utils import Database

from app.core import evidence
from app.core.evidence import check_evidence
from app.store.achievements import attachment_content, list_attachments, load_achievements
from app.store.candidates import load_candidates
from app.store.database import open_store
from app.ui.dialogs import Picker
from tests.gui_helpers import answer_next_dialog, open_main_window, type_text, wait_for_background

TODAY = date(2025, 10, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def window(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    window.show_page("achievements")
    return window


def page_of(window):
    return window.page("achievements")


def choose(window, qtbot, name: str):
    """Select a candidate and wait for its figures, counted in the background."""
    page = page_of(window)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == name)
    with qtbot.waitSignal(page.editor.figures.modelReset, timeout=5000):
        page.view.selectRow(row)
    qtbot.waitUntil(lambda: not page.editor.figures_note.text().startswith("Đang tính"))
    return page.editor


def candidate_id(window, name: str) -> int:
    return next(c.id for c in load_candidates(window.store.db, 1) if c.name == name)


def test_the_list_puts_collectives_first_and_lists_every_candidate(window):
    page = page_of(window)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == [
        "Bộ phận Tiếp công dân phường Hoa Sen", "Lê Minh Châu", "Phạm Quốc Dũng", "Đỗ Thị Lan",
    ]  # fmt: skip


def test_text_saves_itself_and_live_figures_are_inserted_not_typed(window, qtbot, demo_path):
    editor = choose(window, qtbot, "Đỗ Thị Lan")
    lan = candidate_id(window, "Đỗ Thị Lan")
    rows = dict(editor.figures.rows)
    assert (rows["Đã giải quyết"], rows["Tổng số vụ việc"]) == ("9", "10")
    text = editor.texts["giai_quyet_don"]
    type_text(text, "Giải quyết ")
    for name, then in (("Đã giải quyết", "/"), ("Tổng số vụ việc", " vụ việc.")):
        row = next(i for i, (n, _) in enumerate(editor.figures.rows) if n == name)
        editor.figures_view.selectRow(row)
        qtbot.mouseClick(editor.insert_button, Qt.MouseButton.LeftButton)
        type_text(text, then)  # the cursor is after the inserted name
    assert text.text() == "Giải quyết {Đã giải quyết}/{Tổng số vụ việc} vụ việc."
    preview = editor.previews["giai_quyet_don"]
    assert preview.text() == "Khi in: Giải quyết 9/10 vụ việc."
    text.editingFinished.emit()  # leaving the field saves it (a pause in typing does too)
    stored = load_achievements(window.store.db, lan)["giai_quyet_don"]
    assert stored == "Giải quyết {Đã giải quyết}/{Tổng số vụ việc} vụ việc."

    with Database(demo_path) as db:  # one of her open cases is resolved in the register
        db.execute(
            "UPDATE petitions SET outcome = 'da', resolved_on = '2025-10-15' "
            "WHERE officer = 'Đỗ Thị Lan' AND outcome = 'dang'"
        )
    window.show_page("register")
    window.register_page.data_changed.emit()  # what the register page says after an import
    window.show_page("achievements")  # the page shows the register's figures as they are now
    qtbot.waitUntil(lambda: preview.text() == "Khi in: Giải quyết 10/10 vụ việc.", timeout=5000)
    assert load_achievements(window.store.db, lan)["giai_quyet_don"].count("{") == 2


def test_a_name_that_is_no_figure_is_pointed_out(window, qtbot):
    editor = choose(window, qtbot, "Lê Minh Châu")
    text = editor.texts["tiep_cong_dan"]
    type_text(text, "Đạt {Tỷ lệ hài lòng}.")
    assert editor.previews["tiep_cong_dan"].text() == (
        "Khi in: Đạt ….\nKhông có số liệu tên: {Tỷ lệ hài lòng}"
    )


def test_undo_brings_back_the_text_of_the_candidate_it_belongs_to(window, qtbot):
    editor = choose(window, qtbot, "Lê Minh Châu")
    chau = editor.candidate_id
    before = editor.texts["giai_quyet_don"].text()
    type_text(editor.texts["giai_quyet_don"], " Thêm một câu.")
    editor.fields["giai_quyet_don"].commit()
    choose(window, qtbot, "Phạm Quốc Dũng")
    window.undo_action.trigger()
    assert editor.candidate_id == chau
    assert editor.texts["giai_quyet_don"].text() == before
    assert load_achievements(window.store.db, chau)["giai_quyet_don"] == before


def test_the_declaration_counts_on_the_overview(window, qtbot):
    wait_for_background(qtbot)
    status = {r.candidate.name: r.status.label for r in window.overview_page.model.rows}
    assert status["Đỗ Thị Lan"] == "Chưa có dữ liệu"
    editor = choose(window, qtbot, "Đỗ Thị Lan")
    editor.declaration.setText("Có — không đang bị xem xét kỷ luật, thanh tra, khiếu nại, tố cáo")
    editor.fields["declaration"].commit()
    window.show_page("overview")
    wait_for_background(qtbot)
    reasons = {r.candidate.name: r.reasons for r in window.overview_page.model.rows}
    assert not any("cam kết" in reason.lower() for reason in reasons["Đỗ Thị Lan"])


def test_adding_and_removing_candidates(window, qtbot, monkeypatch):
    page = page_of(window)

    def pick_khang(picker: Picker) -> None:
        type_text(picker.search, "khang")
        picker.table.selectRow(0)
        picker.accept()

    answer_next_dialog(pick_khang)
    qtbot.mouseClick(page.add_people, Qt.MouseButton.LeftButton)
    assert page.editor.candidate is not None and page.editor.candidate.name == "Bùi Đức Khang"
    assert page.candidates.rowCount() == 5

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.candidates.rowCount() == 4

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    choose(window, qtbot, "Bộ phận Tiếp công dân phường Hoa Sen")  # the unit's nominee
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "đã được đơn vị đề nghị khen thưởng" in warned[0]
    assert page.candidates.rowCount() == 4


def test_evidence_is_checked_copied_in_and_removed(window, qtbot, tmp_path, monkeypatch):
    editor = choose(window, qtbot, "Lê Minh Châu")
    chau = editor.candidate_id
    good = tmp_path / "Giấy khen 2023.pdf"
    good.write_bytes(PDF)
    renamed = tmp_path / "anh-chup.pdf"
    renamed.write_bytes(PNG)
    empty = tmp_path / "rong.png"
    empty.write_bytes(b"")
    editor.attach([good, renamed, empty, tmp_path / "khong-co.pdf"])
    assert [a.file_name for a in list_attachments(window.store.db, chau)] == ["Giấy khen 2023.pdf"]
    refusals = editor.evidence_error.text().splitlines()
    assert refusals[0] == (
        "Tệp anh-chup.pdf có nội dung là ảnh PNG nhưng đuôi tệp là “.pdf”; "
        "hãy đổi tên cho đúng (.png)."
    )
    assert refusals[1] == "Tệp rong.png rỗng (0 byte)."
    assert refusals[2].startswith("Không đọc được tệp khong-co.pdf")
    good.unlink()  # the database keeps its own copy
    assert attachment_content(window.store.db, list_attachments(window.store.db, chau)[0].id) == (
        "Giấy khen 2023.pdf",
        PDF,
    )
    assert editor.attachments.index(0, 2).data() == "1 KB"

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    editor.attachments_view.selectRow(0)
    qtbot.mouseClick(editor.remove_evidence, Qt.MouseButton.LeftButton)
    assert list_attachments(window.store.db, chau) == []
    assert window.store.db.execute("SELECT count(*) FROM attachment_contents").fetchone()[0] == 0


def test_the_page_models_pass_the_qt_model_tester(window, qtbot, tmp_path, qtmodeltester):
    editor = choose(window, qtbot, "Lê Minh Châu")
    (tmp_path / "a.pdf").write_bytes(PDF)
    editor.attach([tmp_path / "a.pdf"])
    page = page_of(window)
    for model in (page.candidates, page.proxy, editor.figures, editor.attachments):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


# --- the evidence rules, without the page -----------------------------------------------


def _office_file(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("a.png", PNG, "image/png"),
        ("a.docx", _office_file("word/document.xml"), evidence.DOCX.media_type),
        ("a.xlsx", _office_file("xl/workbook.xml"), evidence.XLSX.media_type),
    ],
)
def test_accepted_evidence_kinds(name, data, media_type):
    assert check_evidence(name, data).media_type == media_type


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.exe", b"MZ\x90\x00", "không phải PDF, ảnh JPG, ảnh PNG, Word (DOCX), Excel (XLSX)"),
        ("a.docx", _office_file("other.xml"), "không phải PDF"),  # a zip, not a Word file
        ("a.docx", b"PK\x03\x04broken", "hoặc bị hỏng"),
        ("a.xlsx", _office_file("word/document.xml"), "đuôi tệp là “.xlsx”"),
    ],
)
def test_refused_evidence_says_why(name, data, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        check_evidence(name, data)


def test_size_limits_per_file_and_per_candidate(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValueError, match="quá giới hạn"):
        check_evidence("to.pdf", PDF + b"\x00" * 100)
    monkeypatch.setattr(evidence, "MAX_CANDIDATE_BYTES", 200)
    with pytest.raises(ValueError, match="minh chứng của một đối tượng tối đa"):
        check_evidence("b.pdf", PDF, already_attached=190)


def test_evidence_survives_reopening(demo_path, tmp_path):
    from app.store.achievements import add_attachment

    store = open_store(demo_path)
    attachment = add_attachment(store.db, 2, "quyet-dinh.pdf", PDF)
    store.close()
    store = open_store(demo_path)
    assert attachment_content(store.db, attachment) == ("quyet-dinh.pdf", PDF)
    store.close()
