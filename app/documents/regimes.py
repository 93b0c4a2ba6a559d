"""The legal regimes shipped as folders of forms (forms/<regime>/): each folder's regime.toml
gives its rules and bases (core.regime) and the regime whose forms it takes unchanged
(`based_on`). Light to import: no forms engine."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from app.core.regime import Regime, regime_from_dict
from app.documents.errors import FormError
from app.paths import forms_dir, resources_dir

REGIME_FILE = "regime.toml"
SALARIES_FILE = "luong-co-so.toml"  # in resources/: the base salary by date


def _regime_data(regime: str) -> dict[str, Any]:
    """The regime's regime.toml as read (to be copied before it is changed), {} without one."""
    return _read_once(forms_dir() / regime / REGIME_FILE)


@cache  # a shipped file, as for load_regime: each form's lookup walks the chain (15 reads a build)
def _read_once(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormError(f"Tệp {path} viết sai: {exc}.") from None


@cache  # read on every recount of the Họp xét page and every nominee shown: shipped files
def load_regime(regime: str) -> Regime:
    """The regime's rules and bases, with the base salaries of the whole country (they follow
    the date, not the decree); a folder without regime.toml is forms only: no dates, no bases
    of its own, no award coefficients."""
    data = dict(_regime_data(regime))
    money = data.get("money")
    if isinstance(money, dict) and "base_salary" not in money:
        data["money"] = {**money, "base_salary": _base_salaries()}
    return regime_from_dict(regime, data, str(forms_dir() / regime / REGIME_FILE))


def known_regimes() -> list[str]:
    """The regimes a campaign may name: the folders of forms/ with a regime.toml."""
    return sorted(p.parent.name for p in forms_dir().glob(f"*/{REGIME_FILE}"))


def _base_salaries() -> list[dict[str, Any]]:
    path = resources_dir() / SALARIES_FILE
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("base_salary", [])
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormError(f"Tệp {path} viết sai hoặc không đọc được: {exc}.") from None
    return table if isinstance(table, list) else []


def regime_chain(regime: str) -> list[str]:
    """The regime, then the regimes whose forms it takes unchanged (`based_on`), nearest first."""
    chain = [regime]
    while True:
        base = _regime_data(chain[-1]).get("based_on")
        if not base:
            return chain
        if base in chain:
            path = forms_dir() / chain[-1] / REGIME_FILE
            raise FormError(f"Tệp {path}: based_on = “{base}” tạo thành vòng lặp.")
        chain.append(str(base))
