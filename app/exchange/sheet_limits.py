"""How much a workbook asks for, found before python-calamine allocates it (and, on the way,
which rows it hides: calamine reads them like any other).

calamine builds each sheet as one dense grid from its first to its last used cell: a 5 KB .xlsx
with a value in XFD1048576 asks for 17 billion cells and aborts the whole process (no exception
to catch), and a few repeated cells in an .ods expand to gigabytes. So the sheets' XML is
streamed first: the farthest cell each sheet reaches (its `r="…"` references, or the repeat
counts of .ods) and the bytes it inflates to are checked against a budget. An .xls cannot
address more than 65,536 × 256 cells; its sheets are counted as they are read instead.
"""

from __future__ import annotations

import functools
import re
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from msgspec import Struct, field

from app.core.text import format_count
from app.exchange.workbook_errors import ImportFailure, damaged

# Cells of all sheets together: calamine keeps ~32 bytes a cell and the Python rows 8 more, so
# this is about 1 GB at worst; a 100,000-row register of 15 columns is 1.5 million.
CELL_BUDGET = 20_000_000
# The XML a workbook inflates to (a 100,000-row register is about 90 MB).
XML_BUDGET = 512 * 1024 * 1024
_CHUNK = 4 * 1024 * 1024
# The canonical form Excel, LibreOffice and openpyxl write: every row and cell element opens
# with its reference. Anything else in a sheet is placed by a walk in order (`_XlsxWalk`).
# (Three searches, each with a literal start, are several times faster than one alternation.)
_ODD_TAGS = (
    re.compile(rb'<c(?! r=")[\s/>]'),
    re.compile(rb'<row(?! r=")[\s/>]'),
    re.compile(rb":(?:c|row)[\s/>]"),  # a namespace prefix
)
_ROW_NUMBER = re.compile(rb'<row r="(\d{1,12})"')
_TWO_LETTERS = re.compile(rb'<c r="[A-Za-z]{2}')
_CELL_LETTERS = re.compile(rb'<c r="([A-Za-z]{1,4})\d')
_HIDDEN_ROW = re.compile(rb'<row r="(\d{1,12})"[^>]*?\shidden="(?:1|true)"')


class _Extent(Struct):
    """The farthest row and column a sheet's cells can reach, and the rows it hides."""

    rows: int = 0
    columns: int = 0
    hidden: set[int] = field(default_factory=set)


class _CanonicalScan:
    """A bound on a sheet's extent read from its canonical references at the speed of a byte
    search (a 100,000-row register's 90 MB in well under a second), or None once the sheet is
    not canonical. Rows: the largest row reference R; a cell's row must not exceed R's leading
    digit plus one (299 for R = 117), which holds for every cell of a canonical file and bounds
    the grid by less than 3 R. Columns: 26 unless a two-letter reference appears."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 26
        self.hidden: set[int] = set()
        self.canonical = True

    def scan(self, data: bytes) -> None:
        if not self.canonical:
            return
        if any(odd.search(data) for odd in _ODD_TAGS):
            self.canonical = False
            return
        numbers = _ROW_NUMBER.findall(data)
        if numbers:
            self.rows = max(self.rows, max(map(int, numbers)))
        if _beyond(self.rows).search(data):
            self.canonical = False
            return
        if _TWO_LETTERS.search(data):
            letters = set(_CELL_LETTERS.findall(data))
            self.columns = max(self.columns, *(column_number(x) for x in letters))
        self.hidden.update(map(int, _HIDDEN_ROW.findall(data)))

    @property
    def extent(self) -> _Extent | None:
        if not self.canonical:
            return None
        return _Extent(_row_bound(self.rows), self.columns, self.hidden)


def _row_bound(rows: int) -> int:
    """The largest number with as many digits as `rows` and a leading digit at most one more."""
    digits = str(rows)
    if digits[0] == "9":
        return 10 ** len(digits) - 1
    return (int(digits[0]) + 2) * 10 ** (len(digits) - 1) - 1


@functools.cache
def _beyond(rows: int) -> re.Pattern[bytes]:
    """A cell reference whose row is past `_row_bound(rows)`."""
    digits = str(rows)
    longer = rf"\d{{{len(digits) + 1}}}"
    if digits[0] == "9":
        return re.compile(rf'<c r="[A-Za-z]*{longer}'.encode())
    lead = int(digits[0]) + 2
    same = rf"[{lead}-9]\d{{{len(digits) - 1}}}(?!\d)" if lead <= 9 else "(?!)"
    return re.compile(rf'<c r="[A-Za-z]*(?:{longer}|{same})'.encode())


def column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """16384 → "XFD", and beyond Excel's XFD too (openpyxl's get_column_letter stops at ZZZ, and a
    hostile file's reference need not)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_workbook(path: Path) -> dict[str, frozenset[int]]:
    """The rows each sheet hides (numbered as in the spreadsheet), by sheet name; an
    ImportFailure when reading `path` would ask for more than the budget. .xls files are
    checked by `CellCounter` as they are read (and their hidden rows are not known)."""
    suffix = path.suffix.lower()
    if suffix not in {".xlsx", ".xlsm", ".ods"}:
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            if suffix == ".ods":
                return _check_ods(path, book)
            return _check_xlsx(path, book)
    # what zipfile raises on a damaged or encrypted archive: a seek past the end (OSError),
    # strong encryption (NotImplementedError), a password (RuntimeError), a bad stream
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            NotImplementedError, RuntimeError, zlib.error) as exc:  # fmt: skip
        raise damaged(path, exc) from None


