"""The document model as a Word file (python-docx), set out per Decree 30/2020: A4, margins,
Times New Roman in every font slot of every style with theme fonts removed, language vi-VN,
page numbers centred at the top from page 2, borderless header and signature tables."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from html import escape
from io import BytesIO
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml.etree import SubElement

from app.atomic import atomic_write
from app.core.text import xml_safe
from app.documents import layout
from app.documents.docx_template import TEMPLATE_NAME
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

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CENTRE, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)


@cache
def styled_template() -> bytes:
    """The blank every document starts from (resources/docx, made by docx_template.py)."""
    return (resources_dir() / "docx" / TEMPLATE_NAME).read_bytes()


def _new_document(landscape: bool) -> DocxDocument:
    docx = new_docx(BytesIO(styled_template()))
    section = docx.sections[0]
    width, height = layout.page_size_mm(landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = (
        Mm(layout.MARGIN_TOP_MM),
        Mm(layout.MARGIN_BOTTOM_MM),
    )
    section.left_margin, section.right_margin = (
        Mm(layout.MARGIN_LEFT_MM),
        Mm(layout.MARGIN_RIGHT_MM),
    )
    section.header_distance = Mm(layout.HEADER_DISTANCE_MM)
    # Page numbers from page 2, centred in the top margin; page 1 has none.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTRE
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)
    return docx


_JC = {CENTRE: "center", JUSTIFY: "both", LEFT: "left"}


def _text(
    paragraph: DocxParagraph,
    text: str,
    size: float = layout.BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=CENTRE,
    space_after: float = 0,
) -> DocxParagraph:
    """One run of `text` in a fresh paragraph; "\n" in it is a line break the layout chose
    (layout.balanced). Written as XML directly: python-docx's property setters search the
    schema order on every call and were most of the rendering time."""
    p = paragraph._p
    ppr = p.get_or_add_pPr()
    SubElement(ppr, qn("w:spacing"), {qn("w:after"): str(round(space_after * 20))})
    SubElement(ppr, qn("w:jc"), {qn("w:val"): _JC[align]})
    run = SubElement(p, qn("w:r"))
    rpr = SubElement(run, qn("w:rPr"))
    if bold:
        SubElement(rpr, qn("w:b"))
    if italic:
        SubElement(rpr, qn("w:i"))
    half_points = str(round(size * 2))
    SubElement(rpr, qn("w:sz"), {qn("w:val"): half_points})
    SubElement(rpr, qn("w:szCs"), {qn("w:val"): half_points})
    for number, line in enumerate(text.split("\n")):
        if number:
            SubElement(run, qn("w:br"))
        SubElement(run, qn("w:t"), {XML_SPACE: "preserve"}).text = xml_safe(line)
    return paragraph


def _rule(paragraph: DocxParagraph, width_mm: float, column_mm: float) -> None:
    """A solid line `width_mm` long, centred in its column: an empty paragraph's bottom border."""
    side = max((column_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(attribute), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _text_area_mm(docx: DocxDocument) -> float:
    section = docx.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _cell_margins(table, side_mm: float) -> None:
    """Left and right padding of every cell. Word (in the compatibility mode of python-docx's
    template) and LibreOffice also move the table left by it, so the text lines up with the body."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(round(side_mm * 1440 / 25.4)))  # twips
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _columns(docx: DocxDocument, left_mm: float, rows: int = 1) -> list[tuple[_Cell, _Cell]]:
    """A borderless two-column table without cell padding, as the PDF's: its columns are as
    wide as their text."""
    table = docx.add_table(rows=rows, cols=2)
    table.autofit = False
    _cell_margins(table, 0)
    widths = (Mm(left_mm), Mm(_text_area_mm(docx) - left_mm))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # the cell width Word lays out by
        # keep the row on one page: a signature block is never split from its name
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return [(row.cells[0], row.cells[1]) for row in table.rows]


def _header(docx: DocxDocument, block: HeaderBlock) -> None:
    """The names, then "Số:" and the place and date in a row of their own: level with each
    other however many lines the names take."""
    second = bool(block.number and block.place_date)
    rows = _columns(docx, layout.HEADER_LEFT_MM, rows=2 if second else 1)
    left, right = rows[0]
    right_mm = _text_area_mm(docx) - layout.HEADER_LEFT_MM
    if block.parent_agency:  # a People's Committee has none above its own name
        agency = layout.balanced(
            block.parent_agency.upper(), layout.AGENCY_PT, False, layout.HEADER_LEFT_MM
        )
        _text(left.paragraphs[0], agency, layout.AGENCY_PT)
    unit = block.unit.upper()
    balanced = layout.balanced(unit, layout.AGENCY_PT, True, layout.HEADER_LEFT_MM)
    _text(_next_paragraph(left), balanced, layout.AGENCY_PT, bold=True)
    _rule(left.add_paragraph(), layout.unit_rule_mm(unit), layout.HEADER_LEFT_MM)
    _text(right.paragraphs[0], NATIONAL_TITLE, layout.NATIONAL_TITLE_PT, bold=True)
    _text(right.add_paragraph(), MOTTO, layout.MOTTO_PT, bold=True)
    _rule(right.add_paragraph(), layout.text_width_mm(MOTTO, layout.MOTTO_PT, True), right_mm)
    number, place_date = rows[1] if second else (left, right)
    if block.number:
        _text(_next_paragraph(number), block.number, layout.AGENCY_PT)
    if block.place_date:
        _text(_next_paragraph(place_date), block.place_date, layout.MOTTO_PT, italic=True)
    if second:
        for cell in rows[1]:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # one baseline
    docx.add_paragraph()


def _next_paragraph(cell: _Cell) -> DocxParagraph:
    """The cell's own empty paragraph while it has no text, else a new one."""
    first = cell.paragraphs[0]
    return first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()


def _title(docx: DocxDocument, block: Title) -> None:
    kind = _text(docx.add_paragraph(), block.kind, bold=True)
    kind.paragraph_format.keep_with_next = True
    for line in block.lines:
        text = layout.balanced(line, layout.BODY_PT, True, _text_area_mm(docx))
        _text(docx.add_paragraph(), text, bold=True).paragraph_format.keep_with_next = True
    if block.lines:
        longest = max(layout.text_width_mm(line, layout.BODY_PT, True) for line in block.lines)
        width = _text_area_mm(docx)
        _rule(docx.add_paragraph(), min(longest, width) / 3, width)


def _body(docx: DocxDocument, block: Paragraph) -> None:
    paragraph = _text(
        docx.add_paragraph(),
        block.text,
        bold=block.bold,
        italic=block.italic,
        align=CENTRE if block.centred else JUSTIFY,
        space_after=layout.SPACE_AFTER_PT,
    )
    if block.indent and not block.centred:
        paragraph.paragraph_format.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM)


def _heading(docx: DocxDocument, block: Heading) -> None:
    paragraph = _text(
        docx.add_paragraph(),
        block.text,
        bold=True,
        align=JUSTIFY,
        space_after=layout.SPACE_AFTER_PT,
    )
    paragraph.paragraph_format.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM)
    paragraph.paragraph_format.keep_with_next = True  # never alone at the bottom of a page


