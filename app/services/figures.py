"""The unit's figures for a period, from its register, or from its declared totals when it
keeps no register (§6.4), and the figures of a nominee's own work: one place for the CLI, the
pages, the documents, the package and the Inspectorate, so every output shows the same
numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.declared import DeclaredFigures, declared_counts
from app.core.entities import Candidate, CandidateKind
from app.core.figures import Figures, from_declared, from_register
from app.core.petitions import Petition, Reception
from app.core.reception import LeaderPeriod, leader_periodic_reception
from app.core.tally import Tally, tally, tally_and_breakdown
from app.store.connection import Database
from app.store.declared import load_declared
from app.store.people import load_person
from app.store.register import load_petitions, load_receptions

Register = tuple[Sequence[Petition], Sequence[Reception]]


class RegisterRead:
    """The register as read for a unit's figures, and each person's own figures counted from
    it as they are asked for: one read per dossier, package or selection, however many
    nominees the dossier, the assessment and the scores ask about. Not figures: compared by
    identity, and its repr is not 100,000 petitions long."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.people: dict[str, UnitFigures | None] = {}


class UnitFigures(Struct, frozen=True):
    tally: Tally  # from the register (empty when the unit declared totals instead)
    figures: Figures  # what every output prints: register or declared, marked so
    leader_reception: list[LeaderPeriod]
    has_petitions: bool  # a register or declared totals exist: zeros are figures, not gaps
    has_receptions: bool
    read: RegisterRead  # the register these figures were counted from

    @property
    def rate(self) -> tuple[Fraction | None, bool]:
        """The resolution rate (None without petitions), and whether it is declared."""
        return (self.figures.resolution.rate if self.has_petitions else None), self.figures.declared


def unit_figures(
    db: Database,
    organisation_id: int,
    campaign_id: int,
    campaign: Campaign,
    period: tuple[date, date] | None = None,
    officer: str | None = None,
    register: Register | None = None,
) -> UnitFigures:
    """Figures of the campaign period (or `period`); with `officer`, that officer's cases.
    `register`: the petitions and receptions already read (a unit's figures, for a person's)."""
    period_from, period_to = period or (campaign.period_start, campaign.period_end)
    register = register or (
        load_petitions(db, organisation_id),
        load_receptions(db, organisation_id),
    )
    petitions, receptions = register
    counted = campaign.counted_types
    result, per_type, per_officer = tally_and_breakdown(
        petitions, receptions, period_from, period_to, counted, officer=officer
    )
    declared = declared_totals(db, organisation_id, campaign_id, has_register=bool(petitions))
    figures = (
        from_declared(declared, period_from, period_to, counted)
        if declared
        else from_register(result, per_type, per_officer)
    )
    minimum = campaign.leader_reception_minimum
    leader = leader_periodic_reception(result.reception.sessions, period_from, period_to, *minimum)
    has_petitions, has_receptions = bool(petitions or declared), bool(receptions)
    return UnitFigures(
        result, figures, leader, has_petitions, has_receptions, RegisterRead(register)
    )


def unit_resolution_rate(
    db: Database, organisation_id: int, campaign_id: int, campaign: Campaign
) -> tuple[Fraction | None, bool]:
    """The rate the eligibility check uses and whether it comes from declared totals; None
    before the unit has a register or declared totals. Only the rate (what Tổng quan and Họp xét
    wait for, in a background job): no breakdowns, no reception log."""
    counted = campaign.counted_types
    petitions = load_petitions(db, organisation_id)
    if petitions:
        result = tally(petitions, [], campaign.period_start, campaign.period_end, counted)
        return result.resolution.rate, False
    declared = declared_totals(db, organisation_id, campaign_id, has_register=False)
    return (declared_counts(declared, counted).rate, True) if declared else (None, False)


def declared_totals(
    db: Database, organisation_id: int, campaign_id: int, has_register: bool
) -> list[DeclaredFigures]:
    """The one rule of §6.4: typed totals count only for a unit that keeps no register; once a
    register is imported, it is the source and the totals are ignored."""
    return [] if has_register else load_declared(db, organisation_id, campaign_id)


def nominee_figures(
    db: Database,
    candidate: Candidate,
    unit: UnitFigures,
    organisation_id: int,
    campaign_id: int,
    campaign: Campaign,
) -> UnitFigures | None:
    """The figures of a nominee's own work: the unit's for a collective (its register is their
    work); for a person, the cases they handled as the register's officer. None for a person
    when the unit declared totals (kept per unit, not per officer) or who handled nothing."""
    if candidate.kind is CandidateKind.COLLECTIVE:
        return unit
    if unit.figures.declared or candidate.subject_id is None:
        return None
    name = load_person(db, candidate.subject_id).full_name
    people = unit.read.people
    if name not in people:
        own = unit_figures(
            db, organisation_id, campaign_id, campaign, officer=name, register=unit.read.register
        )
        handled = own.figures.resolution.denominator or own.figures.received
        people[name] = own if handled and not own.figures.declared else None
    return people[name]
