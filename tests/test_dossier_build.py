"""`thidua dossier build` on the demo: the documents filled from the database, as files with
ASCII names, and what the database does not hold yet listed instead of invented."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from sqlite_utils import Database

from app.cli import main
from app.documents.pdf_batch import PdfWorker
from app.services.dossier import write_documents
from tests.office import pdf_text
from tests.test_cli import ROOT
from tests.test_dossier_refusals import builds, edited
from tests.test_regime_move import BASES, BODIES, flags


def test_dossier_build_on_the_demo(demo_path, tmp_path, capsys):
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    report = "03_Bao_cao_thanh_tich_Bo_phan_Tiep_cong_dan_phuong_Hoa_Sen"
    assert names == [
        "01_To_trinh.docx", "01_To_trinh.pdf", "01a_Danh_sach.docx", "01a_Danh_sach.pdf",
        "02_Bien_ban_hop_xet.docx", "02_Bien_ban_hop_xet.pdf",
        "02a_Bien_ban_kiem_phieu.docx", "02a_Bien_ban_kiem_phieu.pdf",
        f"{report}.docx", f"{report}.pdf",
    ]  # fmt: skip
    assert all(name.isascii() for name in names)
    text = "\n".join(p.text for p in open_docx(out / "01_To_trinh.docx").paragraphs)
    assert "Kính gửi: Chủ tịch UBND thành phố Lạng Sơn." in text
    assert "UBND phường Hoa Sen đề nghị Chủ tịch UBND thành phố Lạng Sơn tặng" in text
    assert "cho 01 tập thể có thành tích" in text  # the nominee, counted from the database
    assert "có thành tích trong phong trào thi đua lập thành tích" in text  # mid-sentence
    assert "ngày 03/11/2025" in text  # the meeting's date
    # The Tờ trình's number and date belong to the dossier page (not built yet): shown as "…".
    assert "Còn thiếu (in thành dòng chấm để viết tay): số Tờ trình, ngày ký Tờ trình" in printed
    first_page = pdf_text(out / "01_To_trinh.pdf")[0]
    assert "Số: ……/TTr-UBND" in first_page


@pytest.mark.parametrize(
    ("formats", "written"),
    [("docx,pdf,docx", {".docx", ".pdf"}), ("DOCX, docx", {".docx"}), ("", None), (",", None)],
)
def test_a_format_named_twice_is_written_once_and_none_is_refused(
    demo_path, tmp_path, capsys, formats, written
):
    out = tmp_path / "ho-so"
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(out), "--format", formats]
    assert main(args) == (0 if written else 1)
    if written:
        assert {p.suffix for p in out.iterdir()} == written
    else:
        assert "Chưa chọn định dạng nào" in capsys.readouterr().err
        assert not out.exists() or not list(out.iterdir())


def test_unknown_format_is_refused(demo_path, tmp_path, capsys):
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(tmp_path), "--format", "odt"]
    assert main(args) == 1
    assert "Định dạng không hỗ trợ: odt" in capsys.readouterr().err


def test_the_pdf_worker_starts_before_the_parser_and_only_for_a_dossier_with_pdf(
    demo_path, tmp_path, monkeypatch
):
    from app import cli
    from app.documents import pdf_batch

    events: list[str] = []

    class Recorded(PdfWorker):
        def __init__(self) -> None:
            events.append("worker started")
            super().__init__()

        def start(self, jobs) -> None:
            events.append("sent jobs")
            super().start(jobs)

        def close(self) -> None:
            events.append("worker stopped")
            super().close()

    parser = cli.build_parser
    monkeypatch.setattr(pdf_batch, "PdfWorker", Recorded)
    monkeypatch.setattr(cli, "build_parser", lambda: events.append("parser built") or parser())
    monkeypatch.setattr("app.ui.application.run_gui", lambda db, **kw: 0)

    def run(*args: str) -> list[str]:
        events.clear()
        with suppress(SystemExit):  # a usage error
            main(["--db", str(demo_path), *args])
        return list(events)

    out = str(tmp_path / "ho-so")
    started = ["worker started", "parser built"]
    assert run("dossier", "build", "--out", out) == [*started, "sent jobs", "worker stopped"]
    assert run("dossier", "build", "--out", out, "--format", "docx") == ["parser built"]
    assert run("dossier", "build", "--out", out, "--format=docx") == ["parser built"]
    assert run("dossier", "build") == [*started, "worker stopped"]  # no --out: refused
    assert run("tally") == ["parser built"]
    assert run("--quit-after-show", "--db", "dossier") == []  # the window: a file so named


_LAUNCH_ORDER = """
import gc, sys
def hook(event, args):
    if event == "subprocess.Popen" and "--pdf-worker" in args[1]:
        print("worker started, collector", "on" if gc.isenabled() else "off", file=sys.stderr)
    elif event == "import" and args[0] == "app.cli":
        print("app.cli imported", file=sys.stderr)
