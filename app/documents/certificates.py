"""The Giấy khen certificate as form data (forms/<regime>/giay-khen/giay-khen.toml): the paper,
its decorative border and each text at a fixed place, filled once per awardee by the same
sandboxed engine as the dossier's forms. Three ways to print it: on plain paper (border and every
text), on a pre-printed blank (only what the blank lacks, shifted by the printer's offset), and an
alignment page to hold against a blank before printing on it."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from app.documents import layout
from app.documents.errors import FormError
from app.documents.forms import Filler, checked_file_name, load_form, shared_labels

FORM = "giay-khen/giay-khen"
ALIGNS = ("left", "center", "right")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_OFFSET_MM = 20.0  # a printer further off than this needs its driver set, not a nudge
SMALLEST_SHARE = 0.75  # a text too long for its place is set smaller, down to this share
RULE_PT = 0.75  # the Tiêu ngữ's rule
PT_TO_MM = 25.4 / 72


class PrintMode(Enum):
    PLAIN = "giay-trang"  # border and every text, on white paper
    BLANK = "phoi"  # only what a pre-printed blank lacks
    ALIGN = "can-chinh"  # the alignment page, on white paper


class Border(Struct, frozen=True):
    inset_mm: float  # from the sheet's edge to the outer line
    line_pt: float  # each line's width
    double: bool  # two lines, a line's width apart (as Word and LibreOffice draw "double")
    colour: str  # "#RRGGBB"


class PlacedText(Struct, frozen=True):
    text: str  # its lines broken where both files break them ("\n")
    top_mm: float  # from the sheet's top edge to the top of the first line
    left_mm: float
    width_mm: float  # the text wraps within it
    size_pt: float
    bold: bool = False
    italic: bool = False
    colour: str = "#000000"
    align: str = "center"
    rule: bool = False  # a solid line under it, as long as the text (the Tiêu ngữ)
    preprinted: bool = False  # already on a bought blank

    @property
    def height_mm(self) -> float:
        return (self.text.count("\n") + 1) * self.size_pt * layout.LINE_HEIGHT * PT_TO_MM

    def box(self) -> tuple[float, float]:
        """Where its frame starts and how wide it is: a ruled text is as wide as its words (its
        rule is the frame's bottom border), placed within its width as it is aligned."""
        if not self.rule:
            return self.left_mm, self.width_mm
        words = min(layout.text_width_mm(self.text, self.size_pt, self.bold) + 1, self.width_mm)
        spare = self.width_mm - words
        shift = {"left": 0.0, "center": spare / 2, "right": spare}[self.align]
        return self.left_mm + shift, words


class Sheet(Struct, frozen=True):
    width_mm: float
    height_mm: float
    border: Border | None


class CertificateSet(Struct, frozen=True):
    name: str  # the files' stem
    sheet: Sheet
    pages: tuple[tuple[PlacedText, ...], ...]  # one per awardee
    missing: tuple[str, ...]  # what the data lacked, named for the clerk
    title: str = "Giấy khen"
    author: str = ""  # the issuing body, in the files' properties
    subject: str = ""  # the campaign

    def on_blank(self, offset_mm: tuple[float, float]) -> CertificateSet:
        """The pages as printed on a pre-printed blank: without the border and the blank's own
        texts, every text moved by the printer's (right, down) offset in mm."""
        pages = tuple(
            tuple(t for t in page if not t.preprinted) for page in self.shifted(offset_mm).pages
        )
        return replace(self, sheet=replace(self.sheet, border=None), pages=pages)

    def shifted(self, offset_mm: tuple[float, float]) -> CertificateSet:
        """Every text moved by the printer's (right, down) offset in mm."""
        right, down = check_offset(offset_mm)
        pages = tuple(
            tuple(replace(t, left_mm=t.left_mm + right, top_mm=t.top_mm + down) for t in page)
            for page in self.pages
        )
        return replace(self, pages=pages)


def check_offset(offset_mm: tuple[float, float]) -> tuple[float, float]:
    for value, side in zip(offset_mm, ("ngang", "dọc"), strict=True):
        if not math.isfinite(value) or abs(value) > MAX_OFFSET_MM:
            raise FormError(
                f"Độ lệch {side} {value:g} mm không dùng được (từ −{MAX_OFFSET_MM:g} đến "
                f"{MAX_OFFSET_MM:g} mm): lệch nhiều hơn thì chỉnh khổ giấy và lề trong trình điều "
                "khiển máy in."
            )
    return offset_mm


def _number(spec: Mapping[str, Any], key: str, where: str, low: float, high: float) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise FormError(
            f"{where}: “{key}” phải là một số từ {low:g} đến {high:g} (đang là {value!r})."
        )
    return float(value)


def _flag(spec: Mapping[str, Any], key: str, where: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):  # "false" in quotes is a word, and a word is true
        raise FormError(f"{where}: “{key}” phải là true hoặc false (đang là {value!r}).")
    return value


def _colour(spec: Mapping[str, Any], key: str, where: str) -> str:
    value = spec.get(key, "#000000")
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise FormError(f"{where}: “{key}” phải là mã màu dạng #RRGGBB (đang là {value!r}).")
    return value.upper()


def _sheet(form: Mapping[str, Any], path: Path) -> Sheet:
    page = form.get("page", {})
    width = _number(page, "width_mm", f"Biểu mẫu {path}, [page]", 50, 600)
    height = _number(page, "height_mm", f"Biểu mẫu {path}, [page]", 50, 600)
    spec = form.get("border")
    if spec is None:
        return Sheet(width, height, None)
    where = f"Biểu mẫu {path}, [border]"
    border = Border(
        _number(spec, "inset_mm", where, 0, 11),  # Word's page border is at most 31 pt in
        _number(spec, "line_pt", where, 0.25, 6),
        _flag(spec, "double", where),
        _colour(spec, "color", where),
    )
    return Sheet(width, height, border)


def _placed(spec: Mapping[str, Any], text: str, where: str, sheet: Sheet) -> PlacedText:
    align = spec.get("align", "center")
    if align not in ALIGNS:
        raise FormError(f"{where}: “align” = {align!r} không hợp lệ ({', '.join(ALIGNS)}).")
    left = _number(spec, "left_mm", where, 0, sheet.width_mm - 5)
    width = _number(spec, "width_mm", where, 5, sheet.width_mm - left)
    size = _number(spec, "size_pt", where, 4, 96)
    bold = _flag(spec, "bold", where)
    return PlacedText(
        # broken where the dossier's texts break (evenly, between phrases), the same in both files
        text=layout.balanced(text, size, bold, width),
        top_mm=_number(spec, "top_mm", where, 0, sheet.height_mm),
        left_mm=left,
        width_mm=width,
        size_pt=size,
        bold=bold,
        italic=_flag(spec, "italic", where),
        colour=_colour(spec, "color", where),
        align=align,
        rule=_flag(spec, "rule", where),
        preprinted=_flag(spec, "preprinted", where),
    )


def _room_mm(text: PlacedText, page: list[PlacedText], sheet: Sheet) -> float:
    """How far down `text` may run: to the next text below that shares some of its width,
    else to the border (or 10 mm above the sheet's edge)."""
    below = [
        other.top_mm for other in page
        if other.top_mm > text.top_mm
        and other.left_mm < text.left_mm + text.width_mm
        and text.left_mm < other.left_mm + other.width_mm
    ]  # fmt: skip
    edge = sheet.height_mm - (sheet.border.inset_mm + 2 if sheet.border else 10)
    return min([*below, edge]) - text.top_mm


def _fitted(text: PlacedText, room_mm: float, recipient: str) -> PlacedText:
    """`text` set smaller, down to SMALLEST_SHARE of its size, until it fits its room; refused
    when even that is too long (a name that would run over the next line of the certificate)."""
    original, size = text, text.size_pt
    while text.height_mm > room_mm + 0.01:
        size -= 0.5
        if size < original.size_pt * SMALLEST_SHARE:
            lines = original.text.count("\n") + 1
            raise FormError(
                f"Giấy khen của “{recipient}”: “{original.text.replace(chr(10), ' ')}” dài quá "
                f"chỗ in ({lines} dòng cỡ {original.size_pt:g} pt, chỉ có {room_mm:.0f} mm) — "
                "hãy viết gọn lại, hoặc sửa vị trí, bề rộng trong biểu mẫu Giấy khen."
            )
        words = original.text.replace("\n", " ")
        text = replace(
            original, size_pt=size, text=layout.balanced(words, size, text.bold, text.width_mm)
        )
    return text


def fill_certificates(
    regime: str, data: Mapping[str, Any], awardees: list[Mapping[str, Any]]
) -> CertificateSet:
    """One page per awardee (each bound to `nguoi_nhan` beside `data`), from the regime's
    certificate form (the user's copy first); what the data lacked prints as a dotted line and
    is named in `missing`; a text too long for its place is set smaller, or refused."""
    form, path = load_form(regime, FORM, content="texts")
    sheet = _sheet(form, path)
    name = checked_file_name(str(form.get("file", path.stem)), path)
    filler = Filler(path, data)
    pages = []
    for awardee in awardees:
        extra = {"nguoi_nhan": awardee}
        page = []
        for n, spec in enumerate(form["texts"], start=1):
            where = f"texts số {n}"
            if not isinstance(spec, dict):
                raise FormError(f"Biểu mẫu {path}, {where}: phải là một bảng [[texts]].")
            if filler.holds(spec, where, extra):
                text = filler.text(str(spec.get("text", "")), f"{where}, mục “text”", extra)
                page.append(_placed(spec, text, f"Biểu mẫu {path}, {where}", sheet))
        recipient = str(awardee.get("ten", ""))
        pages.append(tuple(_fitted(t, _room_mm(t, page, sheet), recipient) for t in page))
    labels = {**shared_labels(), **form.get("labels", {})}
    missing = tuple(dict.fromkeys(str(labels.get(m, m)) for m in filler.missing))
    issuer = str(data.get("giay_khen", {}).get("co_quan", ""))
    campaign = str(data.get("dot", {}).get("ten", ""))
    title = str(form.get("name", name))
    return CertificateSet(name, sheet, tuple(pages), missing, title, issuer, campaign)
