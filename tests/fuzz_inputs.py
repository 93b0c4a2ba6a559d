"""Hypothesis strategies for tests/test_fuzz.py: hostile registers (xlsx written by openpyxl,
CSV bytes, ODS content.xml, byte- and member-level damage of valid files) and hostile packages
(data.json values changed and re-signed, zip structure damaged).

Sheets stay small (at most a few dozen columns and rows, no cell far away): python-calamine
allocating a far cell's whole sheet is a known problem handled elsewhere, not what these
strategies look for."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import math
import re
import struct
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import assume
from hypothesis import strategies as st
from msgspec import Struct, field

from app.exchange import register_import
from tests.register_files import HEADERS, register_rows, windows_1258_form
from tests.test_reception import HEADERS as RECEPTION_HEADERS
from tests.test_reception import ROWS as RECEPTION_ROWS


class Blob(bytes):
    """A generated file's bytes, shown by size and digest in a falsifying example (the bytes
    themselves are left in the example's folder, see tests/test_fuzz.py)."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, sha256 {hashlib.sha256(self).hexdigest()[:16]}>"


# --- cell values --------------------------------------------------------------------------

# Controls, zero-width and bidi characters, BOMs and non-characters, combining tone marks.
ODD_CHARS = (
    "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x85\xa0\u00ad\u034f\u061c\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060"
    "\u2066\u2067\u2068\u2069\ufeff\ufffd\ufffe\uffff\U0001f600\U000e0001"
    "\u0300\u0301\u0303\u0309\u0323"
)
VIETNAMESE = "ĂÂĐÊÔƠƯăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
ASCII = "abcXYZ019 ,;./-:\"'()=+@|\\"

any_text = st.text(st.characters(codec="utf-8"), max_size=40)  # no lone surrogates
odd_text = st.text(st.sampled_from(ODD_CHARS + VIETNAMESE + ASCII), max_size=40)
long_text = st.builds(
    lambda part, times: (part * times)[:40_000],
    st.text(st.sampled_from(VIETNAMESE + ASCII + ODD_CHARS), min_size=1, max_size=4),
    st.integers(300, 8_000),
)
formula_text = st.sampled_from(
    ["=1/0", "=SUM(A1:A3)", "=A1", "+cmd|' /C calc'!A0", "@SUM(1)", "=HYPERLINK(\"x\")",
     "-2+3", "=\"Khiếu nại\"", "=NOW()", "=DATE(2025,2,30)"]
)  # fmt: skip
ODD_DATES = [
    "31/02/2025", "00/00/0000", "99/99/9999", "1/1/10000", "29/02/2023", "01/01/1900",
    "31/12/1989", "01/13/2025", "2025-02-30", "05/02/25", "5/2", "05.02.2025", "05/02/2025 08:30",
    "05/02/2025 25:99", "ngày 5 tháng 2 năm 2025", "0/0/0", "-1/-1/-1", "01/01/0001",
    "31/12/9999", "1e5", "45000", "45000.5", "  05/02/2025  ", "T2/2025",
]  # fmt: skip
date_text = st.one_of(
    st.sampled_from(ODD_DATES),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(-1, 40),
        st.integers(-1, 14),
        st.integers(0, 12_000),
        st.sampled_from("/-. "),
    ),
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.sampled_from([0, 1, -1, 20_000, 45_000, 80_000, 80_001, 2**53 + 1, 10**15]),
    st.floats(allow_nan=True, allow_infinity=True),
)
dates = st.one_of(
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
hostile_value = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from([" ", "\t", "\u200b", "\xa0"]),
    any_text,
    odd_text,
    long_text,
    formula_text,
    date_text,
    numbers,
    dates,
    st.booleans(),
    st.times(),
)
text_value = st.one_of(any_text, odd_text, long_text, formula_text, date_text, st.just(""))


def _column_pools(rows: list[list[Any]]) -> list[list[Any]]:
    return [
        sorted({repr(r[c]): r[c] for r in rows}.values(), key=repr) for c in range(len(rows[0]))
    ]


