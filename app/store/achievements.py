"""What the unit writes about each candidate: achievement text per criterion, and evidence
files kept inside the database."""

from __future__ import annotations

from msgspec import Struct

from app.core.digest import sha256_hex
from app.core.evidence import check_evidence
from app.core.text import nfc
from app.store.connection import Database
from app.store.errors import NotFound


def set_achievement(db: Database, candidate_id: int, criterion_id: str, text: str) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO achievements (candidate_id, criterion_id, text) VALUES (?, ?, ?) "
            "ON CONFLICT(candidate_id, criterion_id) DO UPDATE SET text = excluded.text",
            [candidate_id, criterion_id, nfc(text)],
        )


# --- evidence ---------------------------------------------------------------------------------


class Attachment(Struct, frozen=True):
    id: int
    file_name: str
    media_type: str
    size: int
    added_at: str


def list_attachments(db: Database, candidate_id: int) -> list[Attachment]:
    rows = db.execute(
        "SELECT id, file_name, media_type, size, added_at FROM attachments "
        "WHERE candidate_id = ? ORDER BY id",
        [candidate_id],
    )
    return [Attachment(*r) for r in rows]


def add_attachment(db: Database, candidate_id: int, file_name: str, data: bytes) -> int:
    """Keep a file's bytes in the database as evidence of the candidate; ValueError
    (Vietnamese) for a file refused by size or type."""
    attached = sum(a.size for a in list_attachments(db, candidate_id))
    kind = check_evidence(file_name, data, attached)
    digest = sha256_hex(data)
    with db.atomic():
        db.execute(
            "INSERT OR IGNORE INTO attachment_contents (sha256, content) VALUES (?, ?)",
            [digest, data],
        )
        cursor = db.execute(
            "INSERT INTO attachments (candidate_id, file_name, media_type, size, sha256) "
            "VALUES (?, ?, ?, ?, ?)",
            [candidate_id, nfc(file_name), kind.media_type, len(data), digest],
        )
    return int(cursor.lastrowid or 0)


def attachment_content(db: Database, attachment_id: int) -> tuple[str, bytes]:
    row = db.execute(
        "SELECT a.file_name, c.content FROM attachments a "
        "JOIN attachment_contents c ON c.sha256 = a.sha256 WHERE a.id = ?",
        [attachment_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"Không có tệp minh chứng số {attachment_id}.")
    return row[0], row[1]


def remove_attachment(db: Database, attachment_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
        drop_unused_evidence(db)


def drop_unused_evidence(db: Database) -> None:
    db.execute(
        "DELETE FROM attachment_contents WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
    )


def load_achievements(db: Database, candidate_id: int) -> dict[str, str]:
    """The candidate's achievement text per criterion id."""
    return dict(
        db.execute(
            "SELECT criterion_id, text FROM achievements WHERE candidate_id = ? ORDER BY id",
            [candidate_id],
        )
    )
