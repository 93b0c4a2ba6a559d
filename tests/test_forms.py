"""Forms as data: filled through a sandbox, missing data shown as "…" and listed, a user's
copy overrides the shipped form, a broken one is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx

from app.documents.docx_renderer import render_docx
from app.documents.forms import (
    Filler,
    FormError,
    fill_form,
    fill_in,
    form_names,
    form_path,
    load_form,
)
from app.documents.model import HeaderBlock, Signatures, Title
from app.documents.pdf_renderer import render_pdf
from app.paths import user_forms_dir
from tests.document_text import text_lines
from tests.office import pdf_text

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
    lines = text_lines(filled.document)
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in lines  # one line per căn cứ
    assert isinstance(blocks[-1], Signatures) and blocks[-1].right.names == ("Nguyễn Văn An",)
    assert filled.document.name == "01_To_trinh"


def test_missing_data_prints_an_ellipsis_and_is_listed(tmp_path):
    data = {**DATA, "to_trinh": {"ngay": "ngày 05 tháng 11 năm 2025"}, "nguoi_ky": {}}
    form, path = load_form("nd98-2023", "to-trinh")
    (filled,) = fill_form(form, path, data)
    assert filled.document.blocks[0].number == f"Số: {fill_in('so')}/TTr-UBND"
    assert fill_in("so") == "……"  # a short dotted line to write the number in
    assert set(filled.missing) == {"số Tờ trình", "chức vụ người ký", "họ tên người ký"}
    # and both renderers print it as it is: visibly missing
    render_docx(filled.document, tmp_path / "a.docx")
    render_pdf(filled.document, tmp_path / "a.pdf")


def test_a_dotted_lines_stop_is_dropped_but_not_the_stop_after_a_typed_ellipsis():
    filler = Filler(Path("mau.toml"), {"thanh_tich": "Đạt 100% chỉ tiêu, v.v…"})
    text = filler.text("{{ thanh_tich }}. Chủ trì: {{ chu_tri }}. Hết./.", "đoạn 1")
    assert text == f"Đạt 100% chỉ tiêu, v.v…. Chủ trì: {fill_in('dòng')} Hết./."


def test_control_characters_pasted_into_a_value_are_dropped_from_both_files(tmp_path):
    """A name pasted from another program with a control character in it: the DOCX cannot
    hold one and the PDF printed a space for it; both now print the same words."""
    data = {**DATA, "dot": {**DATA["dot"], "ten": "phong trào\x01 thi\x07đua năm 2025"}}
    form, path = load_form("nd98-2023", "to-trinh")
    (filled,) = fill_form(form, path, data)
    assert "phong trào thiđua năm 2025" in "\n".join(text_lines(filled.document))
    render_docx(filled.document, tmp_path / "a.docx")
    render_pdf(filled.document, tmp_path / "a.pdf")
    docx_text = "\n".join(p.text for p in open_docx(tmp_path / "a.docx").paragraphs)
    pdf_words = " ".join(pdf_text(tmp_path / "a.pdf")).split()
    assert "thiđua" in docx_text.split() and "thiđua" in pdf_words


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


def write_form(regime: str, name: str, text: str):
    target = user_forms_dir() / regime / f"{name}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


TABLE = '[[blocks]]\ntype = "table"\nrows = "r"\ncolumns = [{{ header = "A", width_mm = {} }}]\n'


def test_a_table_wider_than_the_page_is_refused_and_landscape_makes_room():
    path = write_form("nd98-2023", "rong", TABLE.format(200))
    form, _ = load_form("nd98-2023", "rong")
    with pytest.raises(FormError, match=r"rộng 200 mm, quá 165 mm.*landscape"):
        fill_form(form, path, {"r": []})
    (filled,) = fill_form({**form, "orientation": "landscape"}, path, {"r": []})
    assert filled.document.landscape
    with pytest.raises(FormError, match="orientation = “doc” không hợp lệ"):
        fill_form({**form, "orientation": "doc"}, path, {"r": []})


def test_when_keeps_a_block_or_a_whole_form_only_if_the_data_says_so():
    text = (
        'when = "hop.kin"\n[[blocks]]\ntype = "paragraph"\ntext = "chung"\n'
        '[[blocks]]\nwhen = "hop.so_phieu"\ntype = "paragraph"\ntext = "{{ hop.so_phieu }}"\n'
    )
    path = write_form("nd98-2023", "dieu-kien", text)
    form, _ = load_form("nd98-2023", "dieu-kien")
    assert fill_form(form, path, {"hop": {"kin": False}}) == []
    assert fill_form(form, path, {}) == []  # absent data: no document, nothing "missing"
    (filled,) = fill_form(form, path, {"hop": {"kin": True}})
    assert text_lines(filled.document) == ["chung"] and filled.missing == ()
    (filled,) = fill_form(form, path, {"hop": {"kin": True, "so_phieu": "08"}})
    assert text_lines(filled.document) == ["chung", "08"]


def test_a_top_level_for_each_makes_one_document_per_item_with_ascii_names():
    text = (
        'file = "03_Bao_cao_{{ doi_tuong.ten | ten_tep }}"\nfor_each = "ds"\n'
        '[[blocks]]\nfor_each = "doi_tuong.muc"\n  [[blocks.blocks]]\n  type = "paragraph"\n'
        '  text = "{{ stt }}. {{ doi_tuong.ten }}: {{ muc }}"\n'
    )
    path = write_form("nd98-2023", "moi-nguoi", text)
    form, _ = load_form("nd98-2023", "moi-nguoi")
    data = {"ds": [{"ten": "Đỗ Thị Lan", "muc": ["a", "b"]}, {"ten": "Bộ phận Một cửa"}]}
    first, second = fill_form(form, path, data)
    assert first.document.name == "03_Bao_cao_Do_Thi_Lan"
    assert text_lines(first.document) == ["1. Đỗ Thị Lan: a", "2. Đỗ Thị Lan: b"]
    assert second.document.name == "03_Bao_cao_Bo_phan_Mot_cua"
    assert second.missing == ("doi_tuong.muc",)  # a list the data lacks is reported
    assert fill_form(form, path, {"ds": []}) == []


@pytest.mark.parametrize(
    "name", ["../../ra_ngoai", "..\\\\ra_ngoai", "/tmp/ra_ngoai", "{{ ten }}", ".an", "01 To trinh"]
)
def test_a_forms_file_name_is_never_a_path_out_of_the_folder(name):
    """A user's copy of a form decides the file's name, never where it is written."""
    path = write_form("nd98-2023", "ten-tep", f'file = "{name}"\n[[blocks]]\ntype = "heading"\n'
                                              'text = "A"\n')  # fmt: skip
    form, _ = load_form("nd98-2023", "ten-tep")
    with pytest.raises(FormError, match="không dùng được làm tên tệp"):
        fill_form(form, path, {"ten": "../x"})


def test_nd152_takes_the_nd98_forms_unless_it_has_its_own():
    assert form_names("nd152-2025") == form_names("nd98-2023")
    assert form_path("nd152-2025", "to-trinh") == form_path("nd98-2023", "to-trinh")
    own = write_form("nd152-2025", "to-trinh", 'file = "01_To_trinh"\n')
    assert form_path("nd152-2025", "to-trinh") == own
    assert form_path("nd98-2023", "to-trinh") != own  # the other regime keeps its own
    with pytest.raises(FormError, match="Chưa có biểu mẫu nào cho chế độ pháp lý “nd1-1990”"):
        form_names("nd1-1990")


@pytest.fixture
def fresh_environment():
    """The sandbox is made once per process; these tests need it made under their own folders."""
    from app.documents import forms

    forms._environment.cache_clear()
    forms._expression.cache_clear()  # compiled in the environment of an earlier test
    yield
    forms._environment.cache_clear()
    forms._expression.cache_clear()


def test_compiled_forms_are_cached_on_disk_and_a_damaged_cache_is_only_a_cache(fresh_environment):
    from jinja2.bccache import bc_magic

    from app.documents import forms
    from app.paths import cache_dir

    form, path = load_form("nd98-2023", "to-trinh")
    (first,) = fill_form(form, path, DATA)
    cached = sorted((cache_dir() / "bieu-mau").iterdir())
    assert cached  # compiled texts kept for the next run
    for file in cached:  # a crash while writing, a disk error: right header, garbage after
        file.write_bytes(bc_magic + b"\x80\x05garbage")
    forms._environment.cache_clear()
    (again,) = fill_form(form, path, DATA)
    assert again.document == first.document


def test_the_next_run_compiles_neither_texts_nor_expressions(fresh_environment, monkeypatch):
    from jinja2.sandbox import SandboxedEnvironment

    from app.documents import forms

    form, path = load_form("nd98-2023", "danh-sach")  # for_each and when: expressions
    (first,) = fill_form(form, path, DATA)
    forms._environment.cache_clear()  # as a new process: only the disk cache is left
    forms._expression.cache_clear()

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(SandboxedEnvironment, "compile", compile_again)
    (again,) = fill_form(form, path, DATA)
    assert again.document == first.document


def test_code_compiled_under_another_budget_is_compiled_again(fresh_environment, monkeypatch):
    """An older copy of the app without the check on `*` folded this into a constant: its
    cached code must not answer for this one."""
    from jinja2.exceptions import SecurityError

    from app.documents import forms

    repeat = "('x' * 100000) | length"
    with monkeypatch.context() as older:
        older.setattr(forms._Budget, "intercepted_binops", frozenset())
        assert forms._expression(repeat)({}) == 100_000
    forms._environment.cache_clear()
    forms._expression.cache_clear()
    with pytest.raises(SecurityError, match="nhân lặp quá"):
        forms._expression(repeat)({})


def test_a_cache_entry_that_is_not_code_is_compiled_again(fresh_environment):
    from app.documents import forms

    env = forms._environment()
    expression = "danh_sach.tap_the | length"
    bucket = env.bytecode_cache.get_bucket(env, f"biểu thức: {expression}", None, expression)
    bucket.code = 42  # a well-formed entry of the right text, holding no code
    env.bytecode_cache.set_bucket(bucket)
    forms._environment.cache_clear()
    assert forms._expression(expression)({"danh_sach": {"tap_the": [1, 2]}}) == 2


def test_a_cache_folder_that_cannot_be_made_changes_nothing(fresh_environment):
    from app.paths import cache_dir

    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().write_text("a file where the folder should be")
    form, path = load_form("nd98-2023", "to-trinh")
    (filled,) = fill_form(form, path, DATA)
    assert filled.missing == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{{ (x|length + 9) ** (9 ** 9) }}", "lũy thừa quá lớn"),
        ("{{ [1] * 10 ** 9 }}", "nhân lặp quá"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
            r"range\(\) dài quá",
        ),
        (
            "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}."
            "{% endfor %}{% endfor %}{% endfor %}",
            "chạy quá",
        ),
        ("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "lồng quá sâu"),
    ],
    ids=["power", "repeat", "range", "time", "recursion"],
)
def test_a_form_has_a_budget_of_time_and_size(text, fragment, monkeypatch):
    """An edited form is text a user may get wrong or be handed: it stops with the file and
    the place, instead of running for minutes, eating the memory or a traceback."""
    from app.documents import forms

    monkeypatch.setattr(forms, "TIME_LIMIT", 0.3)  # the budget's 5 s, shortened for the test
    write_override(f'[[blocks]]\ntype = "paragraph"\ntext = """{text}"""\n')
    form, path = load_form("nd98-2023", "to-trinh")
    with pytest.raises(FormError, match=fragment) as info:
        fill_form(form, path, {"x": "chuỗi"})
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text", ["", 'name = "Tờ trình"\n', "a = " + "[" * 50_000 + "]" * 50_000])
def test_an_empty_or_absurd_form_file_is_refused(text):
    override = write_override(text)
    with pytest.raises(FormError) as info:
        load_form("nd98-2023", "to-trinh")
    assert str(override) in str(info.value)


@pytest.mark.parametrize(
    ("campaign", "said"),
    [
        ("Phong trào thi đua lập thành tích xuất sắc năm 2026",
         "có thành tích trong phong trào thi đua lập thành tích xuất sắc năm 2026"),
        ("Phong trào thi đua “Dân vận khéo” năm 2026",
         "có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2026"),
    ],
)  # fmt: skip
def test_the_achievement_phrase_follows_the_campaign_name(campaign, said):
    """The 2025 plan's name already says "thành tích xuất sắc" (issue 18, point 11)."""
    form = {"blocks": [{"type": "paragraph", "text": "{{ dot.ten | thanh_tich_trong }}"}]}
    (filled,) = fill_form(form, Path("thu.toml"), {"dot": {"ten": campaign}})
    assert text_lines(filled.document) == [said]


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [
        ("Phong trào thi đua năm 2025", "phong trào thi đua năm 2025"),
        ("Đợt thi đua cao điểm", "đợt thi đua cao điểm"),
        ("UBND tỉnh phát động thi đua", "UBND tỉnh phát động thi đua"),
        ("ĐHĐCĐ thi đua", "ĐHĐCĐ thi đua"),
        ("A thi đua", "a thi đua"),  # one capital letter is a word's start, not an abbreviation
    ],
)
def test_a_campaign_name_inside_a_sentence_keeps_an_abbreviation(name, in_a_sentence):
    from app.documents.forms import _environment

    template = _environment().from_string("trong {{ ten | thuong_dau }}")
    assert template.render(ten=name) == f"trong {in_a_sentence}"
