"""The first start (issue 8): with no database yet the app asks who uses it, the organisation and
its signer, the campaign — or opens the demo — and ends on the main window with what was entered
stored. Both roles, the refusals, and the README's run command opening the demo instead."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import paths
from app.cli import gui_database
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.database import open_store
from app.store.organisation import unit_organisation
from app.store.role import INSPECTORATE, UNIT, role
from app.ui.first_run import FirstRunDialog
from app.ui.pages.campaign_settings import CloneDialog
from tests.gui_helpers import answer_next_dialog, type_text

TODAY = date(2026, 1, 12)
ENTRIES = {
    "parent_agency": "UBND thành phố Lạng Sơn",
    "name": "UBND phường Kỳ Lừa",
    "abbreviation": "UBND",
    "place_name": "Kỳ Lừa",
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_position": "CHỦ TỊCH",
    "signer_name": "Hoàng Văn Lừa",
}


def fill(dialog: FirstRunDialog, entries: dict[str, str]) -> None:
    for field, text in entries.items():
        dialog.fields[field].clear()
        type_text(dialog.fields[field], text)


def test_a_unit_is_set_up_with_the_builtin_campaign(qtbot, tmp_path):
    target, demo = tmp_path / "thidua.sqlite", tmp_path / "mau.sqlite"
    dialog = FirstRunDialog(target, demo, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.as_unit.isChecked() and not dialog.back.isEnabled()
    dialog.next.click()
    dialog.next.click()  # nothing typed yet
    assert "Cơ quan cấp trên: Không được để trống." in dialog.error.text()
    type_text(dialog.fields["parent_agency"], "UBND")  # issue 20.13: said, then put right
    assert dialog.error.isHidden()
    fill(dialog, {**ENTRIES, "abbreviation": "UB ND"})
    dialog.next.click()
    assert "Tên viết tắt" in dialog.error.text() and dialog.steps.currentIndex() == 1
    fill(dialog, ENTRIES)
    dialog.next.click()
    assert dialog.next.text() == "Bắt đầu" and not target.exists()
    assert dialog.template.isChecked()  # in 2026 the 2025 plan's decree is repealed
    dialog.builtin.setChecked(True)
    dialog.next.click()
    assert dialog.result_path == target and not demo.exists()
    store = open_store(target)
    try:
        organisation = unit_organisation(store.db)
        assert {f: getattr(organisation, f) for f in ENTRIES} == ENTRIES
        assert role(store.db) == UNIT
        assert load_campaign(store.db, active_campaign_id(store.db)).code == "ls-tcd-2025"
    finally:
        store.close()


def test_the_inspectorate_with_a_campaign_moved_to_another_year(qtbot, tmp_path):
    target = tmp_path / "thidua.sqlite"
    dialog = FirstRunDialog(target, tmp_path / "mau.sqlite", TODAY)
    qtbot.addWidget(dialog)
    dialog.as_inspectorate.setChecked(True)
    dialog.next.click()
    fill(
        dialog,
        {
            **ENTRIES,
            "name": "Thanh tra thành phố Lạng Sơn",
            "abbreviation": "TTr",
            "signer_authority": "",
            "signer_position": "CHÁNH THANH TRA",
        },
    )
    dialog.next.click()
    dialog.copy.setChecked(True)
    assert dialog.year.isEnabled() and dialog.year.value() == 2026
    # a 2026 copy of the 2025 plan stays under the repealed decree: said before it is made
    assert "vẫn theo Nghị định 98/2023/NĐ-CP, đã hết hiệu lực từ 01/07/2025" in (
        dialog.repealed.text()
    )
    assert dialog.code.text() == "ls-tcd-2026" and "năm 2026" in dialog.name.text()
    dialog.next.click()
    store = open_store(target)
    try:
        assert role(store.db) == INSPECTORATE
        campaign = load_campaign(store.db, active_campaign_id(store.db))
        assert campaign.code == "ls-tcd-2026"
        assert (campaign.period_start, campaign.period_end) == (
            date(2026, 1, 1),
            date(2026, 10, 31),
        )
        assert campaign.deadline("unit_submission").date == date(2026, 11, 4)
        assert unit_organisation(store.db).signer_position == "CHÁNH THANH TRA"
    finally:
        store.close()


def test_the_demo_is_one_click_away(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "thidua.sqlite", tmp_path / "mau.sqlite", TODAY)
    qtbot.addWidget(dialog)
    dialog.use_demo.click()
    assert dialog.result_path == tmp_path / "mau.sqlite"
    assert not (tmp_path / "thidua.sqlite").exists()
    store = open_store(dialog.result_path)
    try:
        assert unit_organisation(store.db).name == "UBND phường Hoa Sen"
    finally:
        store.close()


def args(*argv: str) -> argparse.Namespace:
    from app.cli import build_parser

    return build_parser().parse_args(list(argv))


def test_the_first_start_asks_and_the_readme_command_opens_the_demo():
    assert gui_database(args()) is None  # no database anywhere: the setup asks
    assert gui_database(args("--demo-when-new")) == paths.demo_database()
    assert gui_database(args("--db", "x.sqlite")) == Path("x.sqlite")


@pytest.mark.parametrize(("chosen", "pages"), [("unit", 7), ("inspectorate", 2)])
def test_the_first_start_ends_on_the_main_window_with_the_data_stored(
    qtbot, chosen, pages, monkeypatch
):
    """The app as started for real: run_gui with no database, the setup answered as a user
    does, the main window shown on the new database."""
    import sys

    from app.ui import application

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs the app's own
    shown = []
    monkeypatch.setattr(
        application.MainWindow,
        "show",
        lambda self: shown.append((self.sidebar.count(), self.store.path)),
    )

    def answer(dialog):
        if chosen == "inspectorate":
            dialog.as_inspectorate.setChecked(True)
        dialog.next.click()
        fill(dialog, ENTRIES)
        dialog.next.click()
        dialog.builtin.setChecked(True)
        dialog.next.click()

    answer_next_dialog(answer)
    assert application.run_gui(None, quit_after_show=True) == 0
    assert shown == [(pages, paths.default_database())]
    store = open_store(paths.default_database())
    try:
        assert unit_organisation(store.db).name == "UBND phường Kỳ Lừa"
        assert role(store.db) == chosen
    finally:
        store.close()


def when_shown(kind, answer) -> None:
    """Calls `answer` with the next modal dialog of type `kind` once it is open."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, attempt)
            return
        answer(dialog)

    QTimer.singleShot(0, attempt)


