"""Validation of what a user types about people, in Vietnamese, field by field: the editor
asks one rule as a field is saved, an import asks them all for each row."""

from __future__ import annotations

from datetime import date

from app.core.campaign import Campaign
from app.core.entities import GENDERS

MIN_AGE, MAX_AGE = 16, 80


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "Họ và tên không được để trống."
    if any(ch.isdigit() for ch in name):
        return "Họ và tên không được chứa chữ số."
    return None


def birth_date_problem(birth: date | None, today: date) -> str | None:
    if birth is None:
        return None
    age = (today - birth).days // 365
    if MIN_AGE <= age <= MAX_AGE:
        return None
    return (
        f"Ngày sinh {birth:%d/%m/%Y} cho tuổi {age}, "
        f"ngoài khoảng {MIN_AGE}–{MAX_AGE} của cán bộ đang công tác."
    )


def gender_problem(gender: str) -> str | None:
    return None if not gender or gender in GENDERS else "Giới tính phải là “Nam” hoặc “Nữ”."


def rating_problem(year: int, rating: str, campaign: Campaign | None, today: date) -> str | None:
    if not 1945 <= year <= today.year:
        return f"Năm xếp loại {year} không hợp lệ."
    if campaign is not None and campaign.rating_rank(rating) is None:
        return f"Xếp loại năm {year} “{rating}” không có trong thang xếp loại."
    return None


def decision_date_problem(day: date, today: date) -> str | None:
    return f"Ngày quyết định kỷ luật {day:%d/%m/%Y} ở tương lai." if day > today else None


def award_year_problem(year: int, today: date) -> str | None:
    return None if 1945 <= year <= today.year else f"Năm khen thưởng {year} không hợp lệ."
