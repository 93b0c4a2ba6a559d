"""Decree 30/2020 page and type settings (domain.md §5), shared by both renderers."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from app import APP_NAME
from app.documents.font_widths import string_width_pt

A4_SHORT_MM, A4_LONG_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
# Issuing agency column: "UBND THÀNH PHỐ LẠNG SƠN" is 65 mm at 13 pt; the national title on the
# right is 88 mm at 12 pt bold and must stay on one line. The header and signature columns have
# no inner padding in either file, so their text is as wide as the column.
HEADER_LEFT_MM = 72


def page_size_mm(landscape: bool) -> tuple[float, float]:
    """Width and height of the A4 sheet; a wide danh sách turns it (same margins)."""
    return (A4_LONG_MM, A4_SHORT_MM) if landscape else (A4_SHORT_MM, A4_LONG_MM)


def text_area_mm(landscape: bool) -> float:
    """The width between the left and right margins."""
    return page_size_mm(landscape)[0] - MARGIN_LEFT_MM - MARGIN_RIGHT_MM


HEADER_DISTANCE_MM = 10  # from the sheet's top edge to the page number's line
CREATOR = APP_NAME  # the application, in the files' properties

FONT_NAME = "Times New Roman"  # in the DOCX; the PDF embeds its metric twin Liberation Serif
LANGUAGE = "vi-VN"

BODY_PT = 14
AGENCY_PT = 13  # parent agency, unit, "Số:"
NATIONAL_TITLE_PT = 12
MOTTO_PT = 14
RECIPIENTS_TITLE_PT = 12
RECIPIENTS_PT = 11
FIRST_LINE_INDENT_MM = 12.7
SPACE_AFTER_PT = 6
# Word's and LibreOffice's single line spacing for Times New Roman / Liberation Serif: the
# font's ascent + descent + line gap (1825 + 443 + 87 of 2048 units).
LINE_HEIGHT = 1.15
# A blank Normal paragraph of the DOCX (after the header, before the signatures, the room to
# sign): one body line and the space after it.
BLANK_LINE_PT = BODY_PT * LINE_HEIGHT + SPACE_AFTER_PT
SIGNING_ROOM_LINES = 4
# A short rule is the bottom border of an empty paragraph: a 2 pt line, 1 pt to the border,
# a 0.75 pt line, 4 pt after.
RULE_BEFORE_PT, RULE_PT, RULE_AFTER_PT = 3, 0.75, 4
CELL_PADDING_MM = 1.5  # left and right inside a ruled table cell, the same in both files
GRID_PT = 0.5  # a ruled table's lines; each row is this much taller than its text
UNIT_RULE_SHARE = 0.4  # the rule under the unit: 1/3–1/2 of the unit name's length
TABLE_HEADER_PT = 12  # a ruled table's header row, bold
TABLE_HEADER_MIN_PT = 10  # …shrunk to this at most when a column is too narrow for a word


@cache
def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of a line, from Liberation Serif's metrics (those of Times New Roman),
    exactly as reportlab measures it for the PDF."""
    return string_width_pt(text, size_pt, bold) * 25.4 / 72


def _glued(text: str) -> str:
    """ "Nam/ Nữ" as one piece (a no-break space, printed back as a space); "đồng ý / tổng" not."""
    return re.sub(r"(?<=\S)/ ", "/\u00a0", text)


def _wrap(words: list[str], size_pt: float, bold: bool, width_mm: float) -> list[str]:
    """Greedy line filling, as Word and LibreOffice do it."""
    lines: list[str] = []
    for word in words:
        if lines and text_width_mm(f"{lines[-1]} {word}", size_pt, bold) <= width_mm:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


