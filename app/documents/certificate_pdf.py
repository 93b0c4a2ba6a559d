"""Certificates as a PDF (reportlab): one page per awardee, each text wrapped in its box where
the form places it, as the DOCX's frames do; and the alignment page, which shows where the texts
will fall on a pre-printed blank."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.atomic import atomic_write
from app.documents import layout
from app.documents.certificate_docx import RULE_PT, placed_box
from app.documents.certificates import Border, CertificateSet, PlacedText, Sheet
from app.documents.pdf_renderer import FAMILY, register_fonts

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
GUIDE_GREY = HexColor("#808080")


def _font(text: PlacedText) -> str:
    return FAMILY + {(False, False): "", (True, False): "-Bold", (False, True): "-Italic",
                     (True, True): "-BoldItalic"}[(text.bold, text.italic)]  # fmt: skip


def _paragraph(text: PlacedText, colour: str | None = None) -> Paragraph:
    style = ParagraphStyle(
        "placed",
        fontName=_font(text),
        fontSize=text.size_pt,
        leading=text.size_pt * layout.LINE_HEIGHT,
        alignment=_ALIGN[text.align],
        textColor=HexColor(colour or text.colour),
        spaceShrinkage=0,
    )
    return Paragraph(escape(text.text).replace("\n", "<br/>"), style)


def _draw_text(canvas: Canvas, sheet: Sheet, text: PlacedText, colour: str | None = None) -> float:
    """Draws `text` in its box; returns the box's height in points."""
    left, width = placed_box(text)
    paragraph = _paragraph(text, colour)
    _, height = paragraph.wrap(width * mm, sheet.height_mm * mm)
    top = (sheet.height_mm - text.top_mm) * mm
    paragraph.drawOn(canvas, left * mm, top - height)
    if text.rule:
        canvas.setLineWidth(RULE_PT)
        canvas.setStrokeColor(HexColor(colour or text.colour))
        y = top - height - 1.5
        words = stringWidth(text.text, _font(text), text.size_pt)
        centre = (left + width / 2) * mm
        canvas.line(centre - words / 2, y, centre + words / 2, y)
    return height


def _border(canvas: Canvas, sheet: Sheet, border: Border) -> None:
    canvas.setStrokeColor(HexColor(border.colour))
    lines = [(border.inset_mm * mm + border.outer_pt / 2, border.outer_pt)]
    if border.inner_pt:
        inner = border.inset_mm * mm + border.outer_pt + border.gap_mm * mm + border.inner_pt / 2
        lines.append((inner, border.inner_pt))
    for inset, width in lines:
        canvas.setLineWidth(width)
        canvas.rect(inset, inset, sheet.width_mm * mm - 2 * inset, sheet.height_mm * mm - 2 * inset)


def _canvas(path: Path, certificates: CertificateSet, title: str) -> Canvas:
    register_fonts()
    sheet = certificates.sheet
    canvas = Canvas(
        str(path), pagesize=(sheet.width_mm * mm, sheet.height_mm * mm), lang=layout.LANGUAGE,
        initialFontName=FAMILY, initialFontSize=layout.BODY_PT,  # no unembedded Helvetica
    )  # fmt: skip
    canvas.setTitle(title)
    canvas.setSubject(certificates.subject)
    canvas.setAuthor(certificates.author)
    canvas.setCreator(layout.CREATOR)
    return canvas


def render_certificates_pdf(certificates: CertificateSet, target: Path) -> Path:
    """Every page of `certificates` into one PDF at `target`, atomically."""
    sheet = certificates.sheet
    with atomic_write(target) as partial:
        canvas = _canvas(partial, certificates, certificates.title)
        for page in certificates.pages:
            if sheet.border:
                _border(canvas, sheet, sheet.border)
            for text in page.texts:
                _draw_text(canvas, sheet, text)
            canvas.showPage()
        canvas.save()
    return target


ALIGNMENT_NOTE = (
    "TRANG CĂN CHỈNH — in trang này lên giấy trắng, đặt chồng lên phôi Giấy khen và soi lên ánh "
    "sáng. Chữ xám: phần phôi đã in sẵn; khung nét đứt: chỗ ứng dụng sẽ in. Nếu khung lệch so "
    "với phôi, đo độ lệch (mm) theo thước ở mép giấy, nhập vào Lệch ngang / Lệch dọc rồi in lại "
    "trang này cho tới khi khớp. Độ lệch đang dùng: ngang {right:+g} mm, dọc {down:+g} mm."
)


def _ruler(canvas: Canvas, sheet: Sheet) -> None:
    """Millimetre ticks along the top and left edges, numbered every centimetre, and a cross
    at the sheet's centre: what the offset is measured with."""
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setFillColor(HexColor("#000000"))
    canvas.setLineWidth(0.3)
    canvas.setFont(FAMILY, 6)
    height = sheet.height_mm * mm
    for x in range(0, int(sheet.width_mm) + 1):
        tick = 4 if x % 10 == 0 else (2.5 if x % 5 == 0 else 1.2)
        canvas.line(x * mm, height, x * mm, height - tick * mm)
        if x % 10 == 0 and 0 < x < sheet.width_mm:
            canvas.drawCentredString(x * mm, height - 6.5 * mm, str(x))
    for y in range(0, int(sheet.height_mm) + 1):
        tick = 4 if y % 10 == 0 else (2.5 if y % 5 == 0 else 1.2)
        canvas.line(0, height - y * mm, tick * mm, height - y * mm)
        if y % 10 == 0 and 0 < y < sheet.height_mm:
            canvas.drawString(5 * mm, height - y * mm - 2, str(y))
    cx, cy = sheet.width_mm * mm / 2, height / 2
    canvas.line(cx - 6 * mm, cy, cx + 6 * mm, cy)
    canvas.line(cx, cy - 6 * mm, cx, cy + 6 * mm)


def render_alignment_pdf(
    certificates: CertificateSet, target: Path, offset_mm: tuple[float, float]
) -> Path:
    """The alignment page for printing on blanks: the first awardee's texts where they will
    print (shifted by `offset_mm`) in dashed boxes, the blank's own texts in grey where the form
    expects them, a ruler and the instructions."""
    sheet = certificates.sheet
    shifted = certificates.on_blank(offset_mm)
    expected = certificates.pages[0].texts
    with atomic_write(target) as partial:
        canvas = _canvas(partial, certificates, "Trang căn chỉnh in Giấy khen")
        _ruler(canvas, sheet)
        for text in expected:
            if text.preprinted:
                _draw_text(canvas, sheet, text, colour="#A0A0A0")
        for text in shifted.pages[0].texts:
            height = _draw_text(canvas, sheet, text)
            left, width = placed_box(text)
            canvas.setDash(3, 2)
            canvas.setLineWidth(0.4)
            canvas.setStrokeColor(GUIDE_GREY)
            top = (sheet.height_mm - text.top_mm) * mm
            canvas.rect(left * mm, top - height, width * mm, height)
            canvas.setDash()
        note = PlacedText(
            ALIGNMENT_NOTE.format(right=offset_mm[0], down=offset_mm[1]),
            top_mm=sheet.height_mm - 17, left_mm=12, width_mm=sheet.width_mm - 24, size_pt=8,
            align="left",
        )  # fmt: skip
        _draw_text(canvas, sheet, note)
        canvas.showPage()
        canvas.save()
    return target
