"""The Inspectorate's documents — its Tờ trình, the danh sách of the shortlist and the appraisal
report (forms/<regime>/thanh-tra/), and the printed receipts, one per unit's package
(forms/<regime>/thanh-tra/bien-nhan/) — filled by the same form engine as the unit's dossier,
from the data services/ read from the inbox. The units' texts reach the forms as values only:
nothing from a package is a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.atomic import atomic_write
from app.documents.dossier import FORMATS, BuiltDocument
from app.documents.errors import FormError
from app.documents.filling import unique_names
from app.documents.forms import fill_form, form_names, load_form

GROUP = "thanh-tra"
RECEIPTS = "thanh-tra/bien-nhan"
DECISION_GROUP = "thanh-tra/quyet-dinh"  # the draft decision, after the council


def build_consolidated(
    regime: str, data: dict[str, Any], out: Path, formats: tuple[str, ...] = FORMATS,
    group: str = GROUP,
) -> list[BuiltDocument]:  # fmt: skip
    """The Tờ trình, danh sách of the shortlist and appraisal report (or with DECISION_GROUP
    the draft Quyết định) in `formats`, written into `out`."""
    return _build(regime, group, data, out, formats)


def build_receipts(
    regime: str, data: dict[str, Any], out: Path, formats: tuple[str, ...] = FORMATS
) -> list[BuiltDocument]:
    """A printed receipt for each item of `data["bien_nhan"]`, in `formats`, into `out`."""
    return _build(regime, RECEIPTS, data, out, formats)


def merge_pdfs(parts: list[Path], target: Path) -> Path:
    """One PDF with the pages of `parts` in order (every receipt printed at once); each part
    keeps its own pages, fonts and page numbering, as printed alone."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    try:
        for part in parts:
            source = pdfium.PdfDocument(part)
            try:
                merged.import_pages(source)
            finally:
                source.close()
        with atomic_write(target) as partial:
            merged.save(partial)
    finally:
        merged.close()
    return target


def _build(
    regime: str, group: str, data: dict[str, Any], out: Path, formats: tuple[str, ...]
) -> list[BuiltDocument]:
    from app.documents.docx_renderer import render_docx
    from app.documents.pdf_batch import render_pdfs

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    filled = unique_names(
        [
            document
            for name in form_names(regime, group)
            for document in fill_form(*load_form(regime, name), data)
        ]
    )
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for f in filled:
        files = []
        for fmt in formats:
            target = out / f"{f.document.name}.{fmt}"
            if fmt == "docx":
                render_docx(f.document, target)
            else:
                render_pdfs([(f.document, target)])
            files.append(target)
        built.append(BuiltDocument(tuple(files), f.missing))
    return built