def _table(docx: DocxDocument, block: Table) -> None:
    table = docx.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = docx.styles["Table Grid"]
    table.autofit = False
    _cell_margins(table, layout.CELL_PADDING_MM)  # as the PDF pads its cells
    # Indented by that padding, which Word and LibreOffice take back: the ruled lines stand on
    # the margins, as in the PDF, and the table is as wide as the text.
    indent = SubElement(table._tbl.tblPr, qn("w:tblInd"))
    indent.set(qn("w:w"), str(round(layout.CELL_PADDING_MM * 1440 / 25.4)))
    indent.set(qn("w:type"), "dxa")
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    header._tr.get_or_add_trPr().append(repeat)
    for r, (row, values) in enumerate(zip(table.rows, (block.headers, *block.rows), strict=True)):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, value, width in zip(row.cells, values, block.widths_mm, strict=True):
            cell.width = Mm(width)
            if r == 0:
                text, size = layout.header_cell(value, width)
                _text(cell.paragraphs[0], text, size, bold=True)
            else:
                _text(cell.paragraphs[0], value, block.size_pt, align=LEFT)
    for column, width in zip(table.columns, block.widths_mm, strict=True):
        column.width = Mm(width)
    docx.add_paragraph()


def _shrink(paragraph: DocxParagraph) -> None:
    """The blank line after a table that ends the document, which Word needs there, made 1 pt
    high: a full table must not push it onto a page of its own."""
    paragraph.paragraph_format.space_after = 0
    paragraph.paragraph_format.line_spacing = Pt(1)
    mark = SubElement(paragraph._p.get_or_add_pPr(), qn("w:rPr"))  # the paragraph mark's size
    SubElement(mark, qn("w:sz"), {qn("w:val"): "2"})