class Kind(Struct, frozen=True):
    reception: bool
    headers: list[str]
    pools: list[list[Any]]  # the values a clerk types in each column
    fields: list[str]  # the field each column is, as the app maps it
    synonyms: list[tuple[str, ...]]  # other names of each column's field


def _kind(app_kind: register_import.RegisterKind, headers: list[str], rows) -> Kind:
    fields = []
    for header in headers:
        matched = app_kind.match_header(header)
        assert matched and matched[1], f"{header} is no certain header"
        fields.append(matched[0])
    synonyms = [app_kind.by_id[f].synonyms for f in fields]
    return Kind(app_kind.id == "receptions", headers, _column_pools(rows), fields, synonyms)


PETITIONS = _kind(register_import.PETITIONS, HEADERS, register_rows())
RECEPTIONS = _kind(register_import.RECEPTIONS, RECEPTION_HEADERS, RECEPTION_ROWS)


@st.composite
def header_label(draw, kind: Kind, column: int, messy: bool) -> str:
    """The column's header as offices write it (another name, capitals, a note); `messy`:
    also a header no one could map, or one only half recognised."""
    label = kind.headers[column]
    how = draw(st.integers(0, 9 if messy else 2) | st.just(9))
    if how == 0 and kind.synonyms[column]:
        return draw(st.sampled_from(kind.synonyms[column]))
    if how == 1:
        return label.upper()
    if how == 2:
        return f"  {label} (ghi rõ)\n"
    if how == 3:
        return draw(any_text | odd_text)
    if how == 4:
        return label + draw(st.sampled_from(["\u200b", "\u00a0", "*", "/đến", " 2025"]))
    return label


class Register(Struct):
    """A register as rows of cells, before it is written in one format or another."""

    reception: bool
    messy: bool  # columns missing, doubled, misnamed; options that do not fit
    sheets: list[tuple[str, list[list[Any]], bool]]  # name, rows, hidden
    main: int  # which sheet is the register (the others: instructions, copies, notes)
    options: list[str] = field(default_factory=list)  # --sheet, --map, --dry-run


