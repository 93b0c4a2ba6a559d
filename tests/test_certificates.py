"""The Giấy khen print (issue 19, point 6): A4 landscape, one page per awardee of a decision
recorded in the Sổ vàng, texts where the form puts them (form data); on a pre-printed blank only
what it lacks, moved by the printer's offset; an alignment page first; the DOCX laid out as our
PDF by LibreOffice."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from app import settings
from app.cli import main
from app.documents.certificates import Border, check_offset, fill_certificates
from app.documents.errors import FormError
from app.paths import forms_dir, user_forms_dir
from app.services.awards import AwardsError, record_decision, write_certificates
from app.store.campaigns import active_campaign_id, set_campaign_value
from app.store.database import open_store
from tests.office import convert, pdf_fonts, pdf_text
from tests.test_awards_register import sign
from tests.test_decision import shortlisted  # noqa: F401 (a fixture)

NAMES = ["Tổ tiếp công dân phường Đông", "Tổ tiếp công dân phường Tây",
         "Nguyễn Văn Đông", "Nguyễn Văn Tây"]  # fmt: skip
MM = 72 / 25.4


@pytest.fixture
def recorded(shortlisted):  # noqa: F811
    """The demo Inspectorate's shortlist recorded under decision 12 of 01/07/2026, signed by
    the name its settings now hold."""
    store = open_store(shortlisted, auto_backup=False)
    sign(store.db)
    store.close()
    assert main(["--db", str(shortlisted), "awards", "record", "--number", "12",
                 "--date", "01/07/2026"]) == 0  # fmt: skip
    return shortlisted


def certificates(path, out, *arguments) -> int:
    return main(["--db", str(path), "awards", "certificates", "--out", str(out), *arguments])


def border_lines(pdf) -> list[float]:
    """Where (mm from the left edge) each line crossing the middle of page 1 starts, within
    the first 15 mm: the border's lines."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=600 / 72).to_pil().convert("L")
    finally:
        document.close()
    middle, starts, dark = image.height // 2, [], False
    for x in range(int(15 / 25.4 * 600)):
        now = image.getpixel((x, middle)) < 200
        if now and not dark:
            starts.append(round(x / 600 * 25.4, 2))
        dark = now
    return starts


