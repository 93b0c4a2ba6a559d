"""The column headers each import recognises, as data (resources/registers/headers.toml): a
maintainer adds the name an office gives a column there, not in the code."""

from __future__ import annotations

import tomllib
from functools import cache

from app.paths import resources_dir


@cache
def _vocabulary() -> dict[str, dict[str, dict[str, object]]]:  # kind → field → entry
    with open(resources_dir() / "registers" / "headers.toml", "rb") as handle:
        return tomllib.load(handle)


def headers(kind: str, field: str, year: int | None = None) -> tuple[str, tuple[str, ...]]:
    """(the template's header, the other names) of `field` in imports of `kind`; `year` fills
    the {year} of a per-year column."""
    entry = _vocabulary()[kind][field]
    names = [str(entry["header"]), *(str(s) for s in entry["synonyms"])]  # type: ignore[union-attr]
    if year is not None:
        names = [n.replace("{year}", str(year)) for n in names]
    return names[0], tuple(names[1:])


@cache
def abbreviations() -> dict[str, str]:
    """A header's short words written out, compared without accents: "dk" → "dieu kien"."""
    return {str(k): str(v) for k, v in _vocabulary().get("abbreviations", {}).items()}