@st.composite
def register_table(draw, max_rows: int = 15) -> Register:
    """A register sheet whose headers and cells are mostly what a clerk types, with hostile
    values mixed in; title rows above, blank rows between, extra sheets around it."""
    kind = draw(st.sampled_from([PETITIONS, PETITIONS, PETITIONS, RECEPTIONS]))
    # A messy file (a third) has columns missing, doubled, misnamed, and options that do not
    # fit it: most of them are refused whole. The others get to their rows.
    messy = draw(st.integers(0, 2)) == 0
    columns = list(range(len(kind.headers)))
    if messy and draw(st.booleans()):
        dropped = draw(st.sets(st.sampled_from(columns), max_size=3))
        columns = [c for c in columns if c not in dropped]
    if draw(st.integers(0, 5)) == 0:
        columns = draw(st.permutations(columns))
    if messy and draw(st.integers(0, 3)) == 0 and columns:
        columns = [*columns, draw(st.sampled_from(columns))]  # a column twice
    headers = [draw(header_label(kind, c, messy)) for c in columns]
    rows: list[list[Any]] = [
        [draw(text_value)] for _ in range(draw(st.integers(0, 3)))
    ]  # title rows
    rows.append(headers)
    for _ in range(draw(st.integers(0, max_rows))):
        shape = draw(st.integers(0, 9))
        if shape == 0:
            rows.append([])
            continue
        row = [draw(st.sampled_from(kind.pools[c])) for c in columns]
        for _ in range(draw(st.integers(0, 3) if shape > 2 else st.integers(1, len(row) or 1))):
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(hostile_value)
        if shape == 1:
            row += draw(st.lists(hostile_value, max_size=5))  # cells past the headers
        elif shape == 2:
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    name = draw(st.sampled_from(["Sổ theo dõi đơn", "Sheet1", "S", "2025", "Sổ 'a'", "ĐƠN"]))
    sheets = [(name, rows, False)]
    for n in range(draw(st.integers(0, 2))):
        other = draw(st.lists(st.lists(hostile_value, max_size=4), max_size=4))
        if draw(st.booleans()):
            other = [headers, *other]  # a second sheet with the same headers
        sheets.insert(draw(st.integers(0, len(sheets))), (f"Khác {n}", other, draw(st.booleans())))
    options = []
    if draw(st.integers(0, 5)) == 0:
        other_sheet = st.sampled_from(["Không có", "Khác 0"]) | any_text
        sheet = draw(other_sheet if messy else st.just(name))
        options.append(f"--sheet={sheet}")  # one word: a name starting with "-" stays a name
    fields = [f.id for f in (register_import.RECEPTIONS if kind.reception
                             else register_import.PETITIONS).fields]  # fmt: skip
    for _ in range(draw(st.integers(0, 2) if draw(st.integers(0, 3)) == 0 else st.just(0))):
        if messy:
            fid = draw(st.sampled_from([*fields, "khong-co", ""]))
            target = draw(st.sampled_from(headers) | st.just("") | any_text) if headers else ""
            malformed = st.sampled_from([fid, f"={target}"])
            options.append("--map=" + draw(st.just(f"{fid}={target}") | malformed))
        elif columns:  # a column confirmed, or said to be absent
            column = draw(st.sampled_from(range(len(columns))))
            said = draw(st.sampled_from([headers[column], ""]))
            options.append(f"--map={kind.fields[columns[column]]}={said}")
    if draw(st.integers(0, 4)) == 0:
        options.append("--dry-run")
    if kind.reception:
        options.append("--reception")
    main = next(n for n, sheet in enumerate(sheets) if sheet[1] is rows)
    options = [o for o in options if "\x00" not in o]
    return Register(kind.reception, messy, sheets, main, options)


# --- xlsx ---------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _excel_escaped(text: str) -> str:
    """Characters XML cannot hold, as Excel itself stores them: _x0001_."""
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "-", _excel_escaped(name))[:31].strip("'")
    return title or "Trang"


@st.composite
def xlsx_register(draw) -> tuple[bytes, Register]:
    from openpyxl import Workbook

    register = draw(register_table())
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name, rows, hidden in register.sheets:
        title = sheet_title(name)
        while title.lower() in used:
            title = f"{title[:28]}_{len(used)}"
        used.add(title.lower())
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                if isinstance(value, str):
                    value = _excel_escaped(value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("=") and draw(st.booleans()):
                    cell.data_type = "s"  # a formula's text, typed as text
        if hidden:
            sheet.sheet_state = "hidden"
    if all(s.sheet_state == "hidden" for s in book.worksheets):
        book.worksheets[0].sheet_state = "visible"  # openpyxl refuses a book with none shown
    out = io.BytesIO()
    book.save(out)
    return Blob(out.getvalue()), register


# --- CSV ----------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1",
             "cp1252", "utf-32"]  # fmt: skip


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y") if value.year >= 1000 else value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


