"""The unit's submission package, as a task: what it says (data.json, from the same data the
documents are filled with), the stored build's documents and signed scans, signed with the
unit's key and written to a file or a stick (read back and verified there); each export is
remembered, so the Inspectorate's receipt can name it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core import live_values
from app.core.fingerprint import fingerprint
from app.core.readiness import DEADLINE_STEP
from app.core.tally import DEFINITION_VERSION
from app.core.text import format_date_short
from app.documents.filling import dossier_fingerprint
from app.exchange.package import (
    SCHEMA,
    package_file_name,
    package_id,
    verify_package,
    write_package,
)
from app.exchange.package_errors import PackageError
from app.services.assessment import nominee_assessment
from app.services.dossier_check import refuse_contradictions
from app.services.dossier_data import dossier_data
from app.services.figures import unit_figures
from app.services.scores import NomineeScore, scores_json, unit_scores
from app.store.achievements import attachment_content
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.connection import Database
from app.store.dossier_builds import build_file, latest_build, list_scans, scan_content
from app.store.errors import writing_to
from app.store.organisation import unit_organisation
from app.store.package_exports import record_export
from app.store.unit_key import unit_key


def package_data(db: Database, created_at: datetime) -> tuple[dict[str, Any], dict[str, bytes]]:
    """What the package says (data.json) and the files it carries, by entry name."""
    organisation = unit_organisation(db)
    if organisation is None:
        raise PackageError("Chưa khai báo đơn vị: hãy khai báo ở trang Đơn vị & đợt thi đua.")
    campaign_id = active_campaign_id(db)
    loaded = load_campaign(db, campaign_id)
    deadline = loaded.deadline("unit_submission")
    figures = unit_figures(db, organisation.id, campaign_id, loaded)  # read once, used twice
    data = dossier_data(db, figures)
    unit, campaign = data.get("don_vi", {}), data.get("dot", {})
    build = latest_build(db, organisation.id, campaign_id)
    if build is None:
        raise PackageError("Chưa lập hồ sơ: hãy lập hồ sơ ở trang Hồ sơ trước khi xuất gói.")
    # a build stored before the data changed (or a database edited) must not go out
    refuse_contradictions(db, created_at.astimezone().date(), figures.rate)
    files = {f"van-ban/{name}": build_file(db, build.id, name) for name in build.files}
    for document in sorted(list_scans(db, build.id)):
        files[f"ban-ky/{document}_ky.pdf"] = scan_content(db, build.id, document)
    public = unit_key(db).public_key().public_bytes_raw()
    content = {
        "schema": SCHEMA,
        "app_version": __version__,
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "unit": {"key": fingerprint(public), **{k: unit.get(k) for k in sorted(unit)}},
        "campaign": {"code": loaded.code, "deadline": deadline.date.isoformat() if deadline
                     else None, **{k: campaign.get(k) for k in sorted(campaign)}},
        "build": {"version": build.version, "built_at": build.built_at,
                  "warnings": list(build.warnings)},
        "figures": {"definition_version": DEFINITION_VERSION, **data.get("so_lieu", {})},
        "nominees": _filled(data.get("danh_sach", {}), "tom_tat"),
        "assessment": nominee_assessment(db, organisation.id, figures),
        "reports": [
            {**r, "thanh_tich": [_filled(t, "noi_dung", r.get("so_lieu"))
                                 for t in r.get("thanh_tich", [])]}
            for r in data.get("bao_cao", [])
        ],
        "meeting": data.get("hop_xet", {}),
    }  # fmt: skip
    scored = unit_scores(db, organisation.id, figures)
    if scored is not None:  # a campaign that ranks by points: the self-assessment, evidence
        if dossier_fingerprint(loaded.legal_regime, data) != build.fingerprint:
            raise PackageError(
                "Điểm tự chấm hiện tại khác Bảng tự chấm điểm đã lập (số liệu đã sửa sau khi lập "
                "hồ sơ): hãy lập lại hồ sơ rồi xuất gói, để gói và văn bản nói cùng một điểm."
            )
        content["scores"] = scores_json(scored[1], _evidence_into(db, files))
    content["documents"] = sorted(files)
    return content, files


def _evidence_into(
    db: Database, files: dict[str, bytes]
) -> Callable[[NomineeScore, str], str | None]:
    """Puts each criterion's evidence file into the package (minh-chung/, a plain name: the
    nominee's place and the criterion) and says where it went."""
    numbers: dict[int, int] = {}

    def evidence(nominee: NomineeScore, criterion: str) -> str | None:
        stored = nominee.entries.get(criterion)
        if stored is None or stored.attachment_id is None:
            return None
        number = numbers.setdefault(nominee.candidate.id, len(numbers) + 1)
        original, data = attachment_content(db, stored.attachment_id)
        name = f"minh-chung/{number:02d}_{criterion}{Path(original).suffix.lower()}"
        files[name] = data
        return name

    return evidence


