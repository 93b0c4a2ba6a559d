"""Quyết định & Giấy khen in the window (issue 19, point 6): from Hộp hồ sơ the Inspectorate
drafts the decision of its shortlist, records the signed one in the Sổ vàng (once), and writes
or prints the certificates at this printer's offset; a unit reaches the same from Hồ sơ."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QMessageBox, QPushButton

from app import settings
from app.documents.certificates import PrintMode
from app.store.database import open_store
from app.ui import awards_dialog
from app.ui.awards_dialog import AwardsDialog
from tests.gui_helpers import answer_next_dialog, open_main_window, wait_for_background
from tests.office import pdf_text
from tests.test_awards_register import sign
from tests.test_decision import shortlisted  # noqa: F401 (a fixture)

TODAY = date(2026, 12, 6)


@pytest.fixture
def dialog(qtbot, shortlisted, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(awards_dialog.QDesktopServices, "openUrl", lambda url: True)
    store = open_store(shortlisted, auto_backup=False)
    sign(store.db)
    store.close()
    window = open_main_window(qtbot, shortlisted, lambda: TODAY)
    wait_for_background(qtbot)
    page = window.page("inbox")
    opened = AwardsDialog(window, page.context, tmp_path / "out", True, TODAY)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def test_draft_record_once_then_print_on_blanks(dialog, qtbot, tmp_path, monkeypatch):
    assert dialog.awardees.count() == 4 and dialog.book.rowCount() == 0
    assert not dialog.write_button.isEnabled()  # nothing recorded yet: nothing to print
    dialog.number.setText("45")
    dialog.day.setText("04/12/2026")
    dialog.draft_button.click()
    wait_for_background(qtbot)
    assert (tmp_path / "out" / "QD_Quyet_dinh_khen_thuong.pdf").is_file()
    assert "QD_Quyet_dinh_khen_thuong" in dialog.status.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.symbol.text() == "QĐ-UBND" and dialog.first_number.value() == 1
    dialog.awardees.item(3).setCheckState(Qt.CheckState.Unchecked)  # the decision left one out
    dialog.record_button.click()
    assert dialog.book.rowCount() == 3
    assert "Đã ghi 3 tập thể, cá nhân vào Sổ vàng (số 01 đến 03)." in dialog.status.text()
    assert dialog.record_button.isEnabled()  # the fourth, for a later decision
    assert [a.label for a in dialog.checked()] == ["Nguyễn Văn Tây (UBND phường Tây)"]
    assert dialog.first_number.value() == 4 and dialog.first_number.minimum() == 4
    dialog.remove_button.click()  # recorded by mistake: taken back
    assert dialog.book.rowCount() == 0
    dialog.awardees.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.lists.widget(0).findChildren(QPushButton)[0].click()  # "Đánh dấu tất cả"
    assert len(dialog.checked()) == 4
    dialog.record_button.click()
    assert dialog.book.rowCount() == 4 and dialog.lists.tabText(1).endswith("(4)")
    assert dialog.book.item(0, 0).text() == "01" and dialog.book.item(0, 1).text() == "45/QĐ-UBND"
    assert dialog.book.item(3, 5).text() == "760.000 đ"  # 0.3 × 2,530,000 đ, rounded up
    assert "Đã ghi 4 tập thể, cá nhân vào Sổ vàng (số 01 đến 04)." in dialog.status.text()
    assert dialog.decision.currentText() == "Số 45/QĐ-UBND ngày 04/12/2026"
    assert "— đã ghi Sổ vàng, số 01" in dialog.awardees.item(0).text()
    assert not dialog.record_button.isEnabled()  # everyone chosen is in the book
    assert ", 0 chưa ghi Sổ vàng. " in dialog.awardees_label.text()

    dialog.modes.button(1).setChecked(True)
    assert dialog.mode is PrintMode.BLANK
    dialog.offset_x.setValue(2)
    dialog.offset_y.setValue(-1.5)
    dialog.write_button.click()
    wait_for_background(qtbot)
    blank = tmp_path / "out" / "GK_Giay_khen_QD_45_04-12-2026_in_len_phoi.pdf"
    assert len(pdf_text(blank)) == 4 and "GIẤY KHEN" not in pdf_text(blank)[0]
    assert (tmp_path / "out" / "GK_Giay_khen_QD_45_04-12-2026_in_len_phoi.docx").is_file()
    assert settings.certificate_offset() == (2.0, -1.5)  # kept for this printer

    sent = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    monkeypatch.setattr(awards_dialog, "print_documents",
                        lambda printer, documents, copies: sent.extend(documents) or 4)  # fmt: skip
    dialog.modes.button(0).setChecked(True)
    dialog.print_button.click()
    wait_for_background(qtbot)
    ((name, data),) = sent
    assert name == "GK_Giay_khen_QD_45_04-12-2026.pdf" and data.startswith(b"%PDF")
    assert "Đã gửi 4 trang tới máy in" in dialog.status.text()


def test_a_wrong_number_or_date_is_said_before_anything(dialog):
    dialog.number.setText("45/QĐ")
    dialog.record_button.click()
    assert "Số văn bản gồm chữ số" in dialog.error.text()
    dialog.number.setText("45")
    dialog.day.setText("31/02/2026")
    dialog.record_button.click()
    assert dialog.error.isVisible() and dialog.book.rowCount() == 0
    dialog.day.setText("")
    dialog.record_button.click()
    assert "Nhập số và ngày ký" in dialog.error.text()


def test_the_unit_reaches_the_book_from_its_dossier_page(qtbot, demo_path, monkeypatch):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    wait_for_background(qtbot)
    page = window.page("dossier")
    seen = []

    def look(opened) -> None:
        seen.append((opened.awardees.count(), opened.draft_button.isVisible()))
        opened.reject()

    answer_next_dialog(look)
    page.awards.click()
    assert seen == [(1, False)]  # the collective the council proposed; no inbox to draft from
