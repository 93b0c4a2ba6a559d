"""A legal regime (chế độ pháp lý) as data: the decree a campaign's documents are made under,
the days it is in force, the statutory bases its documents cite, the texts it repealed, and the
award money it sets. Read from forms/<regime>/regime.toml (documents/forms.load_regime)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from msgspec import Struct, field

from app.core.text import fold, format_date_short, nfc
from app.errors import UserError


class RegimeError(UserError):
    """A regime file that cannot be used; the message names the file and the field."""


COUNCIL_SHARES = ("threshold", "quorum")  # "1/2", "2/3": a campaign's [vote] fractions
COUNCIL_FLAGS = (
    "threshold_strict", "quorum_strict", "of_present", "written_opinions", "secret_ballot"
)  # fmt: skip


def _council(data: Any, where: str) -> dict[str, Any]:
    """The regime's default council rules, checked as a campaign's [vote] would be."""
    if not isinstance(data, dict):
        raise RegimeError(f"{where}: mục [council] viết sai.")
    for key, value in data.items():
        if key in COUNCIL_FLAGS and isinstance(value, bool):
            continue
        if key in COUNCIL_SHARES and isinstance(value, str):
            try:
                share = Fraction(value)
            except (ValueError, ZeroDivisionError):
                share = Fraction(-1)
            if 0 < share <= 1:
                continue
        raise RegimeError(
            f'{where}: council.{key} = {value!r} không dùng được (tỷ lệ như "2/3" cho '
            f"{', '.join(COUNCIL_SHARES)}; true/false cho {', '.join(COUNCIL_FLAGS)})."
        )
    return dict(data)


class BaseSalary(Struct, frozen=True):
    start: date  # the first day this amount is in force
    amount: int  # đồng a month (mức lương cơ sở)


class AwardMoney(Struct, frozen=True):
    award: str  # "Giấy khen", "Bằng khen"
    coefficients: Mapping[str, Decimal]  # by kind ("collective", "individual"): × base salary


class Gate(Struct, frozen=True):
    """A case that bars an award while it lasts (Decree 152 art. 4): each nominee declares it."""

    id: str
    label: str  # "Khiếu nại, tố cáo"
    text: str  # "có đơn khiếu nại, tố cáo về đối tượng đang được xem xét, giải quyết"


class Regime(Struct, frozen=True):
    id: str  # the forms folder: "nd152-2025"
    name: str  # "Nghị định 152/2025/NĐ-CP"
    in_force_from: date | None
    in_force_until: date | None  # its last day in force; None while it is
    replaced_by: str  # the regime that took over, "" while in force
    legal_bases: tuple[str, ...]  # the statutory "Căn cứ …" lines its documents open with
    repeals: tuple[str, ...]  # numbers of the texts it replaced: "98/2023/NĐ-CP"
    base_salaries: tuple[BaseSalary, ...]  # oldest first
    awards: tuple[AwardMoney, ...]
    round_up_to: int  # an amount of award money is rounded up to a multiple of this (đồng)
    # names a campaign under this regime can give its bodies (campaign.BODY_FIELDS), "…" for
    # the place's own name: the choices offered, free text allowed
    body_choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # what bars an award while it lasts, declared per nominee; none: the campaign's one
    # declaration of no pending case (Decree 98)
    gates: tuple[Gate, ...] = ()
    # local levels that no longer exist ("huyện", "thành phố" …) and the cities that still do
    abolished_levels: tuple[str, ...] = ()
    province_cities: tuple[str, ...] = ()
    check_note: str = ""  # what the check says of the regime's forms (a form still to verify)
    # the council's rules a campaign entering the regime takes where it sets none ([vote] keys)
    council: Mapping[str, Any] = field(default_factory=dict)


def regime_from_dict(regime_id: str, data: Mapping[str, Any], where: str) -> Regime:
    """Validate and build a regime; `where` (its file) is named in every problem."""

    def day(key: str, value: Any) -> date:
        try:
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            message = f"{where}: “{key}” không phải ngày (YYYY-MM-DD): {value!r}."
            raise RegimeError(message) from None

    def lines(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegimeError(f"{where}: “{key}” phải là danh sách các dòng chữ.")
        return tuple(nfc(v) for v in value)

    def number(key: str, value: Any) -> Decimal:
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            raise RegimeError(f"{where}: “{key}” không phải số: {value!r}.") from None
        if not result.is_finite() or result < 0:
            raise RegimeError(f"{where}: “{key}” phải là số không âm: {value!r}.")
        return result

    money = data.get("money", {})
    tables = (
        (money.get("base_salary", []), money.get("awards", [])) if isinstance(money, dict) else None
    )
    if tables is None or not all(
        isinstance(t, list) and all(isinstance(i, dict) for i in t) for t in tables
    ):
        raise RegimeError(f"{where}: mục [money] viết sai (cần [[money.base_salary]], "
                          "[[money.awards]]).")  # fmt: skip
    salaries = []
    for n, item in enumerate(money.get("base_salary", []), start=1):
        key = f"money.base_salary số {n}"
        amount = number(f"{key}.amount", item.get("amount"))
        salaries.append(BaseSalary(day(f"{key}.from", item.get("from")), int(amount)))
    if [s.start for s in salaries] != sorted({s.start for s in salaries}):
        raise RegimeError(f"{where}: các mức lương cơ sở phải xếp theo ngày, không trùng ngày.")
    awards = []
    for n, item in enumerate(money.get("awards", []), start=1):
        key = f"money.awards số {n}"
        kinds = {k: number(f"{key}.{k}", v) for k, v in item.items() if k != "award"}
        awards.append(AwardMoney(nfc(str(item.get("award", ""))), kinds))
    choices = data.get("bodies", {})
    if not isinstance(choices, dict) or not all(
        isinstance(v, list) and all(isinstance(i, str) for i in v) for v in choices.values()
    ):
        raise RegimeError(f"{where}: mục [bodies] phải gồm các danh sách tên.")
    gates = data.get("gates", [])
    if not isinstance(gates, list) or not all(
        isinstance(g, dict)
        and all(isinstance(g.get(k), str) and g[k] for k in ("id", "label", "text"))
        for g in gates
    ):
        raise RegimeError(f"{where}: mỗi mục [[gates]] cần id, label và text.")
    two_tier = data.get("two_tier", {})
    if not isinstance(two_tier, dict):
        raise RegimeError(f"{where}: mục [two_tier] viết sai.")
    until = data.get("in_force_until")
    start = data.get("in_force_from")
    return Regime(
        id=regime_id,
        name=nfc(str(data.get("name", regime_id))),
        in_force_from=day("in_force_from", start) if start else None,
        in_force_until=day("in_force_until", until) if until else None,
        replaced_by=str(data.get("replaced_by", "")),
        legal_bases=lines("legal_bases"),
        repeals=lines("repeals"),
        base_salaries=tuple(salaries),
        awards=tuple(awards),
        round_up_to=int(number("money.round_up_to", money.get("round_up_to", 1))) or 1,
        body_choices={str(k): tuple(nfc(i) for i in v) for k, v in choices.items()},
        gates=tuple(Gate(g["id"], nfc(g["label"]), nfc(g["text"])) for g in gates),
        abolished_levels=tuple(nfc(str(w)) for w in two_tier.get("abolished", [])),
        province_cities=tuple(nfc(str(c)) for c in two_tier.get("cities", [])),
        check_note=nfc(str(data.get("check_note", ""))),
        council=_council(data.get("council", {}), where),
    )


def expiry_problem(regime: Regime, dated: date, successor: str = "") -> str | None:
    """Why documents dated `dated` cannot be made under `regime`: it was no longer in force
    (a dossier dated on or after 01/07/2025 must not stand on Decree 98/2023). `successor`:
    the name of the regime that replaced it."""
    until = regime.in_force_until
    if until is None or dated <= until:
        return None
    successor = successor or "đang có hiệu lực"
    return (
        f"Văn bản ngày {format_date_short(dated)} lập theo {regime.name}, đã hết hiệu lực từ "
        f"{format_date_short(until + timedelta(days=1))}: hồ sơ lập từ ngày đó không được viện "
        f"dẫn nghị định này — hãy nhân bản đợt thi đua sang chế độ {successor} (trang Đơn vị "
        "& đợt thi đua)."
    )


def ended_before(regime: Regime, start: date, successor: str = "") -> str | None:
    """A note for a campaign starting on `start` under a regime already ended by then;
    `successor` says which to choose instead (the regime's name, or the command's option)."""
    until = regime.in_force_until
    if until is None or start <= until:
        return None
    successor = f" ({successor})" if successor else ""
    return (
        f"Lưu ý: đợt mới theo {regime.name}, đã hết hiệu lực từ "
        f"{format_date_short(until + timedelta(days=1))}: hồ sơ của đợt sẽ bị cảnh báo khi "
        f"kiểm tra — nên nhân bản sang chế độ đang có hiệu lực{successor}."
    )


def repealed_citations(regime: Regime, texts: Mapping[str, str]) -> list[str]:
    """Each of `texts` (what the documents print, by what it is) that cites a text the regime
    repealed, however it is spelled: "98/2023/NĐ-CP", "98/2023/ND-CP", "Nghị định số
    98/2023" — but not "198/2023/NĐ-CP" nor "98/2023/TT-BTC"."""
    found = []
    for name, text in texts.items():
        cited = [r for r in regime.repeals if _cites(text, r)]
        if cited:
            found.append(
                f"{name} viện dẫn {', '.join(cited)}, văn bản đã bị thay thế theo {regime.name}."
            )
    return found


