"""Hồ sơ: the numbers and date of the dossier's documents, saved as typed and printed in the
documents; the check before building, each item opening the page where it is fixed."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document as open_docx
from PySide6.QtCore import Qt

from app.store.dossier_settings import load_dossier_settings
from app.ui.models import StepsModel
from tests.gui_helpers import open_main_window, type_text, wait_for_background

TODAY = date(2025, 10, 30)


@pytest.fixture
def window(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    window.show_page("dossier")
    wait_for_background(qtbot)
    return window


def forms_step(page) -> tuple[str, str]:
    row = next(r for r, s in enumerate(page.steps.rows) if s.title == "Nội dung các văn bản")
    return (
        page.steps.index(row, StepsModel.STATUS).data(),
        page.steps.index(row, StepsModel.DETAIL).data(),
    )


def type_into(page, field: str, text: str) -> None:
    edit = page.edits[field]
    edit.selectAll()
    type_text(edit, text)
    edit.editingFinished.emit()  # leaving the field saves it


def test_numbers_and_date_are_saved_checked_and_printed(window, qtbot, tmp_path):
    page = window.page("dossier")
    assert "số Tờ trình" in forms_step(page)[1] and "số Biên bản" in forms_step(page)[1]
    type_into(page, "to_trinh_number", "5 bis")
    assert "Số văn bản gồm chữ số" in page.errors["to_trinh_number"].text()
    type_into(page, "to_trinh_number", "05")
    type_into(page, "to_trinh_date", "31/10/25")  # a year needs its four digits here
    assert "không phải ngày hợp lệ" in page.errors["to_trinh_date"].text()
    type_into(page, "to_trinh_date", "31/10/2025")
    type_into(page, "bien_ban_number", "03")
    stored = load_dossier_settings(window.store.db, 1, 1)
    assert (stored.to_trinh_number, stored.to_trinh_date, stored.bien_ban_number) == (
        "05",
        date(2025, 10, 31),
        "03",
    )
    wait_for_background(qtbot)
    assert forms_step(page) == ("Xong", "Các biểu mẫu đã có đủ dữ liệu.")

    from app.documents.dossier import build_dossier

    built = build_dossier(window.store.db, tmp_path / "ho-so", ("docx",))
    assert all(not b.missing for b in built)
    paragraphs = [p.text for p in open_docx(tmp_path / "ho-so" / "01_To_trinh.docx").paragraphs]
    texts = "\n".join(paragraphs)
    tables = open_docx(tmp_path / "ho-so" / "01_To_trinh.docx").tables
    header = "\n".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "Số: 05/TTr-UBND" in header and "Hoa Sen, ngày 31 tháng 10 năm 2025" in header + texts

    window.undo_action.trigger()  # the Biên bản's number was the last edit
    assert load_dossier_settings(window.store.db, 1, 1).bien_ban_number == ""


def test_a_check_item_opens_the_page_where_it_is_fixed(window, qtbot):
    page = window.page("dossier")
    row = next(r for r, s in enumerate(page.steps.rows) if s.page == "meeting")
    page.steps_view.setCurrentIndex(page.steps.index(row, 0))
    page.steps_view.setFocus()
    qtbot.keyClick(page.steps_view.viewport(), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.page("meeting")


def test_the_steps_model_passes_the_qt_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.page("dossier").steps)
