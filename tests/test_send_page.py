"""Hồ sơ › Gửi Thanh tra (issue 7): the unit's key fingerprint, the package exported to a file
and saved to a "USB" folder with read-back, a stick that corrupts what it stores refused, and
the Inspectorate's receipt imported back ("Thanh tra đã nhận")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.fingerprint import fingerprint
from app.exchange import package as package_module
from app.exchange.package import verify_package
from app.store.database import open_store
from app.store.unit_key import unit_key
from app.ui.models.dossier import StepsModel
from app.ui.pages.dossier import send_box
from tests.gui_helpers import open_main_window, wait_for_background

TODAY = date(2025, 11, 1)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The questions asked before sending, each answered Yes."""
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: questions.append(text)
                        or QMessageBox.StandardButton.Yes)  # fmt: skip
    return questions


@pytest.fixture
def page(qtbot, built_unit, monkeypatch, asked):
    path = built_unit.path
    built_unit.close()
    window = open_main_window(qtbot, path, lambda: TODAY)
    window.show_page("dossier")
    wait_for_background(qtbot)
    dossier = window.page("dossier")
    dossier.tabs.setCurrentWidget(dossier.send)
    return dossier.send


def test_the_key_fingerprint_is_shown_to_read_out(page):
    key = fingerprint(unit_key(page.context.store.db).public_key().public_bytes_raw())
    assert key in page.key.text() and page.export_button.isEnabled()


def test_export_writes_a_package_that_verifies(page, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "gui-di.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert "Đã xuất gói" in page.status.text() and str(target) in page.status.text()
    result = verify_package(target)
    assert result.ok and result.unit_key in page.key.text()


def test_the_deadline_step_says_sent_once_a_package_is_exported(page, qtbot, tmp_path, monkeypatch):
    """Issue 20.4: "Thời hạn nộp hồ sơ" is not "Xong" before anything is sent."""
    dossier = page.parent()
    while not hasattr(dossier, "steps"):
        dossier = dossier.parent()

    def deadline_state() -> str:
        row = next(r for r, s in enumerate(dossier.steps.rows) if s.title == "Thời hạn nộp hồ sơ")
        return dossier.steps.index(row, StepsModel.STATUS).data()

    assert deadline_state() == "Còn 3 ngày"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "di.zip"), "")
    )
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: deadline_state() == "Đã gửi")
    window = dossier.window()
    window.show_page("overview")  # every page's checklist says so, not only this one's
    wait_for_background(qtbot)
    overview = window.overview_page.steps
    row = next(r for r, s in enumerate(overview.rows) if s.title == "Thời hạn nộp hồ sơ")
    assert overview.index(row, StepsModel.STATUS).data() == "Đã gửi"


def test_a_late_or_incomplete_dossier_is_sent_only_when_the_clerk_says_so(
    page, qtbot, tmp_path, monkeypatch, asked
):
    """Issue 20.6: the build's own warnings (397 days late, values still missing) are said
    before a package goes; answered No, nothing is written."""
    target = tmp_path / "muon.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text)
                        or QMessageBox.StandardButton.No)  # fmt: skip
    page.export_button.click()
    assert "đã quá hạn" in asked[-1] and "Còn thiếu" in asked[-1]
    # late now (today 01/11/2025 in this window is before the deadline of 04/11/2025: the
    # build's own "397 days" is what it said when built); a later day says it anew
    monkeypatch.setattr(page.build_box, "today", lambda: date(2025, 11, 20))
    page.export_button.click()
    assert "hạn 04/11/2025 — hôm nay đã quá hạn 16 ngày." in asked[-1]
    assert asked[-1].count("đã quá hạn") == 1
    assert asked[-1].endswith("Vẫn xuất gói gửi Thanh tra? (Nên sửa rồi lập lại hồ sơ trước.)")
    assert not target.exists() and not page.busy


def test_save_to_usb_reads_back_and_refuses_a_stick_that_corrupts(
    page, qtbot, tmp_path, monkeypatch
):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(send_box, "choose_drive", lambda parent: stick)
    page.usb_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert "nguyên vẹn, có thể rút USB" in page.status.text()
    (saved,) = stick.glob("*.zip")
    assert verify_package(saved).ok
    saved.unlink()

    write_zip = package_module._write_zip

    def faulty_stick(path: Path, entries) -> None:  # stores one byte wrong, says nothing
        write_zip(path, entries)
        data = bytearray(path.read_bytes())
        data[len(data) // 3] ^= 0xFF
        path.write_bytes(bytes(data))

    monkeypatch.setattr(package_module, "_write_zip", faulty_stick)
    page.usb_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert "đọc lại không nguyên vẹn" in page.status.text()
    assert list(stick.iterdir()) == []  # the bad copy is not left to be taken for good


def test_the_receipt_of_the_inspectorate_shows_it_received_the_package(
    page, qtbot, tmp_path, monkeypatch, demo_templates
):
    from app.services.inbox import import_package
    from app.store.campaigns import active_campaign_id, load_campaign
    from tests.package_factory import receipt_of as make_receipt

    target = tmp_path / "goi.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert "Chưa nhận giấy biên nhận" in page.receipt.text()
    tt = demo_templates.copy(tmp_path / "tt.sqlite", kind="inspectorate")
    inbox = open_store(tt, auto_backup=False)  # as create_inspectorate leaves it: no backup
    try:
        campaign = load_campaign(inbox.db, active_campaign_id(inbox.db))
        imported = import_package(inbox.db, target.read_bytes(), target.name, campaign)
        name, data = make_receipt(inbox.db, imported.package, campaign.code)
    finally:
        inbox.close()
    receipt = tmp_path / name
    receipt.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(receipt), ""))
    page.receipt_button.click()
    text = page.receipt.text()
    assert "Thanh tra đã nhận" in text and "goi.zip" in text
    assert "Bộ phận Tiếp công dân phường Hoa Sen: <b>Chưa thẩm định</b>" in text
    damaged = tmp_path / "hong.json"
    damaged.write_bytes(data.replace(b"Thanh tra", b"Thanh tre", 1))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    page.import_receipt(damaged)
    assert warned and "Chữ ký của giấy biên nhận" in warned[0]
    assert "Thanh tra đã nhận" in page.receipt.text()  # the stored receipt still shown


def test_the_command_line_says_what_the_window_asks(built_unit, tmp_path, capsys):
    """Issue 20.6 (second look): `package export` said nothing of a late, incomplete dossier."""
    from app.cli import main

    path = built_unit.path
    built_unit.close()
    assert main(["--db", str(path), "package", "export", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "hôm nay đã quá hạn" in out and "Cảnh báo: Nội dung các văn bản: Còn thiếu" in out
