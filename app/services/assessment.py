"""The part of data.json the Inspectorate sorts and filters by: for each nominee, numbers as
numbers (not as printed), the meeting's votes and the unit's own eligibility results. Only the
nominee's own data and aggregate figures: nothing of the register's rows."""

from __future__ import annotations

from typing import Any

from app.core.eligibility import evaluate
from app.core.entities import CandidateKind
from app.core.meeting import vote_outcome
from app.core.tally import DEFINITION_VERSION
from app.documents.regimes import load_regime
from app.exchange.tally_json import resolution_json
from app.services.figures import UnitFigures, nominee_figures
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.connection import Database
from app.store.meeting import load_meeting

KINDS = {CandidateKind.COLLECTIVE: "collective", CandidateKind.INDIVIDUAL: "individual"}


def figure_numbers(unit: UnitFigures) -> dict[str, Any]:
    """The figures of §6 as numbers, in the shape of `thidua tally --json` (its definition
    version with them): the reader computes a rate from resolved/denominator."""
    figures = unit.figures
    return {
        "definition_version": DEFINITION_VERSION,
        "source": figures.source,
        "period": {"from": figures.period_from.isoformat(), "to": figures.period_to.isoformat()},
        "resolution": resolution_json(figures.resolution),
        "resolution_kntc": resolution_json(figures.resolution_kntc),
        "processing": {"received": figures.received, "processed": figures.processed},
    }


def nominee_assessment(
    db: Database, organisation_id: int, unit: UnitFigures
) -> list[dict[str, Any]]:
    """`unit`: the unit's figures, read once by the caller (the register is the slow part)."""
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    rate = unit.figures.resolution.rate if unit.has_petitions else None
    gates = load_regime(campaign.legal_regime).gates
    candidates = load_candidates(db, campaign_id)
    meeting = load_meeting(db, campaign_id, organisation_id)
    outcome = vote_outcome(meeting, candidates, campaign)
    votes = {r.candidate_id: r for r in (outcome.results if outcome else ())}
    out = []
    for candidate in (c for c in candidates if c.nominated):
        own = nominee_figures(db, candidate, unit, organisation_id, campaign_id, campaign)
        eligibility = evaluate(candidate, campaign, rate, unit.figures.declared, gates)
        result = votes.get(candidate.id)
        out.append(
            {
                "kind": KINDS[candidate.kind],
                "name": candidate.name,
                "votes": result.votes if result else None,
                "members": outcome.total_members if outcome else None,
                "present": outcome.present if outcome else None,
                # absent members' written opinions the campaign's rule counts as taking part
                "written": outcome.written if outcome else None,
                "eligibility": {
                    "status": eligibility.status.value,
                    "checks": [
                        {"criterion": c.criterion, "status": c.status.value, "reason": c.reason}
                        for c in eligibility.checks
                    ],
                },
                "figures": figure_numbers(own) if own is not None else None,
            }
        )
    return out
