"""Liberation Serif's advance widths as reportlab reads them, from a table shipped beside the
fonts: measuring a line for the DOCX then needs neither reportlab (~50 ms to import) nor the
TrueType files. The table is made by reportlab itself, and committed:

    python -m app.documents.font_widths --write
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from app.documents.errors import FormError
from app.paths import resources_dir

TABLE_NAME = "LiberationSerif-widths.json"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def face_name(bold: bool) -> str:
    """The font file's stem, also the face's key in the table."""
    return "LiberationSerif-Bold" if bold else "LiberationSerif-Regular"


@cache
def _table() -> dict[str, dict]:
    return json.loads((fonts_dir() / TABLE_NAME).read_text(encoding="utf-8"))


@cache
def face_widths(bold: bool) -> tuple[dict[str, float], float]:
    """Each character the face maps with its width in 1/1000 em, and the width of the others
    (glyph 0's, which reportlab gives any character the font lacks)."""
    face = _table()[face_name(bold)]
    widths: dict[str, float] = {}
    for first, run in face["runs"]:
        widths.update(zip(map(chr, range(first, first + len(run))), run, strict=True))
    return widths, face["default"]


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the font has no glyph for (Hán characters, emoji, "✓"), in
    order, each once: the PDF would print nothing in their place. Control and format
    characters (a line break, a zero-width space) are not text to print and are left out;
    private-use ones (the bullet Word pastes from its Symbol font, U+F0B7) are not."""
    widths, _ = face_widths(False)  # the four faces map the same characters
    return list(dict.fromkeys(
        char for char in text
        if char not in widths and unicodedata.category(char) not in _NOT_PRINTED
    ))  # fmt: skip


_NOT_PRINTED = {"Cc", "Cf", "Cs"}  # control, format, surrogate


def refuse_missing_glyphs(file_name: str, texts: Iterable[str]) -> None:
    """A PDF prints nothing for a character its font lacks: a name with a Hán character or
    an emoji would come out with a gap, the DOCX whole. FormError naming the first such text,
    before `file_name` is written."""
    for text in texts:
        missing = missing_glyphs(text)
        if missing:
            shown = text if len(text) <= 80 else text[:79] + "…"
            chars = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing)
            raise FormError(
                f"Không lập được {file_name}: phông chữ của văn bản (Liberation Serif, như "
                f"Times New Roman) không có {chars}, trong “{shown}”; bản PDF sẽ in thiếu. Hãy "
                "sửa đoạn chữ này ở trang nhập liệu rồi lập lại."
            )


def string_width_pt(text: str, size_pt: float, bold: bool) -> float:
    """reportlab's pdfmetrics.stringWidth for the face, bit for bit as rl_accel computes it:
    the widths summed in text order, then × 0.001, then × size. The widths are multiples of
    1000/2048, so the sum is exact and only the order of the products matters (reportlab's
    pure-Python fallback, without rl_accel, takes 0.001 × size first: the last bit may differ)."""
    widths, default = face_widths(bold)
    return sum(widths.get(char, default) for char in text) * 0.001 * size_pt


def table_text() -> str:
    """The table read from the fonts by reportlab: per face, the default width and runs of
    consecutive code points as [first code point, [widths…]]."""
    from reportlab.pdfbase.ttfonts import TTFont

    table: dict[str, object] = {"made_by": "python -m app.documents.font_widths --write"}
    for bold in (False, True):
        name = face_name(bold)
        face = TTFont(name, str(fonts_dir() / f"{name}.ttf")).face
        runs: list[tuple[int, list[float]]] = []
        for code in sorted(face.charWidths):
            if runs and runs[-1][0] + len(runs[-1][1]) == code:
                runs[-1][1].append(face.charWidths[code])
            else:
                runs.append((code, [face.charWidths[code]]))
        table[name] = {"default": face.defaultWidth, "runs": runs}
    return json.dumps(table, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: python -m app.documents.font_widths --write  (writes {TABLE_NAME})")
    (fonts_dir() / TABLE_NAME).write_text(table_text(), encoding="utf-8")
