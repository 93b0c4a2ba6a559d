"""The Inspectorate's inbox: every unit's package received, verified and kept.

A unit is known by its name (its superior agency and its own); its public key is pinned at its
first package (trust on first use) and a package signed by another key is refused, naming both
fingerprints, until an officer accepts the new key. A later package of the same unit for the same
campaign supersedes the earlier one; both stay. Each nominee of the current packages is appraised
(đạt / không đạt / yêu cầu bổ sung, with a reason for the last two) and may be shortlisted within
the campaign's quotas. Nothing read from a package is executed or used as a template: it is kept
as data and shown as text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.fingerprint import fingerprint
from app.core.inbox import (
    Appraisal,
    InboxError,
    InboxNominee,
    KeyChanged,
    NomineeRecord,
    ReceivedPackage,
    package_nominees,
    ranked,
    read_nominee,
)
from app.core.names import unit_identity, visible
from app.store.campaigns import campaign_id_by_code, load_campaign
from app.store.connection import Database


class Imported(Struct, frozen=True):
    package: int  # the inbox row
    unit: str
    new_unit: bool
    superseded: int | None  # the earlier package of the unit it replaces
    duplicate: bool  # the very same file was imported before: nothing stored again
    late: bool
    key_accepted: bool = False
    older: bool = False  # made before the package already current: kept as history only
    withdrawn: str | None = None  # a duplicate of a package withdrawn: why it was

    @property
    def message(self) -> str:
        if self.duplicate and self.withdrawn is not None:
            return (
                f"{self.unit}: gói này đã được nhập trước đây và đã bị rút (lý do: "
                f"{self.withdrawn}), không nhập lại; muốn dùng lại thì khôi phục gói số "
                f"{self.package} trong lịch sử các gói."
            )
        if self.duplicate:
            return f"{self.unit}: gói này đã được nhập trước đây, không nhập lại."
        parts = [f"{self.unit}: đã nhập"]
        if self.new_unit:
            parts.append("đơn vị mới, đã ghi nhận khóa của đơn vị")
        if self.key_accepted:
            parts.append("đã chấp nhận khóa mới của đơn vị")
        if self.superseded:
            parts.append("thay gói nộp trước (gói cũ vẫn được lưu)")
        if self.older:
            parts.append("gói này cũ hơn gói đang dùng nên chỉ lưu vào lịch sử")
        if self.late:
            parts.append("NỘP MUỘN so với hạn của đợt thi đua")
        return "; ".join(parts) + "."


def file_package(
    db: Database, received: ReceivedPackage, campaign_code: str, accept_new_key: bool = False
) -> Imported:
    """Store one verified package in one transaction; a refusal (InboxError, KeyChanged)
    leaves the inbox as it was."""
    data, content = received.data, received.content
    name = received.unit_name
    name_key = unit_identity(name)  # not the superior agency: a forger would change it
    nominees = package_nominees(data, received.files)
    sha = hashlib.sha256(content).hexdigest()
    key_hex = received.public_key.hex()
    with db.atomic():
        known = db.execute(
            "SELECT id, withdrawn_reason FROM inbox_packages WHERE sha256 = ?", [sha]
        ).fetchone()
        if known:
            return Imported(known[0], name, False, None, True, received.late, withdrawn=known[1])
        row = db.execute(
            "SELECT id, public_key FROM inbox_units WHERE name_key = ?", [name_key]
        ).fetchone()
        accepted = False
        if row is None:
            unit_id = int(
                db.execute(
                    "INSERT INTO inbox_units (name_key, name, public_key) VALUES (?, ?, ?)",
                    [name_key, name, key_hex],
                ).lastrowid
                or 0
            )
        else:
            unit_id = row[0]
            if row[1] != key_hex:
                if not accept_new_key:
                    pinned = fingerprint(bytes.fromhex(row[1]))
                    raise KeyChanged(name, pinned, received.unit_key)
                db.execute("UPDATE inbox_units SET public_key = ? WHERE id = ?", [key_hex, unit_id])
                accepted = True
        current = db.execute(
            "SELECT id, created_at FROM inbox_packages WHERE unit_id = ? AND campaign_code = ? "
            "AND superseded_by IS NULL",
            [unit_id, campaign_code],
        ).fetchone()
        created = str(data.get("created_at"))
        # an older package received late (an e-mail read after the newer one) goes to history
        older = current is not None and created < current[1]
        package = int(
            db.execute(
                "INSERT INTO inbox_packages (unit_id, package_id, campaign_code, file_name, "
                "sha256, size, created_at, late, data, superseded_by, signer_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [unit_id, received.package_id, campaign_code, received.file_name, sha, len(content),
                 created, int(received.late), json.dumps(data, ensure_ascii=False),
                 current[0] if older else None, key_hex],
            ).lastrowid
            or 0
        )  # fmt: skip
        db.execute("INSERT INTO inbox_package_contents VALUES (?, ?)", [package, content])
        db.conn.executemany(
            "INSERT INTO inbox_nominees (package_id, position, kind, name, facts) "
            "VALUES (?, ?, ?, ?, ?)",
            [(package, n, e["kind"], e["name"], json.dumps(e["facts"], ensure_ascii=False))
             for n, e in enumerate(nominees)],
        )  # fmt: skip
        if current and not older:
            db.execute(
                "UPDATE inbox_packages SET superseded_by = ? WHERE id = ?", [package, current[0]]
            )
            db.execute(
                "UPDATE inbox_nominees SET shortlisted = 0 WHERE package_id = ?", [current[0]]
            )
    return Imported(
        package, name, row is None, current[0] if current and not older else None, False,
        received.late, accepted, older,
    )  # fmt: skip


# --- the consolidated table --------------------------------------------------------------------


def _nominee(db: Database, row: Sequence[Any], campaign: Campaign) -> InboxNominee:
    (nid, package, unit, kind, name, facts, appraisal, reason, shortlisted, late,
     received_at, data, accepted, _) = row  # fmt: skip
    record = NomineeRecord(nid, package, unit, kind, name, json.loads(facts), appraisal, reason,
                           bool(shortlisted), bool(late), received_at,
                           json.loads(data).get("build"), accepted)  # fmt: skip
    adjustments = score_adjustments(db, nid) if campaign.scoring else None
    return read_nominee(record, campaign.vote, campaign.scoring, adjustments)


def _campaign(db: Database, campaign_code: str) -> Campaign:
    """The campaign's own rules, by which every received vote is counted again and every
    score recomputed."""
    return load_campaign(db, campaign_id_by_code(db, campaign_code))


def score_adjustments(db: Database, nominee_id: int) -> dict[str, tuple[Fraction, str]]:
    rows = db.execute(
        "SELECT criterion, points, reason FROM inbox_score_adjustments WHERE nominee_id = ?",
        [nominee_id],
    )
    return {criterion: (Fraction(points), reason) for criterion, points, reason in rows}


def set_score_adjustment(
    db: Database, nominee_id: int, criterion: str, adjusted: tuple[Fraction, str] | None
) -> None:
    """The appraiser's points for a criterion with the reason (None: back to the score
    recomputed from the package)."""
    with db.atomic():
        if adjusted is None:
            db.execute(
                "DELETE FROM inbox_score_adjustments WHERE nominee_id = ? AND criterion = ?",
                [nominee_id, criterion],
            )
            return
        points, reason = adjusted
        db.execute(
            "INSERT INTO inbox_score_adjustments (nominee_id, criterion, points, reason) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(nominee_id, criterion) DO UPDATE SET "
            "points = excluded.points, reason = excluded.reason",
            [nominee_id, criterion, str(points), reason],
        )


_NOMINEE_SQL = (
    "SELECT n.id, p.id, u.name, n.kind, n.name, n.facts, n.appraisal, n.appraisal_reason, "
    "n.shortlisted, p.late, p.received_at, p.data, a.reason, p.campaign_code "
    "FROM inbox_nominees n JOIN inbox_packages p ON p.id = n.package_id "
    "JOIN inbox_units u ON u.id = p.unit_id "
    "LEFT JOIN inbox_late_acceptances a ON a.package_id = p.id "
)


# a package in use: neither replaced by a later one of its unit nor withdrawn
_CURRENT = "p.superseded_by IS NULL AND p.withdrawn_at IS NULL"


def consolidated(db: Database, campaign_code: str) -> list[InboxNominee]:
    """Every nominee of every unit's current package for the campaign, ranked."""
    rows = db.execute(
        _NOMINEE_SQL + "WHERE p.campaign_code = ? AND " + _CURRENT, [campaign_code]
    ).fetchall()
    campaign = _campaign(db, campaign_code)
    return ranked([_nominee(db, r, campaign) for r in rows], campaign.scoring)


