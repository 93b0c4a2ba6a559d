"""Cán bộ & tập thể driven as a clerk does: every field saves itself as it is typed, refuses
what breaks a rule with the reason, and is undone with Ctrl+Z — for people and collectives.
Plus the staff list imported from Excel, all or nothing."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.store.database import open_store
from app.store.people import list_collectives, list_people, load_collective, load_person
from app.ui.dialogs import NameDialog, Picker
from app.ui.fast_proxy import ID_ROLE
from app.ui.models.candidates import CandidatesModel
from tests.gui_helpers import (
    answer_next_dialog,
    cell_editor,
    open_main_window,
    press,
    select_person,
    type_text,
    wait_for_background,
)
from tests.register_files import write_xlsx

TODAY = date(2025, 10, 31)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HTTNV, HTNV = "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"


@pytest.fixture
def window(qtbot, demo_path):
    return open_main_window(qtbot, demo_path, lambda: TODAY)


def overview_status(window, qtbot, name: str) -> tuple[str, str]:
    """The candidate's line on Tổng quan, as the clerk sees it after going there."""
    window.show_page("overview")
    wait_for_background(qtbot)
    model = window.overview_page.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return (
                model.index(row, CandidatesModel.STATUS).data(),
                model.index(row, CandidatesModel.REASONS).data(),
            )
    raise AssertionError(f"{name} is not on the overview")


def retype(editor, field: str, text: str) -> None:
    edit = editor.edits[field]
    edit.selectAll()
    if text:
        type_text(edit, text)
    else:
        edit.del_()
    edit.editingFinished.emit()  # what leaving the field does (Tab, a click elsewhere)


def person_id(window, name: str) -> int:
    return next(p.id for p in list_people(window.store.db, 1) if p.full_name == name)


def undo(window) -> None:
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    window.undo_action.trigger()  # Sửa › Hoàn tác


def test_fields_save_themselves_positions_included(window, qtbot):
    select_person(window, "chau")
    editor = window.people_page.editor
    retype(editor, "party_position", "Bí thư Chi bộ")
    retype(editor, "mass_org_position", "Chủ tịch Công đoàn cơ sở")
    retype(editor, "birth_date", "5/2/1988")
    assert editor.edits["birth_date"].text() == "05/02/1988"  # shown as the app writes dates
    stored = load_person(window.store.db, person_id(window, "Lê Minh Châu"))
    assert stored.birth_date == date(1988, 2, 5)
    assert stored.all_positions == (
        "Bí thư Chi bộ; Công chức Tư pháp - Hộ tịch; Chủ tịch Công đoàn cơ sở"
    )
    retype(editor, "full_name", "Lê Minh Châu Anh")
    row = window.people_page.table.currentIndex().row()
    assert window.people_page.proxy.index(row, 0).data() == "Lê Minh Châu Anh"  # list follows


def test_a_discipline_in_the_window_makes_the_candidate_ineligible_with_the_reason(
    window, qtbot, demo_path
):
    assert overview_status(window, qtbot, "Lê Minh Châu")[0] == "Đạt"
    select_person(window, "chau")
    box = window.people_page.editor.disciplines
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    cell = cell_editor(box.view)  # "Thêm kỷ luật" opens the new row's date for typing
    cell.selectAll()
    type_text(cell, "12/03/2024")
    press(qtbot, cell, Qt.Key.Key_Tab)  # commits the date, opens "Hình thức"
    press(qtbot, cell_editor(box.view), Qt.Key.Key_Tab)  # keeps "Khiển trách", opens "Lý do"
    cell = cell_editor(box.view)
    type_text(cell, "Vi phạm quy chế (thử)")
    press(qtbot, cell, Qt.Key.Key_Return)

    status, reasons = overview_status(window, qtbot, "Lê Minh Châu")
    assert status == "Không đạt"
    assert "Khiển trách ngày 12/03/2024 (Vi phạm quy chế (thử))" in reasons
    # and the collective she belongs to: "no member disciplined in the window"
    assert overview_status(window, qtbot, "Bộ phận Tiếp công dân phường Hoa Sen")[0] == "Không đạt"
    window.close()
    store = open_store(demo_path)  # saved as typed: nothing to press before closing
    records = load_person(store.db, 3).disciplines
    store.close()
    assert [(d.decision_date, d.form, d.reason) for d in records] == [
        (date(2024, 3, 12), "Khiển trách", "Vi phạm quy chế (thử)")
    ]


