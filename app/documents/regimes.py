"""The legal regimes shipped as folders of forms (forms/<regime>/): each folder's regime.toml
gives its rules and bases (core.regime) and the regime whose forms it takes unchanged
(`based_on`). Light to import: no forms engine."""

from __future__ import annotations

import tomllib
from typing import Any

from app.core.regime import Regime, regime_from_dict
from app.documents.errors import FormError
from app.paths import forms_dir

REGIME_FILE = "regime.toml"


def _regime_data(regime: str) -> dict[str, Any]:
    path = forms_dir() / regime / REGIME_FILE
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormError(f"Tệp {path} viết sai: {exc}.") from None


def load_regime(regime: str) -> Regime:
    """The regime's rules and bases; a folder without regime.toml is forms only: no dates, no
    bases of its own, no award money."""
    return regime_from_dict(regime, _regime_data(regime), str(forms_dir() / regime / REGIME_FILE))


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