def test_in_2026_the_setup_starts_a_decree_152_campaign_from_the_template(qtbot, tmp_path):
    """Issue 19.2 / 20.13: the 2025 plan's decree is repealed by 2026 — the setup offers the
    role's 2026 template first and asks its bodies and bases as Đơn vị & đợt thi đua does."""
    target = tmp_path / "thidua.sqlite"
    dialog = FirstRunDialog(target, tmp_path / "mau.sqlite", TODAY)
    qtbot.addWidget(dialog)
    dialog.as_inspectorate.setChecked(True)
    assert dialog.fields["name"].placeholderText() == "ví dụ: Thanh tra tỉnh …"  # its words
    assert dialog.field_labels["name"].text() == "Tên cơ quan *"
    dialog.next.click()
    fill(dialog, {**ENTRIES, "name": "Thanh tra tỉnh Lạng Sơn", "abbreviation": "TTr"})
    dialog.next.click()
    assert dialog.template.isChecked()

    def bodies(clone) -> None:
        assert clone.source.currentText().startswith("Mẫu: ")
        clone.code.setText("tt-2026")
        clone.name.setText("Phong trào thi đua năm 2026 của Thanh tra tỉnh Lạng Sơn")
        for box in clone.bodies.values():
            if box.currentText():
                box.setCurrentText(box.currentText().replace("…", "Lạng Sơn"))
        clone.bases.setText("Căn cứ Kế hoạch số 15/KH-TTr ngày 10/02/2026 của Thanh tra tỉnh")
        clone.accept()

    when_shown(CloneDialog, bodies)
    dialog.next.click()
    assert dialog.result_path == target
    store = open_store(target)
    try:
        campaign = load_campaign(store.db, active_campaign_id(store.db))
        assert (campaign.code, campaign.legal_regime) == ("tt-2026", "nd152-2025")
        assert campaign.award_title == "Giấy khen của Chánh Thanh tra tỉnh Lạng Sơn"
    finally:
        store.close()


def test_before_the_decree_ended_the_builtin_plan_is_offered_first(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "a.sqlite", tmp_path / "m.sqlite", date(2025, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.builtin.isChecked() and not dialog.template.isChecked()
