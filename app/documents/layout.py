"""Decree 30/2020 page and type settings (domain.md §5), shared by both renderers."""

from __future__ import annotations

from functools import cache

from app.paths import resources_dir

A4_SHORT_MM, A4_LONG_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
# Issuing agency column: "UBND THÀNH PHỐ LẠNG SƠN" is 65 mm at 13 pt; the national title on the
# right is 88 mm at 12 pt bold and must stay on one line.
HEADER_LEFT_MM = 72


def page_size_mm(landscape: bool) -> tuple[float, float]:
    """Width and height of the A4 sheet; a wide danh sách turns it (same margins)."""
    return (A4_LONG_MM, A4_SHORT_MM) if landscape else (A4_SHORT_MM, A4_LONG_MM)


def text_area_mm(landscape: bool) -> float:
    """The width between the left and right margins."""
    return page_size_mm(landscape)[0] - MARGIN_LEFT_MM - MARGIN_RIGHT_MM


FONT_NAME = "Times New Roman"  # in the DOCX; the PDF embeds its metric twin Liberation Serif
LANGUAGE = "vi-VN"

BODY_PT = 14
AGENCY_PT = 13  # parent agency, unit, "Số:"
NATIONAL_TITLE_PT = 12
MOTTO_PT = 14
RECIPIENTS_TITLE_PT = 12
RECIPIENTS_PT = 11
FIRST_LINE_INDENT_MM = 12.7
SPACE_AFTER_PT = 6
CELL_PADDING_MM = 1.5  # left and right inside a ruled table cell, the same in both files
UNIT_RULE_SHARE = 0.4  # the rule under the unit: 1/3–1/2 of the unit name's length


@cache
def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of a line, from Liberation Serif's metrics (those of Times New Roman)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "LiberationSerif-Bold" if bold else "LiberationSerif-Regular"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / f"{name}.ttf")))
    return pdfmetrics.stringWidth(text, name, size_pt) * 25.4 / 72
