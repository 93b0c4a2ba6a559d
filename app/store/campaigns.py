"""Campaigns in the database: the built-in ones from resources/, the active one, clones."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.core.campaign import (
    Campaign,
    CampaignError,
    campaign_from_dict,
    clone_definition,
    stale_names,
    with_value,
)
from app.paths import resources_dir
from app.store.connection import Database
from app.store.errors import NotFound

ACTIVE_KEY = "active_campaign"
DEMO_KEY = "demo_data"  # set in a database holding the fictional demo ward


def builtin_definitions(folder: str = "campaigns") -> list[dict[str, Any]]:
    """The built-in campaigns, or with "campaign-templates" the templates a campaign is made
    from (their names and numbers "…" to give, their settings to confirm)."""
    found = sorted((resources_dir() / folder).glob("*.toml"))
    return [_with_scoring(tomllib.loads(p.read_text(encoding="utf-8"))) for p in found]


EXAMPLE_SCORING = "bang-diem-mau.toml"  # in resources/scoring: the template's example table


def scoring_file(name: str = EXAMPLE_SCORING) -> Path:
    return resources_dir() / "scoring" / Path(name).name


def _with_scoring(definition: dict[str, Any]) -> dict[str, Any]:
    """A template naming its scoring table's file (kept apart: the file is also what a user
    copies and edits) takes the table in."""
    name = definition.pop("scoring_file", None)
    if name:
        text = scoring_file(str(name)).read_text(encoding="utf-8")
        definition["scoring"] = tomllib.loads(text)["scoring"]
    return definition


def set_scoring(db: Database, campaign_id: int, table: dict[str, Any] | None) -> None:
    """The campaign's scoring table (checked with the whole campaign), or none: it no longer
    ranks by points."""
    definition = campaign_definition(db, campaign_id)
    if table is None:
        definition.pop("scoring", None)
        campaign_from_dict(definition)
    else:
        definition = with_value(definition, "scoring", table)
    with db.atomic():
        db.execute(
            "UPDATE campaigns SET definition = ? WHERE id = ?",
            [json.dumps(definition, ensure_ascii=False, default=str), campaign_id],
        )


def campaign_templates() -> dict[str, dict[str, Any]]:
    """The templates by code."""
    return {t["code"]: t for t in builtin_definitions("campaign-templates")}


def ensure_builtin_campaigns(db: Database) -> None:
    """Add the built-in campaigns a database lacks; make the first one active if none is.
    Read first: on most openings there is nothing to write (and no transaction to begin)."""

    def lacking() -> list[dict[str, Any]]:
        return [
            definition
            for definition in builtin_definitions()
            if not db.execute(
                "SELECT 1 FROM campaigns WHERE code = ?", [campaign_from_dict(definition).code]
            ).fetchone()
        ]

    if not lacking() and get_setting(db, ACTIVE_KEY) is not None:
        return
    with db.atomic():
        for definition in lacking():
            insert_campaign(db, definition)
        if get_setting(db, ACTIVE_KEY) is None:
            first = db.execute("SELECT id FROM campaigns ORDER BY id LIMIT 1").fetchone()
            if first:
                set_setting(db, ACTIVE_KEY, str(first[0]))


def insert_campaign(db: Database, definition: dict[str, Any]) -> int:
    campaign = campaign_from_dict(definition)
    if db.execute(
        "SELECT 1 FROM campaigns WHERE lower(trim(code)) = lower(trim(?))", [campaign.code]
    ).fetchone():
        raise CampaignError(f"Đã có đợt thi đua mang mã “{campaign.code}”; hãy chọn mã khác.")
    record = {
        "code": campaign.code,
        "name": campaign.name,
        "definition": json.dumps(definition, ensure_ascii=False, default=str),
    }
    return int(db["campaigns"].insert(record).last_pk)


def load_campaign(db: Database, campaign_id: int) -> Campaign:
    return campaign_from_dict(campaign_definition(db, campaign_id))


def campaign_definition(db: Database, campaign_id: int) -> dict[str, Any]:
    row = db.execute("SELECT definition FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
    if row is None:
        raise NotFound(f"Không có đợt thi đua số {campaign_id}.")
    return json.loads(row[0])


def set_campaign_value(db: Database, campaign_id: int, path: str, value: Any) -> None:
    """One setting of a campaign, as the settings page saves it; refused (CampaignError) when
    the campaign would no longer hold together."""
    changed = with_value(campaign_definition(db, campaign_id), path, value)
    with db.atomic():
        db.execute(
            "UPDATE campaigns SET definition = ?, name = ? WHERE id = ?",
            [json.dumps(changed, ensure_ascii=False, default=str), changed["name"], campaign_id],
        )


def list_campaigns(db: Database) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in db.execute("SELECT id, code, name FROM campaigns ORDER BY id")]


def campaign_id_by_code(db: Database, code: str) -> int:
    row = db.execute("SELECT id FROM campaigns WHERE code = ?", [code]).fetchone()
    if row is None:
        raise CampaignError(f"Không có đợt thi đua mang mã “{code}”.")
    return int(row[0])


def active_campaign_id(db: Database) -> int:
    value = get_setting(db, ACTIVE_KEY)
    if value is None:
        raise NotFound("Chưa chọn đợt thi đua.")
    return int(value)


def set_active_campaign(db: Database, campaign_id: int) -> None:
    load_campaign(db, campaign_id)  # refuse an id that does not exist
    with db.atomic():
        set_setting(db, ACTIVE_KEY, str(campaign_id))


def clone_campaign(
    db: Database,
    source_id: int,
    *,
    code: str,
    name: str,
    year_shift: int = 0,
    legal_regime: str | None = None,
    bodies: dict[str, str] | None = None,
    bases: list[str] | None = None,
    council: Mapping[str, Any] | None = None,
) -> int:
    """The new campaign's id; under another `legal_regime`, with its `bodies`, `bases` and the
    regime's default `council` rules (core.campaign.clone_definition)."""
    source = load_campaign(db, source_id)
    definition = clone_definition(
        source.definition, code=code, name=name, year_shift=year_shift,
        legal_regime=legal_regime, bodies=bodies, bases=bases, council=council,
    )  # fmt: skip
    with db.atomic():
        return insert_campaign(db, definition)


def create_from_template(
    db: Database, template: str, *, code: str, name: str, bodies: dict[str, str],
    bases: list[str], council: Mapping[str, Any] | None = None,
) -> int:  # fmt: skip
    """A new campaign from the template coded `template`, with its bodies and bases given,
    and its regime's default `council` rules where the template sets none."""
    found = campaign_templates()
    if template not in found:
        raise NotFound(f"Không có mẫu đợt thi đua “{template}” (có: {', '.join(found)}).")
    definition = clone_definition(found[template], code=code, name=name, bodies=bodies,
                                  bases=bases, council=council)  # fmt: skip
    with db.atomic():
        return insert_campaign(db, definition)


def stale_after_clone(db: Database, source_id: int, clone_id: int) -> list[str]:
    """The clone's texts still naming part of a body of the source it renamed."""
    return stale_names(load_campaign(db, source_id).definition,
                       load_campaign(db, clone_id).definition)  # fmt: skip


def confirm_settings(db: Database, campaign_id: int) -> None:
    """The user has looked at the settings a template suggested: they are the campaign's."""
    set_campaign_value(db, campaign_id, "unconfirmed", [])


def get_setting(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_setting(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
