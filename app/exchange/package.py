"""The submission package's format: one .zip the unit sends by e-mail or USB. Inside, with
the stored build's documents (DOCX, PDF), the signed scans, `data.json` (what the Inspectorate
reads: see resources/docs/goi-ho-so.md), `manifest.json` (SHA-256 and size of every file and
the unit's public key) and `manifest.sig` (its Ed25519 signature).

The same data exported twice gives the same bytes but for the creation time: entries sorted,
fixed entry timestamps, JSON with sorted keys. No byte of the register's personal data is in
it: `data.json` is built from the dossier's figures, never from register rows
(services/package.py makes it).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from app.atomic import atomic_write
from app.core.fingerprint import fingerprint
from app.core.text import ascii_file_name
from app.exchange.package_checks import content_problems, file_name_problems
from app.exchange.package_errors import PackageError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# of data.json and manifest.json; a newer one needs a newer app. 2: a campaign that ranks by
# points adds "scores" and minh-chung/ files (a package of 1 is read as before).
SCHEMA = 2
VIETNAM = timezone(timedelta(hours=7))  # deadlines are dates in Vietnam, which has no DST
MANIFEST, SIGNATURE, DATA = "manifest.json", "manifest.sig", "data.json"
_ENTRY_TIME = (2000, 1, 1, 0, 0, 0)  # every entry's timestamp: the bytes depend on data only
PLAUSIBLE_YEARS = (2000, 2100)  # when a package can have been made


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


UNIT_IN_NAME = 48  # characters of the unit's name in a package's file name


def package_file_name(unit: str | None, campaign_code: str, day: datetime) -> str:
    """UBND_phuong_Hoa_Sen_ls_tcd_2025_20251101.zip: the unit by its name (every ward's
    package its own name in the Inspectorate's mailbox, not "UBND_…"), the campaign, the day;
    ASCII only; a longer unit's name is cut as ascii_file_name says (its start and a digest of
    the whole: two wards whose names share their first 48 characters, two packages)."""
    name = ascii_file_name(unit or "don-vi", UNIT_IN_NAME) or "don_vi"
    return f"{name}_{ascii_file_name(campaign_code)}_{day:%Y%m%d}.zip"


def package_id(manifest: bytes) -> str:
    """What a receipt names a package by: it changes with any byte of any file."""
    return hashlib.sha256(manifest).hexdigest()[:16]


def write_package(
    content: dict[str, Any], files: dict[str, bytes], key: Ed25519PrivateKey, target: Path
) -> bytes:
    """Sign and write (atomically) a package of `files` and `content` as data.json; the
    manifest's bytes are returned (a package's id derives from them)."""
    return write_signed({**files, DATA: _json(content)}, key, target)


def write_signed(
    files: dict[str, bytes], key: Ed25519PrivateKey, target: Path, schema: int = SCHEMA
) -> bytes:
    """`files` (data.json among them, as bytes) with their manifest and its signature."""
    files = dict(files)
    manifest = _json(
        {
            "schema": schema,
            "public_key": key.public_key().public_bytes_raw().hex(),
            "files": [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                for name, data in sorted(files.items())
            ],
        }
    )
    files[MANIFEST] = manifest
    files[SIGNATURE] = key.sign(manifest).hex().encode()
    with atomic_write(target) as partial:
        _write_zip(partial, sorted(files.items()))
    return manifest


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


class Verification(Struct, frozen=True):
    problems: tuple[str, ...]  # empty: the package is intact and signed by `public_key`
    public_key: bytes | None = None
    data: dict[str, Any] | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # as signed
    package_id: str | None = None
    late: bool = False  # made after the campaign's deadline: flagged, not refused

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unit_key(self) -> str | None:  # the signer's fingerprint
        return fingerprint(self.public_key) if self.public_key else None


MAX_PACKAGE_BYTES = 200 * 1024 * 1024


def read_package_bytes(path: Path) -> bytes:
    """A received file's bytes, refusing one too large to be a package before reading it, or
    that is no file at all (a device, a pipe: endless or never-ending to read)."""
    if not path.exists():
        raise PackageError(f"Không tìm thấy tệp {path}.")
    if not path.is_file():
        raise PackageError(f"{path} không phải một tệp gói hồ sơ (.zip).")
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageError(f"Tệp {path.name} quá lớn ({size} byte) để là gói hồ sơ.")
        return path.read_bytes()
    except OSError as exc:
        raise PackageError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None


def verify_package(
    source: Path | bytes, name: str = "", campaign_code: str | None = None
) -> Verification:
    """Check a received package without trusting any byte of it: nothing is extracted,
    executed or rendered; each problem is named in Vietnamese. With `campaign_code`, a package
    of another campaign is refused."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            source = read_package_bytes(source)
        except PackageError as exc:
            return Verification((str(exc),))
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            entries = _safe_entries(archive, name)
            contents = {info.filename: archive.read(info) for info in entries}
    except PackageError as exc:
        return Verification((str(exc),))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, OSError, zipfile.LargeZipFile):  # fmt: skip
        # zipfile's messages are English and say nothing a clerk can act on
        return Verification((f"Tệp {name} không phải gói hồ sơ (.zip) hoặc bị hỏng, cắt cụt.",))
    result = _check_contents(contents)
    if result.ok and result.data is not None:
        return _check_campaign(result, campaign_code)
    return result


