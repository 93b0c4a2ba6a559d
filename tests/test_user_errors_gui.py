"""One way to fail in the GUI: an expected failure that escapes into the app — a broken form
file in the user's forms folder, a package that no longer verifies, any UserError raised in a
slot — is shown to the user as a Vietnamese message, never as the crash dialog; and the long
jobs (the dossier's build, the inbox's import) can be stopped, with no error shown."""

from __future__ import annotations

import hashlib
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.campaign import CampaignError
from app.core.declared import DeclaredError
from app.core.inbox import InboxError, KeyChanged
from app.core.voting import VoteError
from app.documents.errors import FormError
from app.errors import InvalidValue, UserError
from app.exchange.package_errors import PackageError
from app.exchange.spreadsheet import ImportFailure
from app.paths import user_forms_dir
from app.services.demo import create_inspectorate
from app.services.receipts import InspectorateKeyChanged
from app.store.dossier_builds import latest_build
from app.store.errors import (
    DatabaseCorrupt,
    EnvironmentProblem,
    NotADatabase,
    NotFound,
    SchemaTooNew,
    StoreError,
)
from app.ui import crash
from tests.gui_helpers import answer_next_dialog, open_main_window, wait_for_background
from tests.package_factory import Nominee, unit_package

TODAY = date(2025, 11, 6)
BROKEN_FORM = 'name = "Tờ trình"\n\n[[blocks]]\ntype = "title\nkind = "X"\n'


@pytest.fixture
def app_hook(monkeypatch) -> dict[str, list[str]]:
    """The app's own exception hook installed (as `run_gui` does), the messages it and the
    pages show recorded, and the crash dialog recorded too: it must stay empty."""
    seen: dict[str, list[str]] = {"messages": [], "crashes": []}
    monkeypatch.setattr(sys, "excepthook", crash.handle_exception)
    monkeypatch.setattr(crash.log, "handlers", [crash.logging.NullHandler()])
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: seen["messages"].append(text)
    )
    monkeypatch.setattr(
        crash.CrashDialog, "exec", lambda self: seen["crashes"].append(self.text.toPlainText())
    )
    return seen


def inspectorate_window(qtbot, tmp_path: Path):
    path = tmp_path / "thanh-tra.sqlite"
    create_inspectorate(path).close()
    window = open_main_window(qtbot, path, lambda: TODAY)
    wait_for_background(qtbot)
    return window


EVERY_USER_ERROR = [
    UserError("Lỗi người dùng."),
    InvalidValue("“31/02/2025” không phải ngày hợp lệ."),
    StoreError("Không lưu được."),
    DatabaseCorrupt(Path("du-lieu.sqlite"), "hỏng trang 3", []),
    SchemaTooNew(Path("du-lieu.sqlite"), ["0099_moi"]),
    NotADatabase(Path("anh.jpg")),
    EnvironmentProblem("Ổ đĩa đã đầy."),
    NotFound("Hồ sơ đã lưu không có tệp 01_To_trinh.pdf."),
    CampaignError("Đợt thi đua thiếu ngày bắt đầu."),
    VoteError("Số phiếu đồng ý lớn hơn số người có mặt."),
    DeclaredError("Số đã giải quyết lớn hơn số phải giải quyết."),
    FormError("Biểu mẫu to-trinh.toml viết sai ở dòng 4."),
    ImportFailure("Tệp so.xlsx rỗng (0 byte)."),
    PackageError("Chữ ký của gói không đúng."),
    InspectorateKeyChanged("Giấy biên nhận ký bằng khóa khác."),
    InboxError("Gói nộp sau hạn."),
    KeyChanged("UBND phường Đông", "aa:bb", "cc:dd"),
]


@pytest.mark.parametrize("error", EVERY_USER_ERROR, ids=lambda e: type(e).__name__)
def test_the_hook_shows_every_user_error_as_a_message(qtbot, app_hook, error):
    crash.handle_exception(type(error), error, None)
    assert app_hook["messages"] == [str(error)] and app_hook["crashes"] == []


def test_the_hook_still_reports_a_bug_as_a_crash(qtbot, app_hook):
    error = ValueError("no person field 'x'")  # a plain ValueError is a bug, not a value typed
    crash.handle_exception(ValueError, error, None)
    assert app_hook["messages"] == [] and "no person field" in app_hook["crashes"][0]


@pytest.mark.parametrize(
    "error",
    [FormError("Biểu mẫu to-trinh.toml viết sai."), PackageError("Gói bị sửa sau khi ký.")],
    ids=["FormError", "PackageError"],
)
def test_a_user_error_escaping_a_slot_is_a_message(qtbot, app_hook, error):
    """Raised in a slot that does not catch it, through Qt's event loop to the hook."""

    def slot() -> None:
        raise error

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: bool(app_hook["messages"] or app_hook["crashes"]))
    assert app_hook["messages"] == [str(error)] and app_hook["crashes"] == []


def test_a_broken_form_in_the_users_folder_is_a_message_not_a_crash(qtbot, tmp_path, app_hook):
    """The Inspectorate's consolidated Tờ trình with an edited copy of its form that does not
    parse: the reason names the file and its line."""
    window = inspectorate_window(qtbot, tmp_path)
    broken = user_forms_dir() / "nd98-2023" / "thanh-tra" / "to-trinh.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text(BROKEN_FORM, encoding="utf-8")
    page = window.page("inbox")
    window.show_page("inbox")

    def numbers(dialog):
        dialog.number.setText("15")
        dialog.day.setText("08/11/2025")
        dialog.accept()

    answer_next_dialog(numbers)
    page.outputs.build_report()
    wait_for_background(qtbot)
    (message,) = app_hook["messages"]
    assert message.startswith("Biểu mẫu") and str(broken) in message and "line 4" in message
    assert app_hook["crashes"] == []
    assert page.status.text() == ""  # “Đang lập…” is not left on screen
    assert not (page.outputs.output_folder() / "TT01_To_trinh_tong_hop.pdf").exists()