def test_values_that_break_a_rule_are_refused_inline_and_not_stored(window, qtbot, monkeypatch):
    select_person(window, "Đỗ Thị Lan")
    editor = window.people_page.editor
    lan = person_id(window, "Đỗ Thị Lan")
    retype(editor, "birth_date", "31/02/1986")
    assert "“31/02/1986” không phải ngày hợp lệ" in editor.errors["birth_date"].text()
    retype(editor, "birth_date", "09/10/2019")
    assert "ngoài khoảng 16–80" in editor.errors["birth_date"].text()
    retype(editor, "full_name", "")
    assert editor.errors["full_name"].text() == "Chưa lưu — Họ và tên không được để trống."
    stored = load_person(window.store.db, lan)
    assert (stored.full_name, stored.birth_date) == ("Đỗ Thị Lan", date(1986, 10, 9))

    box = editor.disciplines
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)  # a row dated today, saved
    for typed, reason in (("hôm qua", "không phải ngày hợp lệ"), ("01/01/2026", "ở tương lai")):
        cell = cell_editor(box.view) if box.view.state() == box.view.State.EditingState else None
        if cell is None:
            box.view.edit(box.model.index(0, 0))
            cell = cell_editor(box.view)
        cell.selectAll()
        type_text(cell, typed)
        press(qtbot, cell, Qt.Key.Key_Return)
        assert box.error.isVisible() and reason in box.error.text()
        assert "Ngày quyết định, dòng 1" in box.error.text()
    assert [d.decision_date for d in load_person(window.store.db, lan).disciplines] == [TODAY]
    asked = []  # closing asks before the refused text is dropped
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    window.close()
    assert "• Họ và tên: Chưa lưu — Họ và tên không được để trống." in asked[0]


def test_undo_and_redo_walk_back_through_people(window, qtbot):
    select_person(window, "chau")
    page, editor = window.people_page, window.people_page.editor
    chau = editor.person_id
    retype(editor, "hometown", "Xã Mới")
    editor.ratings.fields[2024].edit.setText(HTNV)  # chosen in the drop-down
    editor.ratings.fields[2024].commit()
    assert load_person(window.store.db, chau).ratings[2024] == HTNV
    status, reasons = overview_status(window, qtbot, "Lê Minh Châu")
    assert status == "Không đạt" and "2024" in reasons

    select_person(window, "Nguyễn Văn An")
    window.show_page("overview")
    wait_for_background(qtbot)
    undo(window)  # the rating, on Châu: her page and she are shown again
    assert window.stack.currentWidget() is page
    assert editor.person_id == chau and page.table.currentIndex().data(ID_ROLE) == chau
    assert editor.ratings.fields[2024].edit.text() == "Hoàn thành xuất sắc nhiệm vụ"
    assert overview_status(window, qtbot, "Lê Minh Châu")[0] == "Đạt"
    undo(window)
    assert editor.edits["hometown"].text() == "Xã Hư Cấu, tỉnh Mẫu"
    assert load_person(window.store.db, chau).hometown == "Xã Hư Cấu, tỉnh Mẫu"
    window.redo_action.trigger()
    assert load_person(window.store.db, chau).hometown == "Xã Mới"


def test_adding_and_deleting_people(window, qtbot, monkeypatch):
    page = window.people_page
    window.show_page("people")

    def name_them(dialog: NameDialog) -> None:
        dialog.accept()  # empty: refused inline, the dialog stays open
        assert dialog.error.text() == "Họ và tên không được để trống."
        type_text(dialog.name, "Đào Văn Đông")
        dialog.accept()

    answer_next_dialog(name_them)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 13
    assert page.table.currentIndex().data() == "Đào Văn Đông"
    retype(page.editor, "birth_date", "2/9/1991")
    assert load_person(window.store.db, page.editor.person_id).birth_date == date(1991, 9, 2)

    answers = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: answers.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Xóa Đào Văn Đông" in answers[0]
    assert page.model.rowCount() == 12 and not page.editor.isEnabled()

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    select_person(window, "chau")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Lê Minh Châu đang là đối tượng xét" in warned[0]
    assert page.model.rowCount() == 12


def test_search_without_accents_and_vietnamese_order(window):
    page = window.people_page
    window.show_page("people")
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert [n.split()[-1] for n in names] == [
        "An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Khang", "Lan", "Minh", "Ngọc", "Phúc",
    ]  # fmt: skip
    type_text(page.search, "duc")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == [
        "Bùi Đức Khang"
    ]


