"""Candidates, the review meeting and nominations of one unit in one campaign."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from app.core.entities import Candidate
from app.core.meeting import Meeting, MeetingMember, VotingMode
from app.core.text import clean
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


_MEETING_FIELDS = [
    "started_at",
    "ended_at",
    "place",
    "chair_name",
    "secretary_name",
    "total_members",
    "voting_mode",
    "ballots_issued",
    "ballots_returned",
    "ballots_valid",
    "ballots_invalid",
]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def save_meeting(db: Database, campaign_id: int, organisation_id: int, meeting: Meeting) -> int:
    values = [
        meeting.started_at.isoformat(timespec="minutes") if meeting.started_at else None,
        meeting.ended_at.isoformat(timespec="minutes") if meeting.ended_at else None,
        clean(meeting.place),
        clean(meeting.chair_name),
        clean(meeting.secretary_name),
        meeting.total_members,
        meeting.voting_mode.value,
        meeting.ballots_issued,
        meeting.ballots_returned,
        meeting.ballots_valid,
        meeting.ballots_invalid,
    ]
    record = {"campaign_id": campaign_id, "organisation_id": organisation_id}
    record.update(zip(_MEETING_FIELDS, values, strict=True))
    with db.atomic():
        if meeting.id is None:
            meeting_id = int(db["meetings"].insert(record).last_pk)
        else:
            meeting_id = meeting.id
            db["meetings"].update(meeting_id, record)
        db.execute("DELETE FROM meeting_members WHERE meeting_id = ?", [meeting_id])
        db["meeting_members"].insert_all(
            {
                "meeting_id": meeting_id,
                "person_id": m.person_id,
                "name": clean(m.name),
                "role": clean(m.role),
                "present": int(m.present),
                "absence_reason": clean(m.absence_reason),
                "written_opinion": clean(m.written_opinion),
                "ballot_role": clean(m.ballot_role),
            }
            for m in meeting.members
        )
        db.execute("DELETE FROM votes WHERE meeting_id = ?", [meeting_id])
        db["votes"].insert_all(
            {"meeting_id": meeting_id, "candidate_id": cid, "votes_for": count}
            for cid, count in meeting.votes.items()
        )
    return meeting_id


def load_meeting(db: Database, campaign_id: int, organisation_id: int) -> Meeting | None:
    row = db.execute(
        f"SELECT id, {', '.join(_MEETING_FIELDS)} FROM meetings "
        "WHERE campaign_id = ? AND organisation_id = ? ORDER BY id DESC LIMIT 1",
        [campaign_id, organisation_id],
    ).fetchone()
    if row is None:
        return None
    meeting_id = row[0]
    members = tuple(
        MeetingMember(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6], r[7])
        for r in db.execute(
            "SELECT name, role, present, absence_reason, written_opinion, person_id, id, "
            "ballot_role "
            "FROM meeting_members WHERE meeting_id = ? ORDER BY id",
            [meeting_id],
        )
    )
    votes = dict(
        db.execute("SELECT candidate_id, votes_for FROM votes WHERE meeting_id = ?", [meeting_id])
    )
    return Meeting(
        id=meeting_id,
        started_at=_when(row[1]),
        ended_at=_when(row[2]),
        place=row[3],
        chair_name=row[4],
        secretary_name=row[5],
        total_members=row[6],
        voting_mode=VotingMode(row[7]),
        members=members,
        votes=votes,
        ballots_issued=row[8],
        ballots_returned=row[9],
        ballots_valid=row[10],
        ballots_invalid=row[11],
    )


def load_achievements(db: Database, candidate_id: int) -> dict[str, str]:
    """The candidate's achievement text per criterion id."""
    return dict(
        db.execute(
            "SELECT criterion_id, text FROM achievements WHERE candidate_id = ? ORDER BY id",
            [candidate_id],
        )
    )