def char_box(pdf, page: int, text: str) -> tuple[float, float]:
    """(left, top) in points of the first letter of `text` on `page`."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page].get_textpage()
        found = textpage.search(text).get_next()
        assert found, text
        left, _, _, top = textpage.get_charbox(found[0])
        return left, top
    finally:
        document.close()


def test_one_landscape_page_per_awardee_from_the_book(recorded, tmp_path, capsys):
    assert certificates(recorded, tmp_path / "gk") == 0
    out = capsys.readouterr().out
    assert "4 Giấy khen, mỗi người một trang." in out and "Còn thiếu" not in out
    pdf = tmp_path / "gk" / "GK_Giay_khen_QD_12_01-07-2026.pdf"
    pages = pdf_text(pdf)
    assert len(pages) == 4
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    document.close()
    assert (round(width / MM), round(height / MM)) == (297, 210)  # A4 landscape
    for number, (name, page) in enumerate(zip(NAMES, pages, strict=True), start=1):
        lines = [line.strip() for line in page.splitlines()]
        assert name in lines
        for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TẶNG",
                     "GIẤY KHEN", "CHỦ TỊCH UBND THÀNH PHỐ LẠNG SƠN", "Hoàng Văn Bình",
                     "Quyết định số 12/QĐ-UBND", "ngày 01/07/2026", f"Số sổ vàng: {number:02d}",
                     "Lạng Sơn, ngày 01 tháng 7 năm 2026"):  # fmt: skip
            assert line in lines, (line, lines)
        assert "Đã có thành tích" in page
    # an individual's page names the unit; a collective's has no such line
    assert "UBND phường Đông" in pages[2] and "UBND phường" not in pages[0].split("Tổ tiếp")[0]
    # the border: two red lines, 8 mm in from the edge, a line's width apart
    assert border_lines(pdf) == pytest.approx([8.0, 9.4], abs=0.25)
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, embedded, _ in fonts)
    assert all("LiberationSerif" in name for name, _, _ in fonts)


def test_the_docx_is_the_same_certificates_as_libreoffice_lays_them_out(recorded, tmp_path):
    assert certificates(recorded, tmp_path / "gk") == 0
    docx = tmp_path / "gk" / "GK_Giay_khen_QD_12_01-07-2026.docx"
    body = open_docx(docx).element.body
    frames = body.findall(f".//{qn('w:framePr')}")
    # every text of the form on every page: 14, less the position line on a collective's
    assert len(frames) == 2 * 13 + 2 * 14
    section = body.find(qn("w:sectPr"))
    size = section.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:orient"))) == ("16838", "landscape")
    borders = section.find(qn("w:pgBorders"))  # the decorative border, drawn as the PDF's
    top = borders.find(qn("w:top"))
    assert (top.get(qn("w:val")), top.get(qn("w:sz")), top.get(qn("w:space"))) == (
        "double", "16", "23"
    )  # fmt: skip
    assert {borders.find(qn(f"w:{side}")).get(qn("w:val"))
            for side in ("left", "bottom", "right")} == {"double"}  # fmt: skip
    office = convert(docx, "pdf", tmp_path / "lo")
    ours = pdf_text(tmp_path / "gk" / "GK_Giay_khen_QD_12_01-07-2026.pdf")
    theirs = pdf_text(office)
    assert len(theirs) == len(ours) == 4  # page parity
    for mine, libre in zip(ours, theirs, strict=True):
        assert sorted(mine.split()) == sorted(libre.split())
    # and each text at the same place on the sheet, to half a millimetre
    for text in ("Nguyễn Văn Đông", "Số sổ vàng", "GIẤY KHEN"):
        page = 2 if text == "Nguyễn Văn Đông" else 0
        (x1, y1), (x2, y2) = (char_box(p, page, text) for p in (tmp_path / "gk" /
                              "GK_Giay_khen_QD_12_01-07-2026.pdf", office))  # fmt: skip
        assert abs(x1 - x2) < 0.5 * MM and abs(y1 - y2) < 0.5 * MM, (text, x1, x2, y1, y2)


def test_a_name_the_pdf_font_cannot_print_refuses_the_pdf_before_any_file(
    recorded, tmp_path, capsys
):
    """As the dossier's PDF: a character Liberation Serif lacks would print as a gap on the
    Giấy khen. Refused, naming it, before any file is written; the DOCX alone is printed, and
    the alignment page, which prints only the first awardee's page, is not refused for it."""
    with sqlite3.connect(recorded) as db:
        db.execute("UPDATE awards_register SET recipient = 'Nguyễn Văn 王' WHERE "
                   "recipient = 'Nguyễn Văn Tây'")  # fmt: skip
    out = tmp_path / "gk"
    assert certificates(recorded, out) == 1
    err = capsys.readouterr().err
    assert "GK_Giay_khen_QD_12_01-07-2026.pdf" in err and "“王” (U+738B)" in err, err
    assert "Nguyễn Văn 王" in err
    assert not out.exists()  # not even the folder
    assert certificates(recorded, out, "--mode", "phoi") == 1
    assert "GK_Giay_khen_QD_12_01-07-2026_in_len_phoi.pdf" in capsys.readouterr().err
    assert certificates(recorded, out, "--format", "docx") == 0
    assert [p.name for p in out.glob("*.*")] == ["GK_Giay_khen_QD_12_01-07-2026.docx"]
    assert certificates(recorded, out, "--mode", "can-chinh") == 0


def test_on_a_blank_only_what_it_lacks_moved_by_the_offset(recorded, tmp_path):
    assert certificates(recorded, tmp_path / "gk", "--format", "pdf") == 0
    assert certificates(recorded, tmp_path / "phoi", "--mode", "phoi", "--format", "pdf",
                        "--offset-x", "3", "--offset-y", "-2") == 0  # fmt: skip
    plain = tmp_path / "gk" / "GK_Giay_khen_QD_12_01-07-2026.pdf"
    blank = tmp_path / "phoi" / "GK_Giay_khen_QD_12_01-07-2026_in_len_phoi.pdf"
    pages = pdf_text(blank)
    assert len(pages) == 4
    for page in pages:
        assert "CỘNG HÒA" not in page and "GIẤY KHEN" not in page  # pre-printed on the blank
        assert "TẶNG" in page and "Số sổ vàng" in page
    (x1, y1), (x2, y2) = (char_box(p, 0, "Số sổ vàng") for p in (plain, blank))
    assert x2 - x1 == pytest.approx(3 * MM, abs=0.2)
    assert y2 - y1 == pytest.approx(2 * MM, abs=0.2)  # 2 mm up: PDF's y grows upwards
    # the offset stays for this computer's printer, and the alignment page says it
    assert settings.load()["certificate_offset_mm"] == [3.0, -2.0]
    assert certificates(recorded, tmp_path / "cc", "--mode", "can-chinh") == 0
    (align,) = (tmp_path / "cc").iterdir()
    # the blank's own texts (grey) moved with the rest: once right, they fall on the blank's
    (x1, y1), (x2, y2) = (char_box(p, 0, "CỘNG HÒA") for p in (plain, align))
    assert (x2 - x1, y1 - y2) == (pytest.approx(3 * MM, abs=0.2), pytest.approx(-2 * MM, abs=0.2))
    text = " ".join(pdf_text(align)[0].split())
    assert "TRANG CĂN CHỈNH" in text and "ngang +3 mm, dọc −2 mm" in text
    assert "Tổ tiếp công dân phường Đông" in text  # the first certificate, where it will print
    assert len(pdf_text(align)) == 1


