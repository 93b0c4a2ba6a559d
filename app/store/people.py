"""People and collectives of the unit: read into core entities, saved with minimal changes
(so the audit log shows what really changed)."""

from __future__ import annotations

from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from app.core.entities import PERSON_TEXT_DETAILS, Award, Collective, DisciplineRecord, Person
from app.core.text import clean
from app.store.connection import Database
from app.store.errors import NotFound, StoreError
from app.store.stored_values import stored_date


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- organisation ---------------------------------------------------------------------------


# --- people -----------------------------------------------------------------------------------


class PersonSummary(Struct, frozen=True):
    id: int
    full_name: str
    birth_date: date | None
    gender: str
    position: str


_SUMMARY = "SELECT id, full_name, birth_date, gender, position FROM people"


def _summary(row: tuple) -> PersonSummary:
    return PersonSummary(
        row[0], row[1], stored_date(row[2], "people", "birth_date"), row[3], row[4]
    )


def list_people(db: Database, organisation_id: int) -> list[PersonSummary]:
    rows = db.execute(f"{_SUMMARY} WHERE organisation_id = ? ORDER BY id", [organisation_id])
    return [_summary(r) for r in rows]


def count_people(db: Database, organisation_id: int) -> int:
    query = "SELECT count(*) FROM people WHERE organisation_id = ?"
    return db.execute(query, [organisation_id]).fetchone()[0]


def members_of(db: Database, collective_id: int) -> list[PersonSummary]:
    rows = db.execute(
        f"{_SUMMARY} WHERE id IN (SELECT person_id FROM collective_members "
        "WHERE collective_id = ?) ORDER BY id",
        [collective_id],
    )
    return [_summary(r) for r in rows]


def _ratings(db: Database, column: str, owner_id: int) -> dict[int, str]:
    return dict(
        db.execute(f"SELECT year, rating FROM ratings WHERE {column} = ? ORDER BY year", [owner_id])
    )


def _awards(db: Database, column: str, owner_id: int) -> tuple[Award, ...]:
    rows = db.execute(
        f"SELECT year, title, decision, id FROM awards WHERE {column} = ? ORDER BY year, id",
        [owner_id],
    )
    return tuple(Award(*r) for r in rows)


