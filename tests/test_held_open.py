"""Files held open by another program (issue 23): on Windows, Word or Excel holding a file
refuses its replacement with a sharing violation (winerror 32) or a lock violation (33), which
CPython raises as EACCES. Every output the user names or opens says so — "Tệp … đang được mở
trong chương trình khác (Word/Excel?) — hãy đóng tệp rồi thử lại" —, not "Không có quyền ghi",
exits 1 from the command line, leaves no `.partial` and the earlier file as it was, and keeps
what else was done. tests/windows_semantics.py imposes Windows' refusal on Linux."""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest

from app.atomic import atomic_write
from app.cli import main
from app.store.errors import EnvironmentProblem, as_user_error, file_error
from tests.windows_semantics import (
    ACCESS_DENIED,
    LOCK_VIOLATION,
    SHARING_VIOLATION,
    held_message,
    held_open,
    partials,
    refusal,
)

HELD = pytest.mark.parametrize("winerror", [SHARING_VIOLATION, LOCK_VIOLATION])


def cli_refuses(argv: list[str], held: Path, capsys) -> None:
    """Exit 1, the held-open line naming `held` on stderr and nothing else there."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == f"thidua: {held_message(held)}\n", err


# --- the message ------------------------------------------------------------------------


@HELD
def test_a_file_held_open_is_said_so_not_as_a_refused_permission(winerror, tmp_path):
    target = tmp_path / "Bang_tong_hop.xlsx"
    error = as_user_error(refusal(winerror, target), tmp_path / "du-lieu.sqlite")
    assert isinstance(error, EnvironmentProblem) and str(error) == held_message(target)
    assert error.file == str(target)
    # a rename onto it names the target, not this app's own `.partial`
    renamed = file_error(refusal(winerror, f"{target}.partial", target), tmp_path)
    assert str(renamed) == held_message(target)
    replaced = file_error(refusal(winerror, f"{target}.partial"), tmp_path)
    assert str(replaced) == held_message(target)
    # a permission truly refused (no winerror, as on Linux) is still said as one
    refused = as_user_error(PermissionError(errno.EACCES, "denied", str(target)), tmp_path)
    assert isinstance(refused, EnvironmentProblem)
    assert str(refused) == f"Không có quyền ghi {target}."


@pytest.mark.parametrize("replace_winerror", [SHARING_VIOLATION, ACCESS_DENIED])
def test_atomic_write_onto_a_held_file_leaves_it_and_no_partial(replace_winerror, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    """Windows answers a rename onto a file held open with ERROR_SHARING_VIOLATION or with
    ERROR_ACCESS_DENIED: either way the error says the file is held, the file is unchanged
    and the partial is gone."""
    target = tmp_path / "ho-so.docx"
    target.write_bytes(b"ban cu")
    held_open(monkeypatch, target, replace_winerror=replace_winerror)
    with pytest.raises(PermissionError) as refused, atomic_write(target) as partial:
        partial.write_bytes(b"ban moi")
    assert refused.value.winerror == SHARING_VIOLATION  # type: ignore[attr-defined]
    assert str(file_error(refused.value, target)) == held_message(target)
    assert target.read_bytes() == b"ban cu"
    assert partials(tmp_path) == []


# --- the command line -----------------------------------------------------------------------


@HELD
def test_dossier_build_into_a_folder_with_a_document_held_open(
    winerror, demo_path, tmp_path, monkeypatch, capsys
):
    """The whole build is refused before anything is stored or moved in: the folder keeps
    its earlier documents, all of one build, and no stored version is added."""
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    held = out / sorted(n for n in before if n.endswith(".docx"))[1]
    versions = _builds(demo_path)
    capsys.readouterr()
    held_open(monkeypatch, held, winerror=winerror)
    cli_refuses(["--db", str(demo_path), "dossier", "build", "--out", str(out)], held, capsys)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no .dang-lap- left
    assert partials(tmp_path) == []
    assert _builds(demo_path) == versions


def _builds(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM dossier_builds").fetchone()[0]
    finally:
        conn.close()


@HELD
def test_package_export_onto_a_package_held_open(
    winerror, demo_path, built_unit, tmp_path, monkeypatch, capsys
):
    """The earlier package stays as it was, and the refused one is not remembered as sent."""
    target = tmp_path / "usb" / "goi.zip"
    assert main(["--db", str(demo_path), "package", "export", "--out", str(target)]) == 0
    before, exports = target.read_bytes(), _exports(demo_path)
    capsys.readouterr()
    held_open(monkeypatch, target, winerror=winerror)
    argv = ["--db", str(demo_path), "package", "export", "--out", str(target)]
    cli_refuses(argv, target, capsys)
    assert target.read_bytes() == before
    assert partials(tmp_path) == []
    assert _exports(demo_path) == exports


def _exports(db_path: Path) -> list:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT * FROM package_exports").fetchall()
    finally:
        conn.close()


@HELD
def test_inbox_report_with_the_table_held_open_keeps_the_documents(
    winerror, demo_path, built_unit, inspectorate_path, tmp_path, monkeypatch, capsys
):
    """Bang_tong_hop.xlsx open in Excel: the Tờ trình and Danh sách are written and said, the
    table is refused naming it, the earlier table unchanged."""
    inspectorate = str(inspectorate_path)
    assert main(["--db", str(demo_path), "package", "export", "--out", str(tmp_path / "g")]) == 0
    (package,) = (tmp_path / "g").glob("*.zip")
    assert main(["--db", inspectorate, "inbox", "import", str(package)]) == 0
    out = tmp_path / "tong-hop"
    report = ["--db", inspectorate, "inbox", "report", "--out", str(out)]
    assert main(report) == 0
    table = out / "Bang_tong_hop.xlsx"
    before = table.read_bytes()
    for document in out.iterdir():
        if document != table:
            document.unlink()
    capsys.readouterr()
    held_open(monkeypatch, table, winerror=winerror)
    assert main(report) == 1
    captured = capsys.readouterr()
    assert captured.err == f"thidua: {held_message(table)}\n"
    assert "TT01_To_trinh_tong_hop.pdf" in captured.out  # what was written is said
    assert (out / "TT01_To_trinh_tong_hop.pdf").is_file()
    assert (out / "TT01a_Danh_sach_tong_hop.docx").is_file()
    assert table.read_bytes() == before
    assert partials(tmp_path) == []


@HELD
def test_register_template_held_open(winerror, tmp_path, monkeypatch, capsys):
    target = tmp_path / "mau.xlsx"
    target.write_bytes(b"mau cu")
    held_open(monkeypatch, target, winerror=winerror)
    cli_refuses(["register", "template", str(target)], target, capsys)
    assert target.read_bytes() == b"mau cu"
    assert partials(tmp_path) == []


@HELD
def test_backup_onto_a_copy_held_open(winerror, demo_path, tmp_path, monkeypatch, capsys):
    target = tmp_path / "usb" / "sao-luu.sqlite"
    target.parent.mkdir()
    target.write_bytes(b"ban sao cu")
    data = demo_path.read_bytes()
    held_open(monkeypatch, target, winerror=winerror)
    cli_refuses(["--db", str(demo_path), "backup", "--out", str(target)], target, capsys)
    assert target.read_bytes() == b"ban sao cu"
    assert demo_path.read_bytes() == data
    assert partials(tmp_path) == []


@HELD
def test_json_out_held_open(winerror, demo_path, tmp_path, monkeypatch, capsys):
    target = tmp_path / "so-lieu.json"
    target.write_text("{}", encoding="utf-8")
    held_open(monkeypatch, target, winerror=winerror)
    cli_refuses(["--db", str(demo_path), "tally", "--json", "--out", str(target)], target, capsys)
    assert json.loads(target.read_text(encoding="utf-8")) == {}
    assert partials(tmp_path) == []


def test_guide_pdf_held_open(qapp, tmp_path, monkeypatch, capsys):
    target = tmp_path / "huong-dan.pdf"
    target.write_bytes(b"%PDF cu")
    held_open(monkeypatch, target)
    cli_refuses(["guide", "--pdf", str(target)], target, capsys)
    assert target.read_bytes() == b"%PDF cu"
    assert partials(tmp_path) == []


def test_a_register_excel_holds_open_is_still_read(demo_path, tmp_path, monkeypatch, capsys):
    """Excel shares an open workbook for reading: importing it works as ever."""
    from tests.register_files import register_xlsx

    register = register_xlsx(tmp_path / "so.xlsx")
    before = register.read_bytes()
    held_open(monkeypatch, register)
    assert main(["--db", str(demo_path), "register", "import", str(register)]) == 0, (
        capsys.readouterr().err
    )
    assert register.read_bytes() == before


# --- the window ----------------------------------------------------------------------------


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:
    """The texts of the warning boxes the window shows (instead of showing them)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def dossier_window(qtbot, path: Path):
    from datetime import date

    from tests.gui_helpers import open_main_window, wait_for_background

    window = open_main_window(qtbot, path, lambda: date(2025, 10, 30))
    window.show_page("dossier")
    wait_for_background(qtbot)
    return window


