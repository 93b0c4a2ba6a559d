"""The dossier read as an inspector reads it (issue 18): numbers as Decree 30 prints them,
counts as a clerk writes them, nothing said twice."""

from __future__ import annotations

import unicodedata

import pytest

from app.core.document_numbers import printed_number
from app.documents.layout import SIGNING_ROOM_LINES
from app.services.dossier import write_documents
from app.store.campaigns import active_campaign_id
from app.store.dossier_settings import set_dossier_field
from app.store.organisation import unit_organisation
from tests.office import docx_lines, pdf_text


@pytest.mark.parametrize(
    "typed, printed", [("5", "05"), ("7a", "07a"), ("05", "05"), ("12", "12"), ("", "")]
)
def test_a_document_number_below_ten_has_its_leading_zero(typed, printed):
    assert printed_number(typed) == printed


@pytest.fixture
def documents(demo_store, tmp_path):
    """The demo's DOCX documents with the numbers typed without their zero."""
    db = demo_store.db
    organisation, campaign = unit_organisation(db).id, active_campaign_id(db)
    with db.atomic():
        set_dossier_field(db, organisation, campaign, "to_trinh_number", "5")
        set_dossier_field(db, organisation, campaign, "bien_ban_number", "7")
    built = write_documents(db, tmp_path, ("docx",))
    return {d.files[0].stem: docx_lines(d.files[0]) for d in built}


def test_numbers_counts_and_times_read_as_a_clerk_writes_them(documents):
    """ "Số: 5/TTr-UBND", "(Kèm theo Tờ trình số 5/…)", "Số: 7/BB-UBND", "09; có mặt: 08" and
    "10 giờ 30" were printed (issue 18, point 6)."""
    assert "Số: 05/TTr-UBND" in documents["01_To_trinh"]
    assert any("Tờ trình số 05/TTr-UBND" in line for line in documents["01a_Danh_sach"])
    minutes = documents["02_Bien_ban_hop_xet"]
    assert "Số: 07/BB-UBND" in minutes
    assert any(line.startswith("Tổng số thành viên theo quyết định thành lập: 9; có mặt: 8;")
               for line in minutes)  # fmt: skip
    assert any("kết thúc vào hồi 10 giờ 30 phút cùng ngày" in line for line in minutes)


def test_the_rate_is_not_said_twice_in_the_danh_sach(documents):
    """The summary already gives the rate from the register: no second sentence with it
    (issue 18, point 11)."""
    text = " ".join(documents["01a_Danh_sach"])
    assert text.count("96,77%") == 1


def test_nothing_is_said_twice_in_a_row(documents):
    """ "thành tích xuất sắc trong phong trào thi đua lập thành tích xuất sắc" and "tại Hội
    trường UBND phường Hoa Sen, UBND phường Hoa Sen" (issue 18, point 11)."""
    proposal = " ".join(documents["01_To_trinh"])
    assert "cho 01 tập thể có thành tích trong phong trào thi đua lập thành tích xuất sắc" in (
        proposal
    )
    minutes = " ".join(documents["02_Bien_ban_hop_xet"] + documents["02a_Bien_ban_kiem_phieu"])
    assert "Hoa Sen, UBND phường Hoa Sen" not in minutes
    assert "UBND phường Hoa Sen tổ chức họp xét đề nghị khen thưởng tại Hội trường" in minutes


def _without_each_leaf(data, path=()):
    """`data` with one of its values taken out, for every value in its dictionaries."""
    for key, value in data.items():
        yield _removed(data, (*path, key)) if path else {k: v for k, v in data.items() if k != key}
        if isinstance(value, dict):
            for smaller in _without_each_leaf(value, ()):
                yield {**data, key: smaller}
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    for smaller in _without_each_leaf(item, ()):
                        yield {**data, key: [*value[:i], smaller, *value[i + 1 :]]}


def _removed(data, path):
    return {k: v for k, v in data.items() if k != path[-1]}


def test_what_the_forms_lack_is_named_in_words_not_keys(demo_store):
    """ "Còn thiếu: don_vi, hop_xet.ket_qua, y_kien, so_luong" spoke in the forms' keys on a new
    database (issue 18, point 12): every value a unit form can lack has its label."""
    import re

    from app.documents.filling import fill_dossier
    from app.services.dossier_data import dossier_data

    full = dossier_data(demo_store.db)
    raw = re.compile(r"^[a-z0-9_.]+$")
    found = set()
    for data in [{}, *_without_each_leaf(full)]:
        for filled in fill_dossier("nd98-2023", data):
            found |= {(filled.document.name, m) for m in filled.missing if raw.match(m)}
    assert not found