def load_person(db: Database, person_id: int) -> Person:
    row = db.execute(
        "SELECT id, full_name, birth_date, gender, position, hometown, residence, qualification, "
        "party_position, mass_org_position FROM people WHERE id = ?",
        [person_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"Không có cán bộ số {person_id}.")
    disciplines = tuple(
        DisciplineRecord(
            stored_date(r[0], "discipline_records", "decision_date", required=True),
            r[1],
            r[2],
            r[3],
            r[4],
        )
        for r in db.execute(
            "SELECT decision_date, form, reason, decision_no, id FROM discipline_records "
            "WHERE person_id = ? ORDER BY decision_date, id",
            [person_id],
        )
    )
    return Person(
        id=row[0],
        full_name=row[1],
        birth_date=stored_date(row[2], "people", "birth_date"),
        gender=row[3],
        position=row[4],
        hometown=row[5],
        residence=row[6],
        qualification=row[7],
        ratings=_ratings(db, "person_id", person_id),
        disciplines=disciplines,
        awards=_awards(db, "person_id", person_id),
        party_position=row[8],
        mass_org_position=row[9],
    )


def save_person(db: Database, organisation_id: int, person: Person) -> int:
    """Insert or update a person with ratings, discipline and awards in one transaction."""
    record = {
        "full_name": clean(person.full_name),
        "birth_date": _iso(person.birth_date),
        "gender": person.gender,
        "position": clean(person.position),
        "hometown": clean(person.hometown),
        "residence": clean(person.residence),
        "qualification": clean(person.qualification),
        "party_position": clean(person.party_position),
        "mass_org_position": clean(person.mass_org_position),
    }
    with db.atomic():
        if person.id is None:
            record["organisation_id"] = organisation_id
            person_id = int(db["people"].insert(record).last_pk)
        else:
            person_id = person.id
            db["people"].update(person_id, record)
        _save_ratings(db, "person_id", person_id, person.ratings)
        _save_disciplines(db, person_id, person.disciplines)
        _save_awards(db, "person_id", person_id, person.awards)
    return person_id


PERSON_TEXT_FIELDS = ("full_name", "gender", *PERSON_TEXT_DETAILS)


def set_person_field(db: Database, person_id: int, field: str, value: str | date | None) -> None:
    """One detail of a person, as the editor saves it field by field (the rules are checked by
    the caller, the schema's CHECKs guard the rest)."""
    if field == "birth_date":
        stored: str | None = _iso(value) if isinstance(value, date) else None
    elif field in PERSON_TEXT_FIELDS:
        stored = clean(str(value or ""))
    else:
        raise ValueError(f"no person field {field!r}")
    with db.atomic():
        if db.execute(f"UPDATE people SET {field} = ? WHERE id = ?", [stored, person_id]).rowcount:
            return
    raise NotFound(f"Không có cán bộ số {person_id}.")


def set_rating(db: Database, column: str, owner_id: int, year: int, rating: str) -> None:
    """A person's or collective's rating of one year; an empty rating removes it."""
    with db.atomic():
        ratings = _ratings(db, column, owner_id)
        if rating:
            ratings[year] = rating
        else:
            ratings.pop(year, None)
        _save_ratings(db, column, owner_id, ratings)


def replace_disciplines(
    db: Database, person_id: int, records: tuple[DisciplineRecord, ...]
) -> tuple[DisciplineRecord, ...]:
    """The person's discipline records become `records`; returned as stored (with ids)."""
    with db.atomic():
        return _save_disciplines(db, person_id, records)


def replace_awards(
    db: Database, column: str, owner_id: int, awards: tuple[Award, ...]
) -> tuple[Award, ...]:
    with db.atomic():
        return _save_awards(db, column, owner_id, awards)


def delete_person(db: Database, person_id: int) -> None:
    """Remove a person with their ratings, discipline and awards; refused for a candidate."""
    _delete_unless_reviewed(db, "people", person_id)


def _save_ratings(db: Database, column: str, owner_id: int, ratings: dict[int, str]) -> None:
    stored = _ratings(db, column, owner_id)
    for year in stored.keys() - ratings.keys():
        db.execute(f"DELETE FROM ratings WHERE {column} = ? AND year = ?", [owner_id, year])
    for year, rating in ratings.items():
        if year not in stored:
            db.execute(
                f"INSERT INTO ratings ({column}, year, rating) VALUES (?, ?, ?)",
                [owner_id, year, rating],
            )
        elif stored[year] != rating:
            db.execute(
                f"UPDATE ratings SET rating = ? WHERE {column} = ? AND year = ?",
                [rating, owner_id, year],
            )


def _insert_or_update(db: Database, table: str, row_id: int | None, record: dict) -> int:
    if row_id is None:
        return int(db[table].insert(record).last_pk)
    db[table].upsert({"id": row_id, **record}, pk="id")  # an undo may bring a deleted row back
    return row_id


def _save_disciplines(
    db: Database, person_id: int, records: tuple[DisciplineRecord, ...]
) -> tuple[DisciplineRecord, ...]:
    """Store exactly `records`; returned in the same order, each with its id."""
    keep = {r.id for r in records if r.id is not None}
    for (record_id,) in db.execute(
        "SELECT id FROM discipline_records WHERE person_id = ?", [person_id]
    ).fetchall():
        if record_id not in keep:
            db.execute("DELETE FROM discipline_records WHERE id = ?", [record_id])
    stored = []
    for r in records:
        record = {
            "person_id": person_id,
            "decision_date": r.decision_date.isoformat(),
            "form": clean(r.form),
            "reason": clean(r.reason),
            "decision_no": clean(r.decision_no),
        }
        row_id = _insert_or_update(db, "discipline_records", r.id, record)
        stored.append(replace(r, id=row_id))
    return tuple(stored)


def _save_awards(
    db: Database, column: str, owner_id: int, awards: tuple[Award, ...]
) -> tuple[Award, ...]:
    keep = {a.id for a in awards if a.id is not None}
    for (award_id,) in db.execute(
        f"SELECT id FROM awards WHERE {column} = ?", [owner_id]
    ).fetchall():
        if award_id not in keep:
            db.execute("DELETE FROM awards WHERE id = ?", [award_id])
    stored = []
    for a in awards:
        record = {
            column: owner_id,
            "year": a.year,
            "title": clean(a.title),
            "decision": clean(a.decision),
        }
        stored.append(replace(a, id=_insert_or_update(db, "awards", a.id, record)))
    return tuple(stored)


# --- collectives ----------------------------------------------------------------------------


def load_collective(db: Database, collective_id: int) -> Collective:
    row = db.execute(
        "SELECT id, name, description, head_person_id FROM collectives WHERE id = ?",
        [collective_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"Không có tập thể số {collective_id}.")
    member_ids = [
        r[0]
        for r in db.execute(
            "SELECT person_id FROM collective_members WHERE collective_id = ? ORDER BY person_id",
            [collective_id],
        )
    ]
    return Collective(
        id=row[0],
        name=row[1],
        members=tuple(load_person(db, pid) for pid in member_ids),
        ratings=_ratings(db, "collective_id", collective_id),
        awards=_awards(db, "collective_id", collective_id),
        duties=row[2],
        head_id=row[3],
    )


def save_collective(db: Database, organisation_id: int, collective: Collective) -> int:
    with db.atomic():
        if collective.id is None:
            cursor = db.execute(
                "INSERT INTO collectives (organisation_id, name, description, head_person_id) "
                "VALUES (?, ?, ?, ?)",
                [organisation_id, clean(collective.name), clean(collective.duties),
                 collective.head_id],
            )  # fmt: skip
            collective_id = int(cursor.lastrowid or 0)
        else:
            collective_id = collective.id
            db.execute(
                "UPDATE collectives SET name = ?, description = ?, head_person_id = ? "
                "WHERE id = ?",
                [clean(collective.name), clean(collective.duties), collective.head_id,
                 collective_id],
            )  # fmt: skip
        _sync_members(db, collective_id, {m.id for m in collective.members})
        _save_ratings(db, "collective_id", collective_id, collective.ratings)
        _save_awards(db, "collective_id", collective_id, collective.awards)
    return collective_id


class CollectiveSummary(Struct, frozen=True):
    id: int
    name: str
    headcount: int


def list_collectives(db: Database, organisation_id: int) -> list[CollectiveSummary]:
    rows = db.execute(
        "SELECT c.id, c.name, count(m.person_id) FROM collectives c "
        "LEFT JOIN collective_members m ON m.collective_id = c.id "
        "WHERE c.organisation_id = ? GROUP BY c.id ORDER BY c.id",
        [organisation_id],
    )
    return [CollectiveSummary(*r) for r in rows]


_COLLECTIVE_COLUMNS = {"name": "name", "duties": "description", "head_id": "head_person_id"}


def set_collective_field(db: Database, collective_id: int, field: str, value: str | int | None):
    """One detail of a collective: `name`, `duties` or `head_id` (a member's id or None)."""
    column = _COLLECTIVE_COLUMNS[field]
    stored = value if field == "head_id" else clean(str(value or ""))
    with db.atomic():
        db.execute(f"UPDATE collectives SET {column} = ? WHERE id = ?", [stored, collective_id])


def set_collective_members(db: Database, collective_id: int, member_ids: tuple[int, ...]) -> None:
    """The collective's members become `member_ids`; a head who left is no longer its head."""
    with db.atomic():
        _sync_members(db, collective_id, set(member_ids))
        db.execute(
            "UPDATE collectives SET head_person_id = NULL WHERE id = ? AND head_person_id "
            "NOT IN (SELECT person_id FROM collective_members WHERE collective_id = ?)",
            [collective_id, collective_id],
        )


def _sync_members(db: Database, collective_id: int, wanted: set) -> None:
    """The collective's member rows become `wanted` (person ids), touching only the changes."""
    stored = {
        r[0]
        for r in db.execute(
            "SELECT person_id FROM collective_members WHERE collective_id = ?", [collective_id]
        )
    }
    for pid in stored - wanted:
        db.execute(
            "DELETE FROM collective_members WHERE collective_id = ? AND person_id = ?",
            [collective_id, pid],
        )
    for pid in wanted - stored:
        db.execute(
            "INSERT INTO collective_members (collective_id, person_id) VALUES (?, ?)",
            [collective_id, pid],
        )


def delete_collective(db: Database, collective_id: int) -> None:
    """Remove a collective (its members stay); refused for a candidate."""
    _delete_unless_reviewed(db, "collectives", collective_id)


_SUBJECTS = {"people": ("person_id", "full_name"), "collectives": ("collective_id", "name")}


def _delete_unless_reviewed(db: Database, table: str, subject_id: int) -> None:
    """Delete a person or collective; ValueError (Vietnamese) when a campaign considers it."""
    column, name = _SUBJECTS[table]
    with db.atomic():
        row = db.execute(
            f"SELECT s.{name}, k.name FROM candidates c JOIN {table} s ON s.id = c.{column} "
            f"JOIN campaigns k ON k.id = c.campaign_id WHERE c.{column} = ? LIMIT 1",
            [subject_id],
        ).fetchone()
        if row is not None:
            raise StoreError(
                f"{row[0]} đang là đối tượng xét của đợt “{row[1]}”; "
                "hãy bỏ khỏi danh sách đối tượng (trang Thành tích) trước."
            )
        db.execute(f"DELETE FROM {table} WHERE id = ?", [subject_id])


def person_summary(db: Database, person_id: int) -> PersonSummary:
    row = db.execute(f"{_SUMMARY} WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFound(f"Không có cán bộ số {person_id}.")
    return _summary(row)
