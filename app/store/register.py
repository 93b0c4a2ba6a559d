"""The petition register and the reception log in the database: stored imports (insert /
update / unchanged, in one transaction), the remembered column mappings, and the rows as the
tally reads them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict

from app.core.names import key_identity
from app.core.petitions import (
    Outcome,
    Petition,
    PetitionType,
    Processing,
    Reception,
    ReceptionForm,
    SourceRow,
)
from app.store.connection import Database
from app.store.stored_values import stored_date


class RegisterTable(Struct, frozen=True):
    table: str
    key_column: str
    stored: tuple[tuple[str, str], ...]  # record field → column, the order compared

    @property
    def columns(self) -> list[str]:
        return [column for _, column in self.stored]


# record field → column; the order is the comparison order for "unchanged"
_STORED = [
    ("received", "received"),
    ("type", "type"),
    ("eligible", "eligible"),
    ("in_authority", "in_authority"),
    ("processing", "processing"),
    ("case_key", "case_key"),
    ("officer", "officer"),
    ("deadline", "deadline"),
    ("outcome", "outcome"),
    ("resolved_on", "resolved_on"),
    ("signers", "signers"),
    ("sender", "sender"),
    ("address", "address"),
    ("content", "content"),
]
PETITION_TABLE = RegisterTable("petitions", "petition_key", tuple(_STORED))
RECEPTION_TABLE = RegisterTable(
    "receptions",
    "reception_key",
    tuple(
        (name, name)
        for name in (
            "day", "officer", "by_leader", "form", "people", "case_key", "visitor", "address",
            "content",
        )
    ),
)  # fmt: skip
TABLES = {"petitions": PETITION_TABLE, "receptions": RECEPTION_TABLE}


class ImportCounts(Struct, frozen=True):
    inserted: int
    updated: int
    unchanged: int


_iso_day = cache(date.isoformat)  # a register holds a few thousand distinct days


def _db_value(value: Any) -> Any:
    """A record's value as stored. Run for each of 1.5 million cells of a large register: the
    common kinds are tested first, by exact type (a StrEnum is a str, a bool an int)."""
    kind = type(value)
    if kind is str or value is None or kind is int:
        return value
    if kind is date:
        return _iso_day(value)
    if kind is bool:
        return int(value)
    if isinstance(value, Enum):  # the StrEnums of app.core.petitions
        return value._value_  # `.value` is a descriptor: 3× slower
    if isinstance(value, date):  # a datetime: its ISO text, time included
        return value.isoformat()
    return value


class ImportDiff(Struct, frozen=True):
    inserts: list[tuple]
    updates: list[tuple]
    unchanged: int

    @property
    def counts(self) -> ImportCounts:
        return ImportCounts(len(self.inserts), len(self.updates), self.unchanged)


def diff_import(
    db: Database,
    organisation_id: int,
    records: Sequence[dict[str, Any]],
    *,
    file_name: str,
    sheet: str,
    kind: str = "petitions",
) -> ImportDiff:
    """What storing the rows would do: new ids inserted, changed ones updated, the rest kept."""
    spec = TABLES[kind]
    existing = {  # by key identity: a key typed in another case is the same row's
        key_identity(row[0]): (row[0], tuple(row[1:]))
        for row in db.execute(
            f"SELECT {spec.key_column}, {', '.join(spec.columns)} FROM {spec.table} "
            "WHERE organisation_id = ?",
            [organisation_id],
        )
    }
    inserts, updates, unchanged = [], [], 0
    fields = [f for f, _ in spec.stored]
    for record in records:
        values = tuple(map(_db_value, map(record.__getitem__, fields)))
        source = (file_name, sheet, record["source_row"])
        stored_key, stored = existing.get(key_identity(record["key"]), (record["key"], None))
        if stored is None:
            inserts.append((organisation_id, record["key"], *values, *source))
        elif stored != values:
            updates.append((*values, *source, organisation_id, stored_key))
        else:
            unchanged += 1
    return ImportDiff(inserts, updates, unchanged)


def save_import(
    db: Database,
    organisation_id: int,
    records: Sequence[dict[str, Any]],
    *,
    file_name: str,
    sheet: str,
    kind: str = "petitions",
) -> ImportCounts:
    """Store accepted rows in one transaction, nothing duplicated; the import is audited."""
    spec = TABLES[kind]
    diff = diff_import(db, organisation_id, records, file_name=file_name, sheet=sheet, kind=kind)
    placeholders = ", ".join("?" * (len(spec.columns) + 5))
    with db.atomic():
        db.conn.executemany(
            f"INSERT INTO {spec.table} (organisation_id, {spec.key_column}, "
            f"{', '.join(spec.columns)}, source_file, source_sheet, source_row) "
            f"VALUES ({placeholders})",
            diff.inserts,
        )
        db.conn.executemany(
            f"UPDATE {spec.table} SET {', '.join(c + ' = ?' for c in spec.columns)}, "
            f"source_file = ?, source_sheet = ?, source_row = ? "
            f"WHERE organisation_id = ? AND {spec.key_column} = ?",
            diff.updates,
        )
        counts = diff.counts
        db["audit_log"].insert(
            {
                "entity": f"{spec.table}_import",
                "entity_id": organisation_id,
                "action": "insert",
                "after": json.dumps(
                    {"file": file_name, "sheet": sheet, **asdict(counts)}, ensure_ascii=False
                ),
            }
        )
    return counts


@cache  # a register holds a few thousand distinct days: one object each
def _day(text: str | None, column: str) -> date | None:
    return stored_date(text, "petitions", column)


_TYPES = {t.value: t for t in PetitionType}
_PROCESSINGS = {t.value: t for t in Processing}
_OUTCOMES = {t.value: t for t in Outcome}
_FLAGS = {None: None, 0: False, 1: True}


_PETITION_SELECT = (
    "SELECT petition_key, received, type, eligible, in_authority, processing, case_key, "
    "officer, deadline, outcome, resolved_on, signers, source_sheet, source_row, "
    "sender, address, content FROM petitions WHERE organisation_id = ? ORDER BY id"
)


def _petition(r: Sequence[Any]) -> Petition:
    return Petition(
        key=r[0],
        received=_day(r[1], "received"),
        type=_TYPES.get(r[2]),
        eligible=_FLAGS[r[3]],
        in_authority=_FLAGS[r[4]],
        processing=_PROCESSINGS.get(r[5]),
        case_key=r[6],
        officer=r[7],
        deadline=_day(r[8], "deadline"),
        outcome=_OUTCOMES.get(r[9]),
        resolved_on=_day(r[10], "resolved_on"),
        signers=r[11],
        source=SourceRow(r[12], r[13]) if r[13] is not None else None,
    )


def load_petitions(db: Database, organisation_id: int) -> list[Petition]:
    return [_petition(r) for r in db.execute(_PETITION_SELECT, [organisation_id])]


def remembered_mapping(db: Database, signature: str) -> dict[str, str] | None:
    row = db.execute(
        "SELECT mapping FROM import_mappings WHERE signature = ?", [signature]
    ).fetchone()
    return json.loads(row[0]) if row else None


def remember_mapping(db: Database, signature: str, mapping: dict[str, str]) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO import_mappings (signature, mapping) VALUES (?, ?) "
            "ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping",
            [signature, json.dumps(mapping, ensure_ascii=False)],
        )


class RegisterRow(Struct, frozen=True):
    """A stored petition as the register page lists it (personal data included: this is the
    unit's own machine)."""

    petition: Petition
    sender: str
    address: str
    content: str


def register_rows(db: Database, organisation_id: int) -> list[RegisterRow]:
    return [
        RegisterRow(_petition(r), *r[14:17])
        for r in db.execute(_PETITION_SELECT, [organisation_id])
    ]


_FORMS = {f.value: f for f in ReceptionForm}


# A visit without a day or a form cannot be counted: the import listed it, the figures skip it.
_RECEPTION_SELECT = (
    "SELECT reception_key, day, officer, by_leader, form, people, case_key, source_sheet, "
    "source_row, visitor, address, content FROM receptions "
    "WHERE organisation_id = ? AND day IS NOT NULL AND form IS NOT NULL ORDER BY id"
)


def _reception(r: Sequence[Any]) -> Reception:
    return Reception(
        key=r[0],
        day=stored_date(r[1], "receptions", "day", required=True),
        officer=r[2],
        by_leader=bool(r[3]),
        form=_FORMS[r[4]],
        people=r[5],
        case_key=r[6],
        source=SourceRow(r[7], r[8]) if r[8] is not None else None,
    )


def load_receptions(db: Database, organisation_id: int) -> list[Reception]:
    return [_reception(r) for r in db.execute(_RECEPTION_SELECT, [organisation_id])]


class ReceptionRow(Struct, frozen=True):
    reception: Reception
    visitor: str
    address: str
    content: str


def reception_rows(db: Database, organisation_id: int) -> list[ReceptionRow]:
    """The counted reception log with each visit's personal data, for the page's table."""
    return [
        ReceptionRow(_reception(r), *r[9:12])
        for r in db.execute(_RECEPTION_SELECT, [organisation_id])
    ]
