"""Certificates as a PDF (reportlab): one page per awardee, each line of each text where
LibreOffice sets the DOCX's framed paragraph (the same breaks, the baseline the exact line height
gives); and the alignment page, which shows where the texts will fall on a pre-printed blank."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.atomic import atomic_write
from app.documents import layout
from app.documents.certificates import RULE_PT, Border, CertificateSet, PlacedText, Sheet
from app.documents.pdf_renderer import FAMILY, register_fonts

GUIDE_GREY = "#808080"
# Times New Roman's (and its metric twin's) line metrics as Word and LibreOffice use them, as
# shares of the size (winAscent 1825, winDescent 443 of 2048 units); reportlab's own are smaller
TIMES_ASCENT, TIMES_DESCENT = 1825 / 2048, 443 / 2048
BLANK_GREY = "#A0A0A0"  # what the blank carries already, on the alignment page


def _font(text: PlacedText) -> str:
    return FAMILY + {(False, False): "", (True, False): "-Bold", (False, True): "-Italic",
                     (True, True): "-BoldItalic"}[(text.bold, text.italic)]  # fmt: skip


def _draw_text(canvas: Canvas, sheet: Sheet, text: PlacedText, colour: str | None = None) -> None:
    """Each line on its baseline: the font's ascent below the line's top, plus half of what
    the exact line height adds to the font's own (as LibreOffice sets an exact line)."""
    font, size = _font(text), text.size_pt
    ascent, descent = TIMES_ASCENT * size, TIMES_DESCENT * size
    leading = size * layout.LINE_HEIGHT
    first = text.top_mm * mm + ascent + (leading - ascent - descent) / 2
    left, width = text.box()
    canvas.setFillColor(HexColor(colour or text.colour))
    canvas.setFont(font, size)
    lines = text.text.split("\n")
    for n, line in enumerate(lines):
        y = (sheet.height_mm * mm) - first - n * leading
        if text.align == "left":
            canvas.drawString(left * mm, y, line)
        elif text.align == "right":
            canvas.drawRightString((left + width) * mm, y, line)
        else:
            canvas.drawCentredString((left + width / 2) * mm, y, line)
    if text.rule:  # under the last line, as long as the words
        canvas.setLineWidth(RULE_PT)
        canvas.setStrokeColor(HexColor(colour or text.colour))
        y = (sheet.height_mm - text.top_mm - text.height_mm) * mm - 1
        words = stringWidth(lines[-1], font, size)
        centre = (left + width / 2) * mm
        canvas.line(centre - words / 2, y, centre + words / 2, y)


def _border(canvas: Canvas, sheet: Sheet, border: Border) -> None:
    canvas.setStrokeColor(HexColor(border.colour))
    canvas.setLineWidth(border.line_pt)
    insets = [border.inset_mm * mm + border.line_pt / 2]
    if border.double:  # the second line a line's width inside the first
        insets.append(insets[0] + 2 * border.line_pt)
    for inset in insets:
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
            for text in page:
                _draw_text(canvas, sheet, text)
            canvas.showPage()
        canvas.save()
    return target


ALIGNMENT_NOTE = (
    "TRANG CĂN CHỈNH — in trang này lên giấy trắng, đặt chồng lên phôi Giấy khen và soi lên ánh "
    "sáng. Chữ xám: phần phôi đã in sẵn; khung nét đứt: chỗ ứng dụng sẽ in. Chữ xám trùng chữ in "
    "sẵn của phôi là máy in đã khớp. Nếu chữ xám nằm lệch sang phải (hoặc xuống dưới) so với chữ "
    "của phôi bao nhiêu mm, đo theo thước, thì trừ bấy nhiêu vào Lệch ngang (Lệch dọc); lệch sang "
    "trái (lên trên) thì cộng vào; rồi in lại trang này. Độ lệch đang dùng: ngang {right} mm, "
    "dọc {down} mm."
)
RULER_INSET_MM = 6  # most printers leave 4–5 mm at the edge unprinted


def _signed(mm_: float) -> str:
    """ "+1,5", "−2", "0": as a Vietnamese form writes a signed number."""
    text = f"{abs(mm_):g}".replace(".", ",")
    return text if mm_ == 0 else ("+" if mm_ > 0 else "−") + text


def _ruler(canvas: Canvas, sheet: Sheet) -> None:
    """Millimetre ticks along the top and left, RULER_INSET_MM in from the edges (where every
    printer prints), numbered every centimetre from the sheet's edge, and a cross at the
    sheet's centre: what the offset is measured with."""
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setFillColor(HexColor("#000000"))
    canvas.setLineWidth(0.3)
    canvas.setFont(FAMILY, 6)
    height, edge = sheet.height_mm * mm, RULER_INSET_MM * mm
    for x in range(RULER_INSET_MM, int(sheet.width_mm) - RULER_INSET_MM + 1):
        tick = 4 if x % 10 == 0 else (2.5 if x % 5 == 0 else 1.2)
        canvas.line(x * mm, height - edge, x * mm, height - edge - tick * mm)
        if x % 10 == 0:
            canvas.drawCentredString(x * mm, height - edge - 6.5 * mm, str(x))
    for y in range(RULER_INSET_MM, int(sheet.height_mm) - RULER_INSET_MM + 1):
        tick = 4 if y % 10 == 0 else (2.5 if y % 5 == 0 else 1.2)
        canvas.line(edge, height - y * mm, edge + tick * mm, height - y * mm)
        if y % 10 == 0:
            canvas.drawString(edge + 5 * mm, height - y * mm - 2, str(y))
    cx, cy = sheet.width_mm * mm / 2, height / 2
    canvas.line(cx - 6 * mm, cy, cx + 6 * mm, cy)
    canvas.line(cx, cy - 6 * mm, cx, cy + 6 * mm)


def render_alignment_pdf(
    certificates: CertificateSet, target: Path, offset_mm: tuple[float, float]
) -> Path:
    """The alignment page for printing on blanks: the first awardee's page moved by
    `offset_mm` as a blank gets it — its own texts in dashed boxes, the blank's in grey (they
    fall on the blank's print once the offset is right) — with a ruler and the instructions."""
    sheet = certificates.sheet
    page = certificates.shifted(offset_mm).pages[0]
    with atomic_write(target) as partial:
        canvas = _canvas(partial, certificates, "Trang căn chỉnh in Giấy khen")
        _ruler(canvas, sheet)
        for text in page:
            _draw_text(canvas, sheet, text, BLANK_GREY if text.preprinted else None)
            if text.preprinted:
                continue
            left, width = text.box()
            canvas.setDash(3, 2)
            canvas.setLineWidth(0.4)
            canvas.setStrokeColor(HexColor(GUIDE_GREY))
            bottom = (sheet.height_mm - text.top_mm - text.height_mm) * mm
            canvas.rect(left * mm, bottom, width * mm, text.height_mm * mm)
            canvas.setDash()
        note = PlacedText(
            layout.balanced(ALIGNMENT_NOTE.format(right=_signed(offset_mm[0]),
                                                  down=_signed(offset_mm[1])),
                            8, False, sheet.width_mm - 24),
            top_mm=sheet.height_mm - 15, left_mm=12, width_mm=sheet.width_mm - 24, size_pt=8,
            align="left",
        )  # fmt: skip
        _draw_text(canvas, sheet, note)
        canvas.showPage()
        canvas.save()
    return target