def load_nominee(db: Database, nominee_id: int) -> InboxNominee:
    row = db.execute(_NOMINEE_SQL + "WHERE n.id = ?", [nominee_id]).fetchone()
    if row is None:
        raise InboxError(f"Không có đối tượng đề nghị số {nominee_id} trong hộp hồ sơ.")
    return _nominee(db, row, _campaign(db, row[-1]))


# --- appraisal and shortlist -------------------------------------------------------------------


def set_appraisal(db: Database, nominee_id: int, status: Appraisal | None, reason: str) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if status else None
    with db.atomic():
        db.execute(
            "UPDATE inbox_nominees SET appraisal = ?, appraisal_reason = ?, appraised_at = ? "
            "WHERE id = ?",
            [status.value if status else None, reason or None, now, nominee_id],
        )


def shortlisted_count(db: Database, kind: str, campaign_code: str) -> int:
    """Nominees of `kind` chosen among the current packages of the campaign."""
    (taken,) = db.execute(
        "SELECT count(*) FROM inbox_nominees n JOIN inbox_packages p ON p.id = n.package_id "
        "WHERE n.shortlisted AND n.kind = ? AND p.campaign_code = ? AND " + _CURRENT,
        [kind, campaign_code],
    ).fetchone()
    return int(taken)


