"""Importing the unit's staff list from a spreadsheet, read like a register (the same sheet and
header search, column mapping and row-by-row refusals) but all or nothing: one refused row
refuses the file, so the list is never half imported.

A person already stored (same name, same date of birth) is updated, not added twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from app.core.campaign import Campaign
from app.core.entities import PERSON_TEXT_DETAILS, Person
from app.core.petitions import Vocabulary
from app.core.text import fold
from app.core.validation import birth_date_problem, name_problem
from app.errors import InvalidValue
from app.exchange.cells import category_reader, read_date, read_text
from app.exchange.register_headers import headers
from app.exchange.register_import import Field, RegisterKind

GENDER = Vocabulary({"Nam": ("Nam", "M", "Male"), "Nữ": ("Nữ", "F", "Female")})


def _name(value: Any, today: date) -> str:
    name = read_text(value)
    problem = name_problem(name)
    if problem:
        raise InvalidValue(problem)
    return name


def _birth(value: Any, today: date) -> date | None:
    day = read_date(value, today)
    problem = birth_date_problem(day, today)
    if problem:
        raise InvalidValue(problem)
    return day


def _text(value: Any, today: date) -> str:
    return read_text(value)


def _reader(vocabulary: Vocabulary) -> Callable[[Any, date], Any]:
    read = category_reader(vocabulary)
    return lambda value, today: read(value) or ""


def _rating_spellings(rating: str) -> tuple[str, ...]:
    """The rating and its initials as offices abbreviate it: HTXSNV, HTTNV, HTNV, KHTNV."""
    initials = "".join(word[0] for word in fold(rating).split()).upper()
    return (rating, initials)


def staff_kind(campaign: Campaign | None) -> RegisterKind:
    """The staff list's columns: identity and positions, and one rating per year of the
    campaign's window (with the campaign's scale)."""
    fields = [
        Field("key", *headers("staff", "key"), _text),
        Field("full_name", *headers("staff", "full_name"), _name, required=True),
        Field("birth_date", *headers("staff", "birth_date"), _birth),
        Field("gender", *headers("staff", "gender"), _reader(GENDER),
              choices=tuple(GENDER.labels)),
        *(Field(fid, *headers("staff", fid), _text) for fid in PERSON_TEXT_DETAILS),
    ]  # fmt: skip
    if campaign is not None:
        scale = Vocabulary({r: _rating_spellings(r) for r in campaign.rating_scale})
        fields += [
            Field(
                f"rating_{year}",
                *headers("staff", "rating", year),
                _reader(scale),
                choices=tuple(campaign.rating_scale),
            )
            for year in campaign.rating_years
        ]
    return RegisterKind(
        "staff",
        "danh sách cán bộ",
        "cán bộ",
        tuple(fields),
        ("full_name", "birth_date"),
        lambda record: None,
        all_or_nothing=True,
    )


def person_of(record: dict[str, Any]) -> Person:
    """A row as the person it describes (blank where the file says nothing)."""
    ratings = {
        int(fid.removeprefix("rating_")): value
        for fid, value in record.items()
        if fid.startswith("rating_") and value
    }
    details = {fid: record.get(fid) or "" for fid in PERSON_TEXT_DETAILS}
    return Person(
        None,
        record["full_name"],
        birth_date=record.get("birth_date"),
        gender=record.get("gender") or "",
        ratings=ratings,
        **details,
    )