def test_a_stored_package_that_no_longer_verifies_is_a_message_not_a_crash(
    qtbot, tmp_path, app_hook
):
    window = inspectorate_window(qtbot, tmp_path)
    page = window.page("inbox")
    window.show_page("inbox")
    package = unit_package(
        tmp_path / "dong.zip", "UBND phường Đông", [Nominee("collective", "Tổ tiếp dân")]
    )
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.start_import([package])
    db = window.store.db
    (package_id, content) = db.execute(
        "SELECT package_id, content FROM inbox_package_contents"
    ).fetchone()
    tampered = bytearray(content)
    tampered[len(tampered) // 2] ^= 0xFF  # one byte changed after signing
    tampered = bytes(tampered)
    with db.atomic():  # stored as received (its hash matches), yet no longer signed right
        db.execute("UPDATE inbox_package_contents SET content = ?", [tampered])
        db.execute(
            "UPDATE inbox_packages SET sha256 = ? WHERE id = ?",
            [hashlib.sha256(tampered).hexdigest(), package_id],
        )
    page.table.selectRow(0)
    page.detail.documents.click()
    (message,) = app_hook["messages"]
    assert "không phải gói hồ sơ (.zip) hoặc bị hỏng" in message and app_hook["crashes"] == []
    assert page.tabs.currentIndex() == 0  # nothing unverified is shown


def test_a_receipt_that_is_not_one_is_a_message_not_a_crash(
    qtbot, built_unit, tmp_path, monkeypatch, app_hook
):
    path = built_unit.path
    built_unit.close()
    window = open_main_window(qtbot, path, lambda: TODAY)
    window.show_page("dossier")
    wait_for_background(qtbot)
    send = window.page("dossier").send
    receipt = tmp_path / "bien-nhan.json"
    receipt.write_text('{"receipt": {"kind": "khác"}}', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(receipt), ""))
    send.receipt_button.click()
    assert app_hook["messages"] == ["Tệp bien-nhan.json không phải giấy biên nhận của Thanh tra."]
    assert app_hook["crashes"] == []


def test_exporting_when_the_build_is_gone_says_why_on_the_page(
    qtbot, built_unit, tmp_path, monkeypatch, app_hook
):
    path = built_unit.path
    built_unit.close()
    window = open_main_window(qtbot, path, lambda: TODAY)
    window.show_page("dossier")
    wait_for_background(qtbot)
    send = window.page("dossier").send
    window.store.db.execute("DELETE FROM dossier_builds")  # gone behind the page's back
    target = tmp_path / "goi.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    # the page still shows the build's warnings (late, incomplete): the clerk sends anyway
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    send.export_button.click()
    qtbot.waitUntil(lambda: not send.busy)
    assert "Chưa lập hồ sơ: hãy lập hồ sơ ở trang Hồ sơ" in send.status.text()
    assert app_hook["crashes"] == [] and not target.exists()


# --- stopping a long job -------------------------------------------------------------------


def test_the_build_can_be_stopped_and_stores_nothing(qtbot, demo_path, monkeypatch):
    window = open_main_window(qtbot, demo_path, lambda: date(2025, 11, 1))
    window.show_page("dossier")
    wait_for_background(qtbot)
    box = window.page("dossier").build_box
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(box.build_button, Qt.MouseButton.LeftButton)
    assert box.busy and box.progress.isVisible() and box.progress.cancel_button.isVisible()
    qtbot.mouseClick(box.progress.cancel_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert latest_build(window.store.db, 1, 1) is None
    assert box.status.text().startswith("Đã dừng lập hồ sơ, không lưu bản mới.")
    assert not box.busy and box.progress.isHidden() and box.build_button.isEnabled()


def test_the_inbox_import_can_be_stopped_and_keeps_what_was_done(qtbot, tmp_path, monkeypatch):
    from app.services import inbox as inbox_import

    window = inspectorate_window(qtbot, tmp_path)
    page = window.page("inbox")
    window.show_page("inbox")
    files = [
        unit_package(tmp_path / f"{n}.zip", f"UBND xã {n}", [Nominee("individual", f"Cán bộ {n}")])
        for n in range(4)
    ]
    stored_one, go_on = threading.Event(), threading.Event()
    real_import = inbox_import.import_package

    def import_then_wait(*args, **kwargs):  # the officer presses “Dừng” after the first
        imported = real_import(*args, **kwargs)
        stored_one.set()
        go_on.wait(5)
        return imported

    monkeypatch.setattr(inbox_import, "import_package", import_then_wait)
    finished = []
    page.imported.connect(finished.append)
    page.start_import(files)
    assert page.progress.isVisible() and page.progress.cancel_button.isVisible()
    assert stored_one.wait(10)
    qtbot.mouseClick(page.progress.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    wait_for_background(qtbot)
    assert finished == []  # not a finished import
    assert page.status.text().startswith("Đã dừng nhập gói.")
    assert page.model.rowCount() == 1  # the package done before the stop is kept
    assert not page.busy and page.progress.isHidden() and page.import_button.isEnabled()
