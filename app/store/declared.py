"""Declared totals (§6.4) of a unit for a campaign, one row per petition type."""

from __future__ import annotations

from msgspec.structs import asdict

from app.core.declared import DeclaredError, DeclaredFigures, problems
from app.core.petitions import PetitionType
from app.store.connection import Database


def save_declared(
    db: Database, organisation_id: int, campaign_id: int, figures: DeclaredFigures
) -> None:
    reasons = problems(figures)
    if reasons:
        raise DeclaredError(" ".join(reasons))
    record = {**asdict(figures), "type": figures.type.value}
    with db.atomic():
        db["declared_figures"].upsert(
            {"organisation_id": organisation_id, "campaign_id": campaign_id, **record},
            pk=("organisation_id", "campaign_id", "type"),
        )


def load_declared(db: Database, organisation_id: int, campaign_id: int) -> list[DeclaredFigures]:
    rows = db.execute(
        "SELECT type, carried_over, new, resolved, on_time, unknown_deadline, received, "
        "processed FROM declared_figures WHERE organisation_id = ? AND campaign_id = ? "
        "ORDER BY type",
        [organisation_id, campaign_id],
    )
    return [DeclaredFigures(PetitionType(r[0]), *r[1:]) for r in rows]
