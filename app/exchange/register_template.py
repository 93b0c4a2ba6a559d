"""The register template (`thidua register template OUT.xlsx`): the canonical headers, date
columns formatted as dates and drop-down lists for the category columns, written by openpyxl."""

from __future__ import annotations

from pathlib import Path

from app.atomic import atomic_write
from app.exchange.register_import import PETITIONS, RegisterKind

_DATE_FIELDS = {"received", "deadline", "resolved_on", "day"}
_ROWS_PREPARED = 2000
INSTRUCTIONS = (
    "Mỗi dòng là một đơn (sổ theo dõi đơn) hoặc một lượt tiếp (sổ tiếp công dân).",
    "Giữ nguyên dòng tiêu đề; có thể thêm cột khác, ứng dụng bỏ qua.",
    "Ngày nhập theo dạng ngày/tháng/năm (ví dụ 05/02/2025).",
    "Các cột Loại đơn, Đủ điều kiện xử lý, Thẩm quyền, Hướng xử lý, Kết quả: chọn trong danh sách.",
    "Mã đơn: duy nhất trong đơn vị; nhập lại tệp đã sửa sẽ cập nhật đơn cùng mã, không nhân đôi.",
    "Mã vụ việc: các đơn về cùng một vụ việc ghi cùng mã; để trống nếu đơn là một vụ việc riêng.",
    "Người gửi, Họ tên công dân, Địa chỉ, Nội dung là dữ liệu cá nhân: chỉ lưu trên máy của đơn "
    "vị, không gửi đi.",
)


def write_template(target: Path, kind: RegisterKind = PETITIONS) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = kind.name.capitalize()
    for col, field in enumerate(kind.fields, start=1):
        cell = sheet.cell(row=1, column=col, value=field.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 14 if field.id in _DATE_FIELDS else 20
        cells = f"{letter}2:{letter}{_ROWS_PREPARED + 1}"
        if field.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(c.replace(",", "") for c in field.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=field.header,
                error="Hãy chọn một giá trị trong danh sách.",
            )
            sheet.add_data_validation(validation)
            validation.add(cells)
        if field.id in _DATE_FIELDS:
            for row in range(2, _ROWS_PREPARED + 2):
                sheet.cell(row=row, column=col).number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 110
    for row, text in enumerate(INSTRUCTIONS, start=1):
        notes.cell(row=row, column=1, value=text)
    with atomic_write(target) as partial:
        book.save(partial)
    return target