def test_a_large_staff_list_is_read_in_the_background_in_name_order(window, qtbot, monkeypatch):
    from app.ui.pages import people

    monkeypatch.setattr(people, "BACKGROUND_PEOPLE", 3)  # the demo's 12 count as large here
    page = window.people_page
    window.show_page("people")
    assert page.loading and page.model.rowCount() == 0  # nothing read on the UI thread
    assert page.reading.isVisible() and "Đang đọc" in page.reading.text()
    wait_for_background(qtbot)
    assert not page.loading and not page.reading.isVisible()
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert [n.split()[-1] for n in names][:4] == ["An", "Bình", "Châu", "Dũng"]
    select_person(window, "chau")
    chau = page.editor.person_id
    page.reload(select_id=chau)  # as after an edit elsewhere: the person stays selected
    wait_for_background(qtbot)
    assert page.editor.person_id == chau and page.table.currentIndex().data() == "Lê Minh Châu"
    retype(page.editor, "full_name", "Lê Minh Anh")  # renamed: the prepared order is stale
    page.search.clear()
    page.proxy.sort(0, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names.index("Lê Minh Anh") < names.index("Trần Thị Bình")
    page.reload()  # a large read overtaken by a small one: its result and its notice go
    monkeypatch.setattr(people, "BACKGROUND_PEOPLE", 100)
    page.reload()
    assert not page.loading and not page.reading.isVisible() and page.model.rowCount() == 12
    wait_for_background(qtbot)
    assert not page.loading and not page.reading.isVisible()


def test_a_full_disk_keeps_the_typed_text_and_says_so(window, monkeypatch):
    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.ui.pages.person_editor.set_person_field", disk_full)
    select_person(window, "chau")
    editor = window.people_page.editor
    retype(editor, "hometown", "Xã Mới")
    assert editor.edits["hometown"].text() == "Xã Mới"
    assert editor.errors["hometown"].text().startswith("Chưa lưu — Ổ đĩa đã đầy")
    assert load_person(window.store.db, editor.person_id).hometown == "Xã Hư Cấu, tỉnh Mẫu"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)


def test_text_typed_for_a_person_is_there_after_the_app_is_killed(demo_path):
    with subprocess.Popen(
        [sys.executable, "-m", "tests.typing_child", str(demo_path), "people", "hometown",
         "Thôn Đồi Chè"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ) as child:  # fmt: skip
        try:
            assert child.stdout.readline().strip() == "SAVED"
        finally:
            os.kill(child.pid, signal.SIGKILL)
    store = open_store(demo_path)
    try:
        assert load_person(store.db, 1).hometown.endswith("Thôn Đồi Chè")
    finally:
        store.close()


# --- collectives ------------------------------------------------------------------------


def test_a_collective_with_duties_members_and_its_head(window, qtbot):
    page = window.people_page
    window.show_page("people")
    page.tabs.setCurrentIndex(1)

    def name_it(dialog: NameDialog) -> None:
        type_text(dialog.name, "Tổ Một cửa")
        dialog.accept()

    answer_next_dialog(name_it)
    qtbot.mouseClick(page.add_collective_button, Qt.MouseButton.LeftButton)
    editor = page.collective_editor
    collective_id = editor.collective_id
    assert page.collectives.rowCount() == 3 and editor.name.text() == "Tổ Một cửa"

    def pick(picker: Picker) -> None:
        type_text(picker.search, "thi")  # typed without accents: the four "Thị"
        picker.table.selectAll()
        picker.accept()

    answer_next_dialog(pick)
    qtbot.mouseClick(editor.add_members, Qt.MouseButton.LeftButton)
    members = [editor.members.index(r, 0).data() for r in range(editor.members.rowCount())]
    assert members == ["Trần Thị Bình", "Vũ Thị Hạnh", "Đỗ Thị Lan", "Dương Thị Ngọc"]
    assert editor.headcount.text() == "Số người: 4"
    headcounts = {c.name: c.headcount for c in list_collectives(window.store.db, 1)}
    assert headcounts["Tổ Một cửa"] == 4

    editor.head.setText("Trần Thị Bình — Phó Chủ tịch UBND phường")
    editor.fields["head"].commit()
    editor.duties.setPlainText("Tiếp nhận, trả kết quả hồ sơ hành chính.")
    editor.fields["duties"].commit()
    stored = load_collective(window.store.db, collective_id)
    assert stored.duties == "Tiếp nhận, trả kết quả hồ sơ hành chính."
    assert stored.head_id == person_id(window, "Trần Thị Bình")

    editor.members_view.selectRow(0)  # Trần Thị Bình, the head, leaves
    qtbot.mouseClick(editor.remove_members, Qt.MouseButton.LeftButton)
    stored = load_collective(window.store.db, collective_id)
    assert len(stored.members) == 3 and stored.head_id is None
    undo(window)  # she comes back, as the head
    stored = load_collective(window.store.db, collective_id)
    assert len(stored.members) == 4 and stored.head_id == person_id(window, "Trần Thị Bình")
    assert editor.head.text().startswith("Trần Thị Bình")


def test_a_collective_under_review_is_not_deleted(window, qtbot, monkeypatch):
    page = window.people_page
    window.show_page("people")
    page.select_collective(1)
    warned = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    qtbot.mouseClick(page.delete_collective_button, Qt.MouseButton.LeftButton)
    assert "đang là đối tượng xét" in warned[0]
    page.select_collective(2)
    qtbot.mouseClick(page.delete_collective_button, Qt.MouseButton.LeftButton)
    assert [c.id for c in list_collectives(window.store.db, 1)] == [1]
    assert len(list_people(window.store.db, 1)) == 12  # its members stay


def test_the_models_of_the_page_pass_the_qt_model_tester(window, qtmodeltester):
    page = window.people_page
    window.show_page("people")
    page.table.selectRow(0)
    page.select_collective(1)
    for model in (
        page.model,
        page.proxy,
        page.collectives,
        page.collectives_proxy,
        page.collective_editor.members,
        page.editor.disciplines.model,
        page.editor.awards.model,
        page.collective_editor.awards.model,
    ):
        qtmodeltester.check(model)


# --- staff list import ------------------------------------------------------------------

HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Chức vụ Đảng",
    "Chức vụ đoàn thể", "Quê quán", "Trình độ chuyên môn", "Xếp loại năm 2024",
    "Xếp loại năm 2025",
]  # fmt: skip


