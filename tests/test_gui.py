"""The desktop app driven like a user does, offscreen (pytest-qt). Any unexpected Qt warning
fails the test (qt_log_level_fail in pyproject.toml)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.core.entities import DisciplineRecord
from app.store.database import open_store
from app.store.people import load_person
from app.ui.main_window import MainWindow
from app.ui.models import ID_ROLE, CandidatesModel
from tests.gui_helpers import open_main_window, press, type_text

TODAY = date(2025, 10, 31)


@pytest.fixture
def open_window(qtbot):
    return lambda path: open_main_window(qtbot, path, lambda: TODAY)


@pytest.fixture
def window(open_window, demo_path) -> MainWindow:
    return open_window(demo_path)


def cell_editor(view) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor), "no open cell editor"
    return editor


def overview_row(window: MainWindow, name: str) -> dict[str, str]:
    model = window.overview_page.model
    for row in range(model.rowCount()):
        if model.index(row, CandidatesModel.NAME).data() == name:
            return {
                "status": model.index(row, CandidatesModel.STATUS).data(),
                "reasons": model.index(row, CandidatesModel.REASONS).data(),
            }
    raise AssertionError(f"{name} is not on the overview")


def select_person(window: MainWindow, qtbot, search: str) -> None:
    page = window.people_page
    window.show_page("people")
    page.search.clear()
    type_text(page.search, search)
    assert page.proxy.rowCount() == 1, f"search {search!r} should find one person"
    page.table.selectRow(0)


def test_window_opens_on_the_demo_database(window):
    assert [type(p).__name__ for p in window.built_pages()] == ["OverviewPage"]  # others: lazily
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == [
        "Tổng quan",
        "Đơn vị & đợt thi đua",
        "Cán bộ & tập thể",
        "Đơn thư & tiếp dân",
        "Họp xét",
    ]
    assert "UBND phường Hoa Sen" in window.windowTitle()
    assert "[dữ liệu mẫu]" in window.windowTitle()
    assert window.overview_page.model.rowCount() == 4
    assert overview_row(window, "Phạm Quốc Dũng")["status"] == "Không đạt"
    assert "còn 4 ngày" in window.overview_page.deadlines.text()
    assert "Có mặt 8/9 thành viên" in window.overview_page.meeting.text()
    assert window.people_page.model.rowCount() == 12
    assert window.people_page.collectives.count() == 2


def add_discipline(window: MainWindow, qtbot, typed_date: str, reason: str) -> None:
    box = window.people_page.editor.discipline_box
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    cell = cell_editor(box.view)  # "Thêm kỷ luật" opens the new row's date for typing
    cell.selectAll()
    type_text(cell, typed_date)
    press(qtbot, cell, Qt.Key.Key_Tab)  # commits the date, opens "Hình thức"
    press(qtbot, cell_editor(box.view), Qt.Key.Key_Tab)  # keeps the default, opens "Lý do"
    cell = cell_editor(box.view)
    type_text(cell, reason)
    press(qtbot, cell, Qt.Key.Key_Return)


def test_edit_person_and_discipline_persist_and_flip_eligibility(
    window, open_window, demo_path, qtbot
):
    assert overview_row(window, "Lê Minh Châu")["status"] == "Đạt"  # the demo register: 96,77%
    select_person(window, qtbot, "chau")
    editor = window.people_page.editor
    editor.position.selectAll()
    type_text(editor.position, "Công chức Tư pháp - Hộ tịch, Tổ trưởng tiếp dân")
    add_discipline(window, qtbot, "12/03/2024", "Vi phạm quy chế (thử)")
    assert editor.is_dirty
    press(qtbot, editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.is_dirty
    assert editor.status.text() == "Đã lưu."

    row = overview_row(window, "Lê Minh Châu")
    assert row["status"] == "Không đạt"
    assert "Khiển trách ngày 12/03/2024 (Vi phạm quy chế (thử))" in row["reasons"]

    window.close()
    reopened = open_window(demo_path)
    assert overview_row(reopened, "Lê Minh Châu")["status"] == "Không đạt"
    select_person(reopened, qtbot, "Lê Minh Châu")
    assert reopened.people_page.editor.position.text().endswith("Tổ trưởng tiếp dân")
    disciplines = reopened.people_page.editor.disciplines.rows
    assert [(d.decision_date, d.form, d.reason) for d in disciplines] == [
        (date(2024, 3, 12), "Khiển trách", "Vi phạm quy chế (thử)")
    ]


def test_invalid_values_are_refused_inline_and_not_stored(window, demo_path, qtbot, monkeypatch):
    select_person(window, qtbot, "Đỗ Thị Lan")
    editor = window.people_page.editor
    person_id = window.people_page.table.currentIndex().data(ID_ROLE)
    editor.birth_date.selectAll()
    type_text(editor.birth_date, "31/02/1986")
    press(qtbot, editor.birth_date, Qt.Key.Key_Tab)
    assert editor.errors["birth_date"].isVisible()
    assert "“31/02/1986” không phải ngày hợp lệ" in editor.errors["birth_date"].text()

    editor.full_name.selectAll()
    press(qtbot, editor.full_name, Qt.Key.Key_Delete)
    press(qtbot, editor.full_name, Qt.Key.Key_Tab)
    assert "Họ và tên không được để trống." in editor.errors["full_name"].text()

    assert not editor.save()
    assert editor.status.text() == "Chưa lưu — cần sửa: Ngày sinh, Họ và tên."
    stored = load_person(window.store.db, person_id)
    assert (stored.full_name, stored.birth_date) == ("Đỗ Thị Lan", date(1986, 10, 9))

    box = editor.discipline_box
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    cell = cell_editor(box.view)
    cell.selectAll()
    type_text(cell, "hôm qua")
    press(qtbot, cell, Qt.Key.Key_Return)
    assert box.error.isVisible() and "Ngày quyết định, dòng 1" in box.error.text()
    assert box.model.rows[0].decision_date == TODAY  # the refused text did not replace it

    editor.birth_date.setText("09/10/1986")
    editor.full_name.setText("Đỗ Thị Lan")
    # A discipline dated in the future is refused on save, with the field named.
    box.model.set_rows([DisciplineRecord(date(2026, 1, 1), "Khiển trách")])
    editor._mark_dirty()
    assert not editor.save()
    assert "ở tương lai" in box.error.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window.close()
    stored = open_store(demo_path)
    assert load_person(stored.db, person_id).disciplines == ()
    stored.close()


def test_search_and_vietnamese_order_in_the_list(window, qtbot):
    page = window.people_page
    window.show_page("people")
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    given = [n.split()[-1] for n in names]
    assert given == [
        "An",
        "Bình",
        "Châu",
        "Dũng",
        "Hà",
        "Hải",
        "Hạnh",
        "Khang",
        "Lan",
        "Minh",
        "Ngọc",
        "Phúc",
    ]
    type_text(page.search, "duc")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == [
        "Bùi Đức Khang"
    ]


def test_adding_a_person(window, qtbot):
    page = window.people_page
    window.show_page("people")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    type_text(editor.full_name, "Đào Văn Đông")
    type_text(editor.birth_date, "2/9/1991")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 13
    assert page.table.currentIndex().data() == "Đào Văn Đông"
    assert editor.birth_date.text() == "02/09/1991"


def test_unsaved_edits_are_not_lost_when_switching_person(window, qtbot, monkeypatch):
    select_person(window, qtbot, "Lê Minh Châu")
    page, editor = window.people_page, window.people_page.editor
    chau_id = page.table.currentIndex().data(ID_ROLE)
    type_text(editor.qualification, " (đang sửa)")
    page.search.clear()
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))

    page.table.selectRow(0)  # Cancel: stay on the edited person
    assert editor.is_dirty and editor.qualification.text().endswith("(đang sửa)")
    assert page.table.selectionModel().selectedRows()[0].data(ID_ROLE) == chau_id

    answers.append(QMessageBox.StandardButton.Save)
    page.table.selectRow(0)  # Save: stored, then the other person opens
    assert not editor.is_dirty and answers == []
    assert editor.full_name.text() == "Nguyễn Văn An"
    assert load_person(window.store.db, chau_id).qualification.endswith("(đang sửa)")


def test_backup_runs_off_the_ui_thread(window, qtbot, monkeypatch, tmp_path):
    import app.ui.main_window as main_window

    threads = []
    real_backup = main_window.backups.manual_backup

    def recording_backup(source, target):
        threads.append(threading.current_thread())
        return real_backup(source, target)

    monkeypatch.setattr(main_window.backups, "manual_backup", recording_backup)
    target = tmp_path / "tay.sqlite"
    monkeypatch.setattr(
        main_window.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as blocker:
        window.backup_action.trigger()
        assert not window.backup_action.isEnabled()  # the UI is back before the copy ends
    assert blocker.args[0] == f"Đã sao lưu vào {target}."
    assert threads and threads[0] is not threading.main_thread()
    assert target.exists() and window.backup_action.isEnabled()


def test_restore_from_the_file_menu(window, qtbot, monkeypatch, tmp_path):
    import app.ui.main_window as main_window
    from app.store.backups import manual_backup

    backup = manual_backup(window.store.path, tmp_path / "truoc.sqlite")
    window.store.db.execute("DELETE FROM nominations")
    window.load_store()
    assert "Đơn vị chưa chọn đối tượng đề nghị" in window.overview_page.quota.text()
    monkeypatch.setattr(
        main_window.QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), "")
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as blocker:
        window.restore()
    assert blocker.args[0] == "Đã khôi phục từ truoc.sqlite."
    assert window.store.db.execute("SELECT count(*) FROM nominations").fetchone()[0] == 1
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
    from PySide6.QtWidgets import QApplication

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
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    type_text(page.editor.full_name, "Nguyễn Thị Thử")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1


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
    assert calls == [(False, {}), (True, {"verified": True})]  # the full check ran on a worker
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


def test_a_full_disk_on_save_is_a_message_and_keeps_the_edits(window, qtbot, monkeypatch):
    import sqlite3

    import app.ui.pages.people as people_module

    def disk_full(*args):
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise exc

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(people_module, "save_person", disk_full)
    select_person(window, qtbot, "Lê Minh Châu")
    editor = window.people_page.editor
    type_text(editor.hometown, " (sửa)")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warned and "Ổ đĩa đã đầy" in warned[0] and str(window.store.path) in warned[0]
    assert editor.is_dirty and editor.hometown.text().endswith("(sửa)")
    assert editor.status.text().startswith("Chưa lưu — Ổ đĩa đã đầy")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)


def test_the_register_tables_of_the_demo_pass_the_qt_model_tester(window, qtmodeltester):
    """The demo's own registers (33 đơn, 87 lượt tiếp) as the register page shows them."""
    window.show_page("register")
    page = window.register_page
    assert page.petitions.source.rowCount() == 33 and page.receptions.source.rowCount() == 87
    for table in (page.petitions, page.receptions):
        qtmodeltester.check(table.source)
        qtmodeltester.check(table.proxy)
