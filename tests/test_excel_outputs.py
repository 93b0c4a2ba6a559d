"""What the app writes for Excel opens well on Windows: the register template's date columns
take what a clerk types as real dates (Excel sorts and filters them), the app writes no CSV
(the exchange is .xlsx), and the consolidated table holds numbers as numbers and no date as text.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from app.exchange.register_import import PETITIONS, RECEPTIONS
from app.exchange.register_template import write_template

ROOT = Path(__file__).resolve().parent.parent
DATE_WORDS = ("ngày", "hạn")


def test_the_register_template_makes_typed_dates_real_dates(tmp_path):
    for kind in (PETITIONS, RECEPTIONS):
        sheet = load_workbook(write_template(tmp_path / f"{kind.name}.xlsx", kind)).active
        dated = [
            cell.column
            for cell in sheet[1]
            if any(word in str(cell.value).casefold() for word in DATE_WORDS)
        ]
        assert dated, kind.name
        for column in dated:
            for row in range(2, 12):
                assert sheet.cell(row=row, column=column).is_date, (kind.name, column)


def test_the_app_writes_no_csv():
    """A CSV would need a BOM and CRLF for Excel on Windows to read Vietnamese: the app only
    reads CSV (registers) and writes .xlsx."""
    writers = re.compile(r"csv\.writer|csv\.DictWriter|\.csv[\"']\s*\)?\s*\.(?:write|open)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "app").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writers.search(line)
    ]
    assert found == []
