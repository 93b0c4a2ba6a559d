"""The figures of domain.md §6.2–§6.3, one function each, every figure traceable to its rows.

The same functions feed the CLI, the GUI and the documents; nothing else computes a rate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from app.core.petitions import (
    CLOSING_OUTCOMES,
    Petition,
    PetitionType,
    Reception,
)
from app.core.text import fold, format_percent

# Bumped whenever a definition below changes meaning; exported with every figure.
DEFINITION_VERSION = "2025.1"
KNTC = frozenset({PetitionType.COMPLAINT, PetitionType.DENUNCIATION})


@dataclass(frozen=True)
class DataError:
    petition: Petition
    reason: str


def data_errors(petitions: Iterable[Petition]) -> list[DataError]:
    """Rows the rules cannot classify (§6.2.8): listed, counted, left out of every figure."""
    errors = []
    for p in petitions:
        reason = unclassifiable_reason(p)
        if reason:
            errors.append(DataError(p, reason))
    return errors


def unclassifiable_reason(p: Petition) -> str | None:
    """Why the rules cannot classify a petition (§6.2.8), or None when they can."""
    if p.received is None:
        return "Thiếu ngày nhận đơn."
    if p.type is None:
        return "Thiếu loại đơn."
    if p.eligible is None:
        return "Thiếu “Đủ điều kiện xử lý”."
    if p.in_authority is None:
        return "Thiếu “Thẩm quyền”."
    closing = p.outcome in CLOSING_OUTCOMES
    if closing and p.resolved_on is None:
        return "Đã có kết quả giải quyết nhưng thiếu ngày giải quyết."
    if not closing and p.resolved_on is not None:
        return "Có ngày giải quyết nhưng kết quả chưa phải đã giải quyết, rút đơn hay đình chỉ."
    if p.resolved_on is not None and p.resolved_on < p.received:
        return "Ngày giải quyết trước ngày nhận đơn."
    return None


def classifiable(petitions: Iterable[Petition]) -> list[Petition]:
    return [p for p in petitions if unclassifiable_reason(p) is None]


@dataclass(frozen=True)
class Case:
    """Counted petitions about one matter (§6.2.2)."""

    key: str
    petitions: tuple[Petition, ...]  # earliest received first

    @property
    def first(self) -> Petition:
        return self.petitions[0]

    @property
    def received(self) -> date:
        assert self.first.received is not None
        return self.first.received

    @property
    def type(self) -> PetitionType:
        assert self.first.type is not None
        return self.first.type

    @property
    def deadline(self) -> date | None:
        return self.first.deadline

    @property
    def officer(self) -> str:
        return self.first.officer

    @property
    def resolved_on(self) -> date | None:
        dates = [p.resolved_on for p in self.petitions if p.outcome in CLOSING_OUTCOMES]
        return min((d for d in dates if d is not None), default=None)


def counted_cases(petitions: Iterable[Petition], types: frozenset[PetitionType]) -> list[Case]:
    """Cases from the counted petitions: eligible, within authority, of the given types."""
    groups: dict[str, list[Petition]] = defaultdict(list)
    for p in classifiable(petitions):
        if p.eligible and p.in_authority and p.type in types:
            groups[p.case].append(p)
    cases = []
    for key, members in groups.items():
        # Stable: petitions received the same day keep the register's order.
        members.sort(key=lambda p: p.received or date.min)
        cases.append(Case(key, tuple(members)))
    return cases


@dataclass(frozen=True)
class Resolution:
    """The resolution figures of one period (§6.2.3–6.2.6), with the cases behind each."""

    period_from: date
    period_to: date
    carried_over: tuple[Case, ...]
    new: tuple[Case, ...]
    resolved: tuple[Case, ...]
    on_time: tuple[Case, ...]
    unknown_deadline: tuple[Case, ...]  # resolved cases without a deadline

    @property
    def denominator(self) -> int:
        return len(self.carried_over) + len(self.new)

    @property
    def rate(self) -> Fraction | None:
        """Percent, unrounded; None when no case arose ("không phát sinh")."""
        return Fraction(len(self.resolved) * 100, self.denominator) if self.denominator else None

    @property
    def with_known_deadline(self) -> int:
        return len(self.resolved) - len(self.unknown_deadline)

    @property
    def on_time_rate(self) -> Fraction | None:
        known = self.with_known_deadline
        return Fraction(len(self.on_time) * 100, known) if known else None


def resolution(
    petitions: Iterable[Petition],
    period_from: date,
    period_to: date,
    types: frozenset[PetitionType],
    officer: str | None = None,
) -> Resolution:
    cases = counted_cases(petitions, types)
    if officer is not None:
        cases = [c for c in cases if same_officer(c.officer, officer)]
    carried = [
        c
        for c in cases
        if c.received < period_from and (c.resolved_on is None or c.resolved_on >= period_from)
    ]
    new = [c for c in cases if period_from <= c.received <= period_to]
    resolved = [
        c for c in (*carried, *new) if c.resolved_on is not None and c.resolved_on <= period_to
    ]
    unknown = [c for c in resolved if c.deadline is None]
    on_time = [
        c
        for c in resolved
        if c.deadline is not None and c.resolved_on is not None and c.resolved_on <= c.deadline
    ]
    return Resolution(
        period_from,
        period_to,
        tuple(sorted(carried, key=_case_order)),
        tuple(sorted(new, key=_case_order)),
        tuple(sorted(resolved, key=_case_order)),
        tuple(sorted(on_time, key=_case_order)),
        tuple(sorted(unknown, key=_case_order)),
    )


def _case_order(case: Case) -> tuple:
    return (case.received, case.key)


@dataclass(frozen=True)
class ProcessingFigures:
    """§6.2.7: every petition received in the period must have been processed."""

    received: tuple[Petition, ...]
    processed: tuple[Petition, ...]

    @property
    def rate(self) -> Fraction | None:
        return Fraction(len(self.processed) * 100, len(self.received)) if self.received else None


def processing(
    petitions: Iterable[Petition], period_from: date, period_to: date
) -> ProcessingFigures:
    received = [
        p
        for p in classifiable(petitions)
        if p.received is not None and period_from <= p.received <= period_to
    ]
    return ProcessingFigures(tuple(received), tuple(p for p in received if p.processing))


def by_type(
    petitions: Sequence[Petition], period_from: date, period_to: date
) -> dict[PetitionType, Resolution]:
    return {t: resolution(petitions, period_from, period_to, frozenset({t})) for t in PetitionType}


def by_officer(
    petitions: Sequence[Petition],
    period_from: date,
    period_to: date,
    types: frozenset[PetitionType],
) -> dict[str, Resolution]:
    officers = sorted({c.officer for c in counted_cases(petitions, types) if c.officer})
    return {o: resolution(petitions, period_from, period_to, types, officer=o) for o in officers}


@dataclass(frozen=True)
class MonthFigures:
    month: str  # "2025-03"
    received: int  # new cases received that month
    resolved: int  # cases resolved that month


def by_month(result: Resolution) -> list[MonthFigures]:
    """Cases received vs resolved per month of the period: the chart's data."""
    received = Counter(_month(c.received) for c in result.new)
    resolved = Counter(_month(c.resolved_on) for c in result.resolved if c.resolved_on)
    months = _months(result.period_from, result.period_to)
    return [MonthFigures(m, received[m], resolved[m]) for m in months]


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class ReceptionFigures:
    sessions: tuple[Reception, ...]

    @property
    def people(self) -> int:
        return sum(r.people for r in self.sessions)

    @property
    def cases(self) -> int:
        return len({r.case_key or f"lượt:{r.key}" for r in self.sessions})

    @property
    def mass_delegations(self) -> tuple[Reception, ...]:
        return tuple(r for r in self.sessions if r.is_mass_delegation)


