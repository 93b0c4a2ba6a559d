"""Importing a batch of received packages (the CLI and the Inbox page's background job): each
file read, verified and stored on its own, so one bad file never stops the others; what
happened to each is reported, and a key change is left for an officer to decide."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.core.campaign import Campaign
from app.exchange.package import read_package_bytes
from app.exchange.package_errors import PackageError
from app.store.inbox import Imported, InboxError, KeyChanged, import_package


@dataclass(frozen=True)
class FileOutcome:
    file: Path
    imported: Imported | None = None
    refused: str | None = None  # why, in Vietnamese
    key_changed: KeyChanged | None = None  # stored nothing: an officer must accept the key

    @property
    def message(self) -> str:
        if self.imported is not None:
            return f"{self.file.name}: {self.imported.message}"
        return f"KHÔNG NHẬP {self.file.name}: {self.refused or self.key_changed}"


def import_files(
    db: Database,
    files: Sequence[Path],
    campaign: Campaign,
    progress: Callable[[int, int], None] = lambda done, total: None,
    accept_new_key: bool = False,
) -> list[FileOutcome]:
    outcomes = []
    for done, path in enumerate(files):
        progress(done, len(files))
        try:
            content = read_package_bytes(path)
            outcome = FileOutcome(
                path, import_package(db, content, path.name, campaign, accept_new_key)
            )
        except KeyChanged as exc:
            outcome = FileOutcome(path, key_changed=exc)
        except (InboxError, PackageError) as exc:
            outcome = FileOutcome(path, refused=str(exc).removeprefix(f"{path.name}: "))
        outcomes.append(outcome)
    progress(len(files), len(files))
    return outcomes