def _filled(value: Any, key: str, facts: Any = None) -> Any:
    """`value` with the text under `key` (in it, or in its lists' rows) filled with its live
    figures, as the documents print it: the reader of data.json gets no {…} names."""
    if isinstance(value, list):
        return [_filled(v, key, facts) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _filled(v, key, facts) for k, v in value.items()}
    if isinstance(value.get(key), str):
        out[key] = live_values.fill(value[key], facts or value.get("so_lieu") or {}).text
    return out


def sending_warnings(db: Database, today: date) -> list[str]:
    """What the dossier a package would carry still says against itself: the warnings it was
    built with, its lateness counted as of `today` (a dossier built in time may be sent late)."""
    organisation = unit_organisation(db)
    if organisation is None:
        return []
    campaign_id = active_campaign_id(db)
    build = latest_build(db, organisation.id, campaign_id)
    warnings = list(build.warnings) if build else []
    due = load_campaign(db, campaign_id).deadline("unit_submission")
    if due is not None and today > due.date:
        # the build's deadline line said how late it was on the day it was built
        warnings = [w for w in warnings if not w.startswith(f"{DEADLINE_STEP}:")] + [
            f"{DEADLINE_STEP}: {due.title}: hạn {format_date_short(due.date)} — hôm nay đã quá hạn "
            f"{(today - due.date).days} ngày."
        ]
    return warnings


def export_package(db: Database, out: Path, now: datetime | None = None) -> Path:
    """Write the package (atomically) to `out`, a .zip file or a folder to name it in, and
    remember it was sent (a receipt names it). One transaction: the signing key made for a
    first package is kept only with the package, so a refused export changes nothing."""
    now = now or datetime.now(UTC)
    written = None
    try:
        with db.atomic():
            content, files = package_data(db, now)
            name = package_file_name(content["unit"].get("ten"), content["campaign"]["code"], now)
            target = out if out.suffix.lower() == ".zip" else out / name
            with writing_to(target):  # a full or pulled stick is named, not the database
                manifest = write_package(content, files, unit_key(db), target)
                written = target
                digest = hashlib.sha256(target.read_bytes()).hexdigest()
            record_export(db, package_id(manifest), digest, target.name, content["created_at"],
                          content["campaign"]["code"])  # fmt: skip
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)  # a package is sent only once it is remembered
        raise
    return target


def save_and_check(db: Database, folder: Path, now: datetime | None = None) -> Path:
    """ "Lưu ra USB": export into `folder` (a stick, a shared folder), flushed, then read back
    from there and verified; a copy that does not read back intact is removed and refused
    (sticks fail silently)."""
    target = export_package(db, folder, now)
    result = verify_package(target)
    if not result.ok:
        target.unlink(missing_ok=True)
        raise PackageError(
            f"Bản gói ghi ra {folder} đọc lại không nguyên vẹn ({' '.join(result.problems)}) "
            "và đã được xóa: hãy thử lại hoặc dùng USB khác."
        )
    return target
