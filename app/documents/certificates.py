"""The Giấy khen certificate as form data (forms/<regime>/giay-khen/giay-khen.toml): the paper,
its decorative border and each text at a fixed place, filled once per awardee by the same
sandboxed engine as the dossier's forms. Three ways to print it: on plain paper (border and every
text), on a pre-printed blank (only what the blank lacks, shifted by the printer's offset), and an
alignment page to hold against a blank before printing on it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from app.documents import layout
from app.documents.errors import FormError
from app.documents.forms import Filler, load_form, shared_labels

FORM = "giay-khen/giay-khen"
ALIGNS = ("left", "center", "right")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_OFFSET_MM = 20.0  # a printer further off than this needs its driver set, not a nudge


class PrintMode(Enum):
    PLAIN = "giay-trang"  # border and every text, on white paper
    BLANK = "phoi"  # only what a pre-printed blank lacks
    ALIGN = "can-chinh"  # the alignment page, on white paper


@dataclass(frozen=True)
class Border:
    inset_mm: float  # from the sheet's edge to the outer line
    gap_mm: float  # between the outer and the inner line
    outer_pt: float
    inner_pt: float
    colour: str  # "#RRGGBB"


@dataclass(frozen=True)
class PlacedText:
    text: str
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


@dataclass(frozen=True)
class Sheet:
    width_mm: float
    height_mm: float
    border: Border | None


@dataclass(frozen=True)
class Certificate:
    """One awardee's page."""

    recipient: str
    texts: tuple[PlacedText, ...]


@dataclass(frozen=True)
class CertificateSet:
    name: str  # the files' stem
    sheet: Sheet
    pages: tuple[Certificate, ...]
    missing: tuple[str, ...]  # what the data lacked, named for the clerk
    title: str = "Giấy khen"
    author: str = ""  # the issuing body, in the files' properties
    subject: str = ""  # the campaign

    def on_blank(self, offset_mm: tuple[float, float]) -> CertificateSet:
        """The pages as printed on a pre-printed blank: without the border and the blank's own
        texts, every text moved by the printer's (right, down) offset in mm."""
        right, down = check_offset(offset_mm)
        pages = tuple(
            replace(page, texts=tuple(
                replace(t, left_mm=t.left_mm + right, top_mm=t.top_mm + down)
                for t in page.texts if not t.preprinted
            ))
            for page in self.pages
        )  # fmt: skip
        return replace(self, sheet=replace(self.sheet, border=None), pages=pages)


def check_offset(offset_mm: tuple[float, float]) -> tuple[float, float]:
    for value, side in zip(offset_mm, ("ngang", "dọc"), strict=True):
        if abs(value) > MAX_OFFSET_MM:
            raise FormError(
                f"Độ lệch {side} {value:g} mm quá lớn (tối đa ±{MAX_OFFSET_MM:g} mm): hãy chỉnh "
                "khổ giấy và lề trong trình điều khiển máy in."
            )
    return offset_mm


def _number(spec: Mapping[str, Any], key: str, where: str, low: float, high: float) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise FormError(
            f"{where}: “{key}” phải là một số từ {low:g} đến {high:g} (đang là {value!r})."
        )
    return float(value)


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
        _number(spec, "inset_mm", where, 0, min(width, height) / 4),
        _number(spec, "gap_mm", where, 0, 20),
        _number(spec, "outer_pt", where, 0.25, 12),
        _number(spec, "inner_pt", where, 0, 12),
        _colour(spec, "color", where),
    )
    return Sheet(width, height, border)


def _placed(spec: Mapping[str, Any], text: str, where: str, sheet: Sheet) -> PlacedText:
    align = spec.get("align", "center")
    if align not in ALIGNS:
        raise FormError(f"{where}: “align” = {align!r} không hợp lệ ({', '.join(ALIGNS)}).")
    left = _number(spec, "left_mm", where, 0, sheet.width_mm)
    width = _number(spec, "width_mm", where, 5, sheet.width_mm - left)
    size = _number(spec, "size_pt", where, 4, 96)
    bold = bool(spec.get("bold", False))
    return PlacedText(
        # broken where the dossier's texts break (evenly, between phrases), the same in both files
        text=layout.balanced(text, size, bold, width),
        top_mm=_number(spec, "top_mm", where, 0, sheet.height_mm),
        left_mm=left,
        width_mm=width,
        size_pt=size,
        bold=bold,
        italic=bool(spec.get("italic", False)),
        colour=_colour(spec, "color", where),
        align=align,
        rule=bool(spec.get("rule", False)),
        preprinted=bool(spec.get("preprinted", False)),
    )


def fill_certificates(
    regime: str, data: Mapping[str, Any], awardees: list[Mapping[str, Any]]
) -> CertificateSet:
    """One page per awardee (each bound to `nguoi_nhan` beside `data`), from the regime's
    certificate form (the user's copy first); what the data lacked prints as a dotted line and
    is named in `missing`."""
    form, path = load_form(regime, FORM, content="texts")
    sheet = _sheet(form, path)
    filler = Filler(path, data)
    pages = []
    for awardee in awardees:
        extra = {"nguoi_nhan": awardee}
        texts = []
        for n, spec in enumerate(form["texts"], start=1):
            where = f"texts số {n}"
            if not isinstance(spec, dict):
                raise FormError(f"Biểu mẫu {path}, {where}: phải là một bảng [[texts]].")
            if filler.holds(spec, where, extra):
                text = filler.text(str(spec.get("text", "")), f"{where}, mục “text”", extra)
                texts.append(_placed(spec, text, f"Biểu mẫu {path}, {where}", sheet))
        pages.append(Certificate(str(awardee.get("ten", "")), tuple(texts)))
    labels = {**shared_labels(), **form.get("labels", {})}
    missing = tuple(dict.fromkeys(str(labels.get(m, m)) for m in filler.missing))
    issuer = str(data.get("giay_khen", {}).get("co_quan", ""))
    campaign = str(data.get("dot", {}).get("ten", ""))
    name = str(form.get("file", path.stem))
    return CertificateSet(
        name, sheet, tuple(pages), missing, str(form.get("name", name)), issuer, campaign
    )
