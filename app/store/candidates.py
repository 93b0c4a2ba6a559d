"""A campaign's candidates (the people and collectives considered), their no-pending-case
declaration, which of them the unit nominates, and their removal."""

from __future__ import annotations

from msgspec.structs import replace

from app.core.entities import Candidate, GateAnswer
from app.store.achievements import drop_unused_evidence
from app.store.connection import Database
from app.store.errors import StoreError
from app.store.people import load_collective, load_person


def add_candidate(
    db: Database,
    campaign_id: int,
    *,
    person_id: int | None = None,
    collective_id: int | None = None,
    declaration: bool | None = None,
) -> int:
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO candidates (campaign_id, person_id, collective_id, "
            "no_pending_declaration) VALUES (?, ?, ?, ?)",
            [
                campaign_id,
                person_id,
                collective_id,
                None if declaration is None else int(declaration),
            ],
        )
    return int(cursor.lastrowid or 0)


def load_candidates(db: Database, campaign_id: int) -> list[Candidate]:
    rows = db.execute(
        "SELECT c.id, c.person_id, c.collective_id, c.no_pending_declaration, n.id IS NOT NULL "
        "FROM candidates c LEFT JOIN nominations n ON n.candidate_id = c.id "
        "WHERE c.campaign_id = ? ORDER BY c.collective_id IS NULL, c.id",
        [campaign_id],
    ).fetchall()
    gates: dict[int, dict[str, GateAnswer]] = {}
    for cid, gate, pending, note in db.execute(
        "SELECT g.candidate_id, g.gate, g.pending, g.note FROM candidate_gates g "
        "JOIN candidates c ON c.id = g.candidate_id WHERE c.campaign_id = ?",
        [campaign_id],
    ):
        gates.setdefault(cid, {})[gate] = GateAnswer(bool(pending), note)
    out = []
    for cid, person_id, collective_id, declared, nominated in rows:
        declaration = None if declared is None else bool(declared)
        if person_id is not None:
            out.append(
                Candidate.for_person(cid, load_person(db, person_id), declaration, bool(nominated))
            )
        else:
            out.append(
                Candidate.for_collective(
                    cid, load_collective(db, collective_id), declaration, bool(nominated)
                )
            )
        out[-1] = replace(out[-1], gates=gates.get(cid, {}))
    return out


def nominate(
    db: Database, campaign_id: int, organisation_id: int, candidate_id: int, meeting_id: int | None
) -> int:
    record = {
        "campaign_id": campaign_id,
        "organisation_id": organisation_id,
        "candidate_id": candidate_id,
        "meeting_id": meeting_id,
    }
    with db.atomic():
        return int(db["nominations"].insert(record).last_pk)


def withdraw_nomination(db: Database, candidate_id: int) -> None:
    with db.atomic():
        db.execute("DELETE FROM nominations WHERE candidate_id = ?", [candidate_id])


def set_declaration(db: Database, candidate_id: int, declared: bool | None) -> None:
    with db.atomic():
        db.execute(
            "UPDATE candidates SET no_pending_declaration = ? WHERE id = ?",
            [None if declared is None else int(declared), candidate_id],
        )


def set_gate(db: Database, candidate_id: int, gate: str, answer: GateAnswer | None) -> None:
    """A nominee's declaration on one case that bars an award; None: not declared."""
    with db.atomic():
        db.execute(
            "DELETE FROM candidate_gates WHERE candidate_id = ? AND gate = ?", [candidate_id, gate]
        )
        if answer is not None:
            db.execute(
                "INSERT INTO candidate_gates (candidate_id, gate, pending, note) "
                "VALUES (?, ?, ?, ?)",
                [candidate_id, gate, int(answer.pending), answer.note],
            )


def remove_candidate(db: Database, candidate_id: int) -> None:
    """Drop a candidate with its texts, votes and evidence; refused once nominated."""
    with db.atomic():
        if db.execute(
            "SELECT 1 FROM nominations WHERE candidate_id = ?", [candidate_id]
        ).fetchone():
            raise StoreError(
                "Đối tượng này đã được đơn vị đề nghị khen thưởng; hãy bỏ đề nghị ở trang Họp xét "
                "trước."
            )
        db.execute("DELETE FROM candidates WHERE id = ?", [candidate_id])
        drop_unused_evidence(db)
