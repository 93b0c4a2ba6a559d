"""The unit itself (or the Inspectorate): its name, superior agency, place, address and the
person who signs its documents, kept as one record of the database."""

from __future__ import annotations

from app.core.entities import Organisation
from app.core.text import clean
from app.store.campaigns import get_setting, set_setting
from app.store.connection import Database
from app.store.errors import NotFound

UNIT_KEY = "unit_organisation"


_ORG_FIELDS = [name for name in Organisation.__struct_fields__ if name != "id"]


def unit_organisation(db: Database) -> Organisation | None:
    value = get_setting(db, UNIT_KEY)
    if value is None:
        return None
    row = db.execute(
        f"SELECT id, {', '.join(_ORG_FIELDS)} FROM organisations WHERE id = ?", [int(value)]
    ).fetchone()
    return Organisation(*row) if row else None


def save_unit_organisation(db: Database, org: Organisation) -> int:
    record = {f: clean(getattr(org, f)) for f in _ORG_FIELDS}
    with db.atomic():
        current = unit_organisation(db)
        if current is None:
            org_id = int(db["organisations"].insert(record).last_pk)
            set_setting(db, UNIT_KEY, str(org_id))
            return org_id
        db["organisations"].update(current.id, record)
        return current.id


def set_organisation_field(db: Database, field: str, value: str) -> None:
    """One detail of the unit, as the settings page saves it field by field."""
    if field not in _ORG_FIELDS:
        raise ValueError(f"no organisation field {field!r}")
    current = unit_organisation(db)
    if current is None:
        raise NotFound("Tệp dữ liệu chưa có thông tin đơn vị.")
    with db.atomic():
        db.execute(f"UPDATE organisations SET {field} = ? WHERE id = ?", [clean(value), current.id])
