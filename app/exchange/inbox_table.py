"""The consolidated table of every nominee in the inbox as an .xlsx workbook (openpyxl), in
ranking order. Texts come from the units' packages, so each is written as a string: a name
beginning with "=" stays text and never becomes a formula Excel would run."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.atomic import atomic_write
from app.core.inbox import InboxNominee
from app.core.scoring import Scoring, format_points, most_text, rounded
from app.core.text import xml_safe

COLUMNS = (
    ("Hạng", 7), ("Đơn vị", 28), ("Loại", 10), ("Tên tập thể, cá nhân", 34),
    ("Tỷ lệ giải quyết đơn (%)", 14), ("Đã giải quyết / tổng số vụ việc", 14),
    ("Số phiếu", 10), ("Tỷ lệ phiếu (%)", 12), ("Điều kiện (đơn vị tự kiểm tra)", 16),
    ("Lý do chưa đạt", 40), ("Nộp muộn", 24), ("Cảnh báo khi lập hồ sơ", 40),
    ("Thẩm định", 16), ("Lý do thẩm định", 36), ("Đã chọn", 9),
)  # fmt: skip


def _listed(sentences: Sequence[str]) -> str:
    """Sentences in one cell: "a; b" rather than "a.; b."."""
    return "; ".join(s.rstrip().rstrip(".") for s in sentences)


def _row(rank: int, n: InboxNominee) -> list[object]:
    rate, share = n.rate, n.vote_share
    return [
        rank,
        n.unit,
        n.kind_label,
        n.name,
        round(float(rate), 2) if rate is not None else None,
        f"{n.resolved}/{n.cases}" if n.cases is not None and n.resolved is not None else "",
        n.votes,
        round(float(share * 100), 2) if share is not None else None,
        n.eligibility.label,
        _listed(n.eligibility_reasons),
        n.late_note,
        _listed(n.warnings),
        n.appraisal.label if n.appraisal else "Chưa thẩm định",
        n.appraisal_reason,
        "Có" if n.shortlisted else "",
    ]


def _score_columns(scoring: Scoring) -> list[tuple[str, int]]:
    return [
        *COLUMNS[:4], ("Điểm thẩm định", 12), ("Điểm đơn vị tự chấm", 12),
        *((f"{c.title} ({most_text(c)})", 16) for c in scoring.criteria),
        ("Điều chỉnh của người thẩm định", 40), ("Khác với điểm tự chấm", 48),
    ]  # fmt: skip


def _points(value: Fraction | None) -> float | None:
    """As the screen and the documents print it (half up, never to even)."""
    return None if value is None else float(rounded(value))


def _score_row(rank: int, n: InboxNominee, scoring: Scoring) -> list[object]:
    assert n.scored is not None
    lines = {line.criterion.id: line for line in n.scored.sheet.lines}
    adjusted = [f"{line.criterion.title}: {format_points(line.adjustment)} — {line.reason}"
                for line in n.scored.sheet.lines if line.adjustment is not None]  # fmt: skip
    return [
        *_row(rank, n)[:4], _points(n.scored.sheet.total), _points(n.scored.claimed_total),
        *(_points(lines[c.id].scored) if c.id in lines else "" for c in scoring.criteria),
        _listed(adjusted), _listed(n.scored.differences),
    ]  # fmt: skip


def _fill(sheet: Any, columns: Sequence[tuple[str, int]], rows: list[list[object]]) -> None:
    """A header row (row 2) and the rows under it, every text a string, set up for printing
    as the Inspectorate files it: A4 landscape, every column on the page's width (as many pages
    down as it takes), the header row again on each page."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for col, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    for number, values in enumerate(rows, start=3):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=col)
            cell.value = xml_safe(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "E3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "2:2"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"


def write_inbox_table(
    nominees: Sequence[InboxNominee], target: Path, title: str, scoring: Scoring | None = None
) -> Path:
    """The table, and in a campaign that ranks by points a sheet "Điểm": each nominee's score
    recomputed, its own, each criterion's points, the adjustments and where they part."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True)
    _fill(sheet, COLUMNS, [_row(rank, n) for rank, n in enumerate(nominees, start=1)])
    if scoring is not None:
        scores = book.create_sheet("Điểm")
        scores.cell(row=1, column=1, value=f"Điểm chấm — {title}").font = Font(bold=True)
        _fill(scores, _score_columns(scoring),
              [_score_row(rank, n, scoring) for rank, n in enumerate(nominees, start=1)
               if n.scored is not None])  # fmt: skip
    with atomic_write(target) as partial:
        book.save(partial)
    return target
