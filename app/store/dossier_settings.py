"""The numbers and date of a unit's dossier documents in one campaign: "Số: 05/TTr-UBND",
the date the Tờ trình (and the Mẫu 08 reports with it) is signed, the Biên bản's number."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from app.core.text import clean
from app.store.connection import Database
from app.store.stored_values import stored_date


class DossierSettings(Struct, frozen=True):
    to_trinh_number: str = ""
    to_trinh_date: date | None = None
    bien_ban_number: str = ""


FIELDS = ("to_trinh_number", "to_trinh_date", "bien_ban_number")


def load_dossier_settings(db: Database, organisation_id: int, campaign_id: int) -> DossierSettings:
    row = db.execute(
        "SELECT to_trinh_number, to_trinh_date, bien_ban_number FROM dossier_settings "
        "WHERE organisation_id = ? AND campaign_id = ?",
        [organisation_id, campaign_id],
    ).fetchone()
    if row is None:
        return DossierSettings()
    return DossierSettings(row[0], stored_date(row[1], "dossier_settings", "to_trinh_date"), row[2])


def set_dossier_field(
    db: Database, organisation_id: int, campaign_id: int, field: str, value: str | date | None
) -> None:
    if field not in FIELDS:
        raise ValueError(f"no dossier field {field!r}")
    stored = value.isoformat() if isinstance(value, date) else (clean(value or "") or None)
    if field != "to_trinh_date":
        stored = stored or ""
    with db.atomic():
        db.execute(
            "INSERT INTO dossier_settings (organisation_id, campaign_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            [organisation_id, campaign_id],
        )
        db.execute(
            f"UPDATE dossier_settings SET {field} = ? WHERE organisation_id = ? "
            "AND campaign_id = ?",
            [stored, organisation_id, campaign_id],
        )
