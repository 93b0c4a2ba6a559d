"""The unit's figures for a period, from its register, or from its declared totals when it
keeps no register (§6.4): one function for the CLI, the pages and the dossier, so every output
shows the same numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlite_utils import Database

from app.core.campaign import Campaign
from app.core.declared import declared_counts
from app.core.figures import Figures, from_declared, from_register
from app.core.tally import (
    LeaderPeriod,
    Tally,
    leader_periodic_reception,
    tally,
    tally_and_breakdown,
)
from app.store.declared import load_declared
from app.store.register import load_petitions, load_receptions


@dataclass(frozen=True)
class UnitFigures:
    tally: Tally  # from the register (empty when the unit declared totals instead)
    figures: Figures  # what every output prints: register or declared, marked so
    leader_reception: list[LeaderPeriod]
    has_petitions: bool  # a register or declared totals exist: zeros are figures, not gaps
    has_receptions: bool


def unit_figures(
    db: Database,
    organisation_id: int,
    campaign_id: int,
    campaign: Campaign,
    period: tuple[date, date] | None = None,
    officer: str | None = None,
) -> UnitFigures:
    """Figures of the campaign period (or `period`); with `officer`, that officer's cases."""
    period_from, period_to = period or (campaign.period_start, campaign.period_end)
    petitions = load_petitions(db, organisation_id)
    receptions = load_receptions(db, organisation_id)
    counted = campaign.counted_types
    result, per_type, per_officer = tally_and_breakdown(
        petitions, receptions, period_from, period_to, counted, officer=officer
    )
    declared = [] if petitions else load_declared(db, organisation_id, campaign_id)
    figures = (
        from_declared(declared, period_from, period_to, counted)
        if declared
        else from_register(result, per_type, per_officer)
    )
    minimum = campaign.leader_reception_minimum
    leader = leader_periodic_reception(result.reception.sessions, period_from, period_to, *minimum)
    return UnitFigures(result, figures, leader, bool(petitions or declared), bool(receptions))


def unit_resolution_rate(
    db: Database, organisation_id: int, campaign_id: int, campaign: Campaign
) -> tuple[Fraction | None, bool]:
    """The rate the eligibility check uses and whether it comes from declared totals; None
    before the unit has a register or declared totals. Only the rate: the pages that need it
    (Tổng quan, Họp xét) compute it on the UI thread, so no breakdowns, no reception log."""
    counted = campaign.counted_types
    petitions = load_petitions(db, organisation_id)
    if petitions:
        result = tally(petitions, [], campaign.period_start, campaign.period_end, counted)
        return result.resolution.rate, False
    declared = load_declared(db, organisation_id, campaign_id)
    return (declared_counts(declared, counted).rate, True) if declared else (None, False)
