"""Writing the unit's dossier: every form of the campaign's legal regime, filled with the
dossier's data, as DOCX and/or PDF with ASCII file names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct

from app.documents.errors import FormError
from app.documents.filling import fill_dossier
from app.documents.font_widths import refuse_missing_glyphs
from app.documents.pdf_batch import PdfWorker, render_pdfs

FORMATS = ("docx", "pdf")


class BuiltDocument(Struct, frozen=True):
    files: tuple[Path, ...]
    missing: tuple[str, ...]  # data the form asked for that the database does not hold yet


Progress = Callable[[int, int], None]  # documents written, documents in all


def build_dossier(
    regime: str,
    data: dict[str, Any],
    out: Path,
    formats: tuple[str, ...],
    pdf_worker: PdfWorker | None = None,
    progress: Progress = lambda done, total: None,
) -> list[BuiltDocument]:
    """Every document of the dossier in `formats`; with `pdf_worker` (see pdf_batch) the PDF
    files are written by that process while this one writes the DOCX files."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    if not formats:
        raise FormError("Chưa chọn định dạng nào để lập (chọn docx, pdf hoặc docx,pdf).")
    filled = fill_dossier(regime, data)
    if "pdf" in formats:
        for form in filled:
            refuse_missing_glyphs(f"{form.document.name}.pdf", _texts(form.document))
    out.mkdir(parents=True, exist_ok=True)
    pdfs = [(f.document, out / f"{f.document.name}.pdf") for f in filled if "pdf" in formats]
    docx = [(f.document, out / f"{f.document.name}.docx") for f in filled if "docx" in formats]
    total = len(pdfs) + len(docx)
    if pdf_worker is not None and pdfs:
        pdf_worker.start(pdfs)
    if docx:  # python-docx and lxml load now, while the worker is already writing the PDFs
        from app.documents.docx_renderer import render_docx
    for done, (document, target) in enumerate(docx):
        progress(done, total)
        render_docx(document, target)
    if pdfs and (pdf_worker is None or not pdf_worker.finished()):
        for done, job in enumerate(pdfs, start=len(docx)):
            progress(done, total)
            render_pdfs([job])  # no worker, or it died: this process writes them
    progress(total, total)
    built = [
        BuiltDocument(tuple(out / f"{f.document.name}.{fmt}" for fmt in formats), f.missing)
        for f in filled
    ]
    return sorted(built, key=lambda b: b.files[0].name if b.files else "")


def _texts(value: object) -> Iterator[str]:
    """Every text a document's blocks hold, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, Struct):
        for name in value.__struct_fields__:
            yield from _texts(getattr(value, name))