def import_staff(window, qtbot, path):
    page = window.people_page
    window.show_page("people")
    wizard = page.open_staff_import(path)
    with qtbot.waitSignal(wizard.planned, timeout=10_000):
        wizard.start()
    return wizard


def test_a_staff_list_adds_new_people_and_updates_known_ones(window, qtbot, tmp_path):
    path = write_xlsx(tmp_path / "can-bo.xlsx", {"Danh sách": [
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC PHƯỜNG HOA SEN"],
        HEADERS,
        [1, "Lê Minh Châu", "25/01/1988", "Nữ", "", "Bí thư Chi bộ", "", "", "", "HTXSNV", ""],
        [2, "Hồ Văn Mới", "03/04/1995", "nam", "Công chức Địa chính", "", "Đoàn viên", "Xã Hồ",
         "Kỹ sư", "HTTNV", "Hoàn thành tốt nhiệm vụ"],
    ]})  # fmt: skip
    wizard = import_staff(window, qtbot, path)
    assert "Đọc được 2 cán bộ; từ chối 0 dòng" in wizard.summary.text()
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    counts = imported.args[0]
    assert (counts.inserted, counts.updated, counts.unchanged) == (1, 1, 0)
    page = window.people_page
    assert page.model.rowCount() == 13
    chau = load_person(window.store.db, person_id(window, "Lê Minh Châu"))
    assert chau.party_position == "Bí thư Chi bộ"
    assert chau.position == "Công chức Tư pháp - Hộ tịch"  # a blank cell erases nothing
    assert chau.ratings[2024] == "Hoàn thành xuất sắc nhiệm vụ"
    new = load_person(window.store.db, person_id(window, "Hồ Văn Mới"))
    assert (new.birth_date, new.gender, new.mass_org_position) == (
        date(1995, 4, 3),
        "Nam",
        "Đoàn viên",
    )
    assert new.ratings == {2024: HTTNV, 2025: HTTNV}
    wizard.close()


def test_one_bad_row_refuses_the_whole_staff_list(window, qtbot, tmp_path, demo_path):
    path = write_xlsx(tmp_path / "can-bo.xlsx", {"Danh sách": [
        HEADERS,
        [1, "Hồ Văn Mới", "03/04/1995", "Nam", "", "", "", "", "", "", ""],
        [2, "Phan Thị 2", "31/02/1990", "Nữ", "", "", "", "", "", "Giỏi", ""],
        [3, "Hồ Văn Mới", "03/04/1995", "Nam", "Công chức", "", "", "", "", "", ""],
    ]})  # fmt: skip
    before = [p.full_name for p in list_people(window.store.db, 1)]
    wizard = import_staff(window, qtbot, path)
    reasons = {(r.row, r.column): r.reason for r in wizard.plan.rejected}
    assert reasons[(3, "Họ và tên")] == "Họ và tên không được chứa chữ số."
    assert "“31/02/1990” không phải ngày hợp lệ" in reasons[(3, "Ngày sinh")]
    assert "“Giỏi” không phải giá trị hợp lệ" in reasons[(3, "Xếp loại năm 2024")]
    assert reasons[(4, "Họ và tên")] == (
        "“Họ và tên” và “Ngày sinh” trùng với dòng 2 nhưng nội dung khác."
    )
    assert "chỉ được nhập khi mọi dòng đều hợp lệ" in wizard.summary.text()
    assert not wizard.import_button.isEnabled()
    assert [p.full_name for p in list_people(window.store.db, 1)] == before
    wizard.close()