def _signature(cell: _Cell, column: SignatureColumn | Recipients | None, gap: bool = False) -> None:
    """`gap`: a blank line first (the Nơi nhận under a signature)."""
    first = cell.add_paragraph() if gap else cell.paragraphs[0]
    if isinstance(column, Recipients):
        _text(first, "Nơi nhận:", layout.RECIPIENTS_TITLE_PT, bold=True, italic=True, align=LEFT)
        for item in column.items:
            _text(cell.add_paragraph(), item, layout.RECIPIENTS_PT, align=LEFT)
    elif isinstance(column, SignatureColumn):
        paragraphs = [first] + [cell.add_paragraph() for _ in column.lines[1:]]
        for paragraph, line in zip(paragraphs, column.lines, strict=True):
            _text(paragraph, line, bold=True)
        if column.note:
            _text(cell.add_paragraph(), column.note, italic=True)
        for name in column.names or ("",):
            for _ in range(layout.SIGNING_ROOM_LINES):  # room to sign and stamp
                cell.add_paragraph()
            if name:
                _text(cell.add_paragraph(), name, bold=True)


def _signatures(docx: DocxDocument, block: Signatures) -> None:
    body = docx.element.body
    last = body[-2] if len(body) > 1 else None  # the element before the section properties
    if last is not None and last.tag == qn("w:p"):  # the last words go over with the block
        DocxParagraph(last, docx._body).paragraph_format.keep_with_next = True
    docx.add_paragraph().paragraph_format.keep_with_next = True
    rows = _columns(docx, _text_area_mm(docx) / 2, rows=2 if block.below else 1)
    left, right = rows[0]
    _signature(left, block.left)
    _signature(right, block.right)
    if block.below:
        for paragraph in (*left.paragraphs, *right.paragraphs):  # the rows on one page
            paragraph.paragraph_format.keep_with_next = True
        _signature(rows[1][0], block.below, gap=True)


_RENDER = {
    HeaderBlock: _header,
    Title: _title,
    Paragraph: _body,
    Heading: _heading,
    Table: _table,
    Signatures: _signatures,
}


def set_properties(docx: DocxDocument, title: str, subject: str, author: str) -> None:
    """Title, subject and author as the PDF's; written now by the unit, not the 2013 "python-docx"
    of the blank template."""
    now = datetime.now(UTC).replace(microsecond=0)
    properties = docx.core_properties
    properties.title = _property(title)
    properties.subject = _property(subject)
    properties.author = properties.last_modified_by = _property(author)
    properties.created = properties.modified = now
    properties.revision = 1
    properties.keywords = properties.comments = properties.category = ""
    for part in docx.part.package.iter_parts():  # python-docx has no API for this part
        if part.partname == "/docProps/app.xml":  # "Microsoft Macintosh Word", "Normal.dotm"
            part._blob = _EXTENDED_PROPERTIES.format(
                application=escape(layout.CREATOR, quote=False),
                company=escape(xml_safe(author), quote=False),
            ).encode()


PROPERTY_LIMIT = 255  # characters python-docx (and Word's dialog) allows a core property


def _property(text: str) -> str:
    """A file property: a campaign's name runs past 200 characters, and a title adds to it
    (the printed text is whole; only Word's File > Info shows this one cut with "…")."""
    text = xml_safe(text)
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


_EXTENDED_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application><Company>{company}</Company></Properties>"
)


def render_docx(document: Document, target: Path) -> Path:
    """Write `document` to `target` atomically (a partial file never takes its name)."""
    docx = _new_document(document.landscape)
    for block in document.blocks:
        _RENDER[type(block)](docx, block)
    if document.blocks and isinstance(document.blocks[-1], Table):
        _shrink(docx.paragraphs[-1])
    set_properties(docx, document.title, document.subject, document.author)
    with atomic_write(target) as partial:
        docx.save(str(partial))
    return target
