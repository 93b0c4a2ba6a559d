"""The unit's figures as every output shows them, whichever their source: computed from the
register (with the rows behind them) or declared as totals (§6.4, marked so)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from msgspec import Struct

from app.core.declared import DeclaredFigures, declared_counts, declared_processing
from app.core.petitions import PetitionType
from app.core.tally import (
    KNTC,
    DataError,
    MonthFigures,
    Resolution,
    ResolutionCounts,
    Tally,
    by_month,
    processing_rate,
)

REGISTER, DECLARED = "register", "declared"


class Figures(Struct, frozen=True):
    period_from: date
    period_to: date
    source: str  # REGISTER or DECLARED
    resolution: ResolutionCounts  # the campaign's counted types
    resolution_kntc: ResolutionCounts
    by_type: dict[PetitionType, ResolutionCounts]
    by_officer: dict[str, ResolutionCounts]  # empty for declared totals
    by_month: list[MonthFigures]  # empty for declared totals
    received: int  # petitions received in the period, for the processing rate
    processed: int
    errors: tuple[DataError, ...]

    @property
    def processing_rate(self) -> Fraction | None:
        return processing_rate(self.processed, self.received)

    @property
    def declared(self) -> bool:
        return self.source == DECLARED


def from_register(
    result: Tally,
    per_type: dict[PetitionType, Resolution],
    per_officer: dict[str, Resolution],
) -> Figures:
    """The figures of a register's tally and its breakdown (`tally_and_breakdown`)."""
    return Figures(
        result.period_from,
        result.period_to,
        REGISTER,
        result.resolution.counts,
        result.resolution_kntc.counts,
        {t: r.counts for t, r in per_type.items()},
        {name: r.counts for name, r in per_officer.items()},
        by_month(result.resolution),
        len(result.processing.received),
        len(result.processing.processed),
        result.errors,
    )


def from_declared(
    declared: Sequence[DeclaredFigures],
    period_from: date,
    period_to: date,
    counted: frozenset[PetitionType],
) -> Figures:
    received, processed = declared_processing(declared)
    return Figures(
        period_from,
        period_to,
        DECLARED,
        declared_counts(declared, counted),
        declared_counts(declared, KNTC),
        {t: declared_counts(declared, frozenset({t})) for t in PetitionType},
        {},
        [],
        received,
        processed,
        (),
    )
