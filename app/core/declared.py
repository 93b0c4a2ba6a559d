"""Aggregate entry (domain.md §6.4): a unit without a register types its totals per petition
type. Checked like computed figures, and always marked as declared wherever shown."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from app.core.petitions import PETITION_TYPES, PetitionType
from app.core.tally import ResolutionCounts
from app.errors import UserError


class DeclaredError(UserError):
    """Totals that cannot be true; the message lists every reason, in Vietnamese."""


class DeclaredFigures(Struct, frozen=True):
    type: PetitionType
    carried_over: int
    new: int
    resolved: int
    on_time: int
    unknown_deadline: int
    received: int  # petitions received in the period (every kind): the processing rate
    processed: int


LABELS = {
    "carried_over": "kỳ trước chuyển sang",
    "new": "mới nhận",
    "resolved": "đã giải quyết",
    "on_time": "đúng hạn",
    "unknown_deadline": "không rõ hạn",
    "received": "đơn nhận trong kỳ",
    "processed": "đơn đã xử lý",
}


def problems(figures: DeclaredFigures) -> list[str]:
    """Why these totals cannot be true, in Vietnamese (empty when they can)."""
    name = PETITION_TYPES.label(figures.type)
    out = [
        f"{name}: số {LABELS[field]} không được âm."
        for field in figures.__struct_fields__
        if field in LABELS and getattr(figures, field) < 0
    ]
    if figures.resolved > figures.carried_over + figures.new:
        out.append(f"{name}: số đã giải quyết lớn hơn tổng kỳ trước chuyển sang và mới nhận.")
    if figures.on_time + figures.unknown_deadline > figures.resolved:
        out.append(f"{name}: số đúng hạn cộng không rõ hạn lớn hơn số đã giải quyết.")
    if figures.processed > figures.received:
        out.append(f"{name}: số đơn đã xử lý lớn hơn số đơn nhận trong kỳ.")
    return out


def declared_counts(
    figures: Iterable[DeclaredFigures], types: frozenset[PetitionType]
) -> ResolutionCounts:
    chosen = [f for f in figures if f.type in types]
    return ResolutionCounts(
        sum(f.carried_over for f in chosen),
        sum(f.new for f in chosen),
        sum(f.resolved for f in chosen),
        sum(f.on_time for f in chosen),
        sum(f.unknown_deadline for f in chosen),
        declared=True,
    )


def declared_processing(figures: Iterable[DeclaredFigures]) -> tuple[int, int]:
    """(received, processed) over every type."""
    figures = list(figures)
    return sum(f.received for f in figures), sum(f.processed for f in figures)
