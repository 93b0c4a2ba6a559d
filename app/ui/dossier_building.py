"""Building the dossier off the UI thread: fill and write every document into a temporary
folder, store them as the next version of the dossier (with the data's fingerprint and the
warnings it was built with), and say how far it has got."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from app.documents.dossier import build_dossier
from app.documents.dossier_data import dossier_data
from app.documents.filling import dossier_fingerprint
from app.store.database import with_own_connection
from app.store.dossier_builds import Build, save_build

FORMATS = ("docx", "pdf")


def build_and_store(
    path: Path,
    organisation_id: int,
    campaign_id: int,
    warnings: Sequence[str],
    progress: Callable[[int, int], None],
) -> Build:
    def work(db: Database) -> Build:
        data = dossier_data(db)  # read once: what is printed is what is fingerprinted
        fingerprint = dossier_fingerprint(db, data)
        with tempfile.TemporaryDirectory(prefix="thidua-ho-so-") as folder:
            built = build_dossier(db, Path(folder), FORMATS, progress=progress, data=data)
            files = [f for b in built for f in b.files]
            return save_build(db, organisation_id, campaign_id, fingerprint, warnings, files)

    return with_own_connection(path, work)


def current_fingerprint(path: Path) -> str:
    return with_own_connection(path, dossier_fingerprint)
