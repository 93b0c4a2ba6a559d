"""The unit's dossier, as a task: fill and write its documents, and store them as the next
version with the fingerprint of the data they were filled from and the warnings of the check
before building (services/dossier_check.py). The GUI (in a background job), the command line
and the self-test all build through `build_and_store`, so a stored build means the same
whoever made it; the Inspectorate reads its warnings as `build.warnings`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from app.atomic import held_open
from app.documents.dossier import FORMATS, BuiltDocument, build_dossier
from app.documents.filling import dossier_fingerprint
from app.documents.pdf_batch import PdfWorker
from app.services.dossier_check import check, forms_review, refuse_contradictions, warnings
from app.services.dossier_data import dossier_data
from app.services.figures import unit_figures
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.connection import Database
from app.store.dossier_builds import Build, save_build
from app.store.errors import writing_to
from app.store.organisation import unit_organisation

Progress = Callable[[int, int], None]  # documents written, documents in all


class Stored(Struct, frozen=True):
    documents: list[BuiltDocument]
    build: Build | None  # None when there is no unit to store it for


def build_and_store(
    db: Database,
    today: date,
    out: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    pdf_worker: PdfWorker | None = None,
    progress: Progress = lambda done, total: None,
) -> Stored:
    """Fill and write every document (into `out`, else a temporary folder); when both formats
    are written and there is a unit, store them as the next version of the dossier with the
    data's fingerprint and the check's warnings.

    A document of `out` another program holds open (Word, Excel) refuses the whole build
    before anything is stored or moved in (FileHeldOpen naming it): the folder is left as it
    was, never half old and half new, and closing the file then building again is all the
    user has to do."""
    if out is None:
        with tempfile.TemporaryDirectory(prefix="thidua-ho-so-") as folder:
            return _build(db, today, Path(folder), formats, pdf_worker, progress)
    # written beside their place and moved in once all are written: a full stick leaves the
    # folder as it was, and the message names the folder, not the database
    with writing_to(out):
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".dang-lap-", dir=out) as folder:
            stored = _build(
                db, today, Path(folder), formats, pdf_worker, progress, partial(_none_held, out)
            )
            documents = [_moved(d, out) for d in stored.documents]
    return Stored(documents, stored.build)


def _none_held(folder: Path, documents: list[BuiltDocument]) -> None:
    """Raises the refusal of the first document of `folder` the new ones would replace that
    another program holds open (Windows: Word shares an open file for reading only)."""
    for path in (folder / p.name for d in documents for p in d.files):
        refused = held_open(path)
        if refused is not None:
            raise refused


def _moved(document: BuiltDocument, folder: Path) -> BuiltDocument:
    for path in document.files:
        os.replace(path, folder / path.name)
    return replace(document, files=tuple(folder / p.name for p in document.files))


def _build(
    db: Database,
    today: date,
    out: Path,
    formats: tuple[str, ...],
    pdf_worker: PdfWorker | None,
    progress: Progress,
    ready: Callable[[list[BuiltDocument]], None] = lambda documents: None,
) -> Stored:
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    organisation = unit_organisation(db)
    unit = unit_figures(db, organisation.id, campaign_id, campaign) if organisation else None
    refuse_contradictions(db, today, unit.rate if unit else None)
    data = dossier_data(db, unit)  # read once: what is printed is fingerprinted and checked
    documents = build_dossier(campaign.legal_regime, data, out, formats, pdf_worker, progress)
    ready(documents)  # their place can take them: else nothing is stored
    if organisation is None or unit is None or set(formats) != set(FORMATS):
        return Stored(documents, None)
    forms = forms_review([d.missing for d in documents], data)  # the forms filled once
    steps = check(db, today, unit.rate, forms)
    files = [f for d in documents for f in d.files]
    fingerprint = dossier_fingerprint(campaign.legal_regime, data)
    build = save_build(db, organisation.id, campaign_id, fingerprint, warnings(steps), files)
    return Stored(documents, build)


def write_documents(
    db: Database,
    out: Path,
    formats: tuple[str, ...] = FORMATS,
    pdf_worker: PdfWorker | None = None,
    progress: Progress = lambda done, total: None,
) -> list[BuiltDocument]:
    """The documents only, nothing stored (a draft in one format, a preview)."""
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    return build_dossier(regime, dossier_data(db), out, formats, pdf_worker, progress)


def current_fingerprint(db: Database) -> str:
    """The fingerprint a build made now would have (is the stored build still current?)."""
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    return dossier_fingerprint(regime, dossier_data(db))
