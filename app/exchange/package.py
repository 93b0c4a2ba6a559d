"""The submission package: one .zip the unit sends by e-mail or USB. Inside, with ASCII names:
the stored build's documents (DOCX, PDF), the signed scans, `data.json` (what the Inspectorate
reads: see resources/docs/goi-ho-so.md), `manifest.json` (SHA-256 and size of every file and
the unit's public key) and `manifest.sig` (its Ed25519 signature).

The same data exported twice gives the same bytes but for the creation time: entries sorted,
fixed entry timestamps, JSON with sorted keys. No byte of the register's personal data is in
it: `data.json` is built from the dossier's figures, never from register rows.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import __version__
from app.atomic import atomic_write
from app.core.text import ascii_file_name
from app.exchange.package_errors import PackageError
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.dossier_builds import build_file, latest_build, list_scans, scan_content
from app.store.people import unit_organisation
from app.store.unit_key import fingerprint, unit_key

SCHEMA = 1  # of data.json and manifest.json; a newer one needs a newer app
MANIFEST, SIGNATURE, DATA = "manifest.json", "manifest.sig", "data.json"
_ENTRY_TIME = (2000, 1, 1, 0, 0, 0)  # every entry's timestamp: the bytes depend on data only


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


def package_data(db: Database, created_at: datetime) -> tuple[dict[str, Any], dict[str, bytes]]:
    """What the package says (data.json) and the files it carries, by entry name."""
    from app.documents.dossier_data import dossier_data  # the forms' data, as printed

    organisation = unit_organisation(db)
    if organisation is None:
        raise PackageError("Chưa khai báo đơn vị: hãy khai báo ở trang Đơn vị & đợt thi đua.")
    campaign_id = active_campaign_id(db)
    code = load_campaign(db, campaign_id).code
    data = dossier_data(db)
    unit, campaign = data.get("don_vi", {}), data.get("dot", {})
    build = latest_build(db, organisation.id, campaign_id)
    if build is None:
        raise PackageError("Chưa lập hồ sơ: hãy lập hồ sơ ở trang Hồ sơ trước khi xuất gói.")
    files = {f"van-ban/{name}": build_file(db, build.id, name) for name in build.files}
    for document in sorted(list_scans(db, build.id)):
        files[f"ban-ky/{document}_ky.pdf"] = scan_content(db, build.id, document)
    public = unit_key(db).public_key().public_bytes_raw()
    content = {
        "schema": SCHEMA,
        "app_version": __version__,
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "unit": {"key": fingerprint(public), **{k: unit.get(k) for k in sorted(unit)}},
        "campaign": {"code": code, **{k: campaign.get(k) for k in sorted(campaign)}},
        "build": {"version": build.version, "built_at": build.built_at,
                  "warnings": list(build.warnings)},
        "figures": {"definition": "domain.md §6 (bản 1)", **data.get("so_lieu", {})},
        "nominees": data.get("danh_sach", {}),
        "reports": data.get("bao_cao", []),
        "meeting": data.get("hop_xet", {}),
        "documents": sorted(files),
    }  # fmt: skip
    return content, files


def export_package(db: Database, out: Path, now: datetime | None = None) -> Path:
    """Write the package (atomically) to `out`, a .zip file or a folder to name it in."""
    now = now or datetime.now(UTC)
    content, files = package_data(db, now)
    files[DATA] = _json(content)
    key = unit_key(db)
    manifest = _json(
        {
            "schema": SCHEMA,
            "public_key": key.public_key().public_bytes_raw().hex(),
            "files": [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                for name, data in sorted(files.items())
            ],
        }
    )
    files[MANIFEST] = manifest
    files[SIGNATURE] = key.sign(manifest).hex().encode()
    unit = ascii_file_name(content["unit"].get("viet_tat") or "don-vi")
    name = f"{unit}_{ascii_file_name(content['campaign']['code'])}_{now:%Y%m%d}.zip"
    target = out if out.suffix.lower() == ".zip" else out / name
    with atomic_write(target) as partial:
        _write_zip(partial, sorted(files.items()))
    return target


def _write_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


# --- verifying ---------------------------------------------------------------------------------

MAX_ENTRIES = 500
MAX_ENTRY_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: beyond, a zip bomb
MAX_JSON_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Verification:
    problems: tuple[str, ...]  # empty: the package is intact and signed by `unit_key`
    unit_key: str | None = None  # the signer's fingerprint
    data: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_package(path: Path) -> Verification:
    """Check a received package without trusting any byte of it: nothing is extracted,
    executed or rendered; each problem is named in Vietnamese."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _safe_entries(archive, path.name)
            contents = {info.filename: archive.read(info) for info in entries}
    except zipfile.BadZipFile:
        return Verification((f"Tệp {path.name} không phải gói hồ sơ (.zip) hoặc bị cắt cụt.",))
    except (OSError, EOFError, zipfile.LargeZipFile) as exc:
        return Verification((f"Không đọc được tệp {path.name}: {exc}.",))
    except PackageError as exc:
        return Verification((str(exc),))
    return _check_contents(contents)


