"""The desktop app driven like a user does, offscreen (pytest-qt). Any unexpected Qt warning
fails the test (qt_log_level_fail in pyproject.toml)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.store.database import open_store
from app.ui.main_window import MainWindow, minimum_size, window_size
from app.ui.models.candidates import CandidatesModel
from tests.gui_helpers import (
    answer_next_dialog,
    open_main_window,
    type_text,
    wait_for_background,
)

TODAY = date(2025, 10, 31)


@pytest.fixture
def open_window(qtbot):
    return lambda path: open_main_window(qtbot, path, lambda: TODAY)


@pytest.fixture
def window(open_window, demo_path) -> MainWindow:
    return open_window(demo_path)


def overview_row(window: MainWindow, name: str) -> dict[str, str]:
    model = window.overview_page.model
    for row in range(model.rowCount()):
        if model.index(row, CandidatesModel.NAME).data() == name:
            return {
                "status": model.index(row, CandidatesModel.STATUS).data(),
                "reasons": model.index(row, CandidatesModel.REASONS).data(),
            }
    raise AssertionError(f"{name} is not on the overview")


def test_window_opens_on_the_demo_database(window, qtbot):
    assert [type(p).__name__ for p in window.built_pages()] == ["OverviewPage"]  # others: lazily
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == [
        "Tổng quan",
        "Đơn vị & đợt thi đua",
        "Cán bộ & tập thể",
        "Đơn thư & tiếp dân",
        "Thành tích",
        "Họp xét",
        "Hồ sơ",
    ]
    assert "UBND phường Hoa Sen" in window.windowTitle()
    assert "[dữ liệu mẫu]" in window.windowTitle()
    wait_for_background(qtbot)  # Tổng quan is counted off the UI thread
    assert window.overview_page.model.rowCount() == 4
    assert overview_row(window, "Phạm Quốc Dũng")["status"] == "Không đạt"
    assert "còn 4 ngày" in window.overview_page.deadlines.text()
    assert "Có mặt 8/9 thành viên" in window.overview_page.meeting.text()
    assert window.people_page.model.rowCount() == 12
    assert window.people_page.collectives.rowCount() == 2


@pytest.mark.parametrize(
    ("available", "size"),
    [((1366, 720), (1280, 690)),  # 1366×768 less a 48-px taskbar: 690 below the title bar
     ((1920, 1040), (1280, 800)), ((1280, 984), (1280, 800)),  # 1920×1080 at 150 %
     ((1024, 690), (1024, 660)), ((800, 560), (800, 530))],  # a screen too small: all of it
)  # fmt: skip
def test_the_first_window_fits_the_screen_below_its_title_bar(available, size):
    """Issue 20.8: 1200×760 did not fit a 768-px screen with Windows' taskbar."""
    assert window_size(QSize(*available)) == QSize(*size)


def test_the_window_is_never_smaller_than_its_pages_are_laid_out_for(window):
    assert minimum_size(QSize(1366, 720)) == QSize(1000, 600)
    assert minimum_size(QSize(800, 600)) == QSize(800, 570)  # never more than the screen
    room = window.screen().availableGeometry().size()
    assert window.minimumSize() == minimum_size(room)


def test_backup_runs_off_the_ui_thread(window, qtbot, monkeypatch, tmp_path):
    import app.ui.main_window as main_window

    threads = []
    real_backup = main_window.backups.manual_backup

    def recording_backup(source, target):
        threads.append(threading.current_thread())
        return real_backup(source, target)

    monkeypatch.setattr(main_window.backups, "manual_backup", recording_backup)
    target = tmp_path / "tay.sqlite"
    offered = []
    monkeypatch.setattr(main_window.QFileDialog, "getSaveFileName",
                        lambda parent, title, default, *a: offered.append(default)
                        or (str(target), ""))  # fmt: skip
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as blocker:
        window.backup_action.trigger()
        assert not window.backup_action.isEnabled()  # the UI is back before the copy ends
    assert blocker.args[0] == f"Đã sao lưu vào {target}."
    assert threads and threads[0] is not threading.main_thread()
    assert target.exists() and window.backup_action.isEnabled()
    assert offered[0].endswith("-sao-luu-2025-10-31.sqlite")  # issue 20.13: dated, by the day


def test_restore_from_the_file_menu(window, qtbot, monkeypatch, tmp_path):
    import app.ui.main_window as main_window
    from app.store.backups import manual_backup

    backup = manual_backup(window.store.path, tmp_path / "truoc.sqlite")
    window.store.db.execute("DELETE FROM nominations")
    window.load_store()
    wait_for_background(qtbot)
    assert "Đơn vị chưa chọn đối tượng đề nghị" in window.overview_page.quota.text()
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), "")
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as blocker:
        window.restore()
    assert blocker.args[0] == "Đã khôi phục từ truoc.sqlite."
    assert window.store.db.execute("SELECT count(*) FROM nominations").fetchone()[0] == 1
    wait_for_background(qtbot)
    assert "Số lượng đề nghị" in window.overview_page.quota.text()
    assert "Đạt" in window.overview_page.quota.text()


def test_damaged_database_offers_restore_on_open(demo_path, qtbot, monkeypatch):
    from app.ui import opening

    open_store(demo_path).close()  # today's automatic backup
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x5a" * 8192
    demo_path.write_bytes(bytes(data))
    offers = []

    def choose_latest(parent, error):
        offers.append(str(error))
        return error.backups[0]

    monkeypatch.setattr(opening, "ask_restore", choose_latest)
    store = opening.open_database(demo_path)
    assert store is not None
    assert "bị hỏng" in offers[0] and "Có thể khôi phục" in offers[0]
    assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 12
    store.close()


