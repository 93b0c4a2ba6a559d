"""The Inspectorate's score of a received nominee (issue 21): recomputed with the campaign's
own scoring table from what the package says — the ratio criteria from the package's figures,
the values the unit entered, the evidence only when its file is in the package — never taken
from the unit's total; the appraiser's adjustments per criterion with their reasons; and where
the recomputed score parts from the unit's own, criterion by criterion."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from msgspec import Struct

from app.core.scoring import Entry, Kind, Scoring, Sheet, figure_rates, format_points, score
from app.core.tally import ResolutionCounts

_COUNTS = ("carried_over", "new", "resolved", "on_time", "unknown_deadline")


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _fraction(value: Any, signed: bool = False) -> Fraction | None:
    """An exact number as data.json writes it ("185/2", "45"; "-4" when `signed`: points of a
    deduction); None for anything else."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    try:
        number = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return number if signed or number >= 0 else None


def counts_of(value: Any) -> ResolutionCounts | None:
    """The resolution counts of data.json (`tally --json`'s shape); None when not all there."""
    if not isinstance(value, dict):
        return None
    numbers = [_count(value.get(k)) for k in _COUNTS]
    if any(n is None for n in numbers):
        return None
    return ResolutionCounts(*numbers)  # type: ignore[arg-type]


def rates_of_facts(facts: Mapping[str, Any]) -> dict[str, Fraction | None] | None:
    """The nominee's figures (FIGURES, in percent) from its package's numbers; None when the
    package gives none (a person who handled no case, a unit with declared totals)."""
    figures = facts.get("figures")
    if not isinstance(figures, dict):
        return None
    resolution, kntc = (
        counts_of(figures.get("resolution")),
        counts_of(figures.get("resolution_kntc")),
    )
    if resolution is None:
        return None
    processing = figures.get("processing") if isinstance(figures.get("processing"), dict) else {}
    received, processed = _count(processing.get("received")), _count(processing.get("processed"))
    return figure_rates(resolution, kntc or ResolutionCounts(0, 0, 0, 0, 0), received or 0,
                        processed or 0)  # fmt: skip


EVIDENCE_FOLDER = "minh-chung/"


def unit_claim(
    data: Mapping[str, Any], kind: str, name: str, files: frozenset[str]
) -> dict[str, Any] | None:
    """The unit's self-assessment of one nominee, as the Inspectorate keeps it: each
    criterion's value, its points by the unit, and its evidence file — only one the package
    carries (`files`, as signed) in its evidence folder: a name data.json merely lists, or
    one of the dossier's own documents, is no evidence."""
    scores = data.get("scores")
    if not isinstance(scores, list):
        return None
    entry = next((s for s in scores if isinstance(s, dict) and s.get("kind") == kind
                  and s.get("name") == name), None)  # fmt: skip
    if entry is None:
        return None
    lines = entry.get("lines") if isinstance(entry.get("lines"), list) else []
    return {
        "total": entry.get("total"),
        "lines": [
            {
                "criterion": str(line.get("criterion")),
                "value": line.get("value"),
                "points": line.get("points"),
                "evidence": _evidence(line.get("evidence"), files),
            }
            for line in lines
            if isinstance(line, dict) and isinstance(line.get("criterion"), str)
        ],
    }


def _evidence(name: Any, files: frozenset[str]) -> str | None:
    if isinstance(name, str) and name.startswith(EVIDENCE_FOLDER) and name in files:
        return name
    return None


class Recomputed(Struct, frozen=True):
    sheet: Sheet
    claimed_total: Fraction | None  # the unit's own total (None: it sent no self-assessment)
    rates: dict[str, Fraction | None] | None  # its figures, for the tie-breaks
    differences: tuple[str, ...]  # "criterion: tự chấm X, tính lại Y" where they part


def recompute(
    scoring: Scoring,
    facts: Mapping[str, Any],
    kind: str,
    adjustments: Mapping[str, tuple[Fraction, str]] | None = None,
) -> Recomputed:
    rates = rates_of_facts(facts)
    claim = facts.get("score") if isinstance(facts.get("score"), dict) else {}
    claimed = {line["criterion"]: line for line in claim.get("lines", [])}
    entries: dict[str, Entry] = {}
    for c in scoring.criteria:
        line = claimed.get(c.id, {})
        evidence = line.get("evidence") is not None
        if c.kind is Kind.RATIO:
            value = None if rates is None else rates.get(c.figure or "")
            entries[c.id] = Entry(value, evidence, no_cases=rates is not None and value is None)
        else:
            entries[c.id] = Entry(_fraction(line.get("value")), evidence)
    sheet = score(scoring, entries, adjustments, kind=kind)
    differences = []
    for line in sheet.lines:
        own = _fraction(claimed.get(line.criterion.id, {}).get("points"), signed=True)
        points = line.points + line.bonus
        if claim and own != points:
            said = format_points(own) if own is not None else "không có"
            differences.append(
                f"{line.criterion.title}: đơn vị tự chấm {said}, tính lại {format_points(points)}"
                + (f" ({line.note})" if line.note else "")
            )
    claimed_total = _fraction(claim.get("total")) if claim else None
    return Recomputed(sheet, claimed_total, rates, tuple(differences))
