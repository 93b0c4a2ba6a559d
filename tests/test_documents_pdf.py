"""The PDF renderer: the same text as the DOCX (ours and LibreOffice's reading of it), fonts
embedded as subsets with Vietnamese extracting correctly, page numbers from page 2, size."""

from __future__ import annotations

import pytest

from app.documents.docx_renderer import render_docx
from app.documents.pdf_renderer import render_pdf
from tests.document_text import text_lines
from tests.office import pdf_fonts, pdf_text, without_page_numbers, words
from tests.sample_documents import to_trinh


@pytest.fixture
def both(tmp_path):
    document = to_trinh(14)
    return (
        document,
        render_pdf(document, tmp_path / "01_To_trinh.pdf"),
        render_docx(document, tmp_path / "01_To_trinh.docx"),
    )


def test_pdf_text_is_the_models_with_correct_vietnamese(both):
    document, pdf, _ = both
    pages = pdf_text(pdf)
    assert len(pages) == 2
    assert words(without_page_numbers(pages)) == words(text_lines(document))
    assert "Độc lập - Tự do - Hạnh phúc" in pages[0]
    assert not pages[0].strip().splitlines()[0].strip().isdigit()  # page 1: no number


def test_docx_and_pdf_carry_the_same_text(both, office_pdfs):
    _, pdf, _ = both
    ours = words(without_page_numbers(pdf_text(pdf)))
    office = words(without_page_numbers(pdf_text(office_pdfs["to_trinh"])))  # of our DOCX
    assert ours == office


def test_fonts_are_embedded_subsets_of_liberation_serif(both):
    _, pdf, _ = both
    fonts = pdf_fonts(pdf)
    assert {name.split("+")[1] for name, _, _ in fonts} == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert all(embedded and subset for _, embedded, subset in fonts)


def test_a_two_page_document_is_small(both):
    _, pdf, _ = both
    assert pdf.stat().st_size <= 150_000


def test_a_long_table_repeats_its_header_row_on_every_page(tmp_path, office_pdfs):
    from tests.sample_documents import danh_sach

    document = danh_sach(60)
    pdf_pages = pdf_text(render_pdf(document, tmp_path / "ds.pdf"))
    office_pages = pdf_text(office_pdfs["danh_sach"])  # LibreOffice's reading of our DOCX
    for pages in (pdf_pages, office_pages):
        assert len(pages) >= 2
        assert all("Tóm tắt thành tích" in page for page in pages)  # the header, every page
    body = words(text_lines(document))
    headers = words(document.blocks[1].headers)

    def without_repeated_headers(pages):  # each page after the first repeats the header row
        found = words(without_page_numbers(pages))
        for _ in pages[1:]:
            start = found.index(headers[0], len(headers))
            del found[start : start + len(headers)]
        return found

    assert without_repeated_headers(pdf_pages) == body
    assert without_repeated_headers(office_pages) == body


def test_a_table_row_taller_than_a_page_goes_on_over_the_next_pages(tmp_path):
    """A summary of achievements of a thousand words is one row of the danh sách: no page can
    hold it whole, so it continues on the next page (its header repeated) rather than failing
    the whole build, with every word printed."""
    from msgspec.structs import replace

    from app.documents.model import Table

    summary = "Duy trì tiếp công dân thường xuyên, giải quyết đơn đúng hạn; " * 120 + "HẾT Ô."
    table = Table(("STT", "Tên tập thể", "Tóm tắt thành tích"),
                  (("1", "Bộ phận Tiếp công dân", summary),), (12.0, 40.0, 113.0))  # fmt: skip
    document = to_trinh(1)
    document = replace(document, blocks=(*document.blocks[:-1], table, document.blocks[-1]))
    pages = pdf_text(render_pdf(document, tmp_path / "dai.pdf"))
    assert len(pages) >= 3
    text = " ".join(" ".join(page.split()) for page in pages)
    assert text.count("Duy trì tiếp công dân thường xuyên") == 120 and "HẾT Ô." in text
    assert all("Tóm tắt thành tích" in page for page in pages[1:])  # the header on each page
