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
