"""The DOCX renderer read back: Decree 30 page, margins and fonts, the model's text in order,
page numbers from page 2 — and LibreOffice's opinion of the file."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from msgspec.structs import replace

from app.documents import docx_template
from app.documents.docx_renderer import render_docx, styled_template
from tests.document_text import text_lines
from tests.office import docx_lines, pdf_text
from tests.sample_documents import to_trinh


def test_the_shipped_blank_is_what_its_generator_makes():
    """Part for part: a python-docx release with another blank, or a change to the styling,
    fails here until `python -m app.documents.docx_template --write` is run again."""

    def parts(package: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(package)) as docx:
            return {name: docx.read(name) for name in docx.namelist()}

    assert parts(styled_template()) == parts(docx_template.made())


@pytest.fixture
def rendered(tmp_path):
    document = to_trinh(14)
    path = render_docx(document, tmp_path / "01_To_trinh.docx")
    return document, path


def test_page_and_margins_follow_decree_30(rendered):
    _, path = rendered
    section = open_docx(path).sections[0]

    def mm(length) -> float:  # Word stores twips: compare to the tenth of a millimetre
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert 20 <= mm(section.top_margin) <= 25 and 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35 and 15 <= mm(section.right_margin) <= 20


def test_every_style_uses_times_new_roman_in_every_slot_in_vietnamese(rendered):
    _, path = rendered
    docx = open_docx(path)
    defaults = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    elements = [defaults.find(qn("w:rPr"))] + [
        style.element.rPr for style in docx.styles if style.element.rPr is not None
    ]
    assert sorted(s.name for s in docx.styles) == [
        "Default Paragraph Font", "Header", "No List", "Normal", "Normal Table", "Table Grid"
    ]  # fmt: skip
    for rpr in elements:
        fonts = rpr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == "Times New Roman"
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            assert fonts.get(qn(theme)) is None
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_the_text_is_the_models_in_order_and_nfc(rendered):
    document, path = rendered
    paragraphs = docx_lines(path)
    assert paragraphs == text_lines(document)
    assert all(unicodedata.is_normalized("NFC", p) for p in paragraphs)


def test_header_block_type(rendered):
    _, path = rendered
    header = open_docx(path).tables[0].rows[0].cells
    unit = header[0].paragraphs[1].runs[0]
    assert unit.text == "UBND PHƯỜNG HOA SEN" and unit.bold and unit.font.size.pt == 13
    motto = header[1].paragraphs[1].runs[0]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.font.size.pt == 14
    number, date_line = (c.paragraphs[0].runs[0] for c in open_docx(path).tables[0].rows[1].cells)
    assert number.text == "Số: 05/TTr-UBND"  # level with the date, in a row of their own
    assert date_line.italic and date_line.text.endswith("ngày 05 tháng 02 năm 2025")
    rules = [p for cell in header for p in cell.paragraphs if p._p.find(qn("w:pPr")) is not None
             and p._p.pPr.find(qn("w:pBdr")) is not None]  # fmt: skip
    assert len(rules) == 2  # under the unit and under the motto


def test_page_numbers_from_page_two(rendered):
    _, path = rendered
    section = open_docx(path).sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    fields = section.header._element.iter(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]


def test_headings_keep_with_their_text_and_signatures_do_not_split(rendered):
    _, path = rendered
    docx = open_docx(path)
    heading = next(p for p in docx.paragraphs if p.text == "I. KẾT QUẢ HỌP XÉT")
    assert heading.paragraph_format.keep_with_next
    signature_row = docx.tables[-1].rows[0]._tr
    assert signature_row.trPr.find(qn("w:cantSplit")) is not None


def test_libreoffice_opens_it_as_two_pages_numbered_from_the_second(office_pdfs):
    pages = pdf_text(office_pdfs["to_trinh"])  # our DOCX of to_trinh(14), as `rendered` has it
    assert len(pages) == 2
    assert "Độc lập - Tự do - Hạnh phúc" in pages[0] and "Số: 05/TTr-UBND" in pages[0]
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert "Nguyễn Văn An" in pages[1]
    first_lines = [line.strip() for line in pages[0].strip().splitlines()[:1]]
    assert first_lines[0] != "1"  # no number on page 1


def test_a_campaign_name_past_the_property_limit_is_cut_in_the_properties_only(tmp_path):
    """Word keeps a file property to 255 characters; a real campaign's name is over 200 and a
    title adds to it. The document's own text stays whole."""
    from app.documents.model import HeaderBlock, Title

    long_name = "phong trào thi đua " + "lập thành tích xuất sắc, " * 12 + "năm 2025"
    unit = "UBND phường " + "Hoa Sen " * 40
    header = HeaderBlock("UBND thành phố Lạng Sơn", unit, "Số: 01/BB", "Hoa Sen, ngày 01/11/2025")
    title = Title("BIÊN BẢN", (f"Kiểm phiếu {long_name}",))
    document = replace(to_trinh(1), subject=long_name,
                       blocks=(header, title, *to_trinh(1).blocks[2:]))  # fmt: skip
    path = render_docx(document, tmp_path / "dai.docx")
    properties = open_docx(path).core_properties
    for value, whole in ((properties.title, document.title), (properties.subject, long_name),
                         (properties.author, document.author)):  # fmt: skip
        assert len(whole) > 255
        assert len(value) == 255 and value.endswith("…") and whole.startswith(value[:-1])
    assert f"Kiểm phiếu {long_name}" in " ".join(
        p.text.replace("\n", " ") for p in open_docx(path).paragraphs
    )  # the printed title whole
