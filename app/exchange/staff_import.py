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
from app.core.entities import Person
from app.core.petitions import Vocabulary
from app.core.text import fold
from app.core.validation import birth_date_problem, name_problem
from app.errors import InvalidValue
from app.exchange.cells import category_reader, read_date, read_text
from app.exchange.register_import import Field, RegisterKind

GENDER = Vocabulary({"Nam": ("Nam", "M", "Male"), "Nữ": ("Nữ", "F", "Female")})
TEXT_FIELDS = (
    ("position", "Chức vụ chính quyền", ("Chức vụ", "Chức danh", "Chức vụ, chức danh")),
    ("party_position", "Chức vụ Đảng", ("Chức vụ đảng", "Đảng")),
    ("mass_org_position", "Chức vụ đoàn thể", ("Đoàn thể", "Chức vụ trong đoàn thể")),
    ("hometown", "Quê quán", ("Quê", "Nguyên quán")),
    ("residence", "Nơi ở hiện nay", ("Nơi ở", "Nơi thường trú", "Địa chỉ thường trú", "Chỗ ở")),
    ("qualification", "Trình độ chuyên môn", ("Trình độ", "Trình độ chuyên môn, nghiệp vụ")),
)


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
        Field("key", "Mã cán bộ", ("Mã cán bộ", "Mã số cán bộ", "Số hiệu cán bộ"), _text),
        Field("full_name", "Họ và tên", ("Họ tên", "Tên cán bộ", "Họ và tên cán bộ"), _name,
              required=True),
        Field("birth_date", "Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày"), _birth),
        Field("gender", "Giới tính", ("Nam/Nữ", "Nam, nữ", "Phái"), _reader(GENDER),
              choices=tuple(GENDER.labels)),
        *(Field(fid, header, synonyms, _text) for fid, header, synonyms in TEXT_FIELDS),
    ]  # fmt: skip
    if campaign is not None:
        scale = Vocabulary({r: _rating_spellings(r) for r in campaign.rating_scale})
        fields += [
            Field(
                f"rating_{year}",
                f"Xếp loại năm {year}",
                (
                    f"Xếp loại {year}",
                    f"Năm {year}",
                    str(year),
                    f"Đánh giá năm {year}",
                    f"Xếp loại chất lượng năm {year}",
                ),
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
    details = {fid: record.get(fid) or "" for fid, _, _ in TEXT_FIELDS}
    return Person(
        None,
        record["full_name"],
        birth_date=record.get("birth_date"),
        gender=record.get("gender") or "",
        ratings=ratings,
        **details,
    )