# The words a Vietnamese title or name starts a phrase with (one word, or two where the first
# alone is ambiguous: "thành phố", not "thành tích"): a line may begin with one ("… GIẤY KHEN" /
# "CỦA GIÁM ĐỐC SỞ …"), where a break elsewhere cuts through a phrase ("GIÁM" / "ĐỐC").
PHRASE_STARTS = frozenset(
    (
        *("của", "về", "trong", "cho", "và", "tại", "thuộc", "đối", "với", "theo", "nhằm"),
        *("để", "đến", "từ", "năm", "trên", "qua", "sở", "ubnd", "tỉnh", "xã", "phường"),
        *("huyện", "quận", "thành phố", "thị xã", "thị trấn", "ủy ban", "hội đồng"),
        *("phong trào", "giai đoạn", "tổng số"),
    )
)
_INSIDE_A_PHRASE = 0.1  # the cost of a break elsewhere, against the lines' unevenness
_LONE_WORD = 0.5  # the cost of a last line of one word


def _break_cost(words: list[str], start: int) -> float:
    """What breaking the line before words[start] costs."""
    before, after = words[start - 1], words[start].casefold()
    pair = " ".join(words[start : start + 2]).casefold()
    if before.endswith((",", ";", ":", "/", ")")) or after.startswith("("):
        return 0.0
    return 0.0 if after in PHRASE_STARTS or pair in PHRASE_STARTS else _INSIDE_A_PHRASE


@lru_cache(maxsize=1024)  # the same names and headings recur across a dossier's documents
def balanced(text: str, size_pt: float, bold: bool, width_mm: float) -> str:
    """`text` in as few lines as it needs in `width_mm`, joined by "\n" (both renderers print
    these breaks, so Word, LibreOffice and the PDF break alike): the lines as even as they can
    be, a line starting a phrase rather than cutting one ("ĐỀ NGHỊ TẶNG GIẤY KHEN" / "CỦA GIÁM
    ĐỐC SỞ …", not "… CỦA GIÁM" / "ĐỐC SỞ …"), no last word alone, and a slash attached to the
    word before it ("Nam/ Nữ") never ending a line."""
    words = _glued(text).split(" ")
    count = len(_wrap(words, size_pt, bold, width_mm))
    if count < 2:
        return text
    space = text_width_mm(" ", size_pt, bold)
    ends = [0.0]  # ends[i]: the width of words[:i] set on one line, plus one space
    for word in words:
        ends.append(ends[-1] + text_width_mm(word, size_pt, bold) + space)

    def line_cost(start: int, stop: int) -> float | None:
        """None for words that do not fit, unless one word alone: it overflows as it must."""
        slack = width_mm - (ends[stop] - ends[start] - space)
        return None if slack < 0 and stop - start > 1 else (max(slack, 0) / width_mm) ** 2

    # best[j][i]: the cheapest way to set words[:i] on j lines, and where its last line starts
    n = len(words)
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for j in range(1, count + 1):
        row: dict[int, tuple[float, int]] = {}
        for i in range(j, n + 1):
            for start, (cost, _) in best[j - 1].items():
                here = line_cost(start, i) if start < i else None
                if here is None:
                    continue
                total = cost + here + (_break_cost(words, start) if start else 0)
                if j == count and i == n and i - start == 1:
                    total += _LONE_WORD
                if i not in row or total < row[i][0]:
                    row[i] = (total, start)
        best.append(row)
    lines, stop = [], n
    for j in range(count, 0, -1):
        start = best[j][stop][1]
        lines.append(" ".join(words[start:stop]))
        stop = start
    return "\n".join(reversed(lines)).replace("/\u00a0", "/ ")


def header_cell(text: str, width_mm: float) -> tuple[str, float]:
    """A ruled table's header cell: its balanced lines and the size that fits its longest
    unbreakable piece into the column (12 pt, down to 10 pt), so no word is split."""
    room = width_mm - 2 * CELL_PADDING_MM
    size = TABLE_HEADER_PT
    pieces = _glued(text).split(" ")
    while size > TABLE_HEADER_MIN_PT and any(
        text_width_mm(piece, size, True) > room for piece in pieces
    ):
        size -= 0.5
    return balanced(text, size, True, room), size


def unit_rule_mm(unit: str) -> float:
    """The rule under the unit's name (capitals, bold): a share of its longest printed line."""
    lines = balanced(unit, AGENCY_PT, True, HEADER_LEFT_MM).split("\n")
    return max(text_width_mm(line, AGENCY_PT, True) for line in lines) * UNIT_RULE_SHARE
