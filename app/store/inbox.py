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
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sqlite_utils import Database

from app.core.campaign import Campaign
from app.core.text import clean, collation_key, format_percent
from app.exchange.package import Verification, verify_package
from app.exchange.package_errors import PackageError
from app.store.inbox_errors import InboxError, KeyChanged
from app.store.unit_key import fingerprint

KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân"}


class Appraisal(StrEnum):
    PASS = "dat"
    FAIL = "khong_dat"
    MORE = "bo_sung"

    @property
    def label(self) -> str:
        return {"dat": "Đạt", "khong_dat": "Không đạt", "bo_sung": "Yêu cầu bổ sung"}[self.value]


@dataclass(frozen=True)
class Imported:
    package: int  # the inbox row
    unit: str
    new_unit: bool
    superseded: int | None  # the earlier package of the unit it replaces
    duplicate: bool  # the very same file was imported before: nothing stored again
    late: bool
    key_accepted: bool = False
    older: bool = False  # made before the package already current: kept as history only

    @property
    def message(self) -> str:
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


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not clean(value):
        raise InboxError(f"data.json thiếu {what}.")
    return clean(value)


def _nominees(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The nominees as stored: the unit's assessment (numbers) with the row of its danh sách
    (texts as printed), checked for shape since nothing in a package is trusted."""
    assessment = data.get("assessment")
    if not isinstance(assessment, list) or not all(isinstance(a, dict) for a in assessment):
        raise InboxError("data.json không có danh sách đề nghị đúng cấu trúc (assessment).")
    listed = data.get("nominees") if isinstance(data.get("nominees"), dict) else {}
    rows = {"collective": listed.get("tap_the"), "individual": listed.get("ca_nhan")}
    out = []
    for entry in assessment:
        kind = entry.get("kind")
        if kind not in KIND_LABELS:
            raise InboxError(f"data.json ghi loại đối tượng không hợp lệ: {kind!r}.")
        name = _text(entry.get("name"), "tên một đối tượng đề nghị")
        printed = next(
            (r for r in rows[kind] or [] if isinstance(r, dict) and r.get("ten") == name), {}
        )
        out.append({"kind": kind, "name": name, "facts": {**entry, "printed": printed}})
    return out


def import_package(
    db: Database,
    content: bytes,
    file_name: str,
    campaign: Campaign,
    accept_new_key: bool = False,
    verified: Verification | None = None,
) -> Imported:
    """Verify and store one received package in one transaction; a refusal (InboxError,
    KeyChanged) leaves the inbox as it was. `verified`: the result of verifying `content`
    already (a background job verifies while the UI thread stores)."""
    result = verified or verify_package(content, file_name, campaign.code)
    if not result.ok:
        raise InboxError(f"{file_name}: " + " ".join(result.problems))
    assert result.data is not None and result.public_key is not None
    data = result.data
    unit = data.get("unit") if isinstance(data.get("unit"), dict) else {}
    name = _text(unit.get("ten"), "tên đơn vị")
    parent = unit.get("co_quan_cap_tren")
    parent = clean(parent) if isinstance(parent, str) else ""
    name_key = collation_key(f"{parent}|{name}")
    nominees = _nominees(data)
    sha = hashlib.sha256(content).hexdigest()
    key_hex = result.public_key.hex()
    with db.atomic():
        known = db.execute("SELECT id FROM inbox_packages WHERE sha256 = ?", [sha]).fetchone()
        if known:
            return Imported(known[0], name, False, None, True, result.late)
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
                    raise KeyChanged(name, pinned, result.unit_key or "")
                db.execute("UPDATE inbox_units SET public_key = ? WHERE id = ?", [key_hex, unit_id])
                accepted = True
        current = db.execute(
            "SELECT id, created_at FROM inbox_packages WHERE unit_id = ? AND campaign_code = ? "
            "AND superseded_by IS NULL",
            [unit_id, campaign.code],
        ).fetchone()
        created = str(data.get("created_at"))
        # an older package received late (an e-mail read after the newer one) goes to history
        older = current is not None and created < current[1]
        package = int(
            db.execute(
                "INSERT INTO inbox_packages (unit_id, package_id, campaign_code, file_name, "
                "sha256, size, created_at, late, data, superseded_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [unit_id, result.package_id, campaign.code, file_name, sha, len(content),
                 created, int(result.late), json.dumps(data, ensure_ascii=False),
                 current[0] if older else None],
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
        result.late, accepted, older,
    )  # fmt: skip


# --- the consolidated table --------------------------------------------------------------------


@dataclass(frozen=True)
class InboxNominee:
    id: int
    package: int
    unit: str
    kind: str  # "collective" | "individual"
    name: str
    votes: int | None
    members: int | None
    eligibility: str  # "pass" | "fail" | "missing", as the unit's app found it
    eligibility_reasons: tuple[str, ...]
    resolved: int | None
    cases: int | None
    late: bool
    warnings: tuple[str, ...]  # the unit's build warnings
    received_at: str
    appraisal: Appraisal | None
    appraisal_reason: str
    shortlisted: bool
    printed: dict[str, Any]  # the row of the unit's danh sách, as printed

    @property
    def rate(self) -> Fraction | None:
        if not self.cases or self.resolved is None:
            return None
        return Fraction(self.resolved * 100, self.cases)

    @property
    def rate_text(self) -> str:
        rate = self.rate
        return format_percent(rate) if rate is not None else "—"

    @property
    def vote_share(self) -> Fraction | None:
        if not self.members or self.votes is None:
            return None
        return Fraction(self.votes, self.members)

    @property
    def votes_text(self) -> str:
        share = self.vote_share
        if share is None:
            return "—"
        return f"{self.votes}/{self.members} ({format_percent(share * 100)})"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _nominee(row: Sequence[Any]) -> InboxNominee:
    (nid, package, unit, kind, name, facts_json, appraisal, reason, shortlisted, late,
     received_at, data_json) = row  # fmt: skip
    facts = json.loads(facts_json)
    build = json.loads(data_json).get("build")
    warnings = build.get("warnings") if isinstance(build, dict) else None
    eligibility = facts.get("eligibility") if isinstance(facts.get("eligibility"), dict) else {}
    checks = eligibility.get("checks") if isinstance(eligibility.get("checks"), list) else []
    figures = facts.get("figures") if isinstance(facts.get("figures"), dict) else {}
    resolution = figures.get("resolution") if isinstance(figures.get("resolution"), dict) else {}
    status = eligibility.get("status")
    return InboxNominee(
        id=nid,
        package=package,
        unit=unit,
        kind=kind,
        name=name,
        votes=_int(facts.get("votes")),
        members=_int(facts.get("members")),
        eligibility=status if status in ("pass", "fail", "missing") else "missing",
        eligibility_reasons=tuple(
            str(c.get("reason"))
            for c in checks
            if isinstance(c, dict) and c.get("status") != "pass"
        ),
        resolved=_int(resolution.get("resolved")),
        cases=_int(resolution.get("denominator")),
        late=bool(late),
        warnings=tuple(str(w) for w in warnings) if isinstance(warnings, list) else (),
        received_at=received_at,
        appraisal=Appraisal(appraisal) if appraisal else None,
        appraisal_reason=reason or "",
        shortlisted=bool(shortlisted),
        printed=facts.get("printed") if isinstance(facts.get("printed"), dict) else {},
    )


_NOMINEE_SQL = (
    "SELECT n.id, p.id, u.name, n.kind, n.name, n.facts, n.appraisal, n.appraisal_reason, "
    "n.shortlisted, p.late, p.received_at, p.data FROM inbox_nominees n "
    "JOIN inbox_packages p ON p.id = n.package_id JOIN inbox_units u ON u.id = p.unit_id "
)


def consolidated(db: Database, campaign_code: str) -> list[InboxNominee]:
    """Every nominee of every unit's current package for the campaign, ranked."""
    rows = db.execute(
        _NOMINEE_SQL + "WHERE p.campaign_code = ? AND p.superseded_by IS NULL", [campaign_code]
    ).fetchall()
    return ranked([_nominee(r) for r in rows])


def load_nominee(db: Database, nominee_id: int) -> InboxNominee:
    row = db.execute(_NOMINEE_SQL + "WHERE n.id = ?", [nominee_id]).fetchone()
    if row is None:
        raise InboxError(f"Không có đối tượng đề nghị số {nominee_id} trong hộp hồ sơ.")
    return _nominee(row)


def ranked(nominees: Sequence[InboxNominee]) -> list[InboxNominee]:
    """The order the shortlist is chosen in: appraised đạt first, then the unit's eligibility
    passed, on time, then the higher resolution rate, then the larger share of votes, then
    the name in Vietnamese order."""

    def key(n: InboxNominee) -> tuple:
        return (
            n.appraisal is not Appraisal.PASS,
            n.eligibility != "pass",
            n.late,
            -(n.rate if n.rate is not None else Fraction(-1)),
            -(n.vote_share if n.vote_share is not None else Fraction(-1)),
            collation_key(n.name),
            n.id,
        )

    return sorted(nominees, key=key)


# --- appraisal and shortlist -------------------------------------------------------------------


def appraise(db: Database, nominee_id: int, status: Appraisal | None, reason: str = "") -> None:
    nominee = load_nominee(db, nominee_id)
    reason = clean(reason)
    if status in (Appraisal.FAIL, Appraisal.MORE) and not reason:
        raise InboxError(f"Kết quả “{status.label}” cần ghi lý do.")
    if nominee.shortlisted and status is not Appraisal.PASS:
        raise InboxError(
            f"{nominee.name} đang trong danh sách chọn: bỏ khỏi danh sách chọn trước khi đổi "
            "kết quả thẩm định."
        )
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if status else None
    with db.atomic():
        db.execute(
            "UPDATE inbox_nominees SET appraisal = ?, appraisal_reason = ?, appraised_at = ? "
            "WHERE id = ?",
            [status.value if status else None, reason or None, now, nominee_id],
        )


def quota(campaign: Campaign, kind: str) -> int:
    field = "inspectorate_collectives" if kind == "collective" else "inspectorate_individuals"
    default = 10 if kind == "collective" else 15
    return int(campaign.definition.get("quota", {}).get(field, default))


def _superseded(db: Database, nominee: InboxNominee) -> bool:
    (by,) = db.execute(
        "SELECT superseded_by FROM inbox_packages WHERE id = ?", [nominee.package]
    ).fetchone()
    return by is not None


def shortlist(db: Database, nominee_id: int, campaign: Campaign, chosen: bool = True) -> None:
    """Put a nominee on (or take it off) the shortlist; refused, with the reason, beyond the
    campaign's quota, for a nominee not appraised đạt, or of a superseded package."""
    nominee = load_nominee(db, nominee_id)
    if chosen and not nominee.shortlisted:
        if _superseded(db, nominee):
            raise InboxError(f"Gói có {nominee.name} đã được đơn vị thay bằng gói nộp sau.")
        if nominee.appraisal is not Appraisal.PASS:
            raise InboxError(
                f"{nominee.name} chưa được thẩm định “Đạt”: chỉ chọn đối tượng đã thẩm định đạt."
            )
        limit = quota(campaign, nominee.kind)
        (taken,) = db.execute(
            "SELECT count(*) FROM inbox_nominees n JOIN inbox_packages p ON p.id = n.package_id "
            "WHERE n.shortlisted AND n.kind = ? AND p.campaign_code = ? "
            "AND p.superseded_by IS NULL",
            [nominee.kind, campaign.code],
        ).fetchone()
        if taken >= limit:
            raise InboxError(
                f"Đã chọn đủ {taken}/{limit} {KIND_LABELS[nominee.kind].lower()} theo chỉ tiêu "
                f"của đợt thi đua: bỏ bớt một {KIND_LABELS[nominee.kind].lower()} trước khi chọn "
                f"{nominee.name}."
            )
    with db.atomic():
        db.execute(
            "UPDATE inbox_nominees SET shortlisted = ? WHERE id = ?", [int(chosen), nominee_id]
        )


def propose_shortlist(db: Database, campaign: Campaign) -> list[InboxNominee]:
    """Fill the free places of each quota with the best-ranked nominees appraised đạt; those
    chosen are returned. Nobody already chosen is removed."""
    added = []
    for kind in KIND_LABELS:
        nominees = [n for n in consolidated(db, campaign.code) if n.kind == kind]
        free = quota(campaign, kind) - sum(1 for n in nominees if n.shortlisted)
        for n in nominees:
            if free <= 0:
                break
            if not n.shortlisted and n.appraisal is Appraisal.PASS:
                shortlist(db, n.id, campaign)
                added.append(n)
                free -= 1
    return added


# --- packages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxPackage:
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


def packages(db: Database, campaign_code: str) -> list[InboxPackage]:
    """Every package received for the campaign, newest first: the history."""
    rows = db.execute(
        "SELECT p.id, u.name, p.data, p.package_id, p.file_name, p.sha256, p.created_at, "
        "p.received_at, p.late, p.superseded_by, "
        "(SELECT count(*) FROM inbox_nominees n WHERE n.package_id = p.id) "
        "FROM inbox_packages p JOIN inbox_units u ON u.id = p.unit_id "
        "WHERE p.campaign_code = ? ORDER BY p.id DESC",
        [campaign_code],
    ).fetchall()
    out = []
    for r in rows:
        key = json.loads(r[2]).get("unit", {}).get("key", "")
        out.append(InboxPackage(r[0], r[1], str(key), *r[3:8], bool(r[8]), r[9], r[10]))
    return out


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


def package_files(db: Database, package: int) -> dict[str, bytes]:
    """The documents of a stored package, verified again (they are read from its bytes)."""
    result = verify_package(package_content(db, package))
    if not result.ok:
        raise PackageError(" ".join(result.problems))
    return {n: b for n, b in result.files.items() if n.startswith(("van-ban/", "ban-ky/"))}
