"""Hộp hồ sơ, the Inspectorate's page (issue 7): the role switch, packages imported in the
background with progress and a reason for each refusal, a changed key accepted only by an
officer, the consolidated table searched, filtered and sorted, appraisal and shortlist from
the detail panel, the documents of a package, and the outputs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from app.store.inbox import consolidated
from app.ui.models.inbox import InboxModel, PackagesModel
from app.ui.pages.inbox import outputs as outputs_module
from tests.gui_helpers import answer_next_dialog, open_main_window, type_text, wait_for_background
from tests.package_factory import Nominee, unit_package

TODAY = date(2025, 11, 6)
KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def received(tmp_path):
    """Five units' packages, a broken file, and one unit's second package under a new key."""
    folder = tmp_path / "thu-dien-tu"
    folder.mkdir()
    files = [
        unit_package(
            folder / "dong.zip",
            "UBND phường Đông",
            [Nominee("collective", "Tổ tiếp dân phường Đông", resolved=31, cases=31)],
            KEY,
        ),
        unit_package(
            folder / "tay.zip",
            "UBND phường Tây",
            [Nominee("individual", "Trần Thị Tây", resolved=29, cases=31, votes=8)],
        ),
        unit_package(
            folder / "nam.zip",
            "UBND xã Nam",
            [Nominee("individual", "Lê Văn Nam", resolved=20, cases=31, eligibility="fail")],
        ),
        unit_package(
            folder / "bac.zip",
            "UBND xã Bắc",
            [Nominee("collective", "Bộ phận một cửa xã Bắc", resolved=30, cases=31)],
            created=datetime(2025, 11, 5, 3, tzinfo=UTC),
        ),
        unit_package(
            folder / "trung.zip",
            "UBND xã Trung",
            [Nominee("individual", "Phạm Thị Trung", resolved=31, cases=31)],
        ),
    ]
    broken = folder / "hong.zip"
    broken.write_bytes(files[0].read_bytes()[:5000])
    return [*files, broken]


@pytest.fixture
def window(qtbot, inspectorate_path):
    window = open_main_window(qtbot, inspectorate_path, lambda: TODAY)
    wait_for_background(qtbot)
    return window


def import_and_wait(qtbot, page, files):
    with qtbot.waitSignal(page.imported, timeout=20_000) as signal:
        page.start_import(files)
    assert page.progress.isHidden()
    return signal.args[0]


def test_the_role_decides_the_pages(qtbot, demo_path, monkeypatch):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    assert window.sidebar.count() == 7
    window.show_page("unit")
    unit = window.page("unit")
    asked = []

    def answer(reply):
        def question(parent, title, text, *rest):
            asked.append(text)
            return reply

        monkeypatch.setattr(QMessageBox, "question", question)

    answer(QMessageBox.StandardButton.No)  # issue 20.3: asked first, saying what changes
    unit.role.setCurrentIndex(1)
    unit.role.activated.emit(1)
    assert "trang Hộp hồ sơ hiện ra" in asked[-1] and "Dữ liệu đã nhập không mất" in asked[-1]
    assert window.sidebar.count() == 7 and unit.role.currentIndex() == 0  # declined: as it was
    answer(QMessageBox.StandardButton.Yes)
    unit.role.setCurrentIndex(1)
    unit.role.activated.emit(1)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Hộp hồ sơ các đơn vị", "Cơ quan & đợt thi đua"]
    assert window.sidebar.currentRow() == 1  # the officer stays where the choice was made
    window.show_page("inbox")
    assert window.page("inbox").count.text() == "0 đề nghị"
    window.undo_stack.undo()  # the change is one step back
    qtbot.waitUntil(lambda: window.sidebar.count() == 7)
    assert window.undo_stack.count() == 0
    window.show_page("unit")
    window.page("unit").role.setCurrentIndex(1)
    window.page("unit").role.activated.emit(1)
    assert window.sidebar.count() == 2
    window.page("unit").role.setCurrentIndex(0)
    window.page("unit").role.activated.emit(0)
    assert window.sidebar.count() == 7


def test_a_wheel_notch_over_a_drop_down_scrolls_instead_of_choosing(qtbot, demo_path, monkeypatch):
    """Issue 20.3: one notch of the wheel over the role's drop-down (not focused) leaves it."""
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    window.show_page("unit")
    combo = window.page("unit").role
    window.sidebar.setFocus()
    assert not combo.hasFocus()
    centre = QPointF(combo.rect().center())
    for delta in (-120, 120, -120):
        wheel = QWheelEvent(centre, combo.mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
        QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == 0 and window.sidebar.count() == 7
    combo.setFocus()  # clicked into: the wheel is the user's way to choose
    qtbot.waitUntil(combo.hasFocus)
    wheel = QWheelEvent(centre, combo.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)  # fmt: skip
    QApplication.sendEvent(combo, wheel)
    assert asked and asked[0].startswith("Dùng tệp dữ liệu này cho Thanh tra?")  # still asked
    assert combo.currentIndex() == 0 and window.sidebar.count() == 7


def test_import_in_background_with_a_reason_for_each_refusal(
    window, qtbot, received, tmp_path, monkeypatch
):
    page = window.page("inbox")
    progress = []
    bar_shows = page.progress.show_progress

    def show_progress(done: int, total: int) -> None:  # what the job reports, on the UI thread
        progress.append((done, total))
        bar_shows(done, total)

    monkeypatch.setattr(page.progress, "show_progress", show_progress)
    outcomes = import_and_wait(qtbot, page, received)
    assert progress[0] == (0, 6) and progress[-1] == (6, 6)
    assert sum(1 for o in outcomes if o.imported) == 5
    assert "KHÔNG NHẬP hong.zip: " in page.results.toPlainText()
    assert "không phải gói hồ sơ" in page.results.toPlainText()
    assert page.status.text().startswith("Đã nhập 5/6 gói.")
    assert page.model.rowCount() == 5
    late = next(n for _, n in page.model.rows if n.unit == "UBND xã Bắc")
    assert late.late  # made on 05/11 in Vietnam, after the 04/11 deadline

    # the same unit, a new key: refused until the officer accepts it in the dialog
    stranger = unit_package(
        tmp_path / "dong-2.zip",
        "UBND phường Đông",
        [Nominee("collective", "Tổ tiếp dân phường Đông (bổ sung)")],
        created=datetime(2025, 11, 3, tzinfo=UTC),
    )
    shown = []

    def accept(box):
        shown.append(box.text())
        accept_button = next(b for b in box.buttons() if b.text() == "Chấp nhận khóa mới")
        accept_button.click()

    answer_next_dialog(accept)
    import_and_wait(qtbot, page, [stranger])
    assert "khóa KHÁC" in shown[0] and "Khóa đã ghi nhận" in shown[0]
    assert "đã chấp nhận khóa mới" in page.results.toPlainText()
    names = [n.name for _, n in page.model.rows]
    assert "Tổ tiếp dân phường Đông (bổ sung)" in names
    assert "Tổ tiếp dân phường Đông" not in names  # superseded; kept in the history tab
    assert page.packages.rowCount() == 6


def test_search_filter_sort_appraise_and_shortlist(window, qtbot, received, monkeypatch):
    page = window.page("inbox")
    import_and_wait(qtbot, page, received[:5])
    type_text(page.search, "tay")  # no accents typed
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, InboxModel.NAME).data() == "Trần Thị Tây"
    page.search.clear()
    page.kind.setCurrentIndex(2)  # Cá nhân
    assert page.proxy.rowCount() == 3 and page.count.text() == "Đang hiện 3/5"
    page.kind.setCurrentIndex(0)
    page.table.sortByColumn(InboxModel.RATE, Qt.SortOrder.DescendingOrder)
    rates = [page.proxy.index(r, InboxModel.RATE).data() for r in range(page.proxy.rowCount())]
    assert rates == ["100,00%", "100,00%", "96,77%", "93,55%", "64,52%"]

    page.table.sortByColumn(InboxModel.RANK, Qt.SortOrder.AscendingOrder)
    page.table.selectRow(0)
    detail = page.detail
    first = detail.nominee
    assert first is not None and first.name in detail.title.text()
    detail.choose.click()  # not appraised yet
    assert "chưa được thẩm định “Đạt”" in detail.error.text()
    detail.result.setCurrentIndex(2)  # Không đạt
    detail.save.click()
    assert "cần ghi lý do" in detail.error.text()
    detail.reason.setText("Thiếu bản quét Biên bản họp xét")
    detail.save.click()
    stored = {n.id: n for n in consolidated(window.store.db, "ls-tcd-2025")}[first.id]
    assert stored.appraisal.label == "Không đạt"
    assert stored.appraisal_reason == "Thiếu bản quét Biên bản họp xét"
    for row in range(page.model.rowCount()):
        nominee = page.model.nominee(row)
        page.select(nominee.id)
        detail.result.setCurrentIndex(1)  # Đạt
        detail.reason.clear()
        detail.save.click()
    page.auto_button.click()  # not the late package: nobody accepted it
    assert "Đã chọn thêm 4 đối tượng" in page.status.text()
    assert "<b>1/10</b> tập thể, <b>3/15</b> cá nhân" in page.quota.text()
    page.state.setCurrentIndex(5)  # Đã chọn
    assert page.proxy.rowCount() == 4
    page.state.setCurrentIndex(6)  # Nộp muộn
    assert [page.proxy.index(0, InboxModel.UNIT).data()] == ["UBND xã Bắc"]
    page.table.selectRow(0)
    assert detail.late.isVisibleTo(detail) and "chưa được chấp nhận" in detail.facts.text()
    detail.choose.click()
    assert "nộp muộn coi như không đề nghị" in detail.error.text()
    answers = iter([("Gửi bưu điện ngày 03/11/2025", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    detail.late.click()
    assert "Thanh tra chấp nhận: Gửi bưu điện ngày 03/11/2025" in detail.facts.text()
    assert detail.late.text() == "Bỏ chấp nhận nộp muộn"
    detail.choose.click()
    assert "<b>2/10</b> tập thể" in page.quota.text()


def test_documents_of_a_package_and_the_outputs(window, qtbot, built_unit, tmp_path, monkeypatch):
    from app.services.package import export_package

    package = export_package(built_unit.db, tmp_path, datetime(2025, 11, 1, tzinfo=UTC))
    page = window.page("inbox")
    import_and_wait(qtbot, page, [package])
    page.table.selectRow(0)
    page.detail.documents.click()
    assert page.tabs.currentIndex() == 1
    documents = [page.preview.documents.itemText(i) for i in range(page.preview.documents.count())]
    assert "van-ban/01_To_trinh.pdf" in documents
    assert page.preview.count >= 1 and page.preview.image.pixmap() is not None

    page.detail.result.setCurrentIndex(1)
    page.detail.save.click()
    page.detail.choose.click()
    table = tmp_path / "bang.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(table), ""))
    page.outputs.table_button.click()
    sheet = load_workbook(table).active
    assert sheet.cell(row=3, column=4).value == "Bộ phận Tiếp công dân phường Hoa Sen"
    assert sheet.cell(row=3, column=15).value == "Có"
    receipts = tmp_path / "bien-nhan"
    receipts.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(receipts))
    page.outputs.receipts_button.click()
    wait_for_background(qtbot)
    stem = "bien-nhan_UBND_phuong_Hoa_Sen_ls_tcd_2025_20251101"
    assert sorted(p.name for p in receipts.iterdir()) == [
        f"{stem}.docx",
        f"{stem}.json",
        f"{stem}.pdf",
        "bien-nhan_tat-ca.pdf",
    ]
    assert "Bản in: bien-nhan_tat-ca.pdf" in page.status.text()

    monkeypatch.setattr(outputs_module.QDesktopServices, "openUrl", lambda url: True)

    def numbers(dialog):
        dialog.number.setText("15")
        dialog.day.setText("08/11/2025")
        dialog.accept()

    answer_next_dialog(numbers)
    page.outputs.report_button.click()
    wait_for_background(qtbot)
    assert page.status.text().startswith("Đã lập 3 văn bản (DOCX và PDF)")
    folder = page.outputs.output_folder()
    assert (folder / "TT01_To_trinh_tong_hop.pdf").is_file()
    assert (folder / "TT01a_Danh_sach_tong_hop.docx").is_file()


def test_a_refused_shortlist_says_why_in_the_panel(window, qtbot, tmp_path, monkeypatch):
    """Over the quota, the reason is shown where the officer clicked (no dialog); nothing
    changes."""
    from app.store.campaigns import set_campaign_value

    set_campaign_value(
        window.store.db, window.context.campaign_id, "quota.inspectorate_individuals", 1
    )
    window.load_store()  # as the campaign settings page does after a change
    files = [
        unit_package(tmp_path / f"{n}.zip", f"UBND xã {n}", [Nominee("individual", f"Cán bộ {n}")])
        for n in range(2)
    ]
    page = window.page("inbox")
    import_and_wait(qtbot, page, files)
    for row in range(2):
        page.select(page.model.nominee(row).id)
        page.detail.result.setCurrentIndex(1)
        page.detail.save.click()
    page.select(page.model.nominee(0).id)
    page.detail.choose.click()
    page.select(page.model.nominee(1).id)
    page.detail.choose.click()
    assert "Đã chọn đủ 1/1 cá nhân theo chỉ tiêu" in page.detail.error.text()
    assert sum(n.shortlisted for _, n in page.model.rows) == 1


def test_the_inbox_models_are_sound_qt_models(window, qtbot, qtmodeltester, received):
    page = window.page("inbox")
    import_and_wait(qtbot, page, received[:3])
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.packages)
    row = [page.packages.index(0, c).data() for c in range(page.packages.columnCount())]
    assert row[page.packages.NOMINEES] == "1" and row[-1] == "Đang dùng"


def test_a_package_is_withdrawn_with_a_reason_and_taken_back_from_the_history_tab(
    window, qtbot, received, monkeypatch
):
    page = window.page("inbox")
    import_and_wait(qtbot, page, received[:3])

    def history_row(unit: str) -> int:
        column = page.packages_proxy.index
        rows = range(page.packages_proxy.rowCount())
        return next(r for r in rows if column(r, PackagesModel.UNIT).data() == unit)

    page.tabs.setCurrentIndex(2)
    assert not page.withdraw_button.isEnabled() and not page.reinstate_button.isEnabled()
    row = history_row("UBND phường Tây")
    page.packages_view.selectRow(row)
    assert page.withdraw_button.isEnabled() and not page.reinstate_button.isEnabled()
    answers = iter([("", True), ("Gửi nhầm hồ sơ của năm trước", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    page.withdraw_button.click()  # no reason: refused, nothing changed
    assert "ghi lý do rút gói" in warnings[0] and page.model.rowCount() == 3
    page.withdraw_button.click()
    assert page.status.text() == "Đã rút gói tay.zip của UBND phường Tây."
    assert [page.model.nominee(r).unit for r in range(page.model.rowCount())].count(
        "UBND phường Tây"
    ) == 0
    assert "2 đơn vị gửi gói, 2 đề nghị" in page.quota.text()
    state = page.packages_proxy.index(history_row("UBND phường Tây"), PackagesModel.STATE).data()
    assert state == "Thanh tra đã rút gói (Gửi nhầm hồ sơ của năm trước)"
    page.packages_view.selectRow(row)
    assert page.reinstate_button.isEnabled() and not page.withdraw_button.isEnabled()
    page.reinstate_button.click()
    assert page.model.rowCount() == 3 and "3 đơn vị gửi gói, 3 đề nghị" in page.quota.text()


def test_a_unit_proposing_nobody_is_counted_in_the_header(window, qtbot, tmp_path):
    """Issue 20.6: two packages received, one of them proposing nobody: two units sent one."""
    files = [
        unit_package(tmp_path / "dong.zip", "UBND phường Đông",
                     [Nominee("collective", "Tổ tiếp dân phường Đông")]),
        unit_package(tmp_path / "tay.zip", "UBND phường Tây", []),
    ]  # fmt: skip
    page = window.page("inbox")
    import_and_wait(qtbot, page, files)
    assert "2 đơn vị gửi gói (1 đơn vị không đề nghị ai), 1 đề nghị." in page.quota.text()