FAR_CELL = (
    "Thường là một ô lạc ở rất xa: hãy mở tệp bằng Excel hoặc LibreOffice, xoá các dòng, cột "
    "thừa phía sau bảng rồi lưu lại."
)


def too_large(
    path: Path, sheet: str, cells: int, where: str, hint: str = FAR_CELL
) -> ImportFailure:
    return ImportFailure(
        f"Tệp {path.name}, trang tính “{sheet}”: vùng dữ liệu kéo tới {where}, tức "
        f"{format_count(cells)} ô — quá giới hạn {format_count(CELL_BUDGET)} ô mà ứng dụng đọc "
        f"được. {hint}",
        file=path,
    )


def _too_much_xml(path: Path) -> ImportFailure:
    return ImportFailure(
        f"Tệp {path.name} giải nén ra hơn {format_count(XML_BUDGET // (1024 * 1024))} MB dữ "
        "liệu — quá giới hạn ứng dụng đọc được (tệp không phải sổ theo dõi, hoặc là tệp nén "
        "độc hại).",
        file=path,
    )


def _chunks(book: zipfile.ZipFile, member: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """The member's inflated bytes, counted against the shared budget as they come (the sizes
    written in the zip are the file's own claim)."""
    with book.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise OverflowError
            yield chunk


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the name the user sees; best effort (a part without one is named by
    its file)."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for link in links:
        target = link.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[link.get("Id")] = str(PurePosixPath(part))
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                names[targets[rid]] = sheet.get("name", "")
    return names


def _check_xlsx(path: Path, book: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    names = _sheet_names(book)
    budget = [XML_BUDGET]
    total = 0
    hidden = {}
    for member in book.infolist():
        if member.is_dir():
            continue
        scan = _CanonicalScan()
        tail = b""
        try:
            for chunk in _chunks(book, member, budget):
                data = tail + chunk
                # Cut before the last tag's "<" so no element straddles two reads; a run of
                # text with no tag in it is read whole.
                cut = data.rfind(b"<")
                if cut <= 0 or len(data) - cut > _CHUNK:
                    cut = len(data)
                scan.scan(data[:cut])
                tail = data[cut:]
            scan.scan(tail)
            extent = scan.extent
            if extent is None or total + extent.rows * extent.columns > CELL_BUDGET:
                extent = _walk_xlsx(book, member)  # exact, and slower
        except OverflowError:
            raise _too_much_xml(path) from None
        cells = extent.rows * extent.columns
        total += cells
        name = names.get(member.filename, member.filename)
        if total > CELL_BUDGET:
            where = f"ô {column_letters(extent.columns)}{format_count(extent.rows)}"
            raise too_large(path, name, cells, where)
        if extent.hidden:
            hidden[name] = frozenset(extent.hidden)
    return hidden


_WALK_REFERENCE = re.compile(r"([A-Za-z]*)(\d+)")


class _XlsxWalk:
    """Places cells as calamine does: at their reference, else right of the previous cell (a
    row without a reference follows the previous row)."""

    def __init__(self) -> None:
        self.extent = _Extent()
        self._row = self._column = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if local == "row":
            reference = _WALK_REFERENCE.fullmatch(attrs.get("r", "").strip())
            self._row = int(reference[2]) if reference else self._row + 1
            self._column = 0
            if attrs.get("hidden", "").strip() in ("1", "true"):
                self.extent.hidden.add(self._row)
        elif local == "c":
            reference = _WALK_REFERENCE.fullmatch(attrs.get("r", "").strip())
            if reference and reference[1]:
                self._row = int(reference[2])
                self._column = column_number(reference[1].encode())
            else:
                self._column += 1
            self.extent.rows = max(self.extent.rows, self._row)
            self.extent.columns = max(self.extent.columns, self._column)


def _walk_xlsx(book: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Extent:
    walk = _XlsxWalk()
    _parse(book, member, walk.start, lambda tag: None)
    return walk.extent


def _parse(
    book: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
) -> None:
    """Stream `member` through expat (namespaces as "uri local"); a part that is not
    well-formed is left to calamine, which refuses it with its own reason."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        for chunk in _chunks(book, member, [XML_BUDGET]):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError:
        return


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _OdsCounter:
    """Rows and columns an .ods's tables reach once their repeat counts are expanded. Empty
    cells and rows repeated at the end of a table (LibreOffice writes a thousand of them) do
    not count; a cell with a value or text does, with all its repeats."""

    def __init__(self) -> None:
        self.tables: list[tuple[str, int, int]] = []  # name, rows, columns
        self.hidden: dict[str, frozenset[int]] = {}  # rows with content hidden or filtered out
        self._name = ""
        self._row = self._rows = self._columns = 0
        self._row_repeat = self._column = self._row_end = 0
        self._row_hidden = False
        self._hidden: set[int] = set()
        self._cell: tuple[int, bool] | None = None  # repeat, has content

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_TABLE} table":
            self._name = attrs.get(f"{_TABLE} name", "")
            self._row = self._rows = self._columns = 0
            self._hidden = set()
        elif tag == f"{_TABLE} table-row":
            self._row_repeat = _repeat(attrs, "number-rows-repeated")
            self._row_hidden = attrs.get(f"{_TABLE} visibility") in ("collapse", "filter")
            self._column = self._row_end = 0
        elif tag in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"):
            self._cell = (
                _repeat(attrs, "number-columns-repeated"),
                f"{_OFFICE} value-type" in attrs,
            )
        elif self._cell is not None:  # any element inside a cell (text:p) is content
            self._cell = (self._cell[0], True)

    def end(self, tag: str) -> None:
        if tag in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell") and self._cell:
            repeat, content = self._cell
            self._column += repeat
            if content:
                self._row_end = self._column
            self._cell = None
        elif tag == f"{_TABLE} table-row":
            if self._row_end and self._row_hidden and self._row_repeat <= CELL_BUDGET:
                self._hidden.update(range(self._row + 1, self._row + self._row_repeat + 1))
            self._row += self._row_repeat
            if self._row_end:
                self._rows = self._row
                self._columns = max(self._columns, self._row_end)
        elif tag == f"{_TABLE} table":
            self.tables.append((self._name, self._rows, self._columns))
            if self._hidden:
                self.hidden[self._name] = frozenset(self._hidden)


def _repeat(attrs: dict[str, str], name: str) -> int:
    value = attrs.get(f"{_TABLE} {name}", "1")
    return int(value) if value.isdigit() and len(value) <= 12 else 1


def _check_ods(path: Path, book: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    try:
        member = book.getinfo("content.xml")
    except KeyError:
        return {}  # calamine says what is missing
    counter = _OdsCounter()
    try:
        _parse(book, member, counter.start, counter.end)
    except OverflowError:
        raise _too_much_xml(path) from None
    total = 0
    for name, rows, columns in counter.tables:
        total += rows * columns
        if total > CELL_BUDGET:
            where = f"dòng {format_count(rows)}, cột {format_count(columns)}"
            raise too_large(path, name, rows * columns, where)
    return counter.hidden


class CellCounter:
    """The running count of cells read, for formats whose size is known only once read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0

    def add(self, sheet: str, height: int, width: int) -> None:
        self.total += height * width
        if self.total > CELL_BUDGET:
            where = f"dòng {format_count(height)}, cột {format_count(width)}"
            raise too_large(self.path, sheet, height * width, where)
