"""Our PDF is laid out as LibreOffice lays out our DOCX (issue 18, points 9, 10 and 12): the
same pages starting with the same words for every document of the unit's dossier and of the
Inspectorate's consolidated proposal; a long unit name that needs two lines is broken evenly and
leaves "Số:" level with the place and date; a title or a table header never leaves one word
alone on a line; both files carry the document's title, campaign and unit as properties."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document as open_docx
from sqlite_utils import Database

from app.documents.docx_renderer import render_docx
from app.documents.layout import balanced
from app.documents.model import Document, HeaderBlock, Paragraph, Table, Title
from app.documents.pdf_renderer import render_pdf
from app.services.dossier import write_documents
from tests.office import convert_all, pdf_text, tool
from tests.package_factory import Nominee, unit_package
from tests.test_dossier_documents import DOCUMENTS, nominate_chau
from tests.test_scores_unit import score_the_demo

UNITS = ("Đông", "Tây", "Hoa Sen thành phố Lạng Sơn", "Chi Lăng", "Tam Thanh", "Vĩnh Trại")


def page_starts(pdf: Path, count: int = 3) -> list[str]:
    """The first `count` words of every page, after the page number of page 2 onwards."""
    starts = []
    for number, page in enumerate(pdf_text(pdf), start=1):
        words = unicodedata.normalize("NFC", page).split()
        if number > 1 and words[:1] == [str(number)]:
            words = words[1:]
        starts.append(" ".join(words[:count]))
    return starts


@pytest.fixture(scope="module")
def documents(tmp_path_factory, demo_templates) -> dict[str, tuple[Path, Path]]:
    """Our PDF and LibreOffice's PDF of our DOCX, for every document of the demo dossier (with
    Lê Minh Châu's report) and of the Inspectorate's proposal for six units' shortlist: one
    LibreOffice start for all of them."""
    from app.services.demo import create_inspectorate
    from app.services.inspectorate_report import write_decision, write_report
    from app.services.receipts import write_receipts
    from app.store.database import open_store
    from tests.test_inbox import (
        Appraisal,
        appraise,
        campaign_of,
        consolidated,
        propose_shortlist,
        receive,
    )

    root = tmp_path_factory.mktemp("parity")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THIDUA_HOME", str(root / "home"))
        with Database(demo_templates.copy(root / "demo.sqlite")) as db:
            nominate_chau(db)
            score_the_demo(db)  # a campaign that ranks by points: its Bảng tự chấm điểm
            write_documents(db, root / "out", ("docx", "pdf"))
        create_inspectorate(root / "tt.sqlite").close()
        inbox = open_store(root / "tt.sqlite", auto_backup=False)
        try:
            for n, unit in enumerate(UNITS):
                nominees = [
                    Nominee("collective", f"Tổ tiếp công dân phường {unit}"),
                    Nominee("individual", f"Nguyễn Văn {unit}", votes=8),
                    Nominee("individual", f"Trần Thị {unit}", votes=9),
                ]
                receive(inbox, unit_package(root / f"{n}.zip", f"UBND phường {unit}", nominees))
            for nominee in consolidated(inbox.db, "ls-tcd-2025"):
                appraise(inbox.db, nominee.id, Appraisal.PASS)
            propose_shortlist(inbox.db, campaign_of(inbox))
            write_report(inbox.db, root / "out", ("docx", "pdf"))
            write_decision(inbox.db, root / "out", ("docx", "pdf"), "5", date(2025, 11, 20))
            receipts = write_receipts(inbox.db, "ls-tcd-2025", root / "out", ("docx", "pdf"))
        finally:
            inbox.close()
    (receipt, *_) = sorted(f.stem for f in receipts.printed if f.suffix == ".docx")
    names = [*DOCUMENTS, SCORES, *INSPECTORATE_DOCUMENTS, receipt]
    office = convert_all([root / "out" / f"{n}.docx" for n in names], "pdf", root / "lo")
    found = {n: (root / "out" / f"{n}.pdf", lo) for n, lo in zip(names, office, strict=True)}
    found[RECEIPT] = found.pop(receipt)
    return found


INSPECTORATE_DOCUMENTS = [
    "TT01_To_trinh_tong_hop",
    "TT01a_Danh_sach_tong_hop",
    "TT02_Bao_cao_tham_dinh",
    "QD_Quyet_dinh_khen_thuong",
]
RECEIPT = "bien-nhan (the first unit's)"
SCORES = "04_Bang_tu_cham_diem"


@pytest.mark.parametrize("name", [*DOCUMENTS, SCORES, *INSPECTORATE_DOCUMENTS, RECEIPT])
def test_our_pdf_breaks_pages_where_libreoffice_breaks_our_docx(documents, name):
    ours, office = documents[name]
    assert page_starts(ours) == page_starts(office)


# A document with what broke badly (issue 18.10): a unit name too long for its column, a title
# line whose last word pair fell alone, table headers split inside a phrase.
LONG = Document(
    "Dai",
    (
        HeaderBlock(
            "UBND thành phố Lạng Sơn",
            "UBND phường Hoa Sen thành phố Lạng Sơn",
            "Số: 05/TTr-UBND",
            "Hoa Sen, ngày 05 tháng 02 năm 2025",
        ),
        Title(
            "BÁO CÁO THÀNH TÍCH",
            ("ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ NỘI VỤ THÀNH PHỐ LẠNG SƠN",),
        ),
        Paragraph("Nội dung."),
        Table(
            (
                "STT",
                "Họ và tên",
                "Năm sinh (Nam/ Nữ)",
                "Số phiếu đồng ý",
                "Số phiếu đồng ý / tổng số thành viên",
                "Ghi chú",
            ),
            (("1", "Lê Minh Châu", "1990 (Nữ)", "08", "08/09", ""),),
            (12, 25, 22, 30, 38, 38),
        ),
    ),
    subject="Phong trào thi đua năm 2025",
)
INSPECTORATE = Document(
    "Thanh_tra",
    (
        HeaderBlock(
            "UBND thành phố Lạng Sơn",
            "Thanh tra thành phố Lạng Sơn",
            "Số: 07/TTr-TTr",
            "Lạng Sơn, ngày 10 tháng 12 năm 2025",
        ),
        Title("TỜ TRÌNH", ("Về việc đề nghị tặng Giấy khen",)),
    ),
)


@pytest.fixture(scope="module")
def long_names(tmp_path_factory) -> dict[str, tuple[Path, Path, Path]]:
    """(DOCX, our PDF, LibreOffice's PDF of the DOCX) of each document above."""
    root = tmp_path_factory.mktemp("long")
    docs = {d.name: d for d in (LONG, INSPECTORATE)}
    docx = [render_docx(d, root / f"{name}.docx") for name, d in docs.items()]
    for name, d in docs.items():
        render_pdf(d, root / f"{name}.pdf")
    office = convert_all(docx, "pdf", root / "lo")
    return {
        name: (word, root / f"{name}.pdf", lo)
        for name, word, lo in zip(docs, docx, office, strict=True)
    }


def lines(pdf: Path) -> list[tuple[float, str]]:
    """(baseline, text) of every line of page 1, as poppler groups words into lines."""
    xml = subprocess.run(
        [tool("pdftotext"), "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    out = []
    for y_max, body in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', xml, re.S):  # fmt: skip  # noqa: E501
        words = re.findall(r">([^<]*)</word>", body)
        out.append((float(y_max), unicodedata.normalize("NFC", " ".join(words))))
    return out


def line_of(found: list[tuple[float, str]], start: str) -> float:
    (y,) = [y for y, text in found if text.startswith(start)]
    return y


@pytest.mark.parametrize("name", ["Dai", "Thanh_tra"])
@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_a_long_unit_name_leaves_so_level_with_the_date(long_names, name, which):
    _, ours, office = long_names[name]
    found = lines(ours if which == "ours" else office)
    number = line_of(found, "Số:")
    assert line_of(found, "Hoa Sen, ngày" if name == "Dai" else "Lạng Sơn, ngày") == (
        pytest.approx(number, abs=1.5)
    )
    texts = [t for _, t in found]
    if name == "Dai":  # 110 mm in a 72 mm column: two even lines, not "… LẠNG" / "SƠN"
        assert "UBND PHƯỜNG HOA SEN" in texts and "THÀNH PHỐ LẠNG SƠN" in texts
    else:  # 82 mm: broken before "THÀNH PHỐ", not inside it ("THANH TRA THÀNH" / "PHỐ …")
        assert "THANH TRA" in texts and "THÀNH PHỐ LẠNG SƠN" in texts


def test_the_docx_puts_so_and_the_date_in_one_row(long_names):
    docx = open_docx(str(long_names["Dai"][0]))
    header = docx.tables[0]
    assert [c.text for c in header.rows[-1].cells] == [
        "Số: 05/TTr-UBND",
        "Hoa Sen, ngày 05 tháng 02 năm 2025",
    ]


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_titles_and_table_headers_break_between_phrases(long_names, which):
    _, ours, office = long_names["Dai"]
    found = [t for _, t in lines(ours if which == "ours" else office)]
    # the title's last line is not "LẠNG SƠN" alone, nor is "GIÁM" / "ĐỐC" cut in two
    assert "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC" in found
    assert "SỞ NỘI VỤ THÀNH PHỐ LẠNG SƠN" in found
    assert "(Nam/ Nữ)" in found and "Nam/" not in found  # one piece
    assert "đồng ý" in found and "ý" not in found  # "Số phiếu" / "đồng ý"
    assert "tổng số thành viên" in found  # a free-standing slash may end a line


def test_both_files_carry_title_campaign_and_unit(long_names, tmp_path):
    docx, pdf, _ = long_names["Dai"]
    properties = open_docx(str(docx)).core_properties
    title = "Báo cáo thành tích ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ NỘI VỤ THÀNH PHỐ LẠNG SƠN"
    assert properties.title == title
    assert properties.subject == "Phong trào thi đua năm 2025"
    assert (
        properties.author == properties.last_modified_by == "UBND phường Hoa Sen thành phố Lạng Sơn"
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    for moment in (properties.created, properties.modified):
        assert abs(moment.replace(tzinfo=None) - now) < timedelta(hours=1)  # not 2013
    info = subprocess.run(
        [tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == title
    assert fields["Subject"].strip() == "Phong trào thi đua năm 2025"
    assert fields["Author"].strip() == "UBND phường Hoa Sen thành phố Lạng Sơn"
    assert fields["Creator"].strip() == "Hồ sơ Thi đua"
    with zipfile.ZipFile(docx) as archive:  # "Microsoft Macintosh Word" of the blank template
        extended = archive.read("docProps/app.xml").decode()
    assert "<Application>Hồ sơ Thi đua</Application>" in extended and "Macintosh" not in extended
    assert "<Company>UBND phường Hoa Sen thành phố Lạng Sơn</Company>" in extended


def test_the_dossiers_files_are_titled_by_their_document(documents):
    ours, _ = documents["01_To_trinh"]
    docx = open_docx(str(ours.with_suffix(".docx"))).core_properties
    assert docx.title.startswith("Tờ trình về việc đề nghị tặng Giấy khen")
    assert docx.author == "UBND phường Hoa Sen" and "python-docx" not in (docx.author or "")
    assert docx.subject.startswith("Phong trào thi đua")


@pytest.mark.parametrize(
    ("text", "size", "width", "lines"),
    [
        ("ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND THÀNH PHỐ LẠNG SƠN", 14, 165,
         ["ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH", "UBND THÀNH PHỐ LẠNG SƠN"]),
        ("Họp xét đề nghị khen thưởng phong trào thi đua lập thành tích xuất sắc trong công tác "
         "tiếp công dân, giải quyết đơn đề nghị, khiếu nại, tố cáo và phòng, chống tham nhũng "
         "năm 2025", 14, 165,
         ["Họp xét đề nghị khen thưởng phong trào thi đua lập thành tích xuất sắc",
          "trong công tác tiếp công dân, giải quyết đơn đề nghị,",
          "khiếu nại, tố cáo và phòng, chống tham nhũng năm 2025"]),
        ("ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG KINH THÀNH PHỐ LẠNG SƠN", 13, 72,
         ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔNG KINH", "THÀNH PHỐ LẠNG SƠN"]),
        ("Tỷ lệ so với tổng số thành viên", 12, 37, ["Tỷ lệ so với", "tổng số thành viên"]),
        ("Năm sinh (Nam/ Nữ)", 12, 19, ["Năm sinh", "(Nam/ Nữ)"]),
        ("Tóm tắt thành tích", 12, 60, ["Tóm tắt thành tích"]),  # fits: left as it is
        ("Siêudàikhôngngắtđược ở đây", 12, 20, ["Siêudàikhôngngắtđược", "ở đây"]),
    ],
)  # fmt: skip
def test_lines_break_between_phrases_not_inside_them(text, size, width, lines):
    """As few lines as the width needs, each starting a phrase where one can ("CỦA …",
    "THÀNH PHỐ …", "trong …", after a comma), else as even as they can be; a word too long
    for the width stands alone on its line."""
    assert balanced(text, size, True, width).split("\n") == lines


def test_every_number_line_has_a_number_or_a_line_to_fill(documents):
    """ "Số:        /BC-TTr" printed its blank as spaces, which collapse to "Số: /BC-TTr"."""
    numbers = {
        name: re.findall(r"Số: *(\S+)", " ".join(pdf_text(ours)))
        for name, (ours, _) in documents.items()
    }
    assert numbers["TT02_Bao_cao_tham_dinh"] == ["……/BC-TTr"]
    for name, found in numbers.items():
        assert all(re.match(r"(\d{2,}|……)/", n) for n in found), (name, found)


@pytest.mark.parametrize("name", ["01a_Danh_sach", "TT01a_Danh_sach_tong_hop"])
def test_the_danh_sach_reference_is_italic_in_both_lists(documents, name):
    """Decree 30: "(Kèm theo Tờ trình số …)" is italic; the Inspectorate's printed it bold."""
    ours, _ = documents[name]
    runs = [r for p in open_docx(str(ours.with_suffix(".docx"))).paragraphs for r in p.runs
            if r.text.startswith("(Kèm theo Tờ trình")]  # fmt: skip
    assert runs and all(r.italic and not r.bold for r in runs)
