"""Every document of the demo dossier (plus the individual's Mẫu 08, with Lê Minh Châu
nominated too), read back: the DOCX and the PDF say the same thing, the PDF embeds subset
fonts and extracts as correct Vietnamese, the DOCX pages follow Decree 30, page numbers start on
page 2, and LibreOffice lays the DOCX out on as many pages as our PDF has."""

from __future__ import annotations

import unicodedata

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from sqlite_utils import Database

from app.services.dossier import write_documents
from tests.office import (
    convert_all,
    docx_lines,
    docx_table_headers,
    pdf_fonts,
    pdf_text,
    without_page_numbers,
    words,
)

DOCUMENTS = [
    "01_To_trinh",
    "01a_Danh_sach",
    "02_Bien_ban_hop_xet",
    "02a_Bien_ban_kiem_phieu",
    "03_Bao_cao_thanh_tich_Bo_phan_Tiep_cong_dan_phuong_Hoa_Sen",
    "03_Bao_cao_thanh_tich_Le_Minh_Chau",
]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory, demo_templates):
    """The dossier built once for the module, and LibreOffice's PDF of each DOCX."""
    root = tmp_path_factory.mktemp("dossier")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THIDUA_HOME", str(root / "home"))
        path = demo_templates.copy(root / "demo.sqlite")
        with Database(path) as db:
            nominate_chau(db)
            built = write_documents(db, root / "out", ("docx", "pdf"))
    files = {f.stem: f.parent for b in built for f in b.files}
    assert sorted(files) == DOCUMENTS
    office = convert_all([root / "out" / f"{name}.docx" for name in DOCUMENTS], "pdf", root / "lo")
    return root / "out", dict(zip(DOCUMENTS, office, strict=True))


def nominate_chau(db: Database) -> None:
    (candidate_id,) = db.execute(
        "SELECT c.id FROM candidates c JOIN people p ON p.id = c.person_id "
        "WHERE p.full_name = 'Lê Minh Châu'"
    ).fetchone()
    campaign_id, organisation_id, meeting_id = db.execute(
        "SELECT campaign_id, organisation_id, meeting_id FROM nominations"
    ).fetchone()
    db["nominations"].insert(
        {"campaign_id": campaign_id, "organisation_id": organisation_id,
         "candidate_id": candidate_id, "meeting_id": meeting_id}
    )  # fmt: skip


@pytest.mark.parametrize("name", DOCUMENTS)
def test_docx_and_pdf_say_the_same_in_correct_vietnamese(dossier, name):
    out, _ = dossier
    pages = pdf_text(out / f"{name}.pdf")
    assert not pages[0].strip().splitlines()[0].strip().isdigit()  # page 1 carries no number
    headers = docx_table_headers(out / f"{name}.docx")  # repeated on a page a table goes over to
    pdf_words = words(without_page_numbers(pages, headers))  # and page 2+ starts with its own
    docx_words = words(docx_lines(out / f"{name}.docx"))
    assert pdf_words == docx_words
    assert all(unicodedata.is_normalized("NFC", w) for w in pdf_words)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert "Độc lập - Tự do - Hạnh phúc" in pages[0]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdf_fonts_are_embedded_subsets(dossier, name):
    out, _ = dossier
    fonts = pdf_fonts(out / f"{name}.pdf")
    assert fonts and all(embedded and subset for _, embedded, subset in fonts)
    assert {n.split("+")[1] for n, _, _ in fonts} <= {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }  # fmt: skip
    assert (out / f"{name}.pdf").stat().st_size <= 150_000


@pytest.mark.parametrize("name", DOCUMENTS)
def test_docx_page_follows_decree_30(dossier, name):
    out, _ = dossier
    docx = open_docx(out / f"{name}.docx")
    (section,) = docx.sections
    landscape = name == "01a_Danh_sach"  # the wide table turns the page
    assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    size = (round(section.page_width / Mm(1)), round(section.page_height / Mm(1)))
    assert size == ((297, 210) if landscape else (210, 297))
    top, bottom, left, right = (
        round(m / Mm(1), 1)  # Word stores twentieths of a point
        for m in (section.top_margin, section.bottom_margin, section.left_margin,
                  section.right_margin)
    )  # fmt: skip
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    fonts = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0][0]
    assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {
        "Times New Roman"
    }
    assert section.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in section.header._element.xml


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_lays_out_the_docx_on_as_many_pages_as_our_pdf(dossier, name):
    out, office = dossier
    ours, theirs = pdf_text(out / f"{name}.pdf"), pdf_text(office[name])
    assert len(theirs) == len(ours)
    assert words(without_page_numbers(theirs)) == words(without_page_numbers(ours))


def test_the_figures_come_from_the_tally(dossier):
    out, _ = dossier
    collective = " ".join(
        docx_lines(out / "03_Bao_cao_thanh_tich_Bo_phan_Tiep_cong_dan_phuong_Hoa_Sen.docx")
    )
    assert "đã giải quyết 30/31 vụ việc thuộc thẩm quyền" in collective
    assert "(kỳ trước chuyển sang 2, phát sinh mới 29), đạt tỷ lệ 96,77%" in collective
    assert "Tiếp công dân 87 lượt với 132 người" in collective
    assert "bảo đảm số ngày tối thiểu" in collective
    assert "3. Chức năng, nhiệm vụ: Tham mưu giúp Chủ tịch UBND phường" in collective
    assert "THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu) Nguyễn Văn An" in collective  # its head signs
    individual = " ".join(docx_lines(out / "03_Bao_cao_thanh_tich_Le_Minh_Chau.docx"))
    assert "giải quyết 9/9 vụ việc" in individual  # only the cases she handled
    assert "Không phát sinh khiếu nại, tố cáo." in individual
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in individual and "Sinh ngày: 25/01/1988" in individual
    assert "Tiếp công dân" not in individual  # the unit's reception is not hers
    danh_sach = " ".join(docx_lines(out / "01a_Danh_sach.docx"))
    assert "giải quyết 30/31 vụ việc thuộc thẩm quyền, đạt 96,77%" in danh_sach
    assert danh_sach.count("96,77%") == 1  # its summary gives the rate: not a second time
    assert "Công chức Tư pháp - Hộ tịch, UBND phường Hoa Sen" in danh_sach
    assert "Đã giải quyết 9/9 vụ việc được giao (100,00%)." in danh_sach


def test_the_secret_ballot_count_sorts_high_to_low(dossier):
    out, _ = dossier
    docx = open_docx(out / "02a_Bien_ban_kiem_phieu.docx")
    text = " ".join(docx_lines(out / "02a_Bien_ban_kiem_phieu.docx"))
    assert "1. Hoàng Văn Hải — Trưởng Ban kiểm phiếu;" in text
    assert "Số phiếu phát ra: 8; số phiếu thu vào: 8; số phiếu hợp lệ: 8" in text
    rows = [[c.text for c in row.cells] for row in docx.tables[1].rows[1:]]
    assert [r[2] for r in rows] == ["7", "5", "3", "1"]
    assert rows[0][1:] == ["Bộ phận Tiếp công dân phường Hoa Sen", "7", "77,78%"]
    signatures = [c.text for c in docx.tables[-1].rows[0].cells]
    assert "TRƯỞNG BAN KIỂM PHIẾU" in signatures[1] and "Hoàng Văn Hải" in signatures[1]