def test_the_dossier_page_opens_in_word_a_document_word_already_holds(
    demo_path, built_unit, qtbot, monkeypatch, warnings_shown
):
    """“Mở bằng Word” again while Word shows that document: the copy already there, as
    stored, is opened again, not refused."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices

    built_unit.close()
    page = dossier_window(qtbot, demo_path).page("dossier")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page.preview.documents.setCurrentText("01_To_trinh.pdf")
    qtbot.mouseClick(page.in_word, Qt.MouseButton.LeftButton)
    docx = Path(opened[0])
    held_open(monkeypatch, docx)
    qtbot.mouseClick(page.in_word, Qt.MouseButton.LeftButton)
    assert opened == [str(docx), str(docx)] and warnings_shown == []


def test_the_dossier_page_refuses_to_overwrite_a_changed_document_word_holds(
    demo_path, built_unit, qtbot, monkeypatch, warnings_shown
):
    """The document shown, since changed and saved in Word and still open there: refused
    naming it, the user's copy kept, and the build's other documents written."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices

    built_unit.close()
    page = dossier_window(qtbot, demo_path).page("dossier")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    folder = page.build_box.export()
    docx = folder / "01_To_trinh.docx"
    docx.write_bytes(b"sua trong Word")
    other = folder / "02_Bien_ban_hop_xet.docx"
    other.unlink()
    held_open(monkeypatch, docx)
    page.preview.documents.setCurrentText("01_To_trinh.pdf")
    qtbot.mouseClick(page.in_word, Qt.MouseButton.LeftButton)
    assert warnings_shown == [f"Không ghi được các văn bản ra thư mục: {held_message(docx)}"]
    assert opened == []
    assert docx.read_bytes() == b"sua trong Word"
    assert other.is_file()  # the documents after it are written
    assert partials(folder) == []