sys.addaudithook(hook)
from app.launch import run
sys.argv = ["thidua", *sys.argv[1:]]
run()
"""


def test_the_launch_starts_a_builds_pdf_worker_before_the_command_line_loads(
    demo_path, isolated_home, tmp_path
):
    """From the program's entry (app.launch), not from app.cli: reportlab and the fonts load
    while the rest of the program does, and the build runs without the cyclic collector."""
    env = {**os.environ, "THIDUA_HOME": str(isolated_home)}

    def said(*args: str) -> list[str]:
        command = [sys.executable, "-c", _LAUNCH_ORDER, "--db", str(demo_path), *args]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [line for line in done.stderr.splitlines() if line.startswith(("worker", "app"))]

    out = str(tmp_path / "ho-so")
    assert said("dossier", "build", "--out", out) == [
        "worker started, collector off",
        "app.cli imported",
    ]
    assert (tmp_path / "ho-so" / "01_To_trinh.pdf").is_file()
    assert said("dossier", "build", "--out", out, "--format", "docx") == ["app.cli imported"]
    assert said("tally") == ["app.cli imported"]


def test_the_danh_sach_lists_the_nominee_with_the_votes(demo_path, tmp_path):
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out),
                 "--format", "docx"]) == 0  # fmt: skip
    tables = open_docx(out / "01a_Danh_sach.docx").tables
    collectives = tables[1]  # after the header block's table
    assert [c.text for c in collectives.rows[0].cells][:2] == ["STT", "Tên tập thể"]
    row = [c.text for c in collectives.rows[1].cells]
    assert row[0] == "1" and row[1] == "Bộ phận Tiếp công dân phường Hoa Sen"
    assert row[2].startswith("Duy trì tiếp công dân thường xuyên")  # the unit's own text
    assert row[3] == "7/9 (77,78%)"  # from the meeting's votes, not typed again
    assert len(tables) == 2  # no individual nominee: no empty table, but a sentence
    text = [p.text for p in open_docx(out / "01a_Danh_sach.docx").paragraphs]
    assert text[text.index("II. CÁ NHÂN") + 1] == "Không đề nghị cá nhân."


def test_the_bien_ban_tells_the_meeting_from_the_database(demo_path, tmp_path, capsys):
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out),
                 "--format", "docx"]) == 0  # fmt: skip
    assert "Còn thiếu (in thành dòng chấm để viết tay): số Biên bản" in capsys.readouterr().out
    docx = open_docx(out / "02_Bien_ban_hop_xet.docx")
    text = "\n".join(p.text for p in docx.paragraphs)
    header = "\n".join(c.text for c in docx.tables[0].rows[0].cells)
    assert "Số: ……/BB-UBND" in header and "ngày" not in header  # no date line in a Biên bản head
    assert "Vào hồi 08 giờ 00 phút, ngày 03 tháng 11 năm 2025, UBND phường Hoa Sen tổ chức" in text
    assert "theo quyết định thành lập: 9; có mặt: 8; vắng mặt: 1" in text
    assert "Vắng mặt: Dương Thị Ngọc, lý do: đi công tác theo kế hoạch." in text
    assert "thảo luận và bỏ phiếu kín. Đối tượng được đề nghị phải được trên một nửa" in text
    assert "(Chi tiết tại Biên bản kiểm phiếu kèm theo.)" in text
    results = [[c.text for c in row.cells] for row in docx.tables[1].rows[1:]]
    assert results[0] == ["1", "Bộ phận Tiếp công dân phường Hoa Sen", "7/9", "77,78%", "Đạt"]
    assert results[-1][-1] == "Không đạt"  # Phạm Quốc Dũng, 1/9
    assert "tặng Giấy khen của Chủ tịch UBND thành phố Lạng Sơn cho: Bộ phận Tiếp công dân" in text
    signatures = [c.text for c in docx.tables[-1].rows[0].cells]
    assert "THƯ KÝ" in signatures[0] and "Đặng Thu Hà" in signatures[0]
    assert "CHỦ TRÌ" in signatures[1] and "Nguyễn Văn An" in signatures[1]


def test_a_show_of_hands_needs_no_ballot_count(demo_path, tmp_path):
    with Database(demo_path) as db:
        db.execute("UPDATE meetings SET voting_mode = 'show_of_hands'")
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out),
                 "--format", "docx"]) == 0  # fmt: skip
    assert not (out / "02a_Bien_ban_kiem_phieu.docx").exists()
    text = "\n".join(p.text for p in open_docx(out / "02_Bien_ban_hop_xet.docx").paragraphs)
    assert "thảo luận và biểu quyết giơ tay. Đối tượng được đề nghị" in text
    assert "Biên bản kiểm phiếu" not in text


def test_a_ballot_count_without_its_committee_says_what_is_missing(demo_path, tmp_path, capsys):
    with Database(demo_path) as db:
        db.execute("UPDATE meeting_members SET ballot_role = ''")
        db.execute("UPDATE meetings SET ballots_invalid = NULL")
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out),
                 "--format", "docx"]) == 0  # fmt: skip
    printed = capsys.readouterr().out  # only the ballot count asks for these two
    assert "số phiếu không hợp lệ, thành viên Ban kiểm phiếu, Trưởng ban kiểm phiếu" in printed
    text = "\n".join(p.text for p in open_docx(out / "02a_Bien_ban_kiem_phieu.docx").paragraphs)
    assert "số phiếu không hợp lệ: ……" in text and "……." not in text


def test_a_campaign_under_decree_152_builds_its_dossier(demo_path, tmp_path, capsys):
    db = ["--db", str(demo_path)]
    clone = ["campaign", "clone", "ls-tcd-2025", "--code", "nd152", "--name", "Đợt thử"]
    for wrong in ("nd1-1990", "nd98-2023/thanh-tra", "../forms/nd152-2025"):  # no regime
        assert main([*db, *clone, "--regime", wrong]) == 1  # refused, not stored
        assert f"Không có chế độ pháp lý “{wrong}” (có: nd152-2025, nd98-2023)." in (
            capsys.readouterr().err
        )
    assert main([*db, *clone, "--regime", "nd152-2025"]) == 1  # the city's bodies: asked again
    assert "cần khai lại tên các cơ quan (không chép từ đợt cũ" in capsys.readouterr().err
    assert main([*db, *clone, "--regime", "nd152-2025", *flags(BODIES), "--basis", BASES[0]]) == 0
    with Database(demo_path) as store:
        regimes = dict(store.execute(
            "SELECT code, json_extract(definition, '$.legal_regime') FROM campaigns"))  # fmt: skip
    assert regimes["nd152"] == "nd152-2025" and regimes["ls-tcd-2025"] == "nd98-2023"
    assert main([*db, "campaign", "use", "nd152"]) == 0
    out = tmp_path / "ho-so"
    # a new campaign has no meeting or nominee yet: no dossier says it proposes anyone
    assert main([*db, "dossier", "build", "--out", str(out), "--format", "pdf"]) == 1
    assert "Không lập được hồ sơ: Chưa có kết quả họp xét" in capsys.readouterr().err
    assert not list(out.glob("*.pdf"))
    with Database(demo_path) as store:  # a draft of its forms (the nd98-2023 ones it is based on)
        write_documents(store, out, ("pdf",))
    assert sorted(p.stem for p in out.glob("*.pdf")) == [
        "01_To_trinh", "01a_Danh_sach", "02_Bien_ban_hop_xet"
    ]  # fmt: skip
    assert "Đợt thử" not in pdf_text(out / "01_To_trinh.pdf")[0]  # "đợt thử", mid-sentence
    assert "đợt thử" in pdf_text(out / "01_To_trinh.pdf")[0]


def test_the_pdfs_are_written_even_when_the_worker_process_died(demo_path, tmp_path):
    worker = PdfWorker()
    worker.close()  # gone before it got any work, as if killed
    out = tmp_path / "ho-so"
    with Database(demo_path) as db:
        built = write_documents(db, out, ("docx", "pdf"), worker)
    pdfs = [f for b in built for f in b.files if f.suffix == ".pdf"]
    assert len(pdfs) == 5 and all(f.stat().st_size > 10_000 for f in pdfs)
    assert "TỜ TRÌNH" in pdf_text(out / "01_To_trinh.pdf")[0]


def test_the_worker_process_writes_the_pdfs(demo_path, tmp_path, monkeypatch):
    from app.documents import pdf_renderer

    def not_here(document, target):
        raise AssertionError("the PDFs were rendered in the main process")

    monkeypatch.setattr(pdf_renderer, "render_pdf", not_here)  # the spawned worker has its own
    worker = PdfWorker()
    try:
        with Database(demo_path) as db:
            write_documents(db, tmp_path / "ho-so", ("pdf",), worker)
    finally:
        worker.close()
    assert "TỜ TRÌNH" in pdf_text(tmp_path / "ho-so" / "01_To_trinh.pdf")[0]


def test_an_error_in_the_worker_is_raised_here_with_its_message(tmp_path):
    from tests.sample_documents import to_trinh

    worker = PdfWorker()
    try:
        (tmp_path / "tep").write_text("a file where the folder should be")
        worker.start([(to_trinh(1), tmp_path / "tep" / "a.pdf")])
        with pytest.raises(OSError, match="tep"):
            worker.finished()
    finally:
        worker.close()


def test_two_nominees_with_the_same_ascii_name_get_two_reports():
    from app.documents.filling import unique_names
    from app.documents.forms import FilledForm
    from app.documents.model import Document

    names = ["03_Bao_cao_thanh_tich_Le_Minh_Chau"] * 3 + ["01_To_trinh"]
    filled = unique_names([FilledForm(Document(n), ()) for n in names])
    assert [f.document.name for f in filled] == [
        "03_Bao_cao_thanh_tich_Le_Minh_Chau", "03_Bao_cao_thanh_tich_Le_Minh_Chau_2",
        "03_Bao_cao_thanh_tich_Le_Minh_Chau_3", "01_To_trinh",
    ]  # fmt: skip


def test_a_build_that_is_not_stored_says_why(demo_path, tmp_path, capsys):
    """A draft in one format: the documents are written and the command says why no version
    was kept (`package export` sends the kept one). A database without the unit: refused."""
    args = ["dossier", "build", "--out", str(tmp_path / "hs")]
    assert main(["--db", str(demo_path), *args, "--format", "docx"]) == 0
    assert "chỉ lưu khi lập cả DOCX và PDF" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "moi.sqlite"), *args]) == 1  # nothing to propose
    err = capsys.readouterr().err
    assert "Không lập được hồ sơ: Chưa có thông tin đơn vị" in err


def _folder(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture
def built_once(demo_path, tmp_path):
    """A dossier built into ho-so, then the meeting's place changed: the next build's files
    differ from those in the folder."""
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 0
    edited(demo_path, ["UPDATE meetings SET place = 'Phòng họp số 2'"])
    return out


def test_a_document_that_cannot_be_replaced_midway_leaves_the_folder_and_the_store_as_they_were(
    demo_path, built_once, monkeypatch, capsys
):
    """The fourth file refused by the system (Windows: read-only, in use by a backup tool):
    the three already moved in are taken back, nothing is stored, and the message names the
    document rather than a temporary file."""
    from app.services import dossier

    before, stored = _folder(built_once), builds(demo_path)
    real, calls = dossier.os.replace, []

    def refused(source, target):
        calls.append(target)
        if len(calls) == 7:  # old file aside, new one in: the fourth document's new file
            raise PermissionError(errno.EACCES, "Permission denied", str(source))
        real(source, target)

    monkeypatch.setattr(dossier.os, "replace", refused)
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(built_once)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert str(built_once / Path(calls[6]).name) in err and ".dang-lap-" not in err
    assert _folder(built_once) == before and builds(demo_path) == stored
    assert [p.name for p in built_once.iterdir() if p.is_dir()] == []  # no temporary folder


def test_a_store_that_fails_puts_the_old_documents_back(demo_path, built_once, monkeypatch):
    from app.services import dossier

    before, stored = _folder(built_once), builds(demo_path)

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dossier, "save_build", full)
    with pytest.raises(sqlite3.OperationalError):
        dossier.build_and_store(Database(demo_path), date.today(), built_once)
    assert _folder(built_once) == before and builds(demo_path) == stored


def test_a_folder_or_a_read_only_file_in_a_documents_place_refuses_the_build(
    demo_path, built_once, capsys, monkeypatch
):
    stored = builds(demo_path)
    (built_once / "01_To_trinh.docx").unlink()
    (built_once / "01_To_trinh.docx").mkdir()  # the user's, kept
    (built_once / "01_To_trinh.docx" / "ghi-chu.txt").write_text("của người dùng")
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(built_once)]
    assert main(args) == 1
    assert "01_To_trinh.docx" in capsys.readouterr().err
    assert (built_once / "01_To_trinh.docx" / "ghi-chu.txt").read_text() == "của người dùng"
    (built_once / "01_To_trinh.docx" / "ghi-chu.txt").unlink()
    (built_once / "01_To_trinh.docx").rmdir()
    real = os.access  # Windows' read-only attribute, as os.access reports it there

    def read_only(path, mode):
        return Path(path).name != "01a_Danh_sach.pdf" and real(path, mode)

    monkeypatch.setattr(os, "access", read_only)
    before = _folder(built_once)
    assert main(args) == 1
    assert "01a_Danh_sach.pdf" in capsys.readouterr().err
    assert _folder(built_once) == before and builds(demo_path) == stored


def test_a_character_the_pdf_font_lacks_refuses_the_pdf_and_names_it(demo_path, tmp_path, capsys):
    """Liberation Serif has no Hán characters nor emoji: the PDF would print a gap where the
    DOCX shows them. Refused with the text named; the DOCX alone is built, Word finding a
    font for them."""
    edited(demo_path, ["UPDATE collectives SET name = 'Tổ Tiếp dân 一 😀' WHERE id = 1"])
    out = tmp_path / "ho-so"
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "“一” (U+4E00), “😀” (U+1F600)" in err and "Tổ Tiếp dân 一 😀" in err
    assert not list(out.glob("*.*")) and builds(demo_path) == 0
    assert main([*args, "--format", "docx"]) == 0
    assert "Tổ Tiếp dân 一 😀" in "\n".join(
        c.text for t in open_docx(out / "01a_Danh_sach.docx").tables for c in t._cells
    )


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("petitions", "received", "2025-02-30"),
        ("people", "birth_date", "1980-13-01"),
        ("meetings", "started_at", "2025-10-32T08:00:00"),
        ("receptions", "day", ""),  # a day every reception has, emptied
    ],
)
def test_a_value_another_program_wrote_is_named_not_a_traceback(
    demo_path, tmp_path, capsys, table, column, value
):
    """The app writes only real days; a file edited elsewhere may not hold them. The build
    says which table, column and value, and leaves the file and the folder as they were."""
    edited(demo_path, [f"UPDATE {table} SET {column} = '{value}' WHERE id = "
                       f"(SELECT min(id) FROM {table})"])  # fmt: skip
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"bảng “{table}”, cột “{column}” ghi “{value}”" in err, err
    assert "Traceback" not in err and builds(demo_path) == 0
    assert not out.exists() or not list(out.glob("*.*"))