def reception(
    sessions: Iterable[Reception], period_from: date, period_to: date
) -> ReceptionFigures:
    return ReceptionFigures(
        tuple(
            sorted((r for r in sessions if period_from <= r.day <= period_to), key=lambda r: r.day)
        )
    )


def rate_text(rate: Fraction | None) -> str:
    """'96,55%' or 'không phát sinh' for a zero denominator (§3, §6.2.5)."""
    return "không phát sinh" if rate is None else format_percent(rate)


@dataclass(frozen=True)
class Tally:
    """Every figure of one period, as the CLI, the GUI and the documents show it."""

    period_from: date
    period_to: date
    resolution: Resolution  # the campaign's counted types
    resolution_kntc: Resolution  # the official KN+TC rate
    processing: ProcessingFigures
    reception: ReceptionFigures
    errors: tuple[DataError, ...] = field(default=())


def tally(
    petitions: Sequence[Petition],
    receptions: Sequence[Reception],
    period_from: date,
    period_to: date,
    counted_types: frozenset[PetitionType],
    officer: str | None = None,
) -> Tally:
    """All figures; with `officer`, only that officer's cases, petitions and receptions."""

    def mine(name: str) -> bool:
        return officer is None or same_officer(name, officer)

    return Tally(
        period_from,
        period_to,
        resolution(petitions, period_from, period_to, counted_types, officer),
        resolution(petitions, period_from, period_to, KNTC, officer),
        processing([p for p in petitions if mine(p.officer)], period_from, period_to),
        reception([r for r in receptions if mine(r.officer)], period_from, period_to),
        tuple(data_errors(p for p in petitions if mine(p.officer))),
    )


def same_officer(name: str, wanted: str) -> bool:
    """Officer names compare as typed by different clerks: case and accents aside."""
    return fold(name.strip()) == fold(wanted.strip())
