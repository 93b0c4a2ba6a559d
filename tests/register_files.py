"""Register files built by the tests: the 42-row hand-computed register as a spreadsheet, and
helpers to write awkward variants of it (title rows, merged headers, legacy encodings, …)."""

from __future__ import annotations

import csv
import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from app.paths import resources_dir
from tests.test_tally_register import REGISTER

HEADERS = [
    "Mã đơn",
    "Ngày nhận",
    "Người gửi",
    "Địa chỉ",
    "Nội dung",
    "Loại đơn",
    "Đủ điều kiện xử lý",
    "Thẩm quyền",
    "Hướng xử lý",
    "Mã vụ việc",
    "Cán bộ xử lý",
    "Hạn giải quyết",
    "Kết quả",
    "Ngày giải quyết",
]
_TYPE = {"KN": "Khiếu nại", "TC": "Tố cáo", "KNPA": "Kiến nghị, phản ánh"}
_PROCESSING = {
    "TL": "Thụ lý giải quyết",
    "Lưu": "Lưu đơn",
    "Chuyển": "Chuyển đơn",
    "HD": "Hướng dẫn",
    ".": "",
}
_OUTCOME = {
    "Đã": "Đã giải quyết",
    "Chưa": "Chưa giải quyết",
    "Đang": "Đang giải quyết",
    "Rút": "Rút đơn",
    "ĐC": "Đình chỉ",
    ".": "",
}


def sender(key: str) -> str:
    return f"Công dân Hư Cấu Số {key}"


def address(key: str) -> str:
    return f"Tổ {key}, khu phố Giả Định"


def content(key: str) -> str:
    return f"Nội dung riêng tư số {key} về tranh chấp đất đai"


def register_rows(dates_as: str = "date") -> list[list[Any]]:
    """The 42 petitions of tests/test_tally_register.py, as a clerk would type them."""
    rows = []
    for line in REGISTER.strip().splitlines():
        key, rec, typ, elig, auth, proc, case, officer, deadline, outcome, resolved = line.split()

        def day(text: str) -> Any:
            if text == ".":
                return ""
            value = date.fromisoformat(text)
            return value if dates_as == "date" else value.strftime("%d/%m/%Y")

        rows.append(
            [
                key,
                day(rec),
                sender(key),
                address(key),
                content(key),
                _TYPE[typ],
                "Có" if elig == "C" else "Không",
                "Thuộc thẩm quyền" if auth == "C" else "Không thuộc thẩm quyền",
                _PROCESSING[proc],
                case.strip("."),
                officer,
                day(deadline),
                _OUTCOME[outcome],
                day(resolved),
            ]
        )
    return rows


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    hidden: tuple[str, ...] = (),
    merges: dict[str, list[str]] | None = None,
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258_form(text: str) -> str:
    """Text as Vietnamese Windows stores it in code page 1258: letters like â, ơ, đ whole,
    tone marks as separate combining characters (which is why NFC matters on import)."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(
            unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones
        )
    return "".join(out)


def legacy_form(text: str, encoding: str) -> str:
    """Text as typed with a legacy Vietnamese font ("TCVN3" or "VNI"): the Latin-1 characters
    the font draws as its letters, as Excel keeps them ("Có" → "Cã", "Coù")."""
    table = json.loads((resources_dir() / "legacy-encodings.json").read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    for code, letter in table[encoding.lower()].items():
        codes.setdefault(letter, code)
    out = []
    for char in unicodedata.normalize("NFC", text):
        if not char.isascii() and char not in codes:
            raise ValueError(f"{encoding} has no code for {char!r}")
        out.append(codes.get(char, char))
    return "".join(out)


def legacy_row(row: list[Any], encoding: str) -> list[Any]:
    return [legacy_form(v, encoding) if isinstance(v, str) else v for v in row]


def write_csv(path: Path, rows: list[list[Any]], encoding: str, delimiter: str = ",") -> Path:
    if encoding == "cp1258":
        rows = [[windows_1258_form(v) if isinstance(v, str) else v for v in row] for row in rows]
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, date) else v)
                    for v in row
                ]
            )
    return path


def register_xlsx(path: Path) -> Path:
    return write_xlsx(path, {"Sổ theo dõi đơn": [HEADERS, *register_rows()]})


def petition_row(**cells: Any) -> list[Any]:
    """One register row, blank except the given cells (keyword = header, spaces as '_')."""
    by_header = {h.replace(" ", "_"): "" for h in HEADERS}
    unknown = set(cells) - set(by_header)
    assert not unknown, f"no such column: {unknown}"
    by_header.update(cells)
    return list(by_header.values())