def test_a_missing_value_is_a_line_to_fill_by_hand(demo_store):
    """Bare "…" lost "ngày … tháng … năm …", stood for a whole criterion, doubled a stop and
    sat above "TRƯỞNG BAN" for a head who signs himself (issue 18, point 5)."""
    from app.documents.filling import fill_dossier
    from app.documents.forms import fill_in
    from app.services.dossier_data import dossier_data
    from tests.document_text import text_lines

    data = dossier_data(demo_store.db)
    data["to_trinh"] = {"so": "05"}  # not signed yet: no date
    data["nguoi_ky"] = {**data["nguoi_ky"], "tham_quyen": None}  # the head signs himself
    data["hop_xet"] = {k: v for k, v in data["hop_xet"].items() if k != "chu_tri"}
    data["bao_cao"][0]["thanh_tich"][0].pop("noi_dung")
    filled = {f.document.name: f.document for f in fill_dossier("nd98-2023", data)}
    letter = filled["01_To_trinh"]
    assert letter.blocks[0].place_date == "Hoa Sen, ngày …… tháng …… năm ……"
    assert letter.blocks[-1].right.lines == ("CHỦ TỊCH",)  # no "…" above the position
    minutes = text_lines(filled["02_Bien_ban_hop_xet"])
    assert f"Chủ trì: {fill_in('chu_tri')} Thư ký: Đặng Thu Hà." in minutes  # one stop
    assert not any("…." in line.replace("./.", "") for line in minutes)
    report = text_lines(next(d for n, d in filled.items() if n.startswith("03_")))
    assert fill_in("noi_dung") in report and len(fill_in("noi_dung")) > 100


def test_the_ballot_count_has_its_number_line_and_names_its_head_once(documents):
    """Issue 18, point 8: no "Số:" line, and "Trưởng ban Ban kiểm phiếu"."""
    count = documents["02a_Bien_ban_kiem_phieu"]
    assert "Số: ……/BB-UBND" in count  # numbered by hand with the Biên bản
    assert "1. Hoàng Văn Hải — Trưởng Ban kiểm phiếu;" in count
    assert not any("Trưởng ban Ban" in line for line in count)


def signature_cells(path) -> list[list[tuple[str, bool]]]:
    """Each cell of a DOCX's last table (the signatures): its paragraphs as (text, bold)."""
    from docx import Document as open_docx

    (*_, table) = open_docx(str(path)).tables
    return [
        [(p.text, any(r.bold for r in p.runs)) for p in cell.paragraphs]
        for row in table.rows
        for cell in row.cells
    ]


def test_each_counting_member_signs_in_a_space_of_their_own(demo_store, tmp_path):
    """ "Bùi Đức Khang, Ngô Văn Minh" shared one signing space (issue 18, point 8)."""
    built = {d.files[0].stem: d.files for d in write_documents(demo_store.db, tmp_path)}
    members, head = signature_cells(built["02a_Bien_ban_kiem_phieu"][0])
    room = [("", False)] * SIGNING_ROOM_LINES
    assert members == [
        ("THÀNH VIÊN BAN KIỂM PHIẾU", True),
        *room, ("Bùi Đức Khang", True),
        *room, ("Ngô Văn Minh", True),
    ]  # fmt: skip
    assert head == [("TRƯỞNG BAN KIỂM PHIẾU", True), *room, ("Hoàng Văn Hải", True)]
    pdf = " ".join(pdf_text(built["02a_Bien_ban_kiem_phieu"][1]))
    assert "Bùi Đức Khang" in pdf and "Khang, Ngô" not in pdf


def test_the_bien_ban_ends_with_its_recipients_under_the_secretary(demo_store, tmp_path):
    """No Nơi nhận block (issue 18, point 7; Decree 30, sample 1.9)."""
    built = {d.files[0].stem: d.files for d in write_documents(demo_store.db, tmp_path)}
    docx, pdf = built["02_Bien_ban_hop_xet"]
    secretary, chair, recipients, empty = signature_cells(docx)
    assert secretary[0] == ("THƯ KÝ", True) and chair[-1] == ("Nguyễn Văn An", True)
    recipients_text = [text for text, _ in recipients]
    assert recipients_text == [
        "",
        "Nơi nhận:",
        "- Thanh tra thành phố (kèm hồ sơ);",
        "- Thành viên Hội đồng;",
        "- Lưu: VT, UBND.",
    ]
    assert [text for text, _ in empty] == [""]
    text = unicodedata.normalize("NFC", " ".join(pdf_text(pdf)).split("Nguyễn Văn An")[-1])
    assert " ".join(text.split()) == " ".join(["Nơi nhận:", *recipients_text[2:]])


def test_the_bien_ban_states_the_quorum_the_rule_and_why_each_one_is_not_proposed(documents):
    """Issue 18, point 7: no quorum sentence, no threshold rule, no reason why Lê Minh Châu
    (5/9, above the threshold) is not proposed."""
    minutes = documents["02_Bien_ban_hop_xet"]
    text = " ".join(minutes)
    assert (
        "Số thành viên có mặt 8/9, đạt yêu cầu có mặt từ hai phần ba tổng số thành viên trở lên:"
        " cuộc họp đủ điều kiện tiến hành." in minutes
    )
    assert (
        "Đối tượng được đề nghị phải được trên một nửa tổng số thành viên Hội đồng đồng ý; mỗi "
        "đơn vị đề nghị không quá 01 tập thể hoặc cá nhân." in text
    )
    assert (
        "Lê Minh Châu được 5/9 phiếu (55,56%), đạt tỷ lệ nhưng không được đề nghị vì chỉ tiêu "
        "của đơn vị là 01; Hội đồng đề nghị Bộ phận Tiếp công dân phường Hoa Sen (7 phiếu)."
        in minutes
    )
    assert "Đỗ Thị Lan được 3/9 phiếu (33,33%), không đạt tỷ lệ nên không được đề nghị." in minutes
    # the reasons come before the conclusion they explain
    reasons = minutes.index(
        "Đỗ Thị Lan được 3/9 phiếu (33,33%), không đạt tỷ lệ nên không được đề nghị."
    )
    assert reasons < next(i for i, line in enumerate(minutes) if line.startswith("Kết luận:"))
