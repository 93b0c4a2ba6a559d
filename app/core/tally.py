"""The figures of domain.md §6.2–§6.3, one function each, every figure traceable to its rows.

The same functions feed the CLI, the GUI and the documents; nothing else computes a rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from operator import attrgetter
from typing import NamedTuple

from msgspec import Struct, field

from app.core.gc_pause import collector_paused
from app.core.petitions import (
    CLOSING_OUTCOMES,
    Petition,
    PetitionType,
    Reception,
)
from app.core.reception import ReceptionFigures, reception
from app.core.text import fold, format_percent

# Bumped whenever a definition below changes meaning; exported with every figure.
DEFINITION_VERSION = "2025.1"
KNTC = frozenset({PetitionType.COMPLAINT, PetitionType.DENUNCIATION})


class DataError(Struct, frozen=True):
    petition: Petition
    reason: str


def data_errors(petitions: Iterable[Petition]) -> list[DataError]:
    """Rows the rules cannot classify (§6.2.8): listed, counted, left out of every figure."""
    return split_errors(petitions)[1]


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


def split_errors(petitions: Iterable[Petition]) -> tuple[list[Petition], list[DataError]]:
    """One pass: the petitions the rules can classify, and the data errors (§6.2.8)."""
    good, errors = [], []
    for p in petitions:
        reason = unclassifiable_reason(p)
        if reason is None:
            good.append(p)
        else:
            errors.append(DataError(p, reason))
    return good, errors


class Case(NamedTuple):
    """Counted petitions about one matter (§6.2.2): received, type, deadline and officer come
    from the earliest petition; the earliest closing date resolves it. (A NamedTuple: a
    register has one case per petition or so, and these are built on every tally.)"""

    key: str
    petitions: tuple[Petition, ...]  # earliest received first
    received: date
    type: PetitionType
    deadline: date | None
    officer: str
    resolved_on: date | None

    @property
    def first(self) -> Petition:
        return self.petitions[0]


_RECEIVED = attrgetter("received")


def counted_cases(classified: Iterable[Petition], types: frozenset[PetitionType]) -> list[Case]:
    """Cases from the counted petitions (eligible, within authority, of the given types) among
    petitions that passed `split_errors` (so every one has a received date and a type):
    petitions without a case key first, in the register's order, each its own case named by
    its id; then the cases named by a case key."""
    cases: list[Case] = []
    shared: dict[str, list[Petition]] = {}
    for p in classified:
        if p.eligible and p.in_authority and p.type in types:
            if p.case_key:
                shared.setdefault(p.case_key, []).append(p)
            else:  # the common case, kept lean: a register has one of these per petition
                closed = p.resolved_on if p.outcome in CLOSING_OUTCOMES else None
                cases.append(
                    Case(p.key, (p,), p.received, p.type, p.deadline, p.officer, closed)  # type: ignore[arg-type]
                )
    for key, members in shared.items():
        members.sort(key=_RECEIVED)  # stable: same-day ones keep register order
        closing = [p.resolved_on for p in members if p.outcome in CLOSING_OUTCOMES]
        closed = min(closing) if closing else None  # type: ignore[type-var]
        first = members[0]
        cases.append(
            Case(
                key,
                tuple(members),
                first.received,
                first.type,
                first.deadline,  # type: ignore[arg-type]
                first.officer,
                closed,
            )
        )
    return cases


def narrowed(
    cases: list[Case], good: list[Petition], types: frozenset[PetitionType], subset: frozenset
) -> list[Case]:
    """`counted_cases(good, subset)`, reusing the cases already built for `types` ⊇ `subset`:
    a petition that is its own case keeps it; shared cases are rebuilt from their members."""
    if not subset <= types:
        return counted_cases(good, subset)
    own = [c for c in cases if len(c.petitions) == 1 and not c.first.case_key and c.type in subset]
    members = [p for c in cases if c.first.case_key for p in c.petitions]
    return own + counted_cases(members, subset)


class ResolutionCounts(Struct, frozen=True):
    """The numbers of §6.2.3–6.2.6, whether counted from the register or declared (§6.4)."""

    carried_over: int
    new: int
    resolved: int
    on_time: int
    unknown_deadline: int  # resolved cases without a deadline
    declared: bool = False  # typed by the unit as totals, not computed from a register

    @property
    def denominator(self) -> int:
        return self.carried_over + self.new

    @property
    def rate(self) -> Fraction | None:
        """Percent, unrounded; None when no case arose ("không phát sinh")."""
        return Fraction(self.resolved * 100, self.denominator) if self.denominator else None

    @property
    def with_known_deadline(self) -> int:
        return self.resolved - self.unknown_deadline

    @property
    def on_time_rate(self) -> Fraction | None:
        known = self.with_known_deadline
        return Fraction(self.on_time * 100, known) if known else None


class Resolution(Struct, frozen=True):
    """The resolution figures of one period (§6.2.3–6.2.6), with the cases behind each."""

    period_from: date
    period_to: date
    carried_over: tuple[Case, ...]
    new: tuple[Case, ...]
    resolved: tuple[Case, ...]
    on_time: tuple[Case, ...]
    unknown_deadline: tuple[Case, ...]  # resolved cases without a deadline

    @property
    def counts(self) -> ResolutionCounts:
        return ResolutionCounts(
            len(self.carried_over),
            len(self.new),
            len(self.resolved),
            len(self.on_time),
            len(self.unknown_deadline),
        )

    @property
    def denominator(self) -> int:
        return self.counts.denominator

    @property
    def rate(self) -> Fraction | None:
        return self.counts.rate

    @property
    def with_known_deadline(self) -> int:
        return self.counts.with_known_deadline

    @property
    def on_time_rate(self) -> Fraction | None:
        return self.counts.on_time_rate

    @property
    def unresolved(self) -> list[Case]:
        """The period's cases not resolved by its end: those `resolved` left out."""
        return [c for c in (*self.carried_over, *self.new) if not _closed_by(c, self.period_to)]


