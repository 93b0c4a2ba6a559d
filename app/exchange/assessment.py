"""The part of data.json the Inspectorate sorts and filters by: for each nominee, numbers as
numbers (not as printed), the meeting's votes and the unit's own eligibility results. Only the
nominee's own data and aggregate figures: nothing of the register's rows."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app.core.eligibility import evaluate
from app.core.entities import CandidateKind
from app.core.tally import ResolutionCounts
from app.documents.dossier_data import vote_outcome
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.figures import UnitFigures, unit_figures
from app.store.people import load_person
from app.store.review import load_candidates, load_meeting

KINDS = {CandidateKind.COLLECTIVE: "collective", CandidateKind.INDIVIDUAL: "individual"}


def _counts(counts: ResolutionCounts) -> dict[str, int]:
    return {
        "cases": counts.denominator,
        "resolved": counts.resolved,
        "on_time": counts.on_time,
        "unknown_deadline": counts.unknown_deadline,
    }


def figure_numbers(unit: UnitFigures) -> dict[str, Any]:
    """The figures of §6 as integers: a rate is resolved/cases, computed by the reader."""
    figures = unit.figures
    return {
        "source": figures.source,
        "period": [figures.period_from.isoformat(), figures.period_to.isoformat()],
        "resolution": _counts(figures.resolution),
        "resolution_kntc": _counts(figures.resolution_kntc),
        "received": figures.received,
        "processed": figures.processed,
    }


def nominee_assessment(db: Database, organisation_id: int) -> list[dict[str, Any]]:
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    unit = unit_figures(db, organisation_id, campaign_id, campaign)
    rate = unit.figures.resolution.rate if unit.has_petitions else None
    candidates = load_candidates(db, campaign_id)
    meeting = load_meeting(db, campaign_id, organisation_id)
    outcome = vote_outcome(meeting, candidates, campaign)
    votes = {r.candidate_id: r for r in (outcome.results if outcome else ())}
    out = []
    for candidate in (c for c in candidates if c.nominated):
        if candidate.kind is CandidateKind.COLLECTIVE:
            own = unit
        else:
            assert candidate.subject_id is not None
            name = load_person(db, candidate.subject_id).full_name
            own = unit_figures(db, organisation_id, campaign_id, campaign, officer=name)
        eligibility = evaluate(candidate, campaign, rate, unit.figures.declared)
        result = votes.get(candidate.id)
        out.append(
            {
                "kind": KINDS[candidate.kind],
                "name": candidate.name,
                "votes": result.votes if result else None,
                "members": outcome.total_members if outcome else None,
                "present": outcome.present if outcome else None,
                "eligibility": {
                    "status": eligibility.status.value,
                    "checks": [
                        {"criterion": c.criterion, "status": c.status.value, "reason": c.reason}
                        for c in eligibility.checks
                    ],
                },
                "figures": figure_numbers(own),
            }
        )
    return out
