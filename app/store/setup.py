"""A new database from the first-run setup: its role, the organisation and its signer, and
the campaign it works on (the built-in one, or a copy with its dates moved by whole years).
All or nothing: a refusal leaves no half-made file behind."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from app.core.campaign import CampaignError
from app.core.entities import Organisation
from app.store.campaigns import clone_campaign, list_campaigns, set_active_campaign
from app.store.database import Store, open_store
from app.store.errors import StoreError
from app.store.organisation import save_unit_organisation
from app.store.role import set_role


class CampaignChoice(Struct, frozen=True):
    """None for `code`: the built-in campaign as shipped; else a copy named so."""

    code: str | None = None
    name: str = ""
    year_shift: int = 0


def create_database(
    path: Path, role: str, organisation: Organisation, campaign: CampaignChoice
) -> Store:
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"Tệp {path} đã có; không tạo đè lên dữ liệu đã có.")
    store = open_store(path)
    db = store.db
    try:
        with db.atomic():
            (builtin_id, _, _) = list_campaigns(db)[0]
            campaign_id = builtin_id
            if campaign.code is not None:
                campaign_id = clone_campaign(
                    db,
                    builtin_id,
                    code=campaign.code,
                    name=campaign.name,
                    year_shift=campaign.year_shift,
                )
            set_active_campaign(db, campaign_id)
            save_unit_organisation(db, organisation)
            set_role(db, role)
    except (CampaignError, StoreError):
        store.close()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    return store
