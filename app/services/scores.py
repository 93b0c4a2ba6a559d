"""The unit's self-assessment in a campaign that ranks by points: each nominee's score sheet,
its ratio criteria from the nominee's own figures (the register's), the others from what the
unit entered with their evidence. What Tổng quan shows, the package carries and the Bảng tự
chấm điểm prints."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.entities import Candidate
from app.core.scoring import (
    Entry,
    Line,
    Scoring,
    Sheet,
    figure_entries,
    figure_rates,
    format_points,
    how_scored,
    score,
    shown_points,
    shown_value,
)
from app.services.figures import UnitFigures, nominee_figures
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.connection import Database
from app.store.scores import StoredEntry, load_entries


class NomineeScore(Struct, frozen=True):
    candidate: Candidate
    sheet: Sheet
    entries: dict[str, StoredEntry]  # what the unit entered, by criterion


def rates_of(own: UnitFigures | None) -> dict[str, Fraction | None] | None:
    if own is None or not own.has_petitions:
        return None
    f = own.figures
    return figure_rates(f.resolution, f.resolution_kntc, f.received, f.processed)


def nominee_score(
    scoring: Scoring,
    candidate: Candidate,
    rates: dict[str, Fraction | None] | None,
    entries: dict[str, StoredEntry],
) -> Sheet:
    given = figure_entries(scoring, rates)
    for c in scoring.criteria:
        stored = entries.get(c.id)
        attached = stored is not None and stored.attachment_id is not None
        if c.entered:
            given[c.id] = Entry(stored.value if stored else None, attached)
        elif c.id in given:  # a ratio: its figure, with the evidence its criterion may ask
            given[c.id] = Entry(given[c.id].value, attached, given[c.id].no_cases)
    return score(scoring, given, kind=candidate.kind.value)


def unit_scores(
    db: Database, organisation_id: int, unit: UnitFigures
) -> tuple[Campaign, list[NomineeScore]] | None:
    """Every nominee's score sheet; None when the campaign does not rank by points. `unit`:
    the unit's figures, read once by the caller (the register is the slow part)."""
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    if campaign.scoring is None:
        return None
    out = []
    for candidate in (c for c in load_candidates(db, campaign_id) if c.nominated):
        own = nominee_figures(db, candidate, unit, organisation_id, campaign_id, campaign)
        rates, entries = rates_of(own), load_entries(db, candidate.id)
        sheet = nominee_score(campaign.scoring, candidate, rates, entries)
        out.append(NomineeScore(candidate, sheet, entries))
    return campaign, out


def fraction_text(value: Fraction | None) -> str | None:
    """Exact in data.json ("185/2"): a reader recomputing a score gets the same numbers."""
    return None if value is None else str(value)


def scores_json(
    scores: list[NomineeScore], evidence: Callable[[NomineeScore, str], str | None]
) -> list[dict[str, Any]]:
    """The self-assessment as data.json carries it (`evidence`: the package's file of a
    nominee's criterion, or None). The Inspectorate recomputes every score from the package's
    figures and files, and never takes these totals on trust."""
    return [
        {
            "kind": s.candidate.kind.value,
            "name": s.candidate.name,
            "total": fraction_text(s.sheet.total),
            "lines": [
                {
                    "criterion": line.criterion.id,
                    "value": fraction_text(line.value),
                    "points": fraction_text(line.scored),
                    "note": line.note,
                    "evidence": evidence(s, line.criterion.id),
                }
                for line in s.sheet.lines
            ],
        }
        for s in scores
    ]


def score_tables(scores: list[NomineeScore]) -> list[dict[str, Any]]:
    """The Bảng tự chấm điểm's data: per nominee, each criterion as printed and the total."""
    return [
        {
            "loai": s.candidate.kind.label,
            "ten": s.candidate.name,
            "tieu_chi": [
                {
                    "ten": line.criterion.title,
                    "cach_tinh": how_scored(line.criterion),
                    "so_lieu": shown_value(line) or "—",
                    "diem": shown_points(line),
                    "minh_chung": _evidence_text(s, line),
                }
                for line in s.sheet.lines
            ],
            "tong": format_points(s.sheet.total),
            "toi_da": format_points(s.sheet.most),
        }
        for s in scores
    ]


def _evidence_text(nominee: NomineeScore, line: Line) -> str:
    stored = nominee.entries.get(line.criterion.id)
    if stored is not None and stored.attachment_id is not None:
        return stored.attachment_name
    return "Chưa có" if line.criterion.evidence else ""
