"""The tally as JSON (`thidua tally --json`), format documented in resources/docs/tally-json.md.

Aggregates only: no sender, address or content can appear, because the Petition objects the
tally is computed from do not carry them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from msgspec.structs import asdict

from app.core.figures import Figures
from app.core.reception import LeaderPeriod
from app.core.tally import DEFINITION_VERSION, ResolutionCounts, Tally

FORMAT_VERSION = 1


def _rate(rate: Fraction | None) -> float | None:
    return None if rate is None else round(float(rate), 4)


def resolution_json(r: ResolutionCounts) -> dict[str, Any]:
    return {
        "carried_over": r.carried_over,
        "new": r.new,
        "denominator": r.denominator,
        "resolved": r.resolved,
        "rate": _rate(r.rate),
        "on_time": r.on_time,
        "unknown_deadline": r.unknown_deadline,
        "on_time_rate": _rate(r.on_time_rate),
    }


def reception_json(
    t: Tally, leader: list[LeaderPeriod], minimum: tuple[int, str]
) -> dict[str, Any]:
    r = t.reception
    return {
        "sessions": len(r.sessions),
        "people": r.people,
        "cases": r.cases,
        "mass_delegations": len(r.mass_delegations),
        "mass_delegation_people": sum(s.people for s in r.mass_delegations),
        "leader_periodic": {
            "minimum_days": minimum[0],
            "per": minimum[1],
            "periods": len(leader),
            "periods_below_minimum": [p.label for p in leader if not p.meets_minimum],
        },
    }


def tally_json(f: Figures, officer: str | None, reception: dict[str, Any] | None) -> dict[str, Any]:
    """`reception`: from `reception_json`, or None while no reception log was imported."""
    return {
        "format": "thidua.tally",
        "format_version": FORMAT_VERSION,
        "definition_version": DEFINITION_VERSION,
        "source": f.source,
        "period": {"from": f.period_from.isoformat(), "to": f.period_to.isoformat()},
        "officer": officer,
        "resolution": resolution_json(f.resolution),
        "resolution_kntc": resolution_json(f.resolution_kntc),
        "by_type": {t.value: resolution_json(r) for t, r in f.by_type.items()},
        "by_officer": {name: resolution_json(r) for name, r in f.by_officer.items()},
        "by_month": [asdict(m) for m in f.by_month],
        "processing": {
            "received": f.received,
            "processed": f.processed,
            "rate": _rate(f.processing_rate),
        },
        "reception": reception,
        "data_errors": [
            {
                "sheet": e.petition.source.sheet if e.petition.source else "",
                "row": e.petition.source.row if e.petition.source else None,
                "reason": e.reason,
            }
            for e in f.errors
        ],
    }