def _cites(folded: str, number: str) -> bool:
    """Whether `folded` (fold()ed text) cites the text numbered `number` ("98/2023/NĐ-CP"),
    whatever separates its parts ("/", "-", a dash, a full-width slash, spaces) and however its
    kind is written ("NĐ-CP", "ND CP", "NÐ-CP" with an Eth); a number inside another
    ("198/2023") or the same number of another kind ("98/2023/TT-BTC") is not it."""
    serial, year, *kind = re.split(r"[^0-9a-z]+", _letters(number))
    text = _letters(folded)
    for found in re.finditer(rf"(?<!\d){serial}[^0-9a-z]+{year}(?!\d)", text):
        # a kind is attached by a separator ("/NĐ-CP"), not a word after a space ("của …")
        after = re.match(r"\s*[/\-–—／]\s*([a-z][a-z\s\-–—]*)", text[found.end() :])
        written = re.sub(r"[^a-z]", "", after.group(1))[: len("".join(kind))] if after else ""
        if not written or not kind or written == "".join(kind):
            return True
    return False


def _letters(text: str) -> str:
    """Folded text with the Eth (Ð, ð) of converted legacy fonts read as d."""
    return fold(text.replace("Ð", "Đ").replace("ð", "đ"))


def abolished_bodies(regime: Regime, texts: Mapping[str, str]) -> list[str]:
    """Each of `texts` naming a local level the regime's state no longer has: "UBND thành phố"
    of a province, "Thanh tra huyện", "Phòng Nội vụ thành phố" (not "thành phố Hà Nội")."""
    found = []
    for name, text in texts.items():
        words = re.sub(r"(?<!\w)TP\.?(?=\s)", "thành phố", nfc(text), flags=re.I).split()
        lowered = [w.casefold().strip(",.;:()") for w in words]
        for level in regime.abolished_levels:
            size = len(level.split())
            for i in range(len(words) - size + 1):
                if " ".join(lowered[i : i + size]) != level.casefold():
                    continue
                if i and lowered[i - 1] in ("xã", "phường", "tỉnh"):  # a name: "xã Thị Trấn"
                    continue
                after = " ".join(lowered[i + size : i + size + 3])
                if level.casefold() == "thành phố" and any(
                    after.startswith(city.casefold()) for city in regime.province_cities
                ):
                    continue
                said = " ".join(words[i : i + size + 2]).strip(",.;:")
                found.append(f"{name} nêu “{said}”")
                break
            else:
                continue
            break
    return found