@st.composite
def csv_register(draw) -> tuple[bytes, Register]:
    """CSV bytes: random delimiter, quoting, line ends per line, encoding; NULs, stray quotes
    and cut endings; or bytes that are no text at all."""
    register = draw(register_table())
    if not register.messy:  # a CSV file has one sheet, named as the file (so.csv: “so”)
        register.options = ["--sheet=so" if o.startswith("--sheet=") else o
                            for o in register.options]  # fmt: skip
    if draw(st.integers(0, 15)) == 0:
        return Blob(draw(st.binary(min_size=1, max_size=3000))), register
    _, rows, _ = register.sheets[register.main]
    delimiter = draw(st.sampled_from([",", ",", ",", ";", "\t", "|"]))
    lines = []
    stray_quotes = draw(st.integers(0, 4)) == 0
    for row in rows:
        cells = []
        for value in row:
            text = _csv_text(value).replace("\x00", "")  # a NUL refuses the file: see below
            quoting = draw(st.integers(0, 5))
            if quoting == 0 or any(ch in text for ch in f'{delimiter}"\r\n'):
                text = '"' + text.replace('"', '""') + '"'
            elif quoting == 1 and stray_quotes:
                text = '"' + text  # a quote left open
            cells.append(text)
        lines.append(delimiter.join(cells))
    ends = st.sampled_from(["\n", "\r\n", "\r"])
    text = "".join(line + draw(ends) for line in lines)
    if draw(st.integers(0, 6)) == 0 and text:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\x00", "\ufeff", '"', "\r", "\x1a"])) + text[at:]
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-8-sig", "cp1258"] * 2 + ENCODINGS))
    if encoding == "cp1258":
        text = windows_1258_form(text)
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 6)) == 0 and data:
        data = data[: draw(st.integers(1, len(data)))]  # cut mid-character, mid-quote
    return Blob(data), register


# --- ODS ----------------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


@st.composite
def ods_cell(draw, value: Any, hostile: bool) -> str:
    """One cell; `hostile`: texts keep the characters XML cannot hold (else dropped, as any
    real ODS writer must), and some typed values are wrong (a date 2025-13-45, a float NaN)."""
    repeat = ' table:number-columns-repeated="3"'
    if value is None or value == "":
        return f"<table:table-cell{draw(st.sampled_from(['', repeat]))}/>"
    # the same value in 3 cells; never a text (a header repeated is a column twice: `messy`)
    repeat = "" if isinstance(value, str) else draw(st.sampled_from([""] * 7 + [repeat]))
    if isinstance(value, bool):
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, int | float) and math.isfinite(value):
        kind = f'office:value-type="{draw(st.sampled_from(["float", "percentage", "currency"]))}"'
        kind += f" office:value={quoteattr(repr(value))}"
    elif isinstance(value, datetime | date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, time | timedelta):
        kind = 'office:value-type="time" office:time-value="PT1H2M3S"'
    else:
        kind = 'office:value-type="string"'
        if hostile and draw(st.integers(0, 3)) == 0:  # a typed value the file gets wrong
            kind = draw(
                st.sampled_from(
                    ['office:value-type="date" office:date-value="2025-13-45"',
                     'office:value-type="date" office:date-value="0000-01-01"',
                     'office:value-type="date" office:date-value="99999-01-01T25:61:00"',
                     'office:value-type="float" office:value="1e999"',
                     'office:value-type="float" office:value="NaN"',
                     'office:value-type="float" office:value="Khiếu nại"',
                     'office:value-type="time" office:time-value="PT9999999H"',
                     'office:value-type="nonsense"']
                )
            )  # fmt: skip
    text = escape(_csv_text(value) if hostile else _XML_ILLEGAL.sub("", _csv_text(value)))
    paragraphs = text.split("\n")
    inner = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return f"<table:table-cell{repeat} {kind}>{inner}</table:table-cell>"


@st.composite
def ods_register(draw) -> tuple[bytes, Register]:
    """An ODS file made by hand: content.xml with typed cells (dates, floats, percentages,
    booleans, texts with controls), repeated cells and rows, several tables."""
    register = draw(register_table())
    hostile = draw(st.integers(0, 5)) == 0
    tables = []
    for name, rows, _ in register.sheets:
        body = []
        for row in rows:
            cells = "".join(draw(ods_cell(v, hostile)) for v in row)
            repeat = draw(st.sampled_from(["", "", "", "", ' table:number-rows-repeated="2"']))
            body.append(f"<table:table-row{repeat}>{cells}</table:table-row>")
        if draw(st.booleans()):  # LibreOffice's own filler to the sheet's end
            body.append(
                '<table:table-row table:number-rows-repeated="1048000">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
            )
        tables.append(f"<table:table table:name={quoteattr(name)}>{''.join(body)}</table:table>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet>{"".join(tables)}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return Blob(ods_bytes(content.encode("utf-8", errors="replace"))), register


def ods_bytes(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def plain_ods(rows: list[list[Any]]) -> bytes:
    """A valid ODS of `rows`, strings and numbers as typed cells."""
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}"/>'
            if isinstance(v, date)
            else f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
            "</table:table-cell>"
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sổ">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return ods_bytes(content.encode())


def plain_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue().encode("utf-8")


# --- byte- and member-level damage ----------------------------------------------------------

byte_step = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 10**9), st.integers(0, 255)),
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(0, 7)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**9), st.integers(1, 64)),
)