def test_the_send_box_says_the_package_is_held_open(
    demo_path, built_unit, qtbot, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.gui_helpers import wait_for_background

    target = tmp_path / "gui-di.zip"
    target.write_bytes(b"goi cu")
    built_unit.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = dossier_window(qtbot, demo_path)
    dossier = window.page("dossier")
    dossier.tabs.setCurrentWidget(dossier.send)
    send = dossier.send
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    held_open(monkeypatch, target)
    send.export_button.click()
    qtbot.waitUntil(lambda: not send.busy)
    wait_for_background(qtbot)
    assert held_message(target) in send.status.text()
    assert target.read_bytes() == b"goi cu"
    assert partials(tmp_path) == []


def test_the_inbox_table_held_open_in_excel(inspectorate_path, qtbot, monkeypatch,
                                            warnings_shown, tmp_path):  # fmt: skip
    from datetime import date

    from PySide6.QtWidgets import QFileDialog

    from tests.gui_helpers import open_main_window, wait_for_background

    window = open_main_window(qtbot, inspectorate_path, lambda: date(2025, 11, 6))
    wait_for_background(qtbot)
    page = window.page("inbox")
    table = tmp_path / "Bang_tong_hop.xlsx"
    table.write_bytes(b"bang cu")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(table), ""))
    held_open(monkeypatch, table)
    page.outputs.export_table()  # (its button waits for a package received)
    assert warnings_shown == [held_message(table)]
    assert table.read_bytes() == b"bang cu"
    assert partials(tmp_path) == []


def test_a_backup_onto_a_copy_held_open_from_the_window(demo_path, qtbot, monkeypatch,
                                                        warnings_shown, tmp_path):  # fmt: skip
    from datetime import date

    import app.ui.main_window as main_window
    from tests.gui_helpers import open_main_window, wait_for_background

    window = open_main_window(qtbot, demo_path, lambda: date(2025, 10, 31))
    wait_for_background(qtbot)
    target = tmp_path / "sao-luu.sqlite"
    target.write_bytes(b"ban sao cu")
    monkeypatch.setattr(main_window.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))  # fmt: skip
    held_open(monkeypatch, target)
    with qtbot.waitSignal(window.background_finished, timeout=10_000) as finished:
        window.backup_action.trigger()
    assert finished.args[0] == held_message(target)
    assert warnings_shown == [held_message(target)]
    assert target.read_bytes() == b"ban sao cu"
    assert partials(tmp_path) == []


# --- thidua selftest ---------------------------------------------------------------------------


def _held_step(folder: Path):
    from app.selftest import _steps

    (step,) = [s for title, s in _steps(folder, {}) if "đang mở" in title]
    return step


def test_the_selftest_step_is_skipped_off_windows(tmp_path, monkeypatch):
    from app.selftest import Skipped

    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(Skipped, match="chỉ áp dụng trên Windows"):
        _held_step(tmp_path)()


def test_the_selftest_step_holds_a_file_as_word_does(tmp_path, monkeypatch):
    """On Windows the step holds the file through CreateFile (read, shared for reading only);
    here a stand-in _winapi imposes the same refusal while the handle is open."""
    import sys
    import types

    opened: list[str] = []

    def create_file(name, access, share, security, disposition, flags, template):
        assert share == 0x1  # FILE_SHARE_READ: others may read, not write nor delete
        opened.append(name)
        held_open(monkeypatch, Path(name), replace_winerror=ACCESS_DENIED)
        return 7

    fake = types.SimpleNamespace(
        GENERIC_READ=0x80000000, OPEN_EXISTING=3, NULL=0, CreateFile=create_file,
        CloseHandle=lambda handle: None,
    )  # fmt: skip
    monkeypatch.setitem(sys.modules, "_winapi", fake)
    monkeypatch.setattr("sys.platform", "win32")
    detail = _held_step(tmp_path)()
    assert opened and "đang được mở trong chương trình khác" in detail
    assert partials(tmp_path) == []
