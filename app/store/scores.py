"""A points-based campaign's self-assessment, as the unit enters it: per nominee and criterion
the value typed (exact, as a decimal) and the evidence file attached to it."""

from __future__ import annotations

from fractions import Fraction

from msgspec import Struct

from app.store.connection import Database


class StoredEntry(Struct, frozen=True):
    value: Fraction | None
    attachment_id: int | None  # one of the nominee's evidence files (store.achievements)
    attachment_name: str = ""


def load_entries(db: Database, candidate_id: int) -> dict[str, StoredEntry]:
    rows = db.execute(
        "SELECT e.criterion, e.value, e.attachment_id, a.file_name FROM score_entries e "
        "LEFT JOIN attachments a ON a.id = e.attachment_id WHERE e.candidate_id = ?",
        [candidate_id],
    )
    return {
        criterion: StoredEntry(None if value is None else Fraction(value), attachment, name or "")
        for criterion, value, attachment, name in rows
    }


def set_value(db: Database, candidate_id: int, criterion: str, value: Fraction | None) -> None:
    """None: not entered (the criterion scores nothing, "chưa có số liệu")."""
    stored = None if value is None else str(value)  # exact ("185/2"), never a float
    with db.atomic():
        db.execute(
            "INSERT INTO score_entries (candidate_id, criterion, value) VALUES (?, ?, ?) "
            "ON CONFLICT(candidate_id, criterion) DO UPDATE SET value = excluded.value",
            [candidate_id, criterion, stored],
        )


def set_evidence(db: Database, candidate_id: int, criterion: str, attachment: int | None) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO score_entries (candidate_id, criterion, attachment_id) VALUES (?, ?, ?) "
            "ON CONFLICT(candidate_id, criterion) DO UPDATE SET "
            "attachment_id = excluded.attachment_id",
            [candidate_id, criterion, attachment],
        )


def criteria_evidenced_by(db: Database, attachment_id: int) -> list[str]:
    """The criteria an evidence file is attached to (removing it takes their points away)."""
    rows = db.execute(
        "SELECT criterion FROM score_entries WHERE attachment_id = ? ORDER BY criterion",
        [attachment_id],
    )
    return [criterion for (criterion,) in rows]
