"""The unit's review meeting (họp xét) of a campaign: when, where, who, the attendance, how it
voted and the votes each candidate received."""

from __future__ import annotations

from app.core.meeting import Meeting, MeetingMember, VotingMode
from app.core.text import clean
from app.store.connection import Database
from app.store.stored_values import stored_time

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
        started_at=stored_time(row[1], "meetings", "started_at"),
        ended_at=stored_time(row[2], "meetings", "ended_at"),
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
