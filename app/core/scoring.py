"""Campaigns that rank by points (domain §2.1, last point): a scoring table as campaign data,
each nominee's score sheet, the ranking with its tie-breaks, and quotas as a number or a share
of the participants.

A criterion is one of:
* ``ratio``: a figure the app computes (§6: resolution rate, KN+TC rate, on-time rate,
  processing rate); points = achieved ÷ base × points, at most ``cap`` (the points by default);
* ``value``: the same, for a value the unit enters with its evidence (e.g. the share of
  decisions executed);
* ``yes_no``: the points when done, none otherwise;
* ``deduction``: points taken off per case entered (e.g. each complaint sent over the unit's
  head), at most ``cap`` in all.

Bonus bands add points for an achieved value in [at_least, below). A criterion needing
evidence scores nothing without it, and says so. Everything is exact (Fractions): a score is
rounded only where it is shown, so two nominees are never tied or parted by rounding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import Any

from msgspec import Struct, field

from app.core.tally import ResolutionCounts, processing_rate
from app.errors import UserError


class ScoringError(UserError):
    """A scoring table that cannot be used; the message names the item (and its line when
    read from a file)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path  # "criteria.2.base": where, for a file's line number


class Kind(StrEnum):
    RATIO = "ratio"
    VALUE = "value"
    YES_NO = "yes_no"
    DEDUCTION = "deduction"


# The figures a ratio criterion can name (domain §6), as percentages.
FIGURES = {
    "resolution_rate": "Tỷ lệ giải quyết đơn thuộc thẩm quyền",
    "kntc_rate": "Tỷ lệ giải quyết khiếu nại, tố cáo",
    "on_time_rate": "Tỷ lệ giải quyết đúng hạn",
    "processing_rate": "Tỷ lệ xử lý đơn",
}
MISSING_EVIDENCE, NO_FIGURE = "thiếu minh chứng", "chưa có số liệu"
VOTE = "vote"  # the last tie-break: the council votes on those still tied
ROUNDINGS = {"down": "làm tròn xuống", "nearest": "làm tròn đến số gần nhất", "up": "làm tròn lên"}
KINDS = ("collective", "individual")


class Band(Struct, frozen=True):
    at_least: Fraction
    below: Fraction | None  # None: no upper end
    bonus: Fraction

    def holds(self, value: Fraction) -> bool:
        return value >= self.at_least and (self.below is None or value < self.below)


class Criterion(Struct, frozen=True):
    id: str
    title: str
    kind: Kind
    points: Fraction  # at the base (ratio, value), when done (yes_no), per case (deduction)
    base: Fraction | None = None  # điểm chuẩn: the achieved value worth `points`
    figure: str | None = None  # ratio: which of FIGURES
    cap: Fraction | None = None  # the most it gives (or takes, for a deduction)
    bands: tuple[Band, ...] = ()
    evidence: bool = False  # scores only with evidence attached
    if_no_cases: str = "none"  # ratio without cases ("không phát sinh"): "none" or "full"
    applies_to: tuple[str, ...] = KINDS  # who it scores: collectives, individuals or both

    @property
    def entered(self) -> bool:
        """The unit types its value (a ratio's comes from the register's figures)."""
        return self.kind is not Kind.RATIO

    @property
    def most(self) -> Fraction:
        """The most points the criterion can give (0 for a deduction)."""
        if self.kind is Kind.DEDUCTION:
            return Fraction(0)
        top = self.cap if self.cap is not None else self.points
        return top + max((b.bonus for b in self.bands), default=Fraction(0))


class Quota(Struct, frozen=True):
    """How many of a kind are chosen: a number, or a share of those taking part."""

    count: int | None = None
    percent: Fraction | None = None
    rounding: str = "down"
    minimum: int = 0

    def seats(self, participants: int) -> int:
        if self.count is not None:
            return self.count
        assert self.percent is not None
        exact = self.percent * participants / 100
        rounded = {
            "down": math.floor(exact),
            "up": math.ceil(exact),
            "nearest": math.floor(exact + Fraction(1, 2)),  # half up, as a clerk rounds
        }[self.rounding]
        return max(rounded, self.minimum) if participants else 0  # nobody: no place

    def describe(self, participants: int) -> str:
        if self.count is not None:
            return f"{self.count}"
        return (
            f"{format_points(self.percent)}% của {participants} = {self.seats(participants)} "
            f"({ROUNDINGS[self.rounding]}"
            + (f", ít nhất {self.minimum}" if self.minimum else "")
            + ")"
        )


