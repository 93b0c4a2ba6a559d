"""Receipts, as tasks: the Inspectorate issues a signed receipt for each unit's package it
received (with the appraisal of each nominee once decided), and beside it the same receipt
printable (DOCX, PDF, in Vietnam time) with one PDF of them all to print at once; the unit
imports the signed file back, checked against the packages it exported and the Inspectorate key
it pinned at the first receipt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from msgspec import Struct

from app.atomic import atomic_write
from app.core.fingerprint import fingerprint
from app.core.inbox import InboxNominee
from app.core.text import collation_key, format_date_long, format_vietnam_time, vietnam_time
from app.documents.consolidated import build_receipts, merge_pdfs
from app.documents.dossier import FORMATS
from app.exchange.package_errors import PackageError
from app.exchange.receipt import KIND, SCHEMA, read_receipt, receipt_file_name, signed_receipt
from app.services.dossier_data import dossier_data
from app.store.campaigns import active_campaign_id, get_setting, load_campaign, set_setting
from app.store.connection import Database
from app.store.inbox import InboxPackage, consolidated, packages
from app.store.organisation import unit_organisation
from app.store.package_exports import StoredReceipt, exported, save_receipt
from app.store.unit_key import unit_key

PINNED_SETTING = "inspectorate_key"  # the unit pins the first receipt's key, as the inbox does
MERGED = "bien-nhan_tat-ca.pdf"  # every printed receipt of one export, to print at once


class InspectorateKeyChanged(PackageError):
    """A receipt signed by another key than the earlier receipts: refused unless accepted."""


def _bodies(
    db: Database, campaign_code: str, chosen: list[InboxPackage], now: datetime | None
) -> list[dict[str, Any]]:
    """What the receipt of each of the `chosen` inbox packages says; the nominees, the issuer
    and the key are read once for all of them (500 units' receipts in one go)."""
    organisation = unit_organisation(db)
    issuer = organisation.name if organisation else "Thanh tra"
    by_package: dict[int, list[InboxNominee]] = {}
    for nominee in consolidated(db, campaign_code):
        by_package.setdefault(nominee.package, []).append(nominee)
    issued = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for package in chosen:
        verification = "Gói nguyên vẹn, chữ ký hợp lệ"
        if package.late:
            verification += "; nộp muộn so với hạn"
        if not package.in_use:
            verification += f"; {package.state}"
        out.append(
            {
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
        )
    return out


def receipts(
    db: Database, campaign_code: str, chosen: list[InboxPackage], now: datetime | None = None
) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the signed receipts of the `chosen` inbox packages."""
    key = unit_key(db)
    return [
        (receipt_file_name(package.file_name), signed_receipt(body, key))
        for package, body in zip(chosen, _bodies(db, campaign_code, chosen, now), strict=True)
    ]


def _printed(package: InboxPackage, body: dict[str, Any]) -> dict[str, Any]:
    """One receipt as its printed form is filled: the signed body's words, in Vietnam time."""
    issued = vietnam_time(body["issued_at"])
    return {
        "tep": receipt_file_name(package.file_name).removesuffix(".json"),
        "don_vi": package.unit,
        "ten_goi": package.file_name,
        "ma_goi": package.package_id,
        # in groups of eight, as a fingerprint is read aloud over the phone to compare
        "sha256": " ".join(package.sha256[i : i + 8] for i in range(0, len(package.sha256), 8)),
        "khoa": package.unit_key,
        "lap_luc": format_vietnam_time(package.created_at),
        "nhan_luc": format_vietnam_time(package.received_at),
        "kiem_tra": body["verification"],
        "ngay_lap": format_date_long(issued.date()) if issued else body["issued_at"],
        "tham_dinh": [
            {"ten": a["name"], "ket_qua": a["status"], "ly_do": a["reason"]}
            for a in body["appraisals"]
        ],
    }


class WrittenReceipts(Struct, frozen=True):
    signed: list[Path]  # the .json each unit imports back
    printed: list[Path]  # DOCX and PDF of each, beside its .json
    merged: Path | None  # every printed receipt in one PDF; None without PDFs


def write_receipts(
    db: Database,
    campaign_code: str,
    folder: Path,
    formats: tuple[str, ...] = FORMATS,
    now: datetime | None = None,
) -> WrittenReceipts:
    """A receipt for each unit's current package (a withdrawn one too: its receipt says so),
    signed and printable in `formats`, written into `folder`, with one PDF of them all."""
    current = sorted(
        (p for p in packages(db, campaign_code) if p.superseded_by is None),
        key=lambda p: (collation_key(p.unit), p.id),
    )  # printed in the order of the units' names
    pairs = list(zip(current, _bodies(db, campaign_code, current, now), strict=True))
    key = unit_key(db)
    signed = []
    for package, body in pairs:
        target = folder / receipt_file_name(package.file_name)
        with atomic_write(target) as partial:
            partial.write_bytes(signed_receipt(body, key))
        signed.append(target)
    if not current or not formats:
        return WrittenReceipts(signed, [], None)
    data = {**dossier_data(db), "bien_nhan": [_printed(p, b) for p, b in pairs]}
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    built = build_receipts(regime, data, folder, formats)
    printed = [f for b in built for f in b.files]
    pdfs = [f for f in printed if f.suffix == ".pdf"]
    return WrittenReceipts(signed, printed, merge_pdfs(pdfs, folder / MERGED) if pdfs else None)


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
