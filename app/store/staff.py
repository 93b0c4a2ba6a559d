"""Storing an accepted staff list in one transaction: each row updates the person already
stored under the same name and date of birth, or adds a new one. A blank cell never erases
what is stored (a list typed for another purpose may lack a column's values)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec.structs import replace

from app.core.entities import Person
from app.core.text import fold
from app.store.connection import Database
from app.store.people import list_people, load_person, save_person
from app.store.register import ImportCounts

# what a staff list may say of a person besides the name (a blank value says nothing)
_DETAILS = tuple(
    name
    for name in Person.__struct_fields__
    if name not in ("id", "full_name", "ratings", "disciplines", "awards")
)


def _match(db: Database, organisation_id: int) -> dict[tuple[str, Any], list[int]]:
    """(folded name, date of birth) → ids; (folded name, None) lists everyone of that name."""
    found: dict[tuple[str, Any], list[int]] = {}
    for person in list_people(db, organisation_id):
        name = fold(person.full_name)
        found.setdefault((name, person.birth_date), []).append(person.id)
        if person.birth_date is not None:
            found.setdefault((name, None), []).append(person.id)
    return found


def save_staff(db: Database, organisation_id: int, people: Sequence[Person]) -> ImportCounts:
    """Store the people of an accepted staff list (ids None) in one transaction."""
    inserted = updated = unchanged = 0
    with db.atomic():
        known = _match(db, organisation_id)
        for person in people:
            ids = known.get((fold(person.full_name), person.birth_date), [])
            if len(ids) != 1:  # nobody, or several people it could be: a new person
                save_person(db, organisation_id, person)
                inserted += 1
                continue
            stored = load_person(db, ids[0])
            given = {f: getattr(person, f) for f in _DETAILS if getattr(person, f)}
            wanted = replace(stored, ratings={**stored.ratings, **person.ratings}, **given)
            if wanted == stored:
                unchanged += 1
            else:
                save_person(db, organisation_id, wanted)
                updated += 1
    return ImportCounts(inserted, updated, unchanged)
