"""The document model as a PDF (reportlab), laid out as the DOCX is: A4, Decree 30 margins,
Liberation Serif (Times New Roman's metric twin, shipped in resources/fonts) embedded as
subsets so the text stays searchable, page numbers centred at the top from page 2."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from html import escape
from pathlib import Path

import app.documents.deferred_regex  # noqa: F401  first: it defers a regex reportlab compiles

# isort: split
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.doctemplate import LayoutError

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
        leading=size * layout.LINE_HEIGHT,
        alignment=align,
        firstLineIndent=indent,
        spaceAfter=after,
        spaceShrinkage=0,  # Word and LibreOffice never squeeze a justified line's spaces
        allowWidows=0,  # nor leave a paragraph's first or last line alone, as LibreOffice
        allowOrphans=0,  # lays out our DOCX (widows and orphans of 2 lines)
    )


def _p(text: str, size=layout.BODY_PT, bold=False, italic=False, align=TA_CENTER, **kw):
    """A paragraph; "\n" in `text` is a line break the layout chose (layout.balanced)."""
    markup = escape(text, quote=False).replace("\n", "<br/>")
    return PdfParagraph(markup, _style(size, bold, italic, align, **kw))


def _rule(width_mm: float) -> HRFlowable:
    return HRFlowable(width=width_mm * mm, thickness=layout.RULE_PT, color="black",
                      hAlign="CENTER", spaceBefore=layout.RULE_BEFORE_PT,
                      spaceAfter=layout.RULE_AFTER_PT)  # fmt: skip


def _columns(rows: list[list[list[Flowable]]], left_mm: float, width_mm: float):
    table = PdfTable(rows, colWidths=[left_mm * mm, (width_mm - left_mm) * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "TOP"),
                               ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY),  # else Helvetica
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def _header(block: HeaderBlock, width_mm: float) -> list[Flowable]:
    """As in the DOCX: the names, then "Số:" and the place and date in a row of their own."""
    agency = layout.balanced(
        block.parent_agency.upper(), layout.AGENCY_PT, False, layout.HEADER_LEFT_MM
    )
    unit = block.unit.upper()
    left = [
        *([_p(agency, layout.AGENCY_PT)] if block.parent_agency else []),  # a UBND has none
        _p(layout.balanced(unit, layout.AGENCY_PT, True, layout.HEADER_LEFT_MM),
           layout.AGENCY_PT, bold=True),
        _rule(layout.unit_rule_mm(unit)),
    ]  # fmt: skip
    right = [
        _p(NATIONAL_TITLE, layout.NATIONAL_TITLE_PT, bold=True),
        _p(MOTTO, layout.MOTTO_PT, bold=True),
        _rule(layout.text_width_mm(MOTTO, layout.MOTTO_PT, True)),
    ]
    number = [_p(block.number, layout.AGENCY_PT)] if block.number else []
    place_date = [_p(block.place_date, layout.MOTTO_PT, italic=True)] if block.place_date else []
    if number and place_date:
        rows = [[left, right], [number, place_date]]
    else:
        rows = [[left + number, right + place_date]]
    return [_columns(rows, layout.HEADER_LEFT_MM, width_mm), Spacer(0, layout.BLANK_LINE_PT)]


def _title(block: Title, width_mm: float) -> list[Flowable]:
    parts: list[Flowable] = [_p(block.kind, bold=True)]
    parts += [_p(layout.balanced(line, layout.BODY_PT, True, width_mm), bold=True)
              for line in block.lines]  # fmt: skip
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
    cells = zip(block.headers, block.widths_mm, strict=True)
    rows = [[_p(*layout.header_cell(h, w), bold=True) for h, w in cells]]
    rows += [[_p(v, block.size_pt, align=TA_LEFT) for v in row] for row in block.rows]
    table = PdfTable(rows, colWidths=[w * mm for w in block.widths_mm], repeatRows=1)
    pad = layout.CELL_PADDING_MM * mm
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad),
                               ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                               ("TOPPADDING", (0, 0), (-1, -1), layout.GRID_PT),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), FAMILY)]))  # fmt: skip
    return [table, Spacer(0, layout.BLANK_LINE_PT)]


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
        for name in column.names or ("",):
            parts.append(Spacer(0, layout.SIGNING_ROOM_LINES * layout.BLANK_LINE_PT))  # to sign
            if name:
                parts.append(_p(name, bold=True))
        return parts
    return []


def _signatures(block: Signatures, width_mm: float) -> list[Flowable]:
    rows = [[_signature(block.left), _signature(block.right)]]
    if block.below:  # after a blank line, as in the DOCX
        rows.append([[Spacer(0, layout.BLANK_LINE_PT), *_signature(block.below)], []])
    table = _columns(rows, width_mm / 2, width_mm)
    return [Spacer(0, layout.BLANK_LINE_PT), table]  # kept together by render_pdf


_RENDER = {
    HeaderBlock: _header,
    Title: _title,
    Paragraph: _body,
    Heading: _heading,
    Table: _table,
    Signatures: _signatures,
}


class _KeepWithStart(CondPageBreak):
    """Keeps a heading with the start of what follows, as LibreOffice and Word keep a "keep with
    next" paragraph: with the first two lines of a paragraph (all of one that cannot be split
    into two and two), or a table's header row and first row. reportlab's keepWithNext would
    carry all of it over and leave the rest of the page empty."""

    def __init__(self, heading: Flowable, following: Flowable) -> None:
        super().__init__(0)
        self._heading, self._following = heading, following

    def wrap(self, availWidth, availHeight):
        heading = self._heading.wrap(availWidth, availHeight)[1] + self._heading.getSpaceAfter()
        self._following.wrap(availWidth, availHeight)
        if isinstance(self._following, PdfTable):
            start = sum(self._following._rowHeights[:2])
        else:
            lines = len(self._following.blPara.lines)
            start = self._following.style.leading * (lines if lines < 4 else 2)
        self.height = heading + start
        return super().wrap(availWidth, availHeight)


def _page_number(canvas, doc) -> None:
    """The number centred in the top margin, its line where the DOCX's page header puts it."""
    canvas.saveState()
    canvas.setFont(FAMILY, layout.BODY_PT)
    width, height = doc.pagesize
    ascent = pdfmetrics.getAscent(FAMILY, layout.BODY_PT)
    baseline = height - layout.HEADER_DISTANCE_MM * mm - ascent
    centre = (
        layout.MARGIN_LEFT_MM * mm
        + (width - (layout.MARGIN_LEFT_MM + layout.MARGIN_RIGHT_MM) * mm) / 2
    )
    canvas.drawCentredString(centre, baseline, str(doc.page))
    canvas.restoreState()