# The order of "Căn cứ" lines: the law, decrees, circulars, then the rest (plans, regulations)
_RANKS = (("căn cứ luật", 0), ("căn cứ nghị định", 1), ("căn cứ thông tư", 2))


def merged_bases(regime: Regime, campaign_bases: Iterable[str]) -> list[str]:
    """The "Căn cứ …" lines of a document: the regime's statutory ones and the campaign's own
    (its plan, the province's regulation, Decree 129 where a commune chairman awards), each
    once, without a stop of their own (the form ends each with ";"), by legal rank."""
    lines = (nfc(line).strip().rstrip(";.").rstrip() for line in (*regime.legal_bases,
                                                                   *campaign_bases))  # fmt: skip
    unique = list(dict.fromkeys(line for line in lines if line))

    def rank(line: str) -> int:
        return next((r for start, r in _RANKS if line.casefold().startswith(start)), 3)

    return sorted(unique, key=rank)


def base_salary(regime: Regime, on: date) -> int | None:
    """The base salary in force on `on` (the decision's date); None before the first known."""
    amounts = [s.amount for s in regime.base_salaries if s.start <= on]
    return amounts[-1] if amounts else None


def award_money(regime: Regime, award: str, kind: str, decided_on: date) -> int | None:
    """The money that goes with `award` for a `kind` ("collective" / "individual") decided on
    `decided_on`: coefficient × base salary in force that day, rounded up to the regime's
    step; None when the regime sets no coefficient or no base salary is known for that day."""
    salary = base_salary(regime, decided_on)
    coefficient = next(
        (a.coefficients.get(kind) for a in regime.awards if a.award.casefold() == award.casefold()),
        None,
    )
    if salary is None or coefficient is None:
        return None
    step = Decimal(regime.round_up_to)
    return int((coefficient * salary / step).to_integral_value(ROUND_CEILING) * step)