def damaged(data: bytes, steps) -> bytes:
    raw = bytearray(data)
    for kind, where, value in steps:
        at = where % (len(raw) + 1)
        if kind == "set" and raw:
            raw[at % len(raw)] = value
        elif kind == "flip" and raw:
            raw[at % len(raw)] ^= 1 << value
        elif kind == "cut":
            del raw[at:]
        elif kind == "insert":
            raw[at:at] = bytes([value])
        elif kind == "delete":
            del raw[at : at + value]
    return bytes(raw)


def members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def zipped(items: list[tuple[zipfile.ZipInfo | str, bytes]], comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name written on purpose
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, data in items:
                archive.writestr(info, data)
            archive.comment = comment
    return out.getvalue()


# A sheet reference grown past a few thousand rows or three letters: a far cell (see the top)
_FAR = re.compile(rb'(?:\br|ref|sqref|spans)="[^"]*(?:[A-Z]{4}|\d{5})')
# A text byte that never turns a row number into a longer one when inserted or set
_NOT_DIGITS = st.integers(0, 255).filter(lambda b: not 0x30 <= b <= 0x39)
member_text_step = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 10**9), _NOT_DIGITS),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), _NOT_DIGITS),
    st.tuples(st.just("delete"), st.integers(0, 10**9), st.integers(1, 3)),
)


def with_raw_name(data: bytes, old: str, new: bytes) -> bytes:
    """The zip with member name `old` spelled `new` (as many bytes) in both of its headers: a
    name zipfile itself will not write (a NUL, bytes that are no UTF-8)."""
    old_bytes = old.encode()
    new = (new * len(old_bytes))[: len(old_bytes)]
    return data.replace(b"\x00" + old_bytes, b"\x00" + new) if old_bytes else data


def with_flags(data: bytes, flags: int) -> bytes:
    """Every member's general-purpose flags set to `flags` (encrypted, data descriptor…)."""
    raw = bytearray(data)
    for header, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(header)
        while at >= 0:
            raw[at + offset : at + offset + 2] = struct.pack("<H", flags)
            at = raw.find(header, at + 4)
    return bytes(raw)


@st.composite
def damaged_archive(draw, data: bytes) -> bytes:
    """A zip-based file (xlsx, ods, package) damaged as a whole (bytes cut, flipped, inserted)
    or member by member (one member's bytes changed and re-zipped, a member dropped, doubled,
    renamed, stored instead of deflated, junk added before or after)."""
    return Blob(draw(_damaged_archive(data)))


