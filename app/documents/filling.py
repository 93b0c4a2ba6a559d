"""The dossier's forms filled from the database, in memory: what the renderers write, and what
Tổng quan reads to list the values the documents still lack (no renderer is loaded for that)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from app.documents.dossier_data import dossier_data
from app.documents.forms import FilledForm, fill_form, form_names, form_path, load_form
from app.store.campaigns import active_campaign_id, load_campaign


def fill_dossier(db: Database, data: dict[str, Any] | None = None) -> list[FilledForm]:
    """Every form of the campaign's regime filled from the database (what is missing listed),
    not yet written anywhere. `data`: `dossier_data(db)` when the caller has it already."""
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    data = dossier_data(db) if data is None else data
    return unique_names(
        [
            document
            for name in form_names(regime)
            for document in fill_form(*load_form(regime, name), data)
        ]
    )


def unique_names(filled: list[FilledForm]) -> list[FilledForm]:
    """Two nominees whose names write the same in ASCII ("Lê Minh Châu", "Lê Minh Chậu") get
    "_2", "_3" … rather than one report overwriting the other."""
    seen: Counter[str] = Counter()
    out = []
    for f in filled:
        seen[f.document.name] += 1
        count = seen[f.document.name]
        name = f.document.name if count == 1 else f"{f.document.name}_{count}"
        out.append(replace(f, document=replace(f.document, name=name)))
    return out


def dossier_fingerprint(db: Database, data: dict[str, Any] | None = None) -> str:
    """A digest of everything the dossier is made from (the data its forms are filled with,
    and the forms themselves): a stored build with another fingerprint is older than the data."""
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    data = dossier_data(db) if data is None else data
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode())
    for name in form_names(regime):
        digest.update(form_path(regime, name).read_bytes())
    return digest.hexdigest()