def test_a_text_too_long_for_its_place_is_set_smaller_or_refused():
    """A long collective's name takes a smaller size within its room (down to 3/4 of it); one
    that would still run over the next line is refused, naming whose certificate and what."""
    long_name = "Bộ phận Tiếp công dân và Xử lý đơn thư, Giải quyết khiếu nại, tố cáo của Văn " \
                "phòng HĐND và UBND phường Lương Văn Tri cùng Trung tâm Phục vụ hành chính " \
                "công phường Lương Văn Tri"  # fmt: skip
    (page,) = fill_certificates("nd152-2025", DATA, [{"ten": long_name, "tap_the": True}]).pages
    name = next(t for t in page if t.text.replace("\n", " ") == long_name)
    below = next(t for t in page if t.text.startswith("Đã có thành tích"))
    assert name.text.count("\n") == 2 and 22 * 0.75 <= name.size_pt < 22
    assert name.top_mm + name.height_mm <= below.top_mm  # it no longer runs over the next text
    person = {"ten": "Nguyễn " * 14 + "Hoa", "tap_the": False, "chuc_vu": "Chuyên viên"}
    with pytest.raises(FormError, match=r"Giấy khen của “Nguyễn Nguyễn.*dài quá chỗ in"):
        fill_certificates("nd152-2025", DATA, [person])


def test_a_file_where_the_folder_should_be_and_a_decimal_comma(recorded, tmp_path, capsys):
    taken = tmp_path / "giay-khen"
    taken.write_text("")
    assert certificates(recorded, taken) == 1
    assert "là một tệp" in capsys.readouterr().err and taken.read_text() == ""
    assert main(["--db", str(recorded), "inbox", "decision", "--out", str(taken)]) == 1
    assert "là một tệp đã có, không phải thư mục" in capsys.readouterr().err
    assert certificates(recorded, tmp_path / "gk", "--mode", "phoi", "--offset-x", "1,5",
                        "--format", "pdf") == 0  # fmt: skip
    assert settings.certificate_offset() == (1.5, 0.0)


def test_an_offset_past_the_printers_reach_is_refused(recorded, tmp_path, capsys):
    assert certificates(recorded, tmp_path / "phoi", "--mode", "phoi", "--offset-x", "25") == 1
    assert "Độ lệch ngang 25 mm không dùng được" in capsys.readouterr().err
    assert not (tmp_path / "phoi").exists() or not any((tmp_path / "phoi").iterdir())
    for offset in ((0, -21), (float("nan"), 0), (0, float("inf"))):
        with pytest.raises(FormError):
            check_offset(offset)
    for damaged in ([float("nan"), 1], [50, 0]):  # a damaged preference is no offset
        settings.remember(certificate_offset_mm=damaged)
        assert settings.certificate_offset() == (0.0, 0.0)
    # on plain paper the printer's offset is not asked for: nothing is remembered
    assert certificates(recorded, tmp_path / "trang", "--offset-x", "2", "--format", "pdf") == 0
    assert settings.certificate_offset() == (0.0, 0.0)


