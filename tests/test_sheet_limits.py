"""Workbooks that ask for more than the app can hold are refused before python-calamine builds
their grid (issue 17, point 2): calamine aborts the whole process on an allocation it cannot
make, so a 5 KB file with a cell at XFD1048576 used to kill the command and the window alike."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.exchange import sheet_limits
from app.exchange.spreadsheet import ImportFailure, read_workbook
from tests.register_files import register_xlsx

ROOT = Path(__file__).resolve().parent.parent
SHEET = "xl/worksheets/sheet1.xml"
ODS_MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
    'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
    '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def rewritten(source: Path, target: Path, change) -> Path:
    """`source` with its first worksheet's XML passed through `change`."""
    with zipfile.ZipFile(source) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts[SHEET] = change(parts[SHEET].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return target


def with_rows(rows_xml: str):
    return lambda sheet: sheet.replace("</sheetData>", rows_xml + "</sheetData>")


def ods(path: Path, rows_xml: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:'
        'body><office:spreadsheet><table:table table:name="Sổ"><table:table-row><table:table-'
        'cell office:value-type="string"><text:p>Mã đơn</text:p></table:table-cell></table:'
        f"table-row>{rows_xml}</table:table></office:spreadsheet></office:body></office:"
        "document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        book.writestr("content.xml", content)
        book.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    return path


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    return register_xlsx(tmp_path_factory.mktemp("so") / "so.xlsx")


def _limit_memory() -> None:  # in the child: 3 GB, so a regression fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


def test_a_cell_at_xfd1048576_is_refused_with_its_place_and_the_database_kept(
    register, demo_path, tmp_path
):
    """The issue's 5 KB file: it aborted the process (SIGABRT, exit 134) with no message."""
    far = rewritten(
        register,
        tmp_path / "o-lac.xlsx",
        with_rows('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
    )
    assert far.stat().st_size < 10_000
    before = demo_path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(demo_path), "register", "import", str(far)],
        cwd=ROOT,
        env={**os.environ, "THIDUA_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "o-lac.xlsx" in result.stderr
    assert "ô XFD1.048.576" in result.stderr
    assert "quá giới hạn 20.000.000 ô" in result.stderr
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize(
    "rows_xml, where",
    [
        # no references at all: cells take the next free place, so a far row and a long row
        ('<row r="1048576">' + "<c><v>1</v></c>" * 40 + "</row>", "ô AN1.048.576"),
        # a namespace prefix, and single quotes
        (
            '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            "r='900000'><x:c r='ZZZ900000'><x:v>1</x:v></x:c></x:row>",
            "ô ZZZ900.000",
        ),
        # a cell whose row is far past its row element's
        ('<row r="44"><c r="CV4000000"><v>1</v></c></row>', "ô CV4.000.000"),
        # a column past Excel's last (XFD), which openpyxl cannot even name
        ('<row r="4000"><c r="ABCD4000"><v>1</v></c></row>', "ô ABCD4.000"),
    ],
)
def test_cells_placed_far_in_any_spelling_are_refused(register, tmp_path, rows_xml, where):
    path = rewritten(register, tmp_path / "so.xlsx", with_rows(rows_xml))
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    assert where in str(refused.value)


def test_odd_but_small_sheets_are_read_in_full(register, tmp_path):
    """The fast bound gives up on odd spellings; the walk in order then reads them exactly,
    so nothing honest is refused: cells without references, and a row far past its cells."""
    no_references = rewritten(
        register,
        tmp_path / "khong-tham-chieu.xlsx",
        lambda sheet: sheet.replace(' r="', ' data-r="'),
    )
    rows = read_workbook(no_references)[0].rows
    assert rows[0][0] == "Mã đơn" and len(rows) == 43
    sparse = rewritten(
        register, tmp_path / "thua.xlsx", with_rows('<row r="44"><c r="A99"><v>7</v></c></row>')
    )
    assert len(read_workbook(sparse)[0].rows) == 99


def test_a_register_of_many_columns_is_not_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in range(1, 2001):  # 2,000 rows × 150 columns: 300,000 cells, two-letter columns
        sheet.append([f"{row}-{column}" for column in range(150)])
    book.save(tmp_path / "rong.xlsx")
    rows = read_workbook(tmp_path / "rong.xlsx")[0].rows
    assert len(rows) == 2000 and len(rows[0]) == 150 and rows[1999][149] == "2000-149"


def test_an_ods_whose_repeated_cells_expand_past_the_budget_is_refused(tmp_path):
    """30 million cells from a 1 KB file: 3.7 GB and 7 s in calamine before."""
    path = ods(
        tmp_path / "lap.ods",
        '<table:table-row table:number-rows-repeated="30000"><table:table-cell table:number-'
        'columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-'
        "cell></table:table-row>",
    )
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    assert "“Sổ”" in str(refused.value) and "30.001.000 ô" in str(refused.value)


def test_an_ods_with_trailing_empty_repeats_is_read(tmp_path):
    """LibreOffice ends every table with a thousand empty repeated rows and columns."""
    path = ods(
        tmp_path / "libreoffice.ods",
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Đ-1</text:p>'
        '</table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:'
        'table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>',
    )
    assert [row[:1] for row in read_workbook(path)[0].rows] == [["Mã đơn"], ["Đ-1"]]


def test_xml_that_inflates_past_the_budget_is_refused(register, tmp_path, monkeypatch):
    """The issue's sheet of whitespace (4 MB that inflated to 4 GB): counted as it inflates,
    never trusting the sizes the zip claims."""
    monkeypatch.setattr(sheet_limits, "XML_BUDGET", 2_000_000)
    path = rewritten(
        register,
        tmp_path / "khoang-trang.xlsx",
        lambda s: s.replace("<sheetData>", " " * 3_000_000 + "<sheetData>"),
    )
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    assert "khoang-trang.xlsx giải nén ra hơn" in str(refused.value)


def test_sheets_read_one_by_one_stop_at_the_budget(monkeypatch, tmp_path):
    """.xls cannot be measured before calamine reads it (at most 65,536 × 256 cells a sheet):
    the running count refuses the sheet that passes the budget."""
    from openpyxl import Workbook

    monkeypatch.setattr(sheet_limits, "CELL_BUDGET", 1_000)
    book = Workbook()
    for name in ("Một", "Hai"):
        sheet = book.create_sheet(name)
        for _ in range(30):
            sheet.append(list(range(20)))
    book.save(tmp_path / "hai-trang.xlsx")
    monkeypatch.setattr(sheet_limits, "check_workbook", lambda path: {})
    with pytest.raises(ImportFailure) as refused:
        read_workbook(tmp_path / "hai-trang.xlsx")
    assert "“Hai”" in str(refused.value)


def test_a_csv_of_more_cells_than_the_budget_is_refused_at_its_line(tmp_path, monkeypatch):
    """200 MB of "a,a,a…" would be a hundred million Python strings."""
    monkeypatch.setattr(sheet_limits, "CELL_BUDGET", 1_000)
    path = tmp_path / "so.csv"
    path.write_text("Mã đơn,Ngày nhận\n" + "a,b,c,d,e,f,g,h,i,j\n" * 200, encoding="utf-8")
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    assert "kéo tới dòng 101, tức 1.002 ô" in str(refused.value)


@pytest.mark.parametrize(
    "name, damage, reason",
    [
        ("cut.xlsx", lambda data: data[: len(data) // 2], "phần nén của tệp bị cắt cụt"),
        ("xml.xlsx", None, "không đọc được phần XML"),
        ("so.ods", "float", "có ô số không đọc được"),
    ],
)
def test_a_damaged_workbook_is_refused_in_vietnamese(register, tmp_path, name, damage, reason):
    """python-calamine's English ("Parse float error: invalid float literal", "Could not find
    EOCD") never reaches the clerk."""
    if name.endswith(".ods"):
        path = ods(
            tmp_path / name,
            '<table:table-row><table:table-cell office:value-type="float" office:value="abc">'
            "<text:p>x</text:p></table:table-cell></table:table-row>",
        )
    elif damage is None:
        path = rewritten(register, tmp_path / name, lambda sheet: sheet[:-30])
    else:
        path = tmp_path / name
        path.write_bytes(damage(register.read_bytes()))
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert reason in message and "error" not in message.lower() and name in message


def test_an_encrypted_or_unreadable_archive_is_refused_not_a_traceback(register, tmp_path):
    """zipfile raises RuntimeError for a password, NotImplementedError for strong encryption
    and OSError for a seek past the end (found by the fuzz suite's damaged archives)."""
    data = bytearray(register.read_bytes())
    flags = 6  # the general purpose flags of the first local header: "encrypted"
    data[flags] |= 0x01
    central = data.rfind(b"PK\x01\x02")
    while central >= 0:  # and of every central directory entry
        data[central + 8] |= 0x01
        central = data.rfind(b"PK\x01\x02", 0, central)
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFailure) as refused:
        read_workbook(path)
    assert "tệp được đặt mật khẩu hoặc mã hoá" in str(refused.value)


def test_a_csv_s_delimiter_is_the_one_its_header_row_is_split_by(tmp_path, monkeypatch):
    """Not guessed by csv.Sniffer, whose regular expressions take time growing with the square
    of their sample: a register of quotes and line breaks (found by the fuzz) held an import for
    minutes. Each of Excel's delimiters is found from the header row, the rest is read as it is."""
    import csv

    monkeypatch.setattr(csv.Sniffer, "sniff", lambda *a, **k: pytest.fail("sniffed"))
    header = ["Số đơn", "Ngày nhận", "Nội dung"]
    for delimiter in (",", ";", "\t"):
        path = tmp_path / "so.csv"
        lines = [delimiter.join(header), *(delimiter.join([str(n), "01/02/2025", '"a, b; c"'])
                                          for n in range(3))]  # fmt: skip
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        (sheet,) = read_workbook(path)
        assert sheet.rows[0] == header and sheet.rows[-1] == ["2", "01/02/2025", "a, b; c"]
    path.write_text(";".join(header) + '\n"' * 20_001, encoding="utf-8")  # one quote left open
    with pytest.raises(ImportFailure, match="dòng"):  # refused with its line, not hung on
        read_workbook(path)
