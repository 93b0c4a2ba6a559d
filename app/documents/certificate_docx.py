"""Certificates as a Word file: one page per awardee, each text a paragraph in a frame fixed to
the page (w:framePr), so Word and LibreOffice put it where the form says, whatever the margins;
the border is the page's own border (w:pgBorders)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml.etree import SubElement

from app.atomic import atomic_write
from app.core.text import xml_safe
from app.documents import layout
from app.documents.certificates import PT_TO_MM, RULE_PT, Border, CertificateSet, PlacedText
from app.documents.docx_renderer import XML_SPACE, set_properties, styled_template

TWIPS_PER_MM = 1440 / 25.4


def _twips(mm: float) -> str:
    return str(round(mm * TWIPS_PER_MM))


def _page_borders(sectpr, border: Border) -> None:
    """The frame `inset_mm` from the sheet's edge: one line, or two a line's width apart."""
    borders = SubElement(sectpr, qn("w:pgBorders"), {qn("w:offsetFrom"): "page"})
    # after w:pgMar, as the schema orders a section's properties
    margins = sectpr.find(qn("w:pgMar"))
    margins.addnext(borders)
    for side in ("top", "left", "bottom", "right"):
        SubElement(borders, qn(f"w:{side}"), {
            qn("w:val"): "double" if border.double else "single",
            qn("w:sz"): str(round(border.line_pt * 8)),  # eighths of a point
            qn("w:space"): str(round(border.inset_mm / PT_TO_MM)),
            qn("w:color"): border.colour[1:],
        })  # fmt: skip


def _framed(body, text: PlacedText) -> None:
    left, width = text.box()
    p = SubElement(body, qn("w:p"))
    ppr = SubElement(p, qn("w:pPr"))
    SubElement(ppr, qn("w:framePr"), {
        qn("w:w"): _twips(width), qn("w:x"): _twips(left), qn("w:y"): _twips(text.top_mm),
        qn("w:hAnchor"): "page", qn("w:vAnchor"): "page", qn("w:wrap"): "around",
    })  # fmt: skip
    if text.rule:
        borders = SubElement(ppr, qn("w:pBdr"))
        SubElement(borders, qn("w:bottom"), {
            qn("w:val"): "single", qn("w:sz"): str(round(RULE_PT * 8)), qn("w:space"): "1",
            qn("w:color"): text.colour[1:],
        })  # fmt: skip
    line = str(round(text.size_pt * layout.LINE_HEIGHT * 20))  # the PDF's leading
    SubElement(ppr, qn("w:spacing"), {
        qn("w:before"): "0", qn("w:after"): "0", qn("w:line"): line, qn("w:lineRule"): "exact",
    })  # fmt: skip
    SubElement(ppr, qn("w:jc"), {qn("w:val"): text.align})
    run = SubElement(p, qn("w:r"))
    rpr = SubElement(run, qn("w:rPr"))
    if text.bold:
        SubElement(rpr, qn("w:b"))
    if text.italic:
        SubElement(rpr, qn("w:i"))
    SubElement(rpr, qn("w:color"), {qn("w:val"): text.colour[1:]})
    half_points = str(round(text.size_pt * 2))
    SubElement(rpr, qn("w:sz"), {qn("w:val"): half_points})
    SubElement(rpr, qn("w:szCs"), {qn("w:val"): half_points})
    for number, line in enumerate(text.text.split("\n")):
        if number:
            SubElement(run, qn("w:br"))
        SubElement(run, qn("w:t"), {XML_SPACE: "preserve"}).text = xml_safe(line)


def _anchor(body, new_page: bool) -> None:
    """An empty paragraph the frames before it hang on; each page after the first starts
    with one that breaks the page."""
    p = SubElement(body, qn("w:p"))
    ppr = SubElement(p, qn("w:pPr"))
    if new_page:
        SubElement(ppr, qn("w:pageBreakBefore"))
    SubElement(ppr, qn("w:spacing"), {qn("w:after"): "0", qn("w:line"): "20",
                                      qn("w:lineRule"): "exact"})  # fmt: skip


def render_certificates_docx(certificates: CertificateSet, target: Path) -> Path:
    """Every page of `certificates` into one DOCX at `target`, atomically."""
    docx = new_docx(BytesIO(styled_template()))
    section = docx.sections[0]
    sheet = certificates.sheet
    landscape = sheet.width_mm > sheet.height_mm
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(sheet.width_mm), Mm(sheet.height_mm)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(15))  # the frames are placed from the sheet's edge
    body = docx.element.body
    sectpr = body.find(qn("w:sectPr"))
    for p in body.findall(qn("w:p")):  # the blank's own empty paragraph
        body.remove(p)
    if sheet.border:
        _page_borders(sectpr, sheet.border)
    for number, page in enumerate(certificates.pages):
        if number:
            _anchor(body, new_page=True)
        for text in page:
            _framed(body, text)
        _anchor(body, new_page=False)
    body.append(sectpr)  # the section's properties close the body
    set_properties(docx, certificates.title, certificates.subject, certificates.author)
    with atomic_write(target) as partial:
        docx.save(str(partial))
    return target