def _closed_by(case: Case, day: date) -> bool:
    return case.resolved_on is not None and case.resolved_on <= day


def resolution(
    petitions: Iterable[Petition],
    period_from: date,
    period_to: date,
    types: frozenset[PetitionType],
    officer: str | None = None,
) -> Resolution:
    good, _ = split_errors(petitions)
    return resolve_cases(counted_cases(good, types), period_from, period_to, officer)


def resolve_cases(
    cases: Iterable[Case], period_from: date, period_to: date, officer: str | None = None
) -> Resolution:
    """§6.2.3–6.2.6 in one pass over the cases."""
    carried, new, resolved, on_time, unknown = [], [], [], [], []
    for c in cases:
        if officer is not None and not same_officer(c.officer, officer):
            continue
        done = c.resolved_on
        if c.received < period_from:
            if done is not None and done < period_from:
                continue  # settled before the period: not part of it
            carried.append(c)
        elif c.received <= period_to:
            new.append(c)
        else:
            continue
        if not _closed_by(c, period_to):
            continue
        resolved.append(c)
        if c.deadline is None:
            unknown.append(c)
        elif done <= c.deadline:  # type: ignore[operator]  # closed: `done` is a date
            on_time.append(c)
    return Resolution(
        period_from,
        period_to,
        tuple(carried),
        tuple(new),
        tuple(resolved),
        tuple(on_time),
        tuple(unknown),
    )


class ProcessingFigures(Struct, frozen=True):
    """§6.2.7: every petition received in the period must have been processed."""

    received: tuple[Petition, ...]
    processed: tuple[Petition, ...]

    @property
    def rate(self) -> Fraction | None:
        return processing_rate(len(self.processed), len(self.received))


def processing_rate(processed: int, received: int) -> Fraction | None:
    """§6.2.7, in percent; None when nothing was received (no rate, not 0 % nor 100 %)."""
    return Fraction(processed * 100, received) if received else None


def processing(
    petitions: Iterable[Petition], period_from: date, period_to: date
) -> ProcessingFigures:
    good, _ = split_errors(petitions)
    return _processing(good, period_from, period_to)


def _processing(good: list[Petition], period_from: date, period_to: date) -> ProcessingFigures:
    received = [p for p in good if period_from <= p.received <= period_to]  # type: ignore[operator]
    return ProcessingFigures(tuple(received), tuple(p for p in received if p.processing))


def _by_officer(cases: list[Case], period_from: date, period_to: date) -> dict[str, Resolution]:
    # One pass groups the cases by officer as same_officer compares names, so the cost does
    # not grow with the number of officers times the number of cases.
    key_of = {name: _officer_key(name) for name in {c.officer for c in cases if c.officer}}
    groups: dict[str, list[Case]] = {}
    for c in cases:
        if c.officer:
            groups.setdefault(key_of[c.officer], []).append(c)
    officers = sorted(key_of, key=fold)
    return {o: resolve_cases(groups[key_of[o]], period_from, period_to) for o in officers}


class MonthFigures(Struct, frozen=True):
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


def rate_text(rate: Fraction | None) -> str:
    """'96,55%' or 'không phát sinh' for a zero denominator (§3, §6.2.5)."""
    return "không phát sinh" if rate is None else format_percent(rate)


class Tally(Struct, frozen=True):
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
    with collector_paused():
        good, errors = split_errors(petitions)
        cases = counted_cases(good, counted_types)
        return _tally(
            good, errors, cases, counted_types, receptions, period_from, period_to, officer
        )


def tally_and_breakdown(
    petitions: Sequence[Petition],
    receptions: Sequence[Reception],
    period_from: date,
    period_to: date,
    counted_types: frozenset[PetitionType],
    officer: str | None = None,
) -> tuple[Tally, dict[PetitionType, Resolution], dict[str, Resolution]]:
    """`tally`, with the whole unit's resolution per petition type and per officer, from one
    classification of the register: a million petitions are grouped into cases once, and the
    breakdown holds the tally's own cases rather than a second million of them."""
    with collector_paused():
        good, errors = split_errors(petitions)
        cases = counted_cases(good, counted_types)
        per_type = {
            t: resolve_cases(
                narrowed(cases, good, counted_types, frozenset({t})), period_from, period_to
            )
            for t in PetitionType
        }
        return (
            _tally(good, errors, cases, counted_types, receptions, period_from, period_to, officer),
            per_type,
            _by_officer(cases, period_from, period_to),
        )


def _tally(
    good: list[Petition],
    errors: list[DataError],
    cases: list[Case],
    counted_types: frozenset[PetitionType],
    receptions: Sequence[Reception],
    period_from: date,
    period_to: date,
    officer: str | None,
) -> Tally:
    def mine(name: str) -> bool:
        return officer is None or same_officer(name, officer)

    return Tally(
        period_from,
        period_to,
        resolve_cases(cases, period_from, period_to, officer),
        resolve_cases(narrowed(cases, good, counted_types, KNTC), period_from, period_to, officer),
        _processing([p for p in good if mine(p.officer)], period_from, period_to),
        reception([r for r in receptions if mine(r.officer)], period_from, period_to),
        tuple(e for e in errors if mine(e.petition.officer)),
    )


def _officer_key(name: str) -> str:
    return fold(name.strip())


def same_officer(name: str, wanted: str) -> bool:
    """Officer names compare as typed by different clerks: case and accents aside."""
    return _officer_key(name) == _officer_key(wanted)
