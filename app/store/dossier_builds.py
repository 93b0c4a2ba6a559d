"""Built dossiers kept in the database: each build a new version with its files, the
fingerprint of the data it was filled from (to tell when the data has moved on since) and the
warnings it was built with. A stored build is never changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from app.atomic import atomic_write, holds
from app.core.digest import sha256_hex
from app.errors import is_held_open
from app.store.connection import Database
from app.store.errors import NotFound, StoreError


class Build(Struct, frozen=True):
    id: int
    version: int
    built_at: str  # UTC, ISO 8601
    fingerprint: str
    warnings: tuple[str, ...]
    files: tuple[str, ...]  # names, in order


def save_build(
    db: Database,
    organisation_id: int,
    campaign_id: int,
    fingerprint: str,
    warnings: Sequence[str],
    files: Sequence[Path],
) -> Build:
    """Store the files just written as the next version, in one transaction."""
    contents = [(path.name, path.read_bytes()) for path in files]
    with db.atomic():
        (last,) = db.execute(
            "SELECT coalesce(max(version), 0) FROM dossier_builds "
            "WHERE organisation_id = ? AND campaign_id = ?",
            [organisation_id, campaign_id],
        ).fetchone()
        cursor = db.execute(
            "INSERT INTO dossier_builds (organisation_id, campaign_id, version, fingerprint, "
            "warnings) VALUES (?, ?, ?, ?, ?)",
            [organisation_id, campaign_id, last + 1, fingerprint,
             json.dumps(list(warnings), ensure_ascii=False)],
        )  # fmt: skip
        build_id = int(cursor.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO dossier_files (build_id, name, sha256, content) VALUES (?, ?, ?, ?)",
            [(build_id, name, sha256_hex(data), data) for name, data in contents],
        )
    latest = latest_build(db, organisation_id, campaign_id)
    assert latest is not None
    return latest


def latest_build(db: Database, organisation_id: int, campaign_id: int) -> Build | None:
    row = db.execute(
        "SELECT id, version, built_at, fingerprint, warnings FROM dossier_builds "
        "WHERE organisation_id = ? AND campaign_id = ? ORDER BY version DESC LIMIT 1",
        [organisation_id, campaign_id],
    ).fetchone()
    if row is None:
        return None
    names = tuple(
        r[0]
        for r in db.execute(
            "SELECT name FROM dossier_files WHERE build_id = ? ORDER BY name", [row[0]]
        )
    )
    return Build(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), names)


def build_file(db: Database, build_id: int, name: str) -> bytes:
    """One stored document's bytes, checked against the hash it was stored with."""
    row = db.execute(
        "SELECT sha256, content FROM dossier_files WHERE build_id = ? AND name = ?",
        [build_id, name],
    ).fetchone()
    if row is None:
        raise NotFound(f"Hồ sơ đã lưu không có tệp {name}.")
    _check(name, row[0], row[1])
    return row[1]


def _check(name: str, digest: str, data: bytes) -> None:
    if sha256_hex(data) != digest:
        raise StoreError(f"Tệp {name} trong hồ sơ đã lưu bị hỏng (sai mã kiểm tra).")


def export_build(db: Database, build_id: int, folder: Path) -> list[Path]:
    """Write a stored build's files into `folder` (each atomically), checking every file
    against the hash it was stored with. A file already there as stored is left alone: the
    one Word has open since the last export (“Mở bằng Word”) is not refused for being held;
    one held open with other content (changed in Word) is left as it is, the others written,
    and then refused (the first such, app.errors.is_held_open)."""
    written, held = [], []
    for name, digest, data in db.execute(
        "SELECT name, sha256, content FROM dossier_files WHERE build_id = ? ORDER BY name",
        [build_id],
    ):
        _check(name, digest, data)
        target = folder / name
        if not holds(target, data):
            try:
                with atomic_write(target) as partial:
                    partial.write_bytes(data)
            except OSError as exc:
                if not is_held_open(exc):
                    raise
                held.append(exc)
                continue
        written.append(target)
    if held:
        raise held[0]
    return written


class StoredScan(Struct, frozen=True):
    document: str  # the built document's name without extension
    pages: int
    dpi: float | None
    added_at: str


def save_scan(
    db: Database, build_id: int, document: str, pdf: bytes, pages: int, dpi: float | None
) -> None:
    """The signed copy of `document` (replacing an earlier one of the same build)."""
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO signed_scans (build_id, document, pages, dpi, sha256, "
            "content) VALUES (?, ?, ?, ?, ?, ?)",
            [build_id, document, pages, dpi, sha256_hex(pdf), pdf],
        )


def remove_scan(db: Database, build_id: int, document: str) -> None:
    """Takes the signed copy of `document` away (a scan of the wrong pages, say)."""
    with db.atomic():
        db.execute(
            "DELETE FROM signed_scans WHERE build_id = ? AND document = ?", [build_id, document]
        )


def list_scans(db: Database, build_id: int) -> dict[str, StoredScan]:
    rows = db.execute(
        "SELECT document, pages, dpi, added_at FROM signed_scans WHERE build_id = ?", [build_id]
    )
    return {r[0]: StoredScan(*r) for r in rows}


def scan_content(db: Database, build_id: int, document: str) -> bytes:
    row = db.execute(
        "SELECT sha256, content FROM signed_scans WHERE build_id = ? AND document = ?",
        [build_id, document],
    ).fetchone()
    if row is None:
        raise NotFound(f"Chưa có bản quét của {document}.")
    _check(f"bản quét {document}", row[0], row[1])
    return row[1]
