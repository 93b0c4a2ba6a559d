"""Validation of what a user types about people, in Vietnamese, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.campaign import Campaign
from app.core.entities import GENDERS, Person


@dataclass(frozen=True)
class FieldError:
    field: str  # "full_name", "birth_date", "ratings[2023]", "disciplines[0].decision_date", …
    message: str


MIN_AGE, MAX_AGE = 16, 80


def validate_person(person: Person, campaign: Campaign | None, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not person.full_name.strip():
        errors.append(FieldError("full_name", "Họ và tên không được để trống."))
    elif any(ch.isdigit() for ch in person.full_name):
        errors.append(FieldError("full_name", "Họ và tên không được chứa chữ số."))
    if person.birth_date is not None:
        age = (today - person.birth_date).days // 365
        if not MIN_AGE <= age <= MAX_AGE:
            errors.append(
                FieldError(
                    "birth_date",
                    f"Ngày sinh {person.birth_date:%d/%m/%Y} cho tuổi {age}, "
                    f"ngoài khoảng {MIN_AGE}–{MAX_AGE} của cán bộ đang công tác.",
                )
            )
    if person.gender and person.gender not in GENDERS:
        errors.append(FieldError("gender", "Giới tính phải là “Nam” hoặc “Nữ”."))
    for year, rating in person.ratings.items():
        if not 1945 <= year <= today.year:
            errors.append(FieldError(f"ratings[{year}]", f"Năm xếp loại {year} không hợp lệ."))
        if campaign is not None and campaign.rating_rank(rating) is None:
            errors.append(
                FieldError(
                    f"ratings[{year}]",
                    f"Xếp loại năm {year} “{rating}” không có trong thang xếp loại.",
                )
            )
    for index, record in enumerate(person.disciplines):
        if record.decision_date > today:
            errors.append(
                FieldError(
                    f"disciplines[{index}].decision_date",
                    f"Ngày quyết định kỷ luật {record.decision_date:%d/%m/%Y} ở tương lai.",
                )
            )
        if not record.form.strip():
            errors.append(
                FieldError(f"disciplines[{index}].form", "Hình thức kỷ luật không được để trống.")
            )
    for index, award in enumerate(person.awards):
        if not 1945 <= award.year <= today.year:
            errors.append(
                FieldError(f"awards[{index}].year", f"Năm khen thưởng {award.year} không hợp lệ.")
            )
        if not award.title.strip():
            errors.append(
                FieldError(f"awards[{index}].title", "Hình thức khen thưởng không được để trống.")
            )
    return errors
