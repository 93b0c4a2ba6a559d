"""Receipts, as tasks: the Inspectorate issues a signed receipt for each unit's package it
received (with the appraisal of each nominee once decided); the unit imports it back, checked
against the packages it exported and the Inspectorate key it pinned at the first receipt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from app.atomic import atomic_write
from app.core.fingerprint import fingerprint
from app.core.inbox import InboxNominee
from app.exchange.package_errors import PackageError
from app.exchange.receipt import KIND, SCHEMA, read_receipt, receipt_file_name, signed_receipt
from app.store.campaigns import get_setting, set_setting
from app.store.inbox import InboxPackage, consolidated, packages
from app.store.organisation import unit_organisation
from app.store.package_exports import StoredReceipt, exported, save_receipt
from app.store.unit_key import unit_key

PINNED_SETTING = "inspectorate_key"  # the unit pins the first receipt's key, as the inbox does


class InspectorateKeyChanged(PackageError):
    """A receipt signed by another key than the earlier receipts: refused unless accepted."""


def receipts(
    db: Database, campaign_code: str, chosen: list[InboxPackage], now: datetime | None = None
) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the receipts of the `chosen` inbox packages; the nominees, the
    issuer and the key are read once for all of them (500 units' receipts in one go)."""
    organisation = unit_organisation(db)
    issuer = organisation.name if organisation else "Thanh tra"
    by_package: dict[int, list[InboxNominee]] = {}
    for nominee in consolidated(db, campaign_code):
        by_package.setdefault(nominee.package, []).append(nominee)
    key = unit_key(db)
    issued = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for package in chosen:
        verification = "Gói nguyên vẹn, chữ ký hợp lệ"
        if package.late:
            verification += "; nộp muộn so với hạn"
        if not package.in_use:
            verification += f"; {package.state}"
        body = {
            "kind": KIND,
            "schema": SCHEMA,
            "package_id": package.package_id,
            "package_sha256": package.sha256,
            "file_name": package.file_name,
            "unit": package.unit,
            "unit_key": package.unit_key,
            "inspectorate": issuer,
            "received_at": package.received_at,
            "verification": verification,
            "appraisals": [
                {
                    "name": n.name,
                    "status": n.appraisal.label if n.appraisal else "Chưa thẩm định",
                    "reason": n.appraisal_reason,
                }
                for n in by_package.get(package.id, [])
            ],
            "issued_at": issued,
        }
        out.append((receipt_file_name(package.file_name), signed_receipt(body, key)))
    return out


def write_receipts(db: Database, campaign_code: str, folder: Path) -> list[Path]:
    """A receipt for each unit's current package (a withdrawn one too: its receipt says so),
    written into `folder`."""
    current = [p for p in packages(db, campaign_code) if p.superseded_by is None]
    written = []
    for name, data in receipts(db, campaign_code, current):
        with atomic_write(folder / name) as partial:
            partial.write_bytes(data)
        written.append(folder / name)
    return written


def import_receipt(
    db: Database, data: bytes, file_name: str, accept_new_key: bool = False
) -> StoredReceipt:
    """Check a receipt and store it against the package this unit exported; refused (with the
    reason) when it is not signed, not for one of this unit's packages, or signed by another
    Inspectorate key than earlier receipts (unless `accept_new_key`)."""
    body, public = read_receipt(data, file_name)
    own = fingerprint(unit_key(db).public_key().public_bytes_raw())
    sent = exported(db, str(body.get("package_id")))
    if body.get("unit_key") != own or sent is None or sent[0] != body.get("package_sha256"):
        raise PackageError(
            f"Giấy biên nhận {file_name} không phải cho một gói hồ sơ đơn vị này đã xuất."
        )
    issuer_key = fingerprint(public)
    pinned = get_setting(db, PINNED_SETTING)
    if pinned and pinned != issuer_key and not accept_new_key:
        raise InspectorateKeyChanged(
            f"CẢNH BÁO: giấy biên nhận được ký bằng khóa khác khóa Thanh tra đã ghi nhận. Khóa đã "
            f"ghi nhận: {pinned}. Khóa của giấy: {issuer_key}. Chưa nhập."
        )
    appraisals = body.get("appraisals") if isinstance(body.get("appraisals"), list) else []
    receipt = StoredReceipt(
        package_id=str(body["package_id"]),
        file_name=sent[1],
        inspectorate=str(body.get("inspectorate", "")),
        inspectorate_key=issuer_key,
        received_at=str(body.get("received_at", "")),
        verification=str(body.get("verification", "")),
        appraisals=tuple(
            (str(a.get("name", "")), str(a.get("status", "")), str(a.get("reason", "")))
            for a in appraisals
            if isinstance(a, dict)
        ),
        issued_at=str(body.get("issued_at", "")),
    )
    with db.atomic():
        set_setting(db, PINNED_SETTING, issuer_key)
        save_receipt(db, receipt)
    return receipt
