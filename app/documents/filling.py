"""The dossier's forms of a legal regime filled with the dossier's data, in memory: what the
renderers write, and what the check before building reads to list the values the documents
still lack (no renderer is loaded for that)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from msgspec.structs import replace

from app.documents.forms import FilledForm, fill_form, form_names, form_path, load_form


def fill_dossier(regime: str, data: dict[str, Any]) -> list[FilledForm]:
    """Every form of the regime filled from `data` (what is missing listed), not yet written
    anywhere."""
    return unique_names(
        [
            document
            for name in form_names(regime)
            for document in fill_form(*load_form(regime, name), data)
        ]
    )


def unique_names(filled: list[FilledForm]) -> list[FilledForm]:
    """Two nominees whose names write the same in ASCII ("Lê Minh Châu", "Lê Minh Chậu"), or
    the same but for case ("Tổ Một", "TỔ MỘT": one file on Windows and macOS), get "_2",
    "_3" … rather than one report overwriting the other; a suffix another name already has
    is skipped."""
    taken = {f.document.name.casefold() for f in filled}
    seen: set[str] = set()
    out = []
    for f in filled:
        name, count = f.document.name, 1
        while name.casefold() in seen or (count > 1 and name.casefold() in taken):
            count += 1
            name = f"{f.document.name}_{count}"
        seen.add(name.casefold())
        out.append(replace(f, document=replace(f.document, name=name)))
    return out


def dossier_fingerprint(regime: str, data: dict[str, Any]) -> str:
    """A digest of everything the dossier is made from (the data its forms are filled with,
    and the forms themselves): a stored build with another fingerprint is older than the data."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode())
    for name in form_names(regime):
        digest.update(form_path(regime, name).read_bytes())
    return digest.hexdigest()