def shortlisted_names(db: Database, package: int) -> list[str]:
    """The nominees of `package` on the shortlist."""
    rows = db.execute(
        "SELECT name FROM inbox_nominees WHERE package_id = ? AND shortlisted ORDER BY position",
        [package],
    ).fetchall()
    return [visible(r[0]) for r in rows]


def set_shortlisted(db: Database, nominee_id: int, chosen: bool) -> None:
    with db.atomic():
        db.execute(
            "UPDATE inbox_nominees SET shortlisted = ? WHERE id = ?", [int(chosen), nominee_id]
        )


# --- packages ---------------------------------------------------------------------------------


class InboxPackage(Struct, frozen=True):
    id: int
    unit: str
    unit_key: str  # fingerprint of the key that signed it
    package_id: str
    file_name: str
    sha256: str
    created_at: str
    received_at: str
    late: bool
    superseded_by: int | None
    nominees: int
    withdrawn_at: str | None
    withdrawn_reason: str | None
    late_accepted: str | None  # why an officer accepted it although late

    @property
    def in_use(self) -> bool:
        return self.superseded_by is None and self.withdrawn_at is None

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return f"Thanh tra đã rút gói ({self.withdrawn_reason})"
        if self.superseded_by:
            return f"đã được thay bằng gói nộp sau (số {self.superseded_by})"
        return "đang dùng"


def packages(db: Database, campaign_code: str) -> list[InboxPackage]:
    """Every package received for the campaign, newest first: the history."""
    return _packages(db, "p.campaign_code = ?", [campaign_code])


def load_package(db: Database, package: int) -> InboxPackage:
    found = _packages(db, "p.id = ?", [package])
    if not found:
        raise InboxError(
            f"Không có gói số {package} trong hộp hồ sơ (xem: thidua inbox list --history)."
        )
    return found[0]


def _packages(db: Database, where: str, parameters: list[Any]) -> list[InboxPackage]:
    rows = db.execute(
        "SELECT p.id, u.name, p.signer_key, p.package_id, p.file_name, p.sha256, p.created_at, "
        "p.received_at, p.late, p.superseded_by, "
        "(SELECT count(*) FROM inbox_nominees n WHERE n.package_id = p.id), "
        "p.withdrawn_at, p.withdrawn_reason, a.reason "
        "FROM inbox_packages p JOIN inbox_units u ON u.id = p.unit_id "
        f"LEFT JOIN inbox_late_acceptances a ON a.package_id = p.id WHERE {where} "
        "ORDER BY p.id DESC",
        parameters,
    ).fetchall()
    # the key that verified the signature, never the key the package says it has
    return [InboxPackage(r[0], visible(r[1]), fingerprint(bytes.fromhex(r[2])) if r[2] else "",
                         r[3], visible(r[4]), *r[5:8], bool(r[8]), *r[9:])
            for r in rows]  # fmt: skip


def set_withdrawn(db: Database, package: int, reason: str | None) -> None:
    """Withdraw a received package (`reason` given) or take it back (None). Its nominees
    leave the shortlist on withdrawal; their appraisals are kept with the history."""
    withdrawn = load_package(db, package).withdrawn_at
    if reason is not None and withdrawn:
        raise InboxError(f"Gói số {package} đã được rút lúc {withdrawn}.")
    if reason is None and not withdrawn:
        raise InboxError(f"Gói số {package} chưa bị rút.")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if reason is not None else None
    with db.atomic():
        db.execute(
            "UPDATE inbox_packages SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?",
            [now, reason, package],
        )
        if reason is not None:
            db.execute("UPDATE inbox_nominees SET shortlisted = 0 WHERE package_id = ?", [package])


def set_late_accepted(db: Database, package: int, reason: str | None) -> None:
    """Record an officer's acceptance of a late package with its `reason`, or take it back
    (None)."""
    with db.atomic():
        if reason is None:
            db.execute("DELETE FROM inbox_late_acceptances WHERE package_id = ?", [package])
        else:
            db.execute(
                "INSERT INTO inbox_late_acceptances (package_id, reason) VALUES (?, ?)",
                [package, reason],
            )


def package_content(db: Database, package: int) -> bytes:
    """A stored package's bytes, checked against the hash it was received with."""
    row = db.execute(
        "SELECT p.sha256, c.content FROM inbox_packages p "
        "JOIN inbox_package_contents c ON c.package_id = p.id WHERE p.id = ?",
        [package],
    ).fetchone()
    if row is None or hashlib.sha256(row[1]).hexdigest() != row[0]:
        raise InboxError(f"Gói số {package} không còn nguyên vẹn trong tệp dữ liệu.")
    return row[1]