@st.composite
def _damaged_archive(draw, data: bytes) -> bytes:
    how = draw(st.integers(0, 3))
    if how == 0:
        return damaged(data, draw(st.lists(byte_step, min_size=1, max_size=4)))
    items = members(data)
    if how == 1 and items:
        index = draw(st.integers(0, len(items) - 1))
        info, content = items[index]
        changed = damaged(content, draw(st.lists(member_text_step, min_size=1, max_size=4)))
        assume(not _FAR.search(changed))
        items[index] = (info, changed)
        return zipped(items)
    if how == 2:
        return (
            draw(st.sampled_from([b"MZ\x90\x00", b"", b"PK\x05\x06" + bytes(18)]))
            + data
            + (draw(st.binary(max_size=64)))
        )
    operation = draw(
        st.sampled_from(["drop", "double", "rename", "stored", "junk", "comment", "flags", "raw"])
    )
    index = draw(st.integers(0, len(items) - 1)) if items else 0
    if operation == "flags":
        return with_flags(data, draw(st.sampled_from([0x1, 0x8, 0x41, 0x800, 0x2000, 0xFFFF])))
    if operation == "raw" and items:
        name = draw(st.sampled_from([b"\x00", b"\xff\xfe", b"\xc0\xaf", b"/", b"..\\"]))
        return with_raw_name(data, items[index][0].filename, name)
    if operation == "drop" and items:
        del items[index]
    elif operation == "double" and items:
        items.append((items[index][0].filename, draw(st.sampled_from([b"", items[index][1]]))))
    elif operation == "rename" and items:
        name = draw(
            st.sampled_from(["", "../x.xml", "/abs.xml", "C:/x", "a\\b.xml", "./"]) | any_text
        )
        items[index] = (name or "x", items[index][1])
    elif operation == "stored" and items:
        info = copy.copy(items[index][0])
        info.compress_type = zipfile.ZIP_STORED
        items[index] = (info, items[index][1])
    elif operation == "junk":
        items.insert(index, (draw(any_text) or "junk", draw(st.binary(max_size=200))))
    return zipped(items, comment=draw(st.binary(max_size=40)) if operation == "comment" else b"")


# --- packages -----------------------------------------------------------------------------

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**18 + 1]),
    st.builds(lambda n: Digits(n), st.sampled_from([20, 400, 4300, 4301, 5000])),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["NaN", "Infinity", "-1", "1e309", "", " ", "null", "true", "0x10", "٣"]),
    any_text,
    odd_text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON document: a key of an object or an index of a list."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


class Digits(Struct, frozen=True):
    """An integer of `count` nines, written out by `json_bytes` (Python prints no integer of
    more than 4,300 digits, and a falsifying example would not show one)."""

    count: int


class Deep(Struct, frozen=True):
    """A value nested in `depth` lists, written out by `json_bytes` (json.dumps would stop
    at Python's recursion limit)."""

    value: Any
    depth: int


@st.composite
def changed_data(draw, data: dict[str, Any]) -> dict[str, Any]:
    """data.json with 1–4 changes anywhere: a value replaced by one of another type (huge,
    negative, NaN, text with controls, deeply nested), a key removed or added."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _paths(data) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        parent = data
        for step in place[:-1]:
            parent = parent[step]
        last = place[-1]
        operation = draw(st.integers(0, 9))
        if operation == 0:
            del parent[last]
        elif operation == 1 and isinstance(parent, dict):
            parent[draw(any_text)] = draw(json_value)
        elif operation == 2:
            parent[last] = Deep(
                draw(json_scalar), draw(st.sampled_from([50, 300, 700, 850, 990, 3000]))
            )
        elif (
            operation == 3 and isinstance(parent[last], int) and not isinstance(parent[last], bool)
        ):
            parent[last] = draw(
                st.sampled_from([-parent[last] - 1, parent[last] * 10**12, Digits(4299)])
            )
        else:
            parent[last] = draw(json_value)
    return data


def json_bytes(data: Any, ensure_ascii: bool, indent: int | None) -> Blob:
    """data.json's bytes as a (modified) unit's app could write them: NaN and Infinity as
    Python writes them, integers of any length, `Deep` values nested."""
    written: list[str] = []

    def placeholder(value: Any) -> str:
        if isinstance(value, Deep):
            text = json.dumps(value.value, default=placeholder)
            written.append("[" * value.depth + text + "]" * value.depth)
        elif isinstance(value, Digits):
            written.append("9" * value.count)
        else:
            raise TypeError(value)
        return f"@{len(written) - 1}@"

    text = json.dumps(data, ensure_ascii=ensure_ascii, indent=indent, default=placeholder)
    for n in reversed(range(len(written))):  # @10@ before @1@
        text = text.replace(f'"@{n}@"', written[n])
    return Blob(text.encode("utf-8"))


def zip_entry(name: str, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, data
