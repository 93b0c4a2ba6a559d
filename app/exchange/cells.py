"""Reading one cell's value as the register means it: dates in every form offices type them,
whole numbers, categories. Each reader raises ValueError with a Vietnamese reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from app.core.petitions import Vocabulary
from app.core.text import clean, parse_date

_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?\s*$")  # a time typed after the date
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, leap-year bug included
_SERIAL_RANGE = (20_000, 80_000)  # 1954–2119: anything else is not a date serial


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: Any) -> str:
    if type(value) is str:  # most cells, once per cell of a 100,000-row register: one step
        return clean(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def read_date(
    value: Any, today: date, *, allow_future: bool = False, earliest: date | None = None
) -> date | None:
    """`today` refuses future dates (unless `allow_future`, for deadlines) and places d/m/yy;
    `earliest` refuses older ones."""
    if type(value) is date:  # a date cell, as calamine gives it: the common case first
        day = value
    elif is_blank(value):
        return None
    elif isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            raise ValueError(f"số {value} không phải ngày.")
        day = _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        day = _parse_date_text(str(value).strip(), today)
    if day > today and not allow_future:
        raise ValueError(f"ngày {day:%d/%m/%Y} ở tương lai.")
    if earliest is not None and day < earliest:
        raise ValueError(
            f"ngày {day:%d/%m/%Y} trước năm {earliest.year} (ô trống định dạng ngày của Excel "
            "hiện 00/01/1900, hoặc gõ nhầm năm?)."
        )
    return day


@lru_cache(maxsize=8192)  # a register repeats its dates many times
def _parse_date_text(text: str, today: date) -> date:
    day = parse_date(_TIME.sub("", text), century_from=today)  # "05/02/2025 08:30" → the date
    assert day is not None  # `text` is not blank here
    return day


def read_count(value: Any) -> int | None:
    if is_blank(value):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"“{value}” không phải số.") from None
    if not number.is_integer() or number < 1:
        raise ValueError(f"“{value}” phải là số nguyên từ 1 trở lên.")
    return int(number)


def category_reader(vocabulary: Vocabulary) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}  # a register repeats a handful of values in every row

    def read(value: Any) -> Any:
        if value not in seen:
            try:
                seen[value] = vocabulary.parse(read_text(value))
            except ValueError as exc:
                seen[value] = exc
        answer = seen[value]
        if isinstance(answer, ValueError):
            raise ValueError(*answer.args)
        return answer

    return read
