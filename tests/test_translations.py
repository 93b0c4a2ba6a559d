"""Qt's own strings in Vietnamese (issue 8): the shipped catalogue is the compiled form of its
source, and Qt's real widgets — standard buttons, message boxes, the text fields' context
menu — show the Vietnamese texts once it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

from app.paths import resources_dir
from app.ui.qt_translations import install_qt_translations

FOLDER = resources_dir() / "translations"


@pytest.fixture
def vietnamese(qapp):
    """The catalogue installed as the app does (it stays for the session: harmless, every
    other test reads the app's own Vietnamese texts)."""
    assert install_qt_translations(qapp)


def test_the_catalogue_is_compiled_from_its_source(tmp_path):
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(__import__("PySide6").__file__).parent / "lrelease"
    )
    out = tmp_path / "qtbase_vi.qm"
    subprocess.run(
        [lrelease, str(FOLDER / "qtbase_vi.ts"), "-qm", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (FOLDER / "qtbase_vi.qm").read_bytes(), (
        "run: pyside6-lrelease resources/translations/qtbase_vi.ts"
    )


def test_standard_buttons_speak_vietnamese(vietnamese):
    buttons = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(
        buttons.Ok
        | buttons.Cancel
        | buttons.Yes
        | buttons.No
        | buttons.Open
        | buttons.Save
        | buttons.Close
        | buttons.Apply
        | buttons.Retry
        | buttons.Ignore
        | buttons.Help
    )
    texts = {b.text() for b in box.buttons()}
    assert {
        "Đồng ý",
        "Hủy",
        "&Có",
        "&Không",
        "Mở",
        "Lưu",
        "Đóng",
        "Áp dụng",
        "Thử lại",
        "Bỏ qua",
        "Trợ giúp",
    } <= texts
    question = QMessageBox(
        QMessageBox.Icon.Question,
        "Hỏi",
        "Xóa?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    assert sorted(b.text() for b in question.buttons()) == ["&Có", "&Không"]


def test_the_context_menus_of_text_fields_speak_vietnamese(vietnamese):
    for widget in (QLineEdit("chữ"), QPlainTextEdit("chữ")):
        menu = widget.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
        assert {"&Hoàn tác", "&Cắt", "Sao &chép", "&Dán", "Chọn tất cả"} <= set(texts), texts
        menu.deleteLater()


def test_every_translation_is_nfc_and_complete():
    import unicodedata
    import xml.etree.ElementTree as ET

    root = ET.parse(FOLDER / "qtbase_vi.ts").getroot()
    messages = root.findall(".//message")
    assert len(messages) >= 80
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.text, message.find("source").text
        assert translation.get("type") != "unfinished"
        assert unicodedata.normalize("NFC", translation.text) == translation.text


def test_qts_file_and_print_dialogs_speak_vietnamese(vietnamese, qtbot):
    """Issue 20.10: Qt's own file dialog (where the system's is not used) and print dialog
    showed "Look in", "Files of type", "Print", "Options" in English."""
    import re

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog

    from tests.test_visible_text import visible_texts

    source = (FOLDER / "qtbase_vi.ts").read_text("utf-8")
    english = {
        s.replace("&amp;", "&").replace("&", "") for s, t in
        re.findall(r"<source>(.*?)</source>.*?<translation>(.*?)</translation>", source, re.S)
        if s != t and re.search("[A-Za-z]{3}", s)
    }  # fmt: skip
    files = QFileDialog(None, "Chọn tệp")
    files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    files.setNameFilter("Gói hồ sơ (*.zip)")
    printer = QPrinter()
    shown = []
    for dialog in (files, QPrintDialog(printer)):
        qtbot.addWidget(dialog)
        dialog.show()
        shown += [text.replace("&", "") for _, text in visible_texts(dialog)]
        dialog.close()
    assert "Tìm trong:" in shown and "Loại tệp:" in shown
    assert "In" in shown and "Tùy chọn >>" in shown
    assert [text for text in shown if text in english] == []