def _check_campaign(result: Verification, campaign_code: str | None) -> Verification:
    data = result.data or {}
    campaign = data.get("campaign")
    if not isinstance(campaign, dict) or not isinstance(campaign.get("code"), str):
        return Verification(("data.json không ghi đợt thi đua của gói.",), result.public_key)
    if campaign_code is not None and campaign["code"] != campaign_code:
        return Verification(
            (f"Gói thuộc đợt thi đua “{campaign['code']}”, không phải đợt đang thẩm định "
             f"“{campaign_code}”.",),
            result.public_key,
        )  # fmt: skip
    late = False
    try:
        created = datetime.fromisoformat(str(data.get("created_at")).replace("Z", "+00:00"))
        deadline = date.fromisoformat(campaign["deadline"]) if campaign.get("deadline") else None
    except (TypeError, ValueError):
        return Verification(("data.json ghi sai thời điểm xuất gói hoặc hạn nộp.",))
    if created.tzinfo is None:
        return Verification(("data.json ghi thời điểm xuất gói không kèm múi giờ.",))
    if not PLAUSIBLE_YEARS[0] <= created.year <= PLAUSIBLE_YEARS[1]:  # 9999-12-31 overflowed
        return Verification(
            (f"data.json ghi thời điểm xuất gói không hợp lý (năm {created.year}).",)
        )
    if deadline is not None:
        late = created.astimezone(VIETNAM).date() > deadline
    return Verification((), result.public_key, data, result.files, result.package_id, late)


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
    except ValueError as exc:
        return Verification((str(exc),))
    try:
        public = bytes.fromhex(manifest["public_key"])
        key = Ed25519PublicKey.from_public_bytes(public)
        key.verify(bytes.fromhex(contents[SIGNATURE].decode("ascii")), manifest_bytes)
    except InvalidSignature:
        return Verification(("Chữ ký của gói không đúng: bảng kê đã bị sửa sau khi ký.",))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return Verification(("Khóa công khai hoặc chữ ký của gói không đúng định dạng.",))
    schema = manifest.get("schema")
    if not isinstance(schema, int):
        return Verification(("Bảng kê của gói không ghi phiên bản định dạng.",))
    if schema > SCHEMA:
        return Verification(
            (f"Gói được lập theo định dạng {schema}, mới hơn ứng dụng này (định dạng {SCHEMA}): "
             "hãy cập nhật ứng dụng.",)
        )  # fmt: skip
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        return Verification(("Bảng kê của gói không đúng cấu trúc.",))
    listed = {str(f.get("name")): f for f in files}
    problems = []
    for name, entry in sorted(listed.items()):
        data = contents.get(name)
        if data is None:
            problems.append(f"Thiếu tệp {name}.")
        elif (not isinstance(entry, dict) or hashlib.sha256(data).hexdigest() != entry.get("sha256")
              or len(data) != entry.get("size")):  # fmt: skip
            problems.append(f"Tệp {name} đã bị thay đổi (sai mã kiểm tra).")
    extra = sorted(set(contents) - set(listed) - {MANIFEST, SIGNATURE})
    problems += [f"Tệp lạ không có trong bảng kê: {name}." for name in extra]
    problems += file_name_problems(n for n in listed if n != DATA)
    if DATA not in listed:
        problems.append(f"Gói thiếu {DATA}.")
    if problems:
        return Verification(_at_most(problems), public)
    try:
        data = _parse_json(contents[DATA], DATA)
    except ValueError as exc:
        return Verification((str(exc),), public)
    refused = content_problems(data)
    if refused:
        return Verification(_at_most(refused), public)
    signed = {name: contents[name] for name in listed}
    return Verification((), public, data, signed, package_id(manifest_bytes))


SHOWN_PROBLEMS = 20  # a manifest listing 40,000 missing files makes no readable message


def _at_most(problems: list[str]) -> tuple[str, ...]:
    if len(problems) <= SHOWN_PROBLEMS:
        return tuple(problems)
    more = len(problems) - SHOWN_PROBLEMS
    return (*problems[:SHOWN_PROBLEMS], f"… và {more} vấn đề khác cùng loại.")


def _parse_json(data: bytes, name: str) -> dict[str, Any]:
    if len(data) > MAX_JSON_BYTES:
        raise ValueError(f"{name} quá lớn ({len(data)} byte).")
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{name} không phải văn bản UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})."
        ) from None
    except RecursionError:
        raise ValueError(f"{name} lồng quá sâu.") from None
    except ValueError:  # an integer of thousands of digits, beyond Python's conversion limit
        raise ValueError(f"{name} có một số quá dài để là số liệu thật.") from None
    if not isinstance(value, dict):
        raise ValueError(f"{name} không đúng cấu trúc.")
    return value
