"""The consolidated table of every nominee in the inbox as an .xlsx workbook (openpyxl), in
ranking order. Texts come from the units' packages, so each is written as a string: a name
beginning with "=" stays text and never becomes a formula Excel would run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.atomic import atomic_write
from app.core.inbox import InboxNominee
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


def write_inbox_table(nominees: Sequence[InboxNominee], target: Path, title: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True)
    for col, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    for rank, nominee in enumerate(nominees, start=1):
        for col, value in enumerate(_row(rank, nominee), start=1):
            cell = sheet.cell(row=rank + 2, column=col)
            cell.value = xml_safe(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "E3"
    # printed as the Inspectorate files it: A4 landscape, every column on the page's width
    # (as many pages down as it takes), the header row again on each page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "2:2"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{len(nominees) + 2}"
    with atomic_write(target) as partial:
        book.save(partial)
    return target