def test_restore_offer_dialog_buttons(demo_path, qtbot):
    from PySide6.QtCore import QTimer

    from app.store.errors import DatabaseCorrupt
    from app.ui.opening import ask_restore

    backup = demo_path.with_name("b.sqlite")
    backup.write_bytes(demo_path.read_bytes())
    error = DatabaseCorrupt(demo_path, "hỏng", [backup])
    seen = []

    def click_restore():
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == "Khôi phục bản gần nhất")
        button.click()

    QTimer.singleShot(0, click_restore)
    assert ask_restore(None, error) == backup
    assert "bị hỏng" in seen[0]


def test_crash_hook_logs_and_shows_a_copyable_report(qtbot, monkeypatch, isolated_home):
    from app.ui import crash

    monkeypatch.setattr(crash.log, "handlers", [])  # log into this test's own folder
    shown = []
    monkeypatch.setattr(
        crash.CrashDialog, "exec", lambda self: shown.append(self.text.toPlainText())
    )
    try:
        raise RuntimeError("lỗi thử nghiệm")
    except RuntimeError as exc:
        crash.handle_exception(type(exc), exc, exc.__traceback__)
    assert "RuntimeError: lỗi thử nghiệm" in shown[0]
    for handler in crash.log.handlers:
        handler.close()
    log_text = (isolated_home / "logs" / "thidua.log").read_text(encoding="utf-8")
    assert "RuntimeError: lỗi thử nghiệm" in log_text


def test_crash_hook_shows_user_errors_as_messages(qtbot, monkeypatch):
    from app.store.errors import EnvironmentProblem
    from app.ui import crash

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: pytest.fail("not a crash"))
    error = EnvironmentProblem("Ổ đĩa đã đầy.")
    crash.handle_exception(EnvironmentProblem, error, None)
    assert warned == ["Ổ đĩa đã đầy."]


def test_new_database_asks_for_the_unit_before_people(open_window, tmp_path, qtbot, monkeypatch):
    from app.ui.unit_dialog import UnitDialog

    window = open_window(tmp_path / "moi.sqlite")
    page = window.people_page
    window.show_page("people")
    assert page.declare_unit_button.isVisible() and not page.add_button.isEnabled()
    assert window.overview_page.model.rowCount() == 0

    def fill_and_accept(dialog):
        dialog.accept()  # empty: refused with the reason, the dialog stays open
        assert dialog.error.text() == "Tên đơn vị, Tên viết tắt không được để trống."
        type_text(dialog.name, "UBND xã Thử Nghiệm")
        type_text(dialog.abbreviation, "UBND")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(UnitDialog, "exec", fill_and_accept)
    qtbot.mouseClick(page.declare_unit_button, Qt.MouseButton.LeftButton)
    assert page.add_button.isEnabled() and not page.declare_unit_button.isVisible()
    assert "UBND xã Thử Nghiệm" in window.windowTitle()

    def name_them(dialog):
        type_text(dialog.name, "Nguyễn Thị Thử")
        dialog.accept()

    answer_next_dialog(name_them)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    assert page.editor.edits["full_name"].text() == "Nguyễn Thị Thử"


def test_opening_another_database_checks_it_off_the_ui_thread(window, qtbot, monkeypatch, tmp_path):
    import app.ui.main_window as main_window
    from app.ui import opening

    other = tmp_path / "khac.sqlite"
    open_store(other).close()
    calls = []
    real_open = opening.open_store

    def recording_open(path, **kwargs):
        calls.append((threading.current_thread() is threading.main_thread(), kwargs))
        return real_open(path, **kwargs)

    monkeypatch.setattr(opening, "open_store", recording_open)
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), "")
    )
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as blocker:
        window.choose_database()
        assert not window.isEnabled()  # nothing can be edited while the switch is under way
    assert blocker.args[0] == f"Đã mở {other}."
    # the full check ran on a worker
    assert calls == [(False, {}), (True, {"verified": True, "integrity_checked": False})]
    assert window.isEnabled() and window.store.path == other
    assert window.people_page.model.rowCount() == 0
    assert "khac.sqlite" in window.windowTitle()


def test_opening_a_damaged_database_keeps_the_current_one(
    window, qtbot, monkeypatch, tmp_path, demo_path
):
    import app.ui.main_window as main_window
    from app.ui import opening

    damaged = tmp_path / "hong.sqlite"
    damaged.write_bytes(b"\x00" * 8192)
    monkeypatch.setattr(opening, "ask_restore", lambda parent, error: None)  # user: Thoát
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged), "")
    )
    window.choose_database()
    qtbot.waitUntil(window.isEnabled, timeout=10_000)
    assert window.store.path == demo_path
    assert window.people_page.model.rowCount() == 12


def test_the_register_tables_of_the_demo_pass_the_qt_model_tester(window, qtbot, qtmodeltester):
    """The demo's own registers (33 đơn, 87 lượt tiếp) as the register page shows them."""
    window.show_page("register")
    wait_for_background(qtbot)
    page = window.register_page
    assert page.petitions.source.rowCount() == 33 and page.receptions.source.rowCount() == 87
    for table in (page.petitions, page.receptions):
        qtmodeltester.check(table.source)
        qtmodeltester.check(table.proxy)


def test_the_register_page_says_what_the_table_on_screen_shows(window, qtbot):
    window.show_page("register")
    wait_for_background(qtbot)
    page = window.register_page
    assert page.filter_label.text() == "33 đơn trong sổ"
    page.tabs.setCurrentIndex(1)
    assert page.filter_label.text() == "87 lượt tiếp trong sổ"
    page.tabs.setCurrentIndex(0)
    type_text(page.search, "HS-2025-011")
    assert page.filter_label.text() == "Tìm thấy 1/33 đơn"
