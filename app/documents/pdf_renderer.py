"""The document model as a PDF (reportlab), laid out as the DOCX is: A4, Decree 30 margins,
Liberation Serif (Times New Roman's metric twin, shipped in resources/fonts) embedded as
subsets so the text stays searchable, page numbers centred at the top from page 2."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from app.atomic import atomic_write
from app.documents import layout
from app.documents.model import (
    MOTTO,
    NATIONAL_TITLE,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recipients,
    SignatureColumn,
    Signatures,
    Table,
    Title,
)
from app.paths import resources_dir

FAMILY = "LiberationSerif"


@cache
def register_fonts() -> None:
    faces = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, face in faces.items():
        path = resources_dir() / "fonts" / f"LiberationSerif-{face}.ttf"
        pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(path)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=FAMILY + "-Bold", italic=FAMILY + "-Italic",
        boldItalic=FAMILY + "-BoldItalic",
    )  # fmt: skip


def _style(size: float, bold=False, italic=False, align=TA_CENTER, indent=0.0, after=0.0):
    name = FAMILY + ("-Bold" if bold else "") + ("Italic" if italic and bold else "")
    if italic and not bold:
        name = FAMILY + "-Italic"
    return ParagraphStyle(
        f"s{size}{bold}{italic}{align}{indent}{after}",
        fontName=name,
        fontSize=size,
        leading=size * 1.17,  # single line spacing, as Word's for this font
        alignment=align,
        firstLineIndent=indent,
        spaceAfter=after,
    )


def _p(text: str, size=layout.BODY_PT, bold=False, italic=False, align=TA_CENTER, **kw):
    return PdfParagraph(escape(text), _style(size, bold, italic, align, **kw))


def _rule(width_mm: float) -> HRFlowable:
    return HRFlowable(width=width_mm * mm, thickness=0.6, color="black", hAlign="CENTER",
                      spaceBefore=3, spaceAfter=3)  # fmt: skip


def _columns(left: list[Flowable], right: list[Flowable], left_mm: float, width_mm: float):
    table = PdfTable([[left, right]], colWidths=[left_mm * mm, (width_mm - left_mm) * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY),  # else Helvetica
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def _header(block: HeaderBlock, width_mm: float) -> list[Flowable]:
    unit = block.unit.upper()
    left = [
        _p(block.parent_agency.upper(), layout.AGENCY_PT),
        _p(unit, layout.AGENCY_PT, bold=True),
        _rule(layout.text_width_mm(unit, layout.AGENCY_PT, True) * layout.UNIT_RULE_SHARE),
    ]
    if block.number:
        left.append(_p(block.number, layout.AGENCY_PT))
    right = [
        _p(NATIONAL_TITLE, layout.NATIONAL_TITLE_PT, bold=True),
        _p(MOTTO, layout.MOTTO_PT, bold=True),
        _rule(layout.text_width_mm(MOTTO, layout.MOTTO_PT, True)),
    ]
    if block.place_date:
        right.append(_p(block.place_date, layout.MOTTO_PT, italic=True))
    return [_columns(left, right, layout.HEADER_LEFT_MM, width_mm), Spacer(0, 6 * mm)]


def _title(block: Title, width_mm: float) -> list[Flowable]:
    parts: list[Flowable] = [_p(block.kind, bold=True)]
    parts += [_p(line, bold=True) for line in block.lines]
    if block.lines:
        longest = max(layout.text_width_mm(line, layout.BODY_PT, True) for line in block.lines)
        parts.append(_rule(min(longest, width_mm) / 3))
    return [KeepTogether(parts)]


def _body(block: Paragraph, width_mm: float) -> list[Flowable]:
    align = TA_CENTER if block.centred else TA_JUSTIFY
    indent = layout.FIRST_LINE_INDENT_MM * mm if block.indent and not block.centred else 0
    return [_p(block.text, bold=block.bold, italic=block.italic, align=align, indent=indent,
               after=layout.SPACE_AFTER_PT)]  # fmt: skip


def _heading(block: Heading, width_mm: float) -> list[Flowable]:
    indent = layout.FIRST_LINE_INDENT_MM * mm
    paragraph = _p(block.text, bold=True, align=TA_JUSTIFY, indent=indent,
                   after=layout.SPACE_AFTER_PT)  # fmt: skip
    paragraph.keepWithNext = True
    return [paragraph]


def _table(block: Table, width_mm: float) -> list[Flowable]:
    rows = [[_p(h, block.size_pt, bold=True) for h in block.headers]]
    rows += [[_p(v, block.size_pt, align=TA_LEFT) for v in row] for row in block.rows]
    table = PdfTable(rows, colWidths=[w * mm for w in block.widths_mm], repeatRows=1)
    pad = layout.CELL_PADDING_MM * mm
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad),
                               ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY)]))  # fmt: skip
    return [table, Spacer(0, layout.BODY_PT)]


def _signature(column: SignatureColumn | Recipients | None) -> list[Flowable]:
    if isinstance(column, Recipients):
        return [
            _p("Nơi nhận:", layout.RECIPIENTS_TITLE_PT, bold=True, italic=True, align=TA_LEFT),
            *(_p(item, layout.RECIPIENTS_PT, align=TA_LEFT) for item in column.items),
        ]
    if isinstance(column, SignatureColumn):
        parts: list[Flowable] = [_p(line, bold=True) for line in column.lines]
        if column.note:
            parts.append(_p(column.note, italic=True))
        parts.append(Spacer(0, 4 * layout.BODY_PT * 1.17))  # room to sign and stamp
        if column.name:
            parts.append(_p(column.name, bold=True))
        return parts
    return []


def _signatures(block: Signatures, width_mm: float) -> list[Flowable]:
    table = _columns(_signature(block.left), _signature(block.right), width_mm / 2, width_mm)
    return [Spacer(0, layout.BODY_PT), table]  # kept together by render_pdf


_RENDER = {
    HeaderBlock: _header,
    Title: _title,
    Paragraph: _body,
    Heading: _heading,
    Table: _table,
    Signatures: _signatures,
}


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FAMILY, layout.BODY_PT)
    width, height = doc.pagesize
    top = height - (layout.MARGIN_TOP_MM * mm) / 2
    centre = (
        layout.MARGIN_LEFT_MM * mm
        + (width - (layout.MARGIN_LEFT_MM + layout.MARGIN_RIGHT_MM) * mm) / 2
    )
    canvas.drawCentredString(centre, top, str(doc.page))
    canvas.restoreState()


def render_pdf(document: Document, target: Path) -> Path:
    """Write `document` as a PDF to `target` atomically."""
    register_fonts()
    width_mm = layout.text_area_mm(document.landscape)
    story: list[Flowable] = []
    for block in document.blocks:
        flowables = _RENDER[type(block)](block, width_mm)
        if isinstance(block, Signatures):  # never alone on a page: the last words go with it
            last = [story.pop()] if story and isinstance(story[-1], PdfParagraph) else []
            flowables = [KeepTogether(last + flowables)]
        story += flowables
    with atomic_write(target) as partial:
        _pdf(document, partial).build(story, onLaterPages=_page_number)  # no number on page 1
    return target


def _pdf(document: Document, path: Path) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(path),
        pagesize=tuple(side * mm for side in layout.page_size_mm(document.landscape)),
        leftMargin=layout.MARGIN_LEFT_MM * mm,
        rightMargin=layout.MARGIN_RIGHT_MM * mm,
        topMargin=layout.MARGIN_TOP_MM * mm,
        bottomMargin=layout.MARGIN_BOTTOM_MM * mm,
        title=document.name,
        lang=layout.LANGUAGE,
        # Each page starts in our font: no unembedded Helvetica reference in the file.
        initialFontName=FAMILY,
        initialFontSize=layout.BODY_PT,
    )
