"""The unit's side of the exchange: the packages it exported, and the receipts the
Inspectorate sent back for them."""

from __future__ import annotations

import json
from datetime import datetime

from msgspec import Struct

from app.store.connection import Database
from app.store.stored_values import stored_time


def record_export(
    db: Database, package_id: str, sha256: str, file_name: str, created_at: str, campaign: str
) -> None:
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO package_exports "
            "(package_id, sha256, file_name, created_at, campaign_code) VALUES (?, ?, ?, ?, ?)",
            [package_id, sha256, file_name, created_at, campaign],
        )


def first_export(db: Database, campaign: str) -> tuple[datetime, str] | None:
    """(when, file name) of the first package exported for the campaign (its code)."""
    row = db.execute(
        "SELECT created_at, file_name FROM package_exports WHERE campaign_code = ? "
        "ORDER BY created_at LIMIT 1",
        [campaign],
    ).fetchone()
    return (
        (stored_time(row[0], "package_exports", "created_at", required=True), row[1])
        if row
        else None
    )


def exported(db: Database, package_id: str) -> tuple[str, str] | None:
    """(zip SHA-256, file name) of a package this database exported."""
    row = db.execute(
        "SELECT sha256, file_name FROM package_exports WHERE package_id = ?", [package_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


class StoredReceipt(Struct, frozen=True):
    package_id: str
    file_name: str  # of the package the receipt is for
    inspectorate: str
    inspectorate_key: str  # fingerprint
    received_at: str
    verification: str
    appraisals: tuple[tuple[str, str, str], ...]  # (nominee, status label, reason)
    issued_at: str


def save_receipt(db: Database, receipt: StoredReceipt) -> None:
    """A later receipt for the same package (an appraisal decided since) replaces it."""
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO package_receipts (package_id, inspectorate, "
            "inspectorate_key, received_at, verification, appraisals, issued_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [receipt.package_id, receipt.inspectorate, receipt.inspectorate_key,
             receipt.received_at, receipt.verification,
             json.dumps([list(a) for a in receipt.appraisals], ensure_ascii=False),
             receipt.issued_at],
        )  # fmt: skip


def latest_receipt(db: Database) -> StoredReceipt | None:
    """The receipt of the most recent package that has one."""
    row = db.execute(
        "SELECT r.package_id, e.file_name, inspectorate, inspectorate_key, received_at, "
        "verification, appraisals, issued_at FROM package_receipts r "
        "JOIN package_exports e USING (package_id) ORDER BY e.created_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    appraisals = tuple(tuple(a) for a in json.loads(row[6]))
    return StoredReceipt(*row[:6], appraisals, row[7])  # type: ignore[arg-type]
