"""Đơn vị & đợt thi đua: the unit's details saved as they are typed, refused with the reason
when they break a rule, undone and redone from the Sửa menu, kept when the app is killed."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from app.store.campaigns import (
    active_campaign_id,
    campaign_definition,
    campaign_id_by_code,
    clone_campaign,
    load_campaign,
)
from app.store.database import open_store
from app.store.organisation import unit_organisation
from app.ui.pages.campaign_settings import CloneDialog
from tests.gui_helpers import open_main_window, type_text, wait_for_background

TODAY = date(2025, 10, 20)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def window(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    window.show_page("unit")
    return window


def stored(window, field: str) -> str:
    return getattr(unit_organisation(window.store.db), field)


def retype(page, field: str, text: str) -> None:
    edit = page.edits[field]
    edit.selectAll()
    type_text(edit, text)


def test_typing_saves_by_itself_and_undo_redo_walk_the_edits(window, qtbot):
    page = window.page("unit")
    assert page.edits["name"].text() == "UBND phường Hoa Sen"
    retype(page, "name", "UBND phường Hoa Sen Mới")
    assert stored(window, "name") == "UBND phường Hoa Sen"  # not on every key: after a pause
    qtbot.waitUntil(lambda: stored(window, "name") == "UBND phường Hoa Sen Mới", timeout=3000)
    assert "UBND phường Hoa Sen Mới" in window.windowTitle()  # every page sees the new name
    retype(page, "place_name", "Hoa Sen Mới")
    page.edits["place_name"].clearFocus()  # leaving the field saves at once
    assert stored(window, "place_name") == "Hoa Sen Mới"

    window.undo_action.trigger()
    assert stored(window, "place_name") == "Hoa Sen"
    assert page.edits["place_name"].text() == "Hoa Sen"
    window.undo_action.trigger()
    assert stored(window, "name") == "UBND phường Hoa Sen"
    assert page.edits["name"].text() == "UBND phường Hoa Sen"
    window.redo_action.trigger()
    assert stored(window, "name") == "UBND phường Hoa Sen Mới"
    assert window.undo_action.text() == "Hoàn tác sửa “Tên đơn vị”"


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("abbreviation", "UB ND!", "Chỉ gồm chữ không dấu, số và dấu gạch nối"),
        ("email", "ubnd@", "Thư điện tử không hợp lệ"),
        ("phone", "goi 0205", "Số điện thoại chỉ gồm chữ số"),
        ("name", "   ", "Không được để trống."),
    ],
)
def test_a_value_that_breaks_a_rule_is_not_saved_and_says_why(window, qtbot, field, text, reason):
    page = window.page("unit")
    before = stored(window, field)
    retype(page, field, text)
    page.fields[field].commit()
    assert page.errors[field].isVisible()
    assert page.errors[field].text().startswith("Chưa lưu — " + reason)
    assert stored(window, field) == before
    assert window.undo_stack.count() == 0
    retype(page, field, before)  # corrected: the message goes
    page.fields[field].commit()
    assert not page.errors[field].isVisible()


def test_a_full_disk_keeps_the_text_and_says_so(window, monkeypatch):
    page = window.page("unit")

    def full_disk(db, field, value):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.ui.pages.unit.set_organisation_field", full_disk)
    retype(page, "signer_name", "Trần Văn Mới")
    page.fields["signer_name"].commit()
    assert page.edits["signer_name"].text() == "Trần Văn Mới"  # what was typed is not thrown away
    assert "Chưa lưu" in page.errors["signer_name"].text()
    assert "đầy" in page.errors["signer_name"].text()  # the disk is full, in Vietnamese
    assert stored(window, "signer_name") == "Nguyễn Văn An"

    asked = []  # closing the window names the field it could not save, and asks
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No
    )
    assert not window.close()
    assert "• Họ tên người ký: Chưa lưu — Ổ đĩa đã đầy" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert window.close()


def test_choosing_another_campaign_changes_every_page(window, qtbot):
    db = window.store.db
    clone_campaign(db, active_campaign_id(db), code="ls-2026", name="Đợt thử năm 2026",
                   year_shift=1)  # fmt: skip
    window.load_store()
    page = window.page("unit")
    index = page.campaigns.findData(campaign_id_by_code(db, "ls-2026"))
    page.campaigns.setCurrentIndex(index)
    page.campaigns.activated.emit(index)
    assert active_campaign_id(db) == campaign_id_by_code(db, "ls-2026")
    assert "Thời gian: 01/01/2026 – 31/10/2026" in page.campaign_facts.text()
    assert "Đợt thử năm 2026" in window.overview_page.campaign_name.text()


def test_text_typed_is_there_after_the_app_is_killed(demo_path):
    with subprocess.Popen(
        [sys.executable, "-m", "tests.typing_child", str(demo_path), "unit", "name",
         "UBND phường Sen Hồng"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ) as child:  # fmt: skip
        try:
            assert child.stdout.readline().strip() == "SAVED"  # the field saved itself
        finally:
            os.kill(child.pid, signal.SIGKILL)  # no chance to close anything
    assert child.returncode == -signal.SIGKILL
    store = open_store(demo_path)
    try:
        assert unit_organisation(store.db).name == "UBND phường Sen Hồng"
    finally:
        store.close()


def test_the_window_reopens_where_and_how_it_was_closed(qtbot, demo_path):
    first = open_main_window(qtbot, demo_path, lambda: TODAY)
    first.resize(800, 650)  # inside the offscreen screen (800×800), above the minimum
    first.show_page("people")
    first.close()
    again = open_main_window(qtbot, demo_path, lambda: TODAY)
    assert again.stack.currentWidget() is again.page("people")
    assert again.sidebar.currentRow() == 2
    assert (again.width(), again.height()) == (800, 650)


def definition(window) -> dict:
    return campaign_definition(window.store.db, active_campaign_id(window.store.db))


def set_setting(page, path: str, text: str) -> None:
    """Type (or tick, or choose) a campaign setting as a user would, then leave the field."""
    widget = page.settings.widgets[path]
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        type_text(widget, text)
    else:
        widget.setText(text)
    page.settings.fields[path].commit()


def test_campaign_settings_are_checked_against_the_whole_campaign_and_saved(window, qtbot):
    page = window.page("unit")
    settings = page.settings
    set_setting(page, "period.end", "31/12/2024")  # before the start
    assert settings.errors["period.end"].text() == (
        "Chưa lưu — Ngày kết thúc đợt thi đua đứng trước ngày bắt đầu."
    )
    assert definition(window)["period"]["end"] == "2025-10-31"
    set_setting(page, "period.end", "15/10/2025")
    assert definition(window)["period"]["end"] == "2025-10-15"
    assert not settings.errors["period.end"].isVisible()
    set_setting(page, "eligibility.resolution_rate_min", "96,5")
    assert definition(window)["eligibility"]["resolution_rate_min"] == "96.5"
    set_setting(page, "eligibility.resolution_rate_min", "chín sáu")
    assert "không phải số hợp lệ" in settings.errors["eligibility.resolution_rate_min"].text()
    set_setting(page, "eligibility.counted_petition_types", "Khiếu nại; Tố cáo")
    assert definition(window)["eligibility"]["counted_petition_types"] == ["Khiếu nại", "Tố cáo"]
    # the regime is changed by cloning, where the bodies are asked for again (issue 19)
    assert not settings.widgets["legal_regime"].isEnabled()
    set_setting(page, "legal_bases", "Căn cứ Luật Thi đua, khen thưởng\n\n  Căn cứ Kế hoạch số 1  ")
    stored = definition(window)
    assert stored["legal_regime"] == "nd98-2023"
    assert stored["legal_bases"] == ["Căn cứ Luật Thi đua, khen thưởng", "Căn cứ Kế hoạch số 1"]
    set_setting(page, "deadlines.0.date", "03/11/2025")
    wait_for_background(qtbot)
    assert "hạn 03/11/2025 — <b>còn 14 ngày</b>" in window.overview_page.deadlines.text()

    window.undo_action.trigger()  # the deadline
    assert definition(window)["deadlines"][0]["date"] == "2025-11-04"
    assert settings.widgets["deadlines.0.date"].text() == "04/11/2025"


def test_a_campaign_is_cloned_for_next_year(window):
    page = window.page("unit")
    dialog = CloneDialog(page.settings, page.settings.context)
    dialog.accept()
    assert dialog.error.text() == "Cần nhập mã và tên của đợt mới."
    dialog.code.setText("ls-tcd-2025")  # taken
    dialog.name.setText("Phong trào năm 2026")
    dialog.accept()
    assert "Đã có đợt thi đua mang mã “ls-tcd-2025”" in dialog.error.text()
    dialog.code.setText("ls-tcd-2026")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    new = load_campaign(window.store.db, campaign_id_by_code(window.store.db, "ls-tcd-2026"))
    assert (new.name, new.period_start, new.period_end) == (
        "Phong trào năm 2026",
        date(2026, 1, 1),
        date(2026, 10, 31),
    )


def test_vote_rules_quotas_and_the_reception_minimum_are_settings_too(window):
    page = window.page("unit")
    set_setting(page, "vote.threshold_strict", "")  # untick: "từ 1/2 trở lên"
    set_setting(page, "reception.leader_periodic_per", "tháng")
    set_setting(page, "reception.leader_periodic_minimum_days", "2")
    set_setting(page, "quota.inspectorate_individuals", "12")
    campaign = load_campaign(window.store.db, active_campaign_id(window.store.db))
    assert campaign.vote.threshold_strict is False
    assert campaign.leader_reception_minimum == (2, "month")
    assert definition(window)["quota"]["inspectorate_individuals"] == 12
    assert page.settings.widgets["vote.quorum_strict"].text() == ""  # "từ 2/3 trở lên" as stored


def test_the_inspectorates_recipients_and_each_deadlines_task_are_settings_too(window):
    """What a clone to another regime leaves naming an old body ("(qua Phòng Nội vụ)") is fixed
    here (issue 19)."""
    page = window.page("unit")
    set_setting(page, "deadlines.1.title", "Thanh tra tỉnh trình Hội đồng Thi đua - Khen thưởng")
    set_setting(page, "recipients.inspectorate_via", "Văn phòng Thanh tra tỉnh Lạng Sơn")
    stored = definition(window)
    assert stored["deadlines"][1]["title"] == "Thanh tra tỉnh trình Hội đồng Thi đua - Khen thưởng"
    assert stored["recipients"]["inspectorate_via"] == "Văn phòng Thanh tra tỉnh Lạng Sơn"
    assert "(qua Phòng Nội vụ)" not in window.overview_page.deadlines.text()