def render_pdf(document: Document, target: Path) -> Path:
    """Write `document` as a PDF to `target` atomically."""
    register_fonts()
    with atomic_write(target) as partial:
        try:
            _pdf(document, partial).build(_story(document))
        except LayoutError:  # a table row taller than a page (a summary of a thousand words)
            _pdf(document, partial).build(_story(document, rows_split=True))
    return target


def _story(document: Document, rows_split: bool = False) -> list[Flowable]:
    """The document's flowables. A table row is kept on one page, as the DOCX asks Word to;
    with `rows_split`, a row may go on over the next page — for a row no page can hold."""
    width_mm = layout.text_area_mm(document.landscape)
    story: list[Flowable] = []
    for block in document.blocks:
        flowables = _RENDER[type(block)](block, width_mm)
        if isinstance(block, Signatures):  # never alone on a page: the last words go with it
            last = [story.pop()] if story and isinstance(story[-1], PdfParagraph) else []
            flowables = [KeepTogether(last + flowables)]
        elif story and getattr(story[-1], "keepWithNext", False):  # a heading
            heading = story.pop()
            heading.keepWithNext = False
            flowables = [_KeepWithStart(heading, flowables[0]), heading, *flowables]
        story += flowables
    if document.blocks and isinstance(document.blocks[-1], Table):
        story.pop()  # the blank line after the table: nothing follows (the DOCX shrinks it)
    if rows_split:
        for table in _tables(story):
            table.splitInRow = 1
    return story


def _tables(flowables: list[Flowable]) -> Iterator[PdfTable]:
    """Every table of the story, those a KeepTogether holds (the signatures) too."""
    for flowable in flowables:
        if isinstance(flowable, PdfTable):
            yield flowable
        yield from _tables(getattr(flowable, "_content", []))


def _pdf(document: Document, path: Path) -> BaseDocTemplate:
    """The text block exactly inside the margins, as in the DOCX: a frame without reportlab's
    default 6 pt padding, which made every line 4.2 mm shorter than Word's."""
    width, height = (side * mm for side in layout.page_size_mm(document.landscape))
    left, bottom = layout.MARGIN_LEFT_MM * mm, layout.MARGIN_BOTTOM_MM * mm
    frame = Frame(
        left,
        bottom,
        width - left - layout.MARGIN_RIGHT_MM * mm,
        height - bottom - layout.MARGIN_TOP_MM * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return BaseDocTemplate(
        str(path),
        pagesize=(width, height),
        pageTemplates=[
            PageTemplate("first", [frame], autoNextPageTemplate="later"),  # no number on page 1
            PageTemplate("later", [frame], onPage=_page_number),
        ],
        title=document.title,
        subject=document.subject,
        author=document.author,
        creator=layout.CREATOR,
        lang=layout.LANGUAGE,
        # Each page starts in our font: no unembedded Helvetica reference in the file.
        initialFontName=FAMILY,
        initialFontSize=layout.BODY_PT,
    )