class Scoring(Struct, frozen=True):
    criteria: tuple[Criterion, ...]
    tie_breaks: tuple[str, ...]  # "criterion:<id>", "figure:<id>", ending with "vote"
    quotas: Mapping[str, Quota]  # by kind: "collective", "individual"
    max_total: Fraction | None = None
    example: bool = False  # a template's table, to adapt: not any plan's

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


# --- reading a table --------------------------------------------------------------------------


def _number(value: Any, path: str, *, positive: bool = False) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScoringError(f"“{path}” phải là một số, không phải {value!r}.", path)
    try:
        number = Fraction(str(value).replace(",", ".").strip().rstrip("%"))
    except (ValueError, ZeroDivisionError):
        raise ScoringError(f"“{path}” phải là một số, không phải {value!r}.", path) from None
    if number < 0 or (positive and number == 0):
        raise ScoringError(f"“{path}” phải {'lớn hơn 0' if positive else 'không âm'}.", path)
    return number


def _text(data: Mapping[str, Any], key: str, path: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ScoringError(f"“{path}.{key}” phải là một chuỗi không rỗng.", f"{path}.{key}")
    return value.strip()


def _known(data: Mapping[str, Any], keys: set[str], path: str) -> None:
    unknown = sorted(set(data) - keys)
    if unknown:
        raise ScoringError(
            f"“{path}” có mục không biết: {', '.join(unknown)} (các mục: "
            f"{', '.join(sorted(keys))}).",
            f"{path}.{unknown[0]}",
        )


_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CRITERION_KEYS = {"id", "title", "kind", "points", "base", "figure", "cap", "bands",
                   "evidence", "if_no_cases", "applies_to"}  # fmt: skip


def _criterion(data: Any, path: str) -> Criterion:
    if not isinstance(data, dict):
        raise ScoringError(f"“{path}” phải là một bảng [[scoring.criteria]].", path)
    _known(data, _CRITERION_KEYS, path)
    criterion_id, title = _text(data, "id", path), _text(data, "title", path)
    if not _ID.fullmatch(criterion_id):  # it names the evidence file a package carries
        raise ScoringError(
            f"“{path}.id” là “{criterion_id}”: mã tiêu chí chỉ gồm chữ thường không dấu, số và "
            "dấu gạch dưới, bắt đầu bằng chữ (ví dụ giai_quyet_don).",
            f"{path}.id",
        )
    try:
        kind = Kind(data.get("kind"))
    except ValueError:
        raise ScoringError(
            f"“{path}.kind” là {data.get('kind')!r}; phải là một trong: "
            f"{', '.join(k.value for k in Kind)}.",
            f"{path}.kind",
        ) from None
    points = _number(data.get("points"), f"{path}.points", positive=True)
    needs_base = kind in (Kind.RATIO, Kind.VALUE)
    base = _number(data["base"], f"{path}.base", positive=True) if "base" in data else None
    if needs_base and base is None:
        raise ScoringError(f"“{path}” ({kind.value}) cần “base” (điểm chuẩn).", path)
    if not needs_base and base is not None:
        raise ScoringError(f"“{path}.base” chỉ dùng cho ratio và value.", f"{path}.base")
    figure = data.get("figure")
    if kind is Kind.RATIO and figure not in FIGURES:
        raise ScoringError(
            f"“{path}.figure” là {figure!r}; phải là một trong: {', '.join(FIGURES)}.",
            f"{path}.figure",
        )
    if kind is not Kind.RATIO and figure is not None:
        raise ScoringError(f"“{path}.figure” chỉ dùng cho ratio.", f"{path}.figure")
    cap = _number(data["cap"], f"{path}.cap", positive=True) if "cap" in data else None
    if cap is not None and kind is Kind.YES_NO:
        raise ScoringError(f"“{path}.cap” không dùng cho yes_no.", f"{path}.cap")
    evidence = data.get("evidence", False)
    if not isinstance(evidence, bool):
        raise ScoringError(f"“{path}.evidence” phải là true hoặc false.", f"{path}.evidence")
    if evidence and kind is Kind.DEDUCTION:  # without it the deduction would fall away
        raise ScoringError(
            f"“{path}.evidence”: điểm trừ không cần minh chứng của đơn vị (thiếu minh chứng thì "
            "lại không bị trừ).",
            f"{path}.evidence",
        )
    if_no_cases = data.get("if_no_cases", "none")
    if if_no_cases not in ("none", "full") or (kind is not Kind.RATIO and "if_no_cases" in data):
        raise ScoringError(
            f"“{path}.if_no_cases” chỉ dùng cho ratio, là “none” hoặc “full”.",
            f"{path}.if_no_cases",
        )
    applies_to = data.get("applies_to", list(KINDS))
    if (not isinstance(applies_to, list) or not applies_to
            or any(k not in KINDS for k in applies_to)):  # fmt: skip
        raise ScoringError(
            f"“{path}.applies_to” là danh sách gồm “collective” (tập thể) và/hoặc “individual” "
            "(cá nhân).",
            f"{path}.applies_to",
        )
    return Criterion(criterion_id, title, kind, points, base, figure, cap,
                     _bands(data.get("bands", []), f"{path}.bands", kind), evidence,
                     if_no_cases, tuple(applies_to))  # fmt: skip


def _bands(data: Any, path: str, kind: Kind) -> tuple[Band, ...]:
    if not isinstance(data, list):
        raise ScoringError(f"“{path}” phải là danh sách [[…bands]].", path)
    if data and kind not in (Kind.RATIO, Kind.VALUE):
        raise ScoringError(f"“{path}”: điểm thưởng theo khoảng chỉ dùng cho ratio và value.", path)
    bands = []
    for i, item in enumerate(data, 1):
        where = f"{path}.{i}"
        if not isinstance(item, dict):
            raise ScoringError(f"“{where}” phải là một bảng.", where)
        _known(item, {"at_least", "below", "bonus"}, where)
        at_least = _number(item.get("at_least"), f"{where}.at_least")
        below = _number(item["below"], f"{where}.below") if "below" in item else None
        if below is not None and below <= at_least:
            raise ScoringError(f"“{where}”: “below” phải lớn hơn “at_least”.", f"{where}.below")
        bands.append(Band(at_least, below, _number(item.get("bonus"), f"{where}.bonus")))
    ordered = sorted(range(len(bands)), key=lambda i: bands[i].at_least)
    for low, high in pairwise(ordered):  # numbered as in the file
        if bands[low].below is None or bands[low].below > bands[high].at_least:
            later, earlier = max(low, high) + 1, min(low, high) + 1
            where = f"{path}.{later}"
            raise ScoringError(f"“{where}”: khoảng này chồng lên khoảng số {earlier}.", where)
    return tuple(bands)


def _quota(data: Any, path: str) -> Quota:
    if isinstance(data, int) and not isinstance(data, bool):
        if data < 0:
            raise ScoringError(f"“{path}” không được âm.", path)
        return Quota(count=data)
    if isinstance(data, str) and data.strip().endswith("%"):
        percent = _number(data, path, positive=True)
        if percent > 100:
            raise ScoringError(f"“{path}” không được quá 100%.", path)
        return Quota(percent=percent)
    if isinstance(data, dict):
        _known(data, {"percent", "rounding", "minimum"}, path)
        percent = _number(data.get("percent"), f"{path}.percent", positive=True)
        if percent > 100:
            raise ScoringError(f"“{path}.percent” không được quá 100.", f"{path}.percent")
        rounding = data.get("rounding", "down")
        if rounding not in ROUNDINGS:
            raise ScoringError(
                f"“{path}.rounding” là {rounding!r}; phải là một trong: {', '.join(ROUNDINGS)}.",
                f"{path}.rounding",
            )
        minimum = data.get("minimum", 0)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
            raise ScoringError(f"“{path}.minimum” phải là số nguyên không âm.", f"{path}.minimum")
        return Quota(percent=percent, rounding=rounding, minimum=minimum)
    raise ScoringError(
        f'“{path}” phải là một số (10), một tỷ lệ ("10%") hoặc một bảng '
        '{ percent = 10, rounding = "down" }.',
        path,
    )


def scoring_from_dict(data: Any, path: str = "scoring") -> Scoring:
    """Validate and build a scoring table; every refusal names its item (ScoringError.path)."""
    if not isinstance(data, dict):
        raise ScoringError(f"“{path}” phải là một bảng [scoring].", path)
    _known(data, {"criteria", "tie_breaks", "quota", "max_total", "example"}, path)
    items = data.get("criteria")
    if not isinstance(items, list) or not items:
        raise ScoringError(f"“{path}” cần ít nhất một [[{path}.criteria]].", f"{path}.criteria")
    criteria = tuple(_criterion(c, f"{path}.criteria.{i}") for i, c in enumerate(items, 1))
    seen: set[str] = set()
    for i, c in enumerate(criteria, 1):
        if c.id in seen:
            where = f"{path}.criteria.{i}.id"
            raise ScoringError(f"“{where}”: mã tiêu chí “{c.id}” bị trùng.", where)
        seen.add(c.id)
    tie_breaks = data.get("tie_breaks", [VOTE])
    if not isinstance(tie_breaks, list) or not tie_breaks or tie_breaks[-1] != VOTE:
        raise ScoringError(
            f"“{path}.tie_breaks” phải là danh sách kết thúc bằng “{VOTE}” (Hội đồng bỏ phiếu "
            "khi vẫn bằng điểm).",
            f"{path}.tie_breaks",
        )
    for key in tie_breaks[:-1]:
        kind, _, name = str(key).partition(":")
        if not ((kind == "criterion" and name in seen) or (kind == "figure" and name in FIGURES)):
            raise ScoringError(
                f"“{path}.tie_breaks”: “{key}” không dùng được; dùng “criterion:<mã tiêu chí>”, "
                f"“figure:<{'|'.join(FIGURES)}>” hoặc “{VOTE}” ở cuối.",
                f"{path}.tie_breaks",
            )
    quotas = data.get("quota", {})
    if not isinstance(quotas, dict):
        raise ScoringError(f"“{path}.quota” phải là một bảng.", f"{path}.quota")
    _known(quotas, {"collectives", "individuals"}, f"{path}.quota")
    example = data.get("example", False)
    if not isinstance(example, bool):
        raise ScoringError(f"“{path}.example” phải là true hoặc false.", f"{path}.example")
    max_total = data.get("max_total")
    return Scoring(
        criteria,
        tuple(str(t) for t in tie_breaks),
        {
            kind: _quota(quotas[key], f"{path}.quota.{key}")
            for kind, key in zip(KINDS, ("collectives", "individuals"), strict=True)
            if key in quotas
        },
        None if max_total is None else _number(max_total, f"{path}.max_total", positive=True),
        example,
    )


# --- scoring a nominee ------------------------------------------------------------------------


class Entry(Struct, frozen=True):
    """What a nominee brings to one criterion: the achieved value (a figure in percent, a
    value entered, 1/0 for yes/no, a number of cases for a deduction; None: none yet) and
    whether its evidence is attached."""

    value: Fraction | None
    evidence: bool = False
    no_cases: bool = False  # a ratio whose figure has no case to count ("không phát sinh")


class Line(Struct, frozen=True):
    criterion: Criterion
    value: Fraction | None
    points: Fraction  # negative for a deduction
    bonus: Fraction = Fraction(0)
    note: str = ""  # why it scores what it does, when it is not by its rule
    adjustment: Fraction | None = None  # the appraiser's points instead, with their reason
    reason: str = ""

    @property
    def lacking(self) -> bool:
        """It scores nothing for want of something the unit can still give."""
        return self.note in (MISSING_EVIDENCE, NO_FIGURE)

    @property
    def scored(self) -> Fraction:
        return self.adjustment if self.adjustment is not None else self.points + self.bonus


class Sheet(Struct, frozen=True):
    lines: tuple[Line, ...]
    max_total: Fraction | None = None

    @property
    def total(self) -> Fraction:
        total = sum((line.scored for line in self.lines), Fraction(0))
        total = max(total, Fraction(0))
        return min(total, self.max_total) if self.max_total is not None else total

    @property
    def most(self) -> Fraction:
        """The most this sheet's criteria can give."""
        most = sum((line.criterion.most for line in self.lines), Fraction(0))
        return min(most, self.max_total) if self.max_total is not None else most

    def points_of(self, criterion_id: str) -> Fraction:
        """0 for a criterion that does not score this nominee (one for the other kind)."""
        return next(
            (line.scored for line in self.lines if line.criterion.id == criterion_id), Fraction(0)
        )


def _line(c: Criterion, entry: Entry | None) -> Line:
    value = entry.value if entry else None
    if c.evidence and not (entry and entry.evidence):
        return Line(c, value, Fraction(0), note=MISSING_EVIDENCE)
    if c.kind is Kind.RATIO and entry is not None and entry.no_cases:
        full = c.if_no_cases == "full"
        return Line(c, None, c.points if full else Fraction(0),
                    note="không phát sinh" + (", tính đủ điểm" if full else ""))  # fmt: skip
    if value is None:
        return Line(c, None, Fraction(0), note=NO_FIGURE)
    if c.kind is Kind.YES_NO:
        return Line(c, value, c.points if value else Fraction(0))
    if c.kind is Kind.DEDUCTION:
        taken = value * c.points
        return Line(c, value, -min(taken, c.cap) if c.cap is not None else -taken)
    assert c.base is not None
    top = c.cap if c.cap is not None else c.points
    bonus = sum((b.bonus for b in c.bands if b.holds(value)), Fraction(0))
    return Line(c, value, min(value / c.base * c.points, top), bonus)


def score(
    scoring: Scoring,
    entries: Mapping[str, Entry],
    adjustments: Mapping[str, tuple[Fraction, str]] | None = None,
    kind: str | None = None,
) -> Sheet:
    """The score sheet of one nominee (of `kind`: only the criteria that apply to it);
    `adjustments` are the appraiser's points per criterion, each with its reason (they replace
    the computed points, which stay shown)."""
    lines = []
    for c in scoring.criteria:
        if kind is not None and kind not in c.applies_to:
            continue
        line = _line(c, entries.get(c.id))
        if adjustments and c.id in adjustments:
            points, reason = adjustments[c.id]
            if not reason.strip():
                raise ScoringError(f"Điều chỉnh điểm “{c.title}” cần ghi lý do.")
            line = Line(line.criterion, line.value, line.points, line.bonus, line.note, points,
                        reason.strip())  # fmt: skip
        lines.append(line)
    return Sheet(tuple(lines), scoring.max_total)


def figure_rates(
    resolution: ResolutionCounts, kntc: ResolutionCounts, received: int, processed: int
) -> dict[str, Fraction | None]:
    """The FIGURES of a nominee, in percent; None where nothing arose ("không phát sinh")."""
    return {
        "resolution_rate": resolution.rate,
        "kntc_rate": kntc.rate,
        "on_time_rate": resolution.on_time_rate,
        "processing_rate": processing_rate(processed, received),
    }


def figure_entries(
    scoring: Scoring, rates: Mapping[str, Fraction | None] | None
) -> dict[str, Entry]:
    """The entries of the ratio criteria from a nominee's figures (`rates`: None when the
    nominee has no figures of its own)."""
    if rates is None:
        return {}
    return {
        c.id: Entry(rates.get(c.figure), no_cases=rates.get(c.figure) is None)
        for c in scoring.criteria
        if c.kind is Kind.RATIO and c.figure is not None
    }


def most_text(c: Criterion) -> str:
    """What a criterion can give, in words: "tối đa 32"; a deduction, what it can take."""
    if c.kind is Kind.DEDUCTION:
        return f"trừ tối đa {format_points(c.cap)}" if c.cap is not None else "điểm trừ"
    return f"tối đa {format_points(c.most)}"


def rounded(points: Fraction) -> Fraction:
    """To the hundredth, half up as a clerk rounds (away from zero): what is printed."""
    hundredths = math.floor(abs(points) * 100 + Fraction(1, 2))
    return Fraction(hundredths if points >= 0 else -hundredths, 100)


def format_points(points: Fraction | None) -> str:
    """Points as printed: two decimals at most, a decimal comma ("12,5", "20")."""
    if points is None:
        return ""
    value = rounded(points)
    whole, part = divmod(int(abs(value) * 100), 100)
    text = f"{whole}" + (f",{part:02d}".rstrip("0") if part else "")
    return f"-{text}" if value < 0 else text


def how_scored(c: Criterion) -> str:
    """The rule in words, as the plan states it."""
    points = format_points(c.points)
    if c.kind is Kind.YES_NO:
        return f"Có: {points} điểm"
    if c.kind is Kind.DEDUCTION:
        most = f", trừ tối đa {format_points(c.cap)}" if c.cap is not None else ""
        return f"Trừ {points} điểm mỗi vụ{most}"
    what = FIGURES[c.figure] if c.figure else "Giá trị đạt được"
    unit = "%" if c.kind is Kind.RATIO else ""
    top = format_points(c.cap if c.cap is not None else c.points)
    rule = f"{what} ÷ {format_points(c.base)}{unit} × {points} (tối đa {top})"
    for band in c.bands:
        low = f"{format_points(band.at_least)}{unit}"
        upto = f" đến dưới {format_points(band.below)}{unit}" if band.below is not None else ""
        rule += f"; từ {low}{upto or ' trở lên'}: thưởng {format_points(band.bonus)}"
    return rule


def shown_points(line: Line) -> str:
    """ "34 (30 + thưởng 4)", "0 (thiếu minh chứng)", "-4"."""
    if line.adjustment is not None:
        return f"{format_points(line.adjustment)} (điều chỉnh)"
    if line.note:
        return f"{format_points(line.scored)} ({line.note})"
    if line.bonus:
        return (f"{format_points(line.scored)} ({format_points(line.points)} + thưởng "
                f"{format_points(line.bonus)})")  # fmt: skip
    return format_points(line.scored)


def shown_value(line: Line) -> str:
    c, value = line.criterion, line.value
    if value is None:
        return ""
    if c.kind is Kind.YES_NO:
        return "Có" if value else "Không"
    if c.kind is Kind.DEDUCTION:
        return f"{format_points(value)} vụ"
    return f"{format_points(value)}%" if c.kind is Kind.RATIO else format_points(value)


# --- ranking and the shortlist ----------------------------------------------------------------


class Ranked(Struct, frozen=True):
    """One nominee in the ranking: its score sheet and the figures the tie-breaks may use."""

    key: Any  # the caller's id of the nominee
    name: str
    sheet: Sheet
    figures: Mapping[str, Fraction | None] = field(default_factory=dict)


class Place(Struct, frozen=True):
    place: int  # 1 = first; nominees still tied after the cascade share a place
    nominee: Ranked
    decided_by: str  # what parted it from the next one: "điểm", a tie-break, or VOTE


def tie_value(nominee: Ranked, tie_break: str) -> Fraction:
    kind, _, name = tie_break.partition(":")
    if kind == "criterion":
        return nominee.sheet.points_of(name)
    value = nominee.figures.get(name)
    return value if value is not None else Fraction(-1)  # no figure: after any figure


def tie_break_label(tie_break: str, scoring: Scoring) -> str:
    kind, _, name = tie_break.partition(":")
    if kind == "criterion":
        return f"điểm tiêu chí “{scoring.criterion(name).title}”"
    if kind == "figure":
        return FIGURES[name].lower()
    return "Hội đồng bỏ phiếu"


def rank(nominees: Sequence[Ranked], tie_breaks: Sequence[str]) -> list[Place]:
    """By total score, then each tie-break in turn among those still equal; those equal on
    all of them share a place, to be decided by the council's vote (the cascade's end)."""
    keys: list[Callable[[Ranked], Fraction]] = [lambda n: n.sheet.total]
    keys += [lambda n, t=t: tie_value(n, t) for t in tie_breaks if t != VOTE]
    names = ["điểm", *(t for t in tie_breaks if t != VOTE)]
    ordered = sorted(nominees, key=lambda n: tuple(-k(n) for k in keys))
    places: list[Place] = []
    for i, nominee in enumerate(ordered):
        previous = ordered[i - 1] if i else None
        if previous is not None and all(k(previous) == k(nominee) for k in keys):
            place = places[-1].place  # tied on everything: the vote decides
        else:
            place = i + 1
        places.append(Place(place, nominee, ""))
    # what parted each one from the next (for the report): the first key that differs
    out = []
    for i, p in enumerate(places):
        after = places[i + 1].nominee if i + 1 < len(places) else None
        decided = ""
        if after is not None:
            decided = next((name for k, name in zip(keys, names, strict=True)
                            if k(p.nominee) != k(after)), VOTE)  # fmt: skip
        out.append(Place(p.place, p.nominee, decided))
    return out


class Shortlist(Struct, frozen=True):
    chosen: tuple[Place, ...]
    to_vote: tuple[Place, ...]  # tied across the last seat: the council votes among them
    seats_left: int  # of the seats, how many the vote fills


def shortlist(places: Sequence[Place], seats: int) -> Shortlist:
    """The first `seats` places; when the last seat falls among nominees tied on everything,
    those are not chosen by the app: they go to the council's vote for the seats left."""
    if seats <= 0 or not places:
        return Shortlist((), (), 0)
    if len(places) <= seats:
        return Shortlist(tuple(places), (), 0)
    boundary = places[seats - 1].place
    if places[seats].place != boundary:
        return Shortlist(tuple(places[:seats]), (), 0)
    chosen = tuple(p for p in places if p.place < boundary)
    tied = tuple(p for p in places if p.place == boundary)
    return Shortlist(chosen, tied, seats - len(chosen))
