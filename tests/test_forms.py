"""Forms as data: filled through a sandbox, missing data shown as "…" and listed, a user's
copy overrides the shipped form, a broken one is reported with its file and line."""

from __future__ import annotations

import pytest

from app.documents.docx_renderer import render_docx
from app.documents.forms import MISSING, FormError, fill_form, form_path, load_form
from app.documents.model import HeaderBlock, Signatures, Title
from app.documents.pdf_renderer import render_pdf
from app.paths import user_forms_dir

DATA = {
    "don_vi": {"co_quan_cap_tren": "UBND thành phố Lạng Sơn", "ten": "UBND phường Hoa Sen",
               "viet_tat": "UBND", "dia_danh": "Hoa Sen"},
    "to_trinh": {"so": "05", "ngay": "ngày 05 tháng 11 năm 2025"},
    "dot": {"hinh_thuc": "Giấy khen", "kinh_gui": "Chủ tịch UBND thành phố Lạng Sơn",
            "can_cu": ["Căn cứ Luật Thi đua, khen thưởng năm 2022",
                       "Căn cứ Kế hoạch phát động thi đua ngày 05/02/2025"],
            "ke_hoach": "Kế hoạch phát động thi đua", "nguoi_quyet_dinh": "Chủ tịch UBND thành phố",
            "ten": "phong trào thi đua năm 2025", "noi_gui_ho_so": "Thanh tra thành phố"},
    "hop_xet": {"ngay": "28/10/2025"},
    "so_luong": "01 tập thể",
    "nguoi_ky": {"tham_quyen": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH",
                 "ho_ten": "Nguyễn Văn An"},
}  # fmt: skip


def test_the_shipped_to_trinh_fills_completely():
    form, path = load_form("nd98-2023", "to-trinh")
    (filled,) = fill_form(form, path, DATA)
    assert filled.missing == ()
    blocks = filled.document.blocks
    assert isinstance(blocks[0], HeaderBlock) and blocks[0].number == "Số: 05/TTr-UBND"
    assert isinstance(blocks[1], Title) and blocks[1].lines == ("Về việc đề nghị tặng Giấy khen",)
    lines = filled.document.text_lines()
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in lines  # one line per căn cứ
    assert isinstance(blocks[-1], Signatures) and blocks[-1].right.name == "Nguyễn Văn An"
    assert filled.document.name == "01_To_trinh"


def test_missing_data_prints_an_ellipsis_and_is_listed(tmp_path):
    data = {**DATA, "to_trinh": {"ngay": "ngày 05 tháng 11 năm 2025"}, "nguoi_ky": {}}
    form, path = load_form("nd98-2023", "to-trinh")
    (filled,) = fill_form(form, path, data)
    assert filled.document.blocks[0].number == f"Số: {MISSING}/TTr-UBND"
    assert set(filled.missing) == {
        "số Tờ trình",
        "thẩm quyền ký (TM./KT.)",
        "chức vụ người ký",
        "họ tên người ký",
    }
    # and both renderers print it as it is: visibly missing
    render_docx(filled.document, tmp_path / "a.docx")
    render_pdf(filled.document, tmp_path / "a.pdf")


def write_override(text: str):
    target = user_forms_dir() / "nd98-2023" / "to-trinh.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_users_copy_overrides_the_shipped_form():
    shipped = form_path("nd98-2023", "to-trinh")
    text = shipped.read_text(encoding="utf-8").replace(
        'kind = "TỜ TRÌNH"', 'kind = "TỜ TRÌNH (SỬA)"'
    )
    override = write_override(text)
    assert form_path("nd98-2023", "to-trinh") == override
    form, path = load_form("nd98-2023", "to-trinh")
    assert fill_form(form, path, DATA)[0].document.blocks[1].kind == "TỜ TRÌNH (SỬA)"


def test_a_broken_override_names_its_file_and_line():
    override = write_override('name = "x"\n\n[[blocks]]\ntype = "title\nkind = "X"\n')
    with pytest.raises(FormError) as info:
        load_form("nd98-2023", "to-trinh")
    assert str(override) in str(info.value) and "line 4" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[blocks]]\ntype = "paragraph"\ntext = "{{ x.__class__.__mro__ }}"\n', "blocks số 1"),
        ('[[blocks]]\ntype = "paragraph"\ntext = "{{ unclosed"\n', "mục “text”"),
        ('[[blocks]]\ntype = "photo"\n', "loại khối “photo” không có"),
    ],
    ids=["sandbox refuses code", "template syntax", "unknown block"],
)
def test_a_form_cannot_run_code_and_errors_are_located(text, fragment):
    write_override(text)
    form, path = load_form("nd98-2023", "to-trinh")
    with pytest.raises(FormError, match=fragment):
        fill_form(form, path, {"x": "chuỗi"})


def test_a_missing_form_is_reported():
    with pytest.raises(FormError, match="Không có biểu mẫu “khong-co”"):
        load_form("nd98-2023", "khong-co")
