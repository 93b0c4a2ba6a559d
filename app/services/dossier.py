"""The unit's dossier, as a task: fill and write its documents, and store them as the next
version with the fingerprint of the data they were filled from and the warnings of the check
before building (services/dossier_check.py). The GUI (in a background job), the command line
and the self-test all build through `build_and_store`, so a stored build means the same
whoever made it; the Inspectorate reads its warnings as `build.warnings`."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
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

    The documents are written beside their place, then put in place and stored together: a
    document of `out` another program holds open (Word, Excel) refuses the whole build before
    anything moves (FileHeldOpen naming it), and any other failure — a file that cannot be
    replaced, a full disk, the database — puts back the files it had replaced. The folder is
    never half old and half new, and a stored build is what the folder holds."""
    if out is None:
        with tempfile.TemporaryDirectory(prefix="thidua-ho-so-") as folder:
            return _build(db, today, Path(folder), formats, pdf_worker, progress)
    # written beside their place: a full stick leaves the folder as it was, and the message
    # names the folder, not the database
    with writing_to(out):
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".dang-lap-", dir=out) as folder:
            place = partial(_placed, out, Path(folder) / ".cu")
            return _build(db, today, Path(folder), formats, pdf_worker, progress, place)


@contextmanager
def _placed(
    folder: Path, aside: Path, documents: list[BuiltDocument]
) -> Iterator[list[BuiltDocument]]:
    """The documents moved into `folder`, the files they replace kept in `aside` while the
    block runs; if it fails, or a move does, the folder is put back as it was."""
    moves = [(path, folder / path.name) for d in documents for path in d.files]
    for _, target in moves:
        refused = held_open(target)  # Windows: Word shares an open file for reading only
        if refused is not None:
            raise refused
        if target.is_dir():  # never moved aside: it would go with the temporary folder
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        if target.is_file() and not os.access(target, os.W_OK):  # read-only: kept so
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
    aside.mkdir()
    placed: list[tuple[Path, Path | None]] = []  # each target, and where its old file went
    try:
        for path, target in moves:
            old = aside / path.name if os.path.lexists(target) else None
            try:
                if old is not None:
                    os.replace(target, old)
                placed.append((target, old))
                os.replace(path, target)
            except OSError as exc:  # named by the document's place, not the temporary file
                raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        yield [replace(d, files=tuple(folder / p.name for p in d.files)) for d in documents]
    except BaseException:
        for target, old in reversed(placed):
            with suppress(OSError):
                if old is None:
                    target.unlink()
                else:
                    os.replace(old, target)
        raise


def _build(
    db: Database,
    today: date,
    out: Path,
    formats: tuple[str, ...],
    pdf_worker: PdfWorker | None,
    progress: Progress,
    place: Callable[[list[BuiltDocument]], AbstractContextManager[list[BuiltDocument]]] = (
        nullcontext
    ),
) -> Stored:
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    organisation = unit_organisation(db)
    unit = unit_figures(db, organisation.id, campaign_id, campaign) if organisation else None
    refuse_contradictions(db, today, unit.rate if unit else None)
    data = dossier_data(db, unit)  # read once: what is printed is fingerprinted and checked
    written = build_dossier(campaign.legal_regime, data, out, formats, pdf_worker, progress)
    with place(written) as documents:  # put back if storing them fails
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