def _safe_entries(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise PackageError(f"Gói {name} có {len(entries)} tệp, quá giới hạn {MAX_ENTRIES}.")
    seen: set[str] = set()
    total = 0
    for info in entries:
        entry = info.filename
        if (
            entry.startswith(("/", "\\"))
            or ".." in entry.replace("\\", "/").split("/")
            or (len(entry) > 1 and entry[1] == ":")
        ):
            raise PackageError(f"Gói {name} có đường dẫn không an toàn: “{entry}”.")
        if entry in seen:
            raise PackageError(f"Gói {name} có hai tệp cùng tên “{entry}”.")
        seen.add(entry)
        if info.flag_bits & 0x1:
            raise PackageError(f"Tệp “{entry}” trong gói {name} được mã hóa (đặt mật khẩu).")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(f"Tệp “{entry}” trong gói {name} là liên kết (symlink).")
        if info.file_size > MAX_ENTRY_BYTES:
            raise PackageError(f"Tệp “{entry}” trong gói {name} quá lớn ({info.file_size} byte).")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise PackageError(f"Tệp “{entry}” trong gói {name} nén bất thường (bom nén).")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(f"Gói {name} quá lớn khi giải nén.")
    return entries


def _check_contents(contents: dict[str, bytes]) -> Verification:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if MANIFEST not in contents or SIGNATURE not in contents:
        return Verification(("Gói thiếu bảng kê (manifest.json) hoặc chữ ký (manifest.sig).",))
    manifest_bytes = contents[MANIFEST]
    try:
        manifest = _parse_json(manifest_bytes, MANIFEST)
        public = bytes.fromhex(manifest["public_key"])
        key = Ed25519PublicKey.from_public_bytes(public)
        key.verify(bytes.fromhex(contents[SIGNATURE].decode("ascii")), manifest_bytes)
    except InvalidSignature:
        return Verification(("Chữ ký của gói không đúng: bảng kê đã bị sửa sau khi ký.",))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        return Verification((f"Bảng kê hoặc chữ ký của gói không đọc được: {exc}.",))
    problems = []
    if manifest.get("schema", 0) > SCHEMA:
        problems.append("Gói được lập bằng phiên bản ứng dụng mới hơn: hãy cập nhật ứng dụng.")
    listed = {f["name"]: f for f in manifest.get("files", [])}
    for name, entry in sorted(listed.items()):
        data = contents.get(name)
        if data is None:
            problems.append(f"Thiếu tệp {name}.")
        elif hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
            problems.append(f"Tệp {name} đã bị thay đổi (sai mã kiểm tra).")
    extra = sorted(set(contents) - set(listed) - {MANIFEST, SIGNATURE})
    problems += [f"Tệp lạ không có trong bảng kê: {name}." for name in extra]
    data = None
    if DATA in contents and not any(DATA in p for p in problems):
        try:
            data = _parse_json(contents[DATA], DATA)
        except ValueError as exc:
            problems.append(str(exc))
    return Verification(tuple(problems), fingerprint(public), data)


def _parse_json(data: bytes, name: str) -> dict[str, Any]:
    if len(data) > MAX_JSON_BYTES:
        raise ValueError(f"{name} quá lớn ({len(data)} byte).")
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{name} không phải JSON hợp lệ: {exc}.") from None
    if not isinstance(value, dict):
        raise ValueError(f"{name} không đúng cấu trúc.")
    return value
