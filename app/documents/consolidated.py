"""The Inspectorate's consolidated documents — its Tờ trình and the danh sách of the shortlist —
filled by the same form engine as the unit's dossier (forms/<regime>/thanh-tra/), from the data
services/inspectorate_report.py reads from the inbox. The units' texts reach the forms as
values only: nothing from a package is a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.documents.dossier import FORMATS, BuiltDocument
from app.documents.errors import FormError
from app.documents.filling import unique_names
from app.documents.forms import fill_form, form_names, load_form

GROUP = "thanh-tra"


def build_consolidated(
    regime: str, data: dict[str, Any], out: Path, formats: tuple[str, ...] = FORMATS
) -> list[BuiltDocument]:
    """The Tờ trình and danh sách of the shortlist in `formats`, written into `out`."""
    from app.documents.docx_renderer import render_docx
    from app.documents.pdf_batch import render_pdfs

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    filled = unique_names(
        [
            document
            for name in form_names(regime, GROUP)
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
