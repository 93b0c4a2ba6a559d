"""What a database is for: a unit's dossier (the default) or the Inspectorate's inbox. Read at
every start, so it stays light (no package or crypto code)."""

from __future__ import annotations

from app.store.campaigns import get_setting, set_setting
from app.store.connection import Database

ROLE_SETTING = "role"
UNIT, INSPECTORATE = "unit", "inspectorate"


def role(db: Database) -> str:
    return INSPECTORATE if get_setting(db, ROLE_SETTING) == INSPECTORATE else UNIT


def set_role(db: Database, value: str) -> None:
    if value not in (UNIT, INSPECTORATE):
        raise ValueError(value)
    with db.atomic():
        set_setting(db, ROLE_SETTING, value)
