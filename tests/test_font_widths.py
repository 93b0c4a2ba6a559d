"""The shipped width table (app/documents/font_widths.py) against reportlab reading the shipped
fonts: the DOCX is laid out without reportlab, and must be measured as the PDF is."""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents import font_widths, layout
from app.documents.pdf_renderer import FAMILY, register_fonts

ROOT = Path(__file__).resolve().parent.parent

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
UNMAPPED = "中😀\x00"  # a CJK ideograph, an emoji (beyond the BMP), a control character
TEXTS = [
    VIETNAMESE,
    VIETNAMESE.upper(),
    string.digits,
    string.punctuation + "–—…“”‘’«»§№",
    "Nam/\u00a0Nữ",  # the no-break space layout glues a slash with
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Tiếng Việt 中文 😀 và\x00",
    *UNMAPPED,
    "e\u0301",  # a letter and a combining accent, as some pasted text has it
    " ",
    "",
]
SIZES = [10, 11, 12, 12.5, 13, 14, 9.75, 23.3]


def reportlab_mm(text: str, size_pt: float, bold: bool) -> float:
    register_fonts()  # the PDF renderer's own faces
    name = f"{FAMILY}-Bold" if bold else FAMILY
    return pdfmetrics.stringWidth(text, name, size_pt) * 25.4 / 72


def assert_same(mine: float, theirs: float) -> None:
    """Bit for bit: reportlab measures with rl_accel's C function (a dependency), which sums
    the widths in text order before scaling, as the table's sum does."""
    assert mine == theirs


@pytest.mark.parametrize("bold", [False, True])
def test_the_shipped_table_is_what_reportlab_reads_from_the_shipped_fonts(bold):
    name = font_widths.face_name(bold)
    face = TTFont(name, str(ROOT / "resources" / "fonts" / f"{name}.ttf")).face
    widths, default = font_widths.face_widths(bold)
    assert {ord(char): width for char, width in widths.items()} == face.charWidths
    assert default == face.defaultWidth
    assert len(widths) > 2000 and all(c in widths for c in VIETNAMESE + VIETNAMESE.upper())


def test_the_shipped_file_is_what_its_generator_writes():
    shipped = ROOT / "resources" / "fonts" / font_widths.TABLE_NAME
    assert shipped.read_text(encoding="utf-8") == font_widths.table_text()


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", TEXTS)
def test_text_width_mm_is_reportlabs(text, size, bold):
    assert_same(layout.text_width_mm(text, size, bold), reportlab_mm(text, size, bold))


@given(
    text=st.text(st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " ,.;:/()-\u00a0" + UNMAPPED)),
    size=st.floats(min_value=4, max_value=72),
    bold=st.booleans(),
)
def test_any_text_at_any_size_is_measured_as_reportlab_does(text, size, bold):
    mine = font_widths.string_width_pt(text, size, bold) * 25.4 / 72
    assert_same(mine, reportlab_mm(text, size, bold))


def test_a_docx_dossier_is_built_without_reportlab(demo_path, tmp_path, isolated_home):
    """The DOCX-only build measures its lines (balanced titles, rules) from the table; it
    stores nothing, so it loads neither the PDF library nor sqlite-utils."""
    out = tmp_path / "ho-so"
    code = (
        "import sys; from app.cli import main; from app.documents import layout; "
        f"code = main(['--db', {str(demo_path)!r}, 'dossier', 'build', '--out', {str(out)!r}, "
        "'--format', 'docx']); "
        "print(code, layout.text_width_mm.cache_info().currsize > 0, "
        "sorted(m for m in sys.modules if m.partition('.')[0] in ('reportlab', 'sqlite_utils')))"
    )
    env = {**os.environ, "THIDUA_HOME": str(isolated_home)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "0 True []", result.stderr
    assert len(list(out.glob("*.docx"))) == 5


def test_a_private_use_character_is_missing_but_not_a_control_or_format_one():
    """Word pastes the bullet of its Symbol font as U+F0B7, which Liberation Serif lacks: the
    PDF would print nothing there. A line break or a zero-width space is not printed at all."""
    from app.documents.font_widths import missing_glyphs

    assert missing_glyphs("\uf0b7 Tổ tiếp dân\n\u200b\x01") == ["\uf0b7"]
