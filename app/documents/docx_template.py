"""The blank every DOCX starts from: python-docx's own, each style set to Decree 30's font and
language and what a dossier never uses taken out. Made here and shipped in resources/docx,
since making it costs each process ~20 ms of python-docx:

    python -m app.documents.docx_template --write

A test makes it again and compares, so a python-docx release with another blank, or a change
here, cannot go unshipped."""

from __future__ import annotations

import sys
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from app.documents import layout
from app.paths import resources_dir

TEMPLATE_NAME = "mau-trang.docx"
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_NO_TIME = (1980, 1, 1, 0, 0, 0)  # the zip's times: the file changes only with its content


def _set_fonts(rpr) -> None:
    """Times New Roman in all four slots, no theme font to override it, Vietnamese."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), layout.FONT_NAME)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), layout.LANGUAGE)


def made() -> bytes:
    """python-docx's blank document with every style set to Decree 30's font and language."""
    from docx import Document as new_docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    docx = new_docx()
    # python-docx's blank carries parts a dossier has no use for: its own thumbnail (a
    # preview of another document), a Word 2010 copy of the styles, a bibliography store.
    for rels, unused in (
        (docx.part.rels, ("stylesWithEffects", "customXml")),
        (docx.part.package.rels, ("thumbnail",)),
    ):
        for key in [k for k, rel in rels.items() if rel.reltype.endswith(unused)]:
            del rels[key]
    # and some 160 styles (table designs, headings, lists) no dossier uses; Word offers its
    # built-in ones anyway. Only the defaults, "Table Grid" and "Header" stay: a tenth of the
    # XML to parse and zip for every document.
    styles = docx.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1" and style.get(qn("w:styleId")) not in (
            "TableGrid",
            "Header",
        ):
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in docx.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            _set_fonts(style.element.get_or_add_rPr())
    normal = docx.styles["Normal"]
    normal.font.size = Pt(layout.BODY_PT)
    normal.paragraph_format.space_after = Pt(layout.SPACE_AFTER_PT)
    normal.paragraph_format.line_spacing = 1.0
    saved = BytesIO()
    docx.save(saved)
    return _without_times(saved.getvalue())


def _without_times(package: bytes) -> bytes:
    out = BytesIO()
    with ZipFile(BytesIO(package)) as saved, ZipFile(out, "w") as fixed:
        for entry in saved.infolist():
            info = ZipInfo(entry.filename, date_time=_NO_TIME)
            fixed.writestr(info, saved.read(entry), compress_type=ZIP_DEFLATED)
    return out.getvalue()


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: python -m app.documents.docx_template --write  (writes {TEMPLATE_NAME})")
    folder = resources_dir() / "docx"
    folder.mkdir(exist_ok=True)
    (folder / TEMPLATE_NAME).write_bytes(made())
