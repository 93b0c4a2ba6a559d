"""Live figures inside achievement text. A clerk writes "đã giải quyết {Đã giải quyết}/{Tổng số
vụ việc} vụ việc, đạt {Tỷ lệ giải quyết}" and every output prints the register's current
figures there: a number is never retyped, so it never disagrees with the tally.

A name in braces that is not a live value, or one the register cannot give yet, prints "…"
and is reported, as every other missing value of a form is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from msgspec import Struct

MISSING = "…"

# (name shown and typed, key in the figures the documents print — see dossier_data.facts)
LIVE_VALUES: tuple[tuple[str, str], ...] = (
    ("Từ ngày", "tu_ngay"),
    ("Đến ngày", "den_ngay"),
    ("Kỳ trước chuyển sang", "ky_truoc"),
    ("Phát sinh mới", "moi"),
    ("Tổng số vụ việc", "tong_so"),
    ("Đã giải quyết", "da_giai_quyet"),
    ("Tỷ lệ giải quyết", "ty_le"),
    ("Giải quyết đúng hạn", "dung_han"),
    ("Tỷ lệ đúng hạn", "ty_le_dung_han"),
    ("Khiếu nại, tố cáo — tổng số", "kntc_tong_so"),
    ("Khiếu nại, tố cáo — đã giải quyết", "kntc_da_giai_quyet"),
    ("Khiếu nại, tố cáo — tỷ lệ", "kntc_ty_le"),
    ("Đơn tiếp nhận", "don_nhan"),
    ("Đơn đã xử lý", "don_xu_ly"),
    ("Tỷ lệ xử lý đơn", "ty_le_xu_ly"),
    ("Lượt tiếp công dân", "tiep.luot"),
    ("Người được tiếp", "tiep.nguoi"),
    ("Vụ việc qua tiếp dân", "tiep.vu_viec"),
    ("Ngày lãnh đạo tiếp định kỳ", "tiep.lanh_dao_ngay"),
)
_KEYS = dict(LIVE_VALUES)
_TOKEN = re.compile(r"\{([^{}\n]{1,60})\}")


def token(name: str) -> str:
    """What inserting the live value `name` puts in the text."""
    return "{" + name + "}"


def value_of(name: str, facts: Mapping[str, Any]) -> str | None:
    """The figure `name` stands for, as documents print it; None when there is none."""
    key = _KEYS.get(name)
    if key is None:
        return None
    value: Any = facts
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return None if value in (None, "") else str(value)


def available(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, value) of every live value the figures give, in the order they are offered."""
    return [(name, v) for name, _ in LIVE_VALUES if (v := value_of(name, facts)) is not None]


class Filled(Struct, frozen=True):
    text: str
    unknown: tuple[str, ...]  # names in braces that are no live value
    missing: tuple[str, ...]  # live values the figures cannot give yet


def fill(text: str, facts: Mapping[str, Any]) -> Filled:
    unknown: list[str] = []
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name not in _KEYS:
            unknown.append(name)
            return MISSING
        value = value_of(name, facts)
        if value is None:
            missing.append(name)
            return MISSING
        return value

    result = _TOKEN.sub(replace, text)
    return Filled(result, tuple(dict.fromkeys(unknown)), tuple(dict.fromkeys(missing)))


# --- figures typed by hand ---------------------------------------------------------------

_PERCENT = re.compile(r"(?<![\d,./])(\d{1,3}(?:,\d{1,2})?)\s*%")
_PAIR = re.compile(r"(?<![\d,./])(\d[\d.]*)\s*/\s*(\d[\d.]*)(?![\d/])")
_PERCENT_KEYS = ("ty_le", "ty_le_dung_han", "kntc_ty_le", "ty_le_xu_ly")
_PAIR_KEYS = (
    ("da_giai_quyet", "tong_so"),
    ("dung_han", "tong_so"),
    ("kntc_da_giai_quyet", "kntc_tong_so"),
    ("don_xu_ly", "don_nhan"),
)


def _percent(text: str) -> float | None:
    try:
        return float(text.rstrip("%").strip().replace(",", "."))
    except ValueError:
        return None  # "không phát sinh"


def _count(text: str) -> int:
    return int(text.replace(".", ""))  # "1.234": the thousands separator


def contradictions(text: str, facts: Mapping[str, Any]) -> list[str]:
    """Rates ("96%") and counts ("30/31") typed into the text that no figure of the register
    has, each with the register's figure; nothing without figures to compare with. Live
    values ({…}) are the register's own and never flagged."""
    if not facts:
        return []
    plain = _TOKEN.sub(" ", text)
    percents = {
        v: str(facts[k])
        for k in _PERCENT_KEYS
        if k in facts and (v := _percent(str(facts[k]))) is not None
    }
    pairs = {
        (_count(str(facts[a])), _count(str(facts[b]))): f"{facts[a]}/{facts[b]}"
        for a, b in _PAIR_KEYS
        if a in facts and b in facts
    }
    found = []
    for match in _PERCENT.finditer(plain):
        value = _percent(match.group(1))
        if value is not None and not any(abs(value - known) < 0.006 for known in percents):
            register = ", ".join(percents.values())
            found.append(f"“{match.group(0)}” (sổ: {register})")
    for match in _PAIR.finditer(plain):
        pair = (_count(match.group(1)), _count(match.group(2)))
        if pair not in pairs:
            found.append(f"“{match.group(0)}” (sổ: {', '.join(pairs.values())})")
    return found
