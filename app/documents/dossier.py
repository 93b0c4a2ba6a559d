"""Building the unit's dossier: every form of the campaign's legal regime, filled from the
database, written as DOCX and/or PDF with ASCII file names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.documents.docx_renderer import render_docx
from app.documents.dossier_data import dossier_data
from app.documents.forms import FormError, fill_form, load_form
from app.documents.pdf_renderer import render_pdf
from app.paths import forms_dir, user_forms_dir
from app.store.campaigns import active_campaign_id, load_campaign

RENDERERS = {"docx": render_docx, "pdf": render_pdf}


@dataclass(frozen=True)
class BuiltDocument:
    files: tuple[Path, ...]
    missing: tuple[str, ...]  # data the form asked for that the database does not hold yet


def form_names(regime: str) -> list[str]:
    names = {
        p.stem
        for folder in (forms_dir(), user_forms_dir())
        for p in (folder / regime).glob("*.toml")
    }
    if not names:
        raise FormError(
            f"Chưa có biểu mẫu nào cho chế độ pháp lý “{regime}” ({forms_dir() / regime})."
        )
    return sorted(names)


def build_dossier(db: Database, out: Path, formats: tuple[str, ...]) -> list[BuiltDocument]:
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    data = dossier_data(db)
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for name in form_names(regime):
        form, path = load_form(regime, name)
        for filled in fill_form(form, path, data):
            files = tuple(
                RENDERERS[fmt](filled.document, out / f"{filled.document.name}.{fmt}")
                for fmt in formats
            )
            built.append(BuiltDocument(files, filled.missing))
    return sorted(built, key=lambda b: b.files[0].name if b.files else "")