def test_certificates_need_a_decision_in_the_book(shortlisted, tmp_path):  # noqa: F811
    store = open_store(shortlisted, auto_backup=False)
    sign(store.db)
    try:
        with pytest.raises(AwardsError, match="Chưa ghi Quyết định nào"):
            write_certificates(store.db, tmp_path / "gk")
        assert main(["--db", str(shortlisted), "awards", "record", "--number", "3", "--date",
                     "02/07/2026", "--name", "Nguyễn Văn Tây"]) == 0  # fmt: skip
        missing = r"Sổ vàng không có Quyết định số 09 \(có: số 03 ngày 02/07/2026\)"
        with pytest.raises(AwardsError, match=missing):
            write_certificates(store.db, tmp_path / "gk", "9")
        printed = write_certificates(store.db, tmp_path / "gk", "3", formats=("pdf",))
        assert printed.count == 1
        # another decision of the same number, another day: told apart, never mixed
        again = ["--number", "3", "--date", "03/08/2026", "--name", "Nguyễn Văn Đông", "--symbol",
                 "QĐ-TTr"]  # fmt: skip
        assert main(["--db", str(shortlisted), "awards", "record", *again]) == 0
        both = r"Sổ vàng có 2 Quyết định số 03 \(số 03 ngày 02/07/2026, số 03 ngày 03/08/2026\)"
        with pytest.raises(AwardsError, match=both):
            write_certificates(store.db, tmp_path / "gk", "3")
        # the day alone names it
        by_day = write_certificates(store.db, tmp_path / "ngay", formats=("pdf",),
                                    signed_on=date(2026, 7, 2))  # fmt: skip
        assert by_day.files[0].name == "GK_Giay_khen_QD_03_02-07-2026.pdf"
        printed = write_certificates(store.db, tmp_path / "gk", "3", formats=("pdf",),
                                     signed_on=date(2026, 8, 3))  # fmt: skip
        (page,) = pdf_text(printed.files[0])
        assert "Nguyễn Văn Đông" in page and "Quyết định số 03/QĐ-TTr" in page
        assert "ngày 03/08/2026" in page and "Nguyễn Văn Tây" not in page
        assert sorted(p.name for p in (tmp_path / "gk").iterdir()) == [
            "GK_Giay_khen_QD_03_02-07-2026.pdf", "GK_Giay_khen_QD_03_03-08-2026.pdf"
        ]  # fmt: skip
        # a campaign awarding a Bằng khen: the app prints no Giấy khen for it
        set_campaign_value(store.db, active_campaign_id(store.db), "award_title",
                           "Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn")  # fmt: skip
        rows, flagged = record_decision(store.db, "4", date(2026, 8, 4), date(2026, 12, 6),
                                        ["Tổ tiếp công dân phường Đông"])  # fmt: skip
        assert rows[0].money is None and "chưa có hệ số tiền thưởng cho “Bằng khen”" in (
            " ".join(flagged)
        )
        with pytest.raises(AwardsError, match="ứng dụng chỉ in Giấy khen"):
            write_certificates(store.db, tmp_path / "bk", "4")
    finally:
        store.close()


def user_copy(text: str) -> None:
    source = forms_dir() / "nd98-2023" / "giay-khen" / "giay-khen.toml"
    target = user_forms_dir() / "nd98-2023" / "giay-khen" / "giay-khen.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    target.write_text(target.read_text("utf-8").replace(*text.split(" => ")), "utf-8")


DATA = {"dot": {"ten": "Phong trào thi đua năm 2026"}, "giay_khen": {"so_qd": "01"}}
PEOPLE = [{"ten": "Trần Thị Hoa", "tap_the": False, "chuc_vu": "Chuyên viên"}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            'color = "#C00000"\n\n[labels] => color = "đỏ"\n\n[labels]',
            "[border]: “color” phải là mã màu",
        ),
        ("top_mm = 93 => top_mm = 230", "texts số 6: “top_mm” phải là một số từ 0 đến 210"),
        ('align = "left" => align = "giữa"', "“align” = 'giữa' không hợp lệ"),
        ("width_mm = 237 => width_mm = 280", "texts số 6: “width_mm” phải là một số từ 5 đến 267"),
        ('bold = true => bold = "false"', "texts số 1: “bold” phải là true hoặc false"),
        (
            'file = "GK_Giay_khen" => file = "../../ra_ngoai"',
            "file = '../../ra_ngoai' không dùng được làm tên tệp",
        ),
        ("left_mm = 150 => left_mm = 295", "texts số 12: “left_mm” phải là một số từ 0 đến 292"),
    ],
)
def test_a_users_broken_copy_of_the_form_is_named(change, message):
    user_copy(change)
    with pytest.raises(FormError, match=message.replace("[", r"\[").replace("(", r"\(")):
        fill_certificates("nd152-2025", DATA, PEOPLE)  # nd152 uses nd98's form


def test_a_users_copy_moves_a_text_and_changes_the_border():
    user_copy("top_mm = 93 => top_mm = 90")
    (page,) = fill_certificates("nd152-2025", DATA, PEOPLE).pages
    name = next(t for t in page if t.text == "Trần Thị Hoa")
    assert name.top_mm == 90 and name.bold and name.size_pt == 22
    found = fill_certificates("nd152-2025", DATA, PEOPLE)
    assert found.sheet.border == Border(8, 2, True, "#C00000")
    # what the data lacks prints as a dotted line and is named for the clerk
    assert "số sổ vàng" in found.missing and "họ tên người ký Quyết định" in found.missing
    assert any(t.text == "Số sổ vàng: ………………………………" for t in page)
