"""Building the unit's dossier: every form of the campaign's legal regime, filled from the
database, written as DOCX and/or PDF with ASCII file names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from app.documents.docx_renderer import render_docx
from app.documents.dossier_data import dossier_data
from app.documents.forms import FilledForm, FormError, fill_form, form_names, load_form
from app.documents.pdf_batch import PdfWorker, render_pdfs
from app.store.campaigns import active_campaign_id, load_campaign

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuiltDocument:
    files: tuple[Path, ...]
    missing: tuple[str, ...]  # data the form asked for that the database does not hold yet


def build_dossier(
    db: Database, out: Path, formats: tuple[str, ...], pdf_worker: PdfWorker | None = None
) -> list[BuiltDocument]:
    """Every document of the unit's dossier in `formats`; with `pdf_worker` (see pdf_batch)
    the PDF files are written by that process while this one writes the DOCX files."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    data = dossier_data(db)
    out.mkdir(parents=True, exist_ok=True)
    filled = unique_names(
        [
            document
            for name in form_names(regime)
            for document in fill_form(*load_form(regime, name), data)
        ]
    )
    pdfs = [(f.document, out / f"{f.document.name}.pdf") for f in filled if "pdf" in formats]
    if pdf_worker is not None and pdfs:
        pdf_worker.start(pdfs)
    for f in filled if "docx" in formats else ():
        render_docx(f.document, out / f"{f.document.name}.docx")
    if pdfs and (pdf_worker is None or not pdf_worker.finished()):
        render_pdfs(pdfs)  # no worker, or it died: this process writes them
    built = [
        BuiltDocument(tuple(out / f"{f.document.name}.{fmt}" for fmt in formats), f.missing)
        for f in filled
    ]
    return sorted(built, key=lambda b: b.files[0].name if b.files else "")


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
