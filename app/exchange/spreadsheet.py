"""Reading a spreadsheet the user picked: .xlsx/.xlsm/.xls/.ods through python-calamine, .csv
through the csv module with the encodings Vietnamese offices produce. Every failure is an
ImportFailure whose message names the file and says what is wrong, in Vietnamese."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

from msgspec import Struct

from app.core.text import format_count, nfc
from app.exchange import legacy_text, sheet_limits
from app.exchange.workbook_errors import ImportFailure, damaged

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_BYTES = 200 * 1024 * 1024


class Sheet(Struct, frozen=True):
    name: str
    rows: list[list[Any]]  # rows[0] is the sheet's row 1; empty cells are ''; text as stored
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()  # numbered as in the spreadsheet (.xlsx, .ods)


def read_workbook(path: Path) -> list[Sheet]:
    if not path.is_file():
        raise ImportFailure(f"Không tìm thấy tệp {path}.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailure(f"Tệp {path.name} rỗng (0 byte).")
    if size > MAX_BYTES:
        raise ImportFailure(f"Tệp {path.name} quá lớn ({size // 1_000_000} MB).")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(path)]
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_with_calamine(path)
    raise ImportFailure(f"Không đọc được tệp {path.name}: chỉ nhận .xlsx, .xls, .ods hoặc .csv.")


def _read_with_calamine(path: Path) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    with path.open("rb") as file:
        head = file.read(8)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".ods"} and head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container with an OOXML name: Excel's encrypted (password) format.
        raise ImportFailure(
            f"Tệp {path.name} được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."
        )
    hidden_rows = sheet_limits.check_workbook(
        path
    )  # before calamine allocates what the file asks for
    counter = sheet_limits.CellCounter(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = []
            for meta in book.sheets_metadata:
                sheet = book.get_sheet_by_name(meta.name)
                counter.add(meta.name, sheet.height, sheet.width)
                sheets.append(
                    Sheet(
                        meta.name,
                        sheet.to_python(skip_empty_area=False),
                        meta.visible != SheetVisibleEnum.Visible,
                        hidden_rows.get(meta.name, frozenset()),
                    )
                )
            return sheets
    except PasswordError:
        raise ImportFailure(
            f"Tệp {path.name} được đặt mật khẩu; hãy bỏ mật khẩu rồi lưu lại."
        ) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise damaged(path, exc) from None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (with or without BOM),
    UTF-16 (with BOM), Windows-1258, the old Vietnamese Windows code page, or Windows-1252
    for a workbook typed in a legacy Vietnamese font (TCVN3, VNI) saved as CSV: its bytes are
    the font's codes, converted later cell by cell (legacy_text)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ImportFailure(
                    f"Tệp {name} có dấu hiệu {encoding} nhưng nội dung hỏng."
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # 8-bit text: whichever of the two makes more Vietnamese words of its beginning
    # (Windows-1258 reads TCVN3's "Cã", "Có", as "Că": a word too, but "Kh«ng" is none).
    head = data[:100_000]
    try:
        vietnamese = nfc(head.decode("cp1258"))
    except UnicodeDecodeError:
        vietnamese = ""
    try:
        legacy = head.decode("cp1252")
    except UnicodeDecodeError:  # the 5 bytes Windows-1252 leaves out
        legacy = head.decode("latin-1")
    if legacy_text.reads_as_legacy(legacy, vietnamese):
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    try:
        return nfc(data.decode("cp1258")), "windows-1258"
    except UnicodeDecodeError:
        raise ImportFailure(f"Không nhận ra bảng mã của tệp {name}.") from None


DELIMITERS = (",", ";", "\t")  # Excel's; a Vietnamese Windows saves CSV with ";"
HEADER_CHARACTERS = 10_000


def _delimiter(text: str) -> str:
    """The one that splits the header row into the most columns (a tie: ","). Not
    csv.Sniffer: its regular expressions take time growing with the square of their sample,
    and a register of quotes and line breaks held an import for minutes (found by the fuzz)."""
    lines = text[:HEADER_CHARACTERS].strip().splitlines()
    head = lines[0] if lines else ""

    def columns(delimiter: str) -> int:
        try:
            return len(next(csv.reader([head], delimiter=delimiter), []))
        except csv.Error:  # a header the reader refuses: told with its line below
            return 0

    return max(DELIMITERS, key=columns)


def _read_csv(path: Path) -> Sheet:
    text, _ = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise ImportFailure(f"Tệp {path.name} không phải văn bản CSV.")
    # newline="": the reader takes \r\n, \n and a lone \r (old Mac files) alike; strict: a
    # quote left open would otherwise swallow every row after it into one cell, unsaid
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows, cells = [], 0
    try:
        for row in reader:  # 200 MB of "a,a,a…" would be 100 million Python strings
            cells += max(len(row), 1)
            if cells > sheet_limits.CELL_BUDGET:
                where = f"dòng {format_count(reader.line_num)}"
                hint = "Tệp không giống một sổ theo dõi; hãy kiểm tra lại tệp."
                raise sheet_limits.too_large(path, path.stem, cells, where, hint)
            rows.append(row)
    except csv.Error as exc:
        raise ImportFailure(
            f"Tệp {path.name}, dòng {reader.line_num}: {_csv_problem(str(exc))} Hãy mở tệp bằng "
            "Excel, kiểm tra dòng đó rồi lưu lại.",
            file=path,
            row=reader.line_num,
        ) from None
    return Sheet(path.name, rows)  # a CSV has no sheets: its rows are named by the file


def _csv_problem(detail: str) -> str:
    """The csv module's English reason, as a clerk reads it."""
    if "field larger than field limit" in detail:
        return f"có một ô dài quá {format_count(csv.field_size_limit())} ký tự (tệp không phải sổ)."
    if "end of data" in detail or "EOF" in detail:
        return 'có dấu ngoặc kép (") mở mà không đóng.'
    if "expected after" in detail:
        return 'có dấu ngoặc kép (") đặt sai chỗ trong một ô.'
    return "không đọc được dòng này theo định dạng CSV."
