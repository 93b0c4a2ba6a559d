"""The Inspectorate's inbox, as tasks: receive packages (verified, then filed: one bad file in a
batch never stops the others; a key change is left for an officer to decide), appraise a
nominee, choose the shortlist within the campaign's quotas, read a stored package's documents
again. The rules are core/inbox.py's; the store keeps the inbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.inbox import (
    Appraisal,
    InboxError,
    InboxNominee,
    KeyChanged,
    ReceivedPackage,
    check_choice,
    checked_appraisal,
    proposal,
)
from app.exchange.package import Verification, read_package_bytes, verify_package
from app.exchange.package_errors import PackageError
from app.store.connection import Database
from app.store.inbox import (
    Imported,
    consolidated,
    file_package,
    load_nominee,
    load_package,
    package_content,
    set_appraisal,
    set_late_accepted,
    set_shortlisted,
    set_withdrawn,
    shortlisted_count,
    shortlisted_names,
)


def import_package(
    db: Database,
    content: bytes,
    file_name: str,
    campaign: Campaign,
    accept_new_key: bool = False,
    verified: Verification | None = None,
) -> Imported:
    """Verify and file one received package; a refusal (InboxError, KeyChanged) leaves the
    inbox as it was. `verified`: the result of verifying `content` already (a background job
    verifies while the UI thread files)."""
    result = verified or verify_package(content, file_name, campaign.code)
    if not result.ok:
        raise InboxError(f"{file_name}: " + " ".join(result.problems))
    assert result.data is not None and result.public_key is not None
    assert result.package_id is not None and result.unit_key is not None
    received = ReceivedPackage(content, file_name, result.package_id, result.data,
                               result.public_key, result.unit_key, result.late,
                               frozenset(result.files))  # fmt: skip
    return file_package(db, received, campaign.code, accept_new_key)


class FileOutcome(Struct, frozen=True):
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


def appraise(db: Database, nominee_id: int, status: Appraisal | None, reason: str = "") -> None:
    reason = checked_appraisal(load_nominee(db, nominee_id), status, reason)
    set_appraisal(db, nominee_id, status, reason)


def shortlist(db: Database, nominee_id: int, campaign: Campaign, chosen: bool = True) -> None:
    """Put a nominee on (or take it off) the shortlist; refused, with the reason, beyond the
    campaign's quota, for a nominee not appraised đạt, or of a superseded package."""
    nominee = load_nominee(db, nominee_id)
    if chosen and not nominee.shortlisted:
        taken = shortlisted_count(db, nominee.kind, campaign.code)
        package = load_package(db, nominee.package)
        taking_part = consolidated(db, campaign.code) if campaign.scoring else ()
        check_choice(nominee, None if package.in_use else package.state, taken, campaign,
                     taking_part)  # fmt: skip
    set_shortlisted(db, nominee_id, chosen)


def withdraw(db: Database, package: int, reason: str) -> None:
    """Hide a received package from the table, the shortlist and the report, with the reason;
    it stays in the history (and its unit's receipt says it was withdrawn)."""
    reason = " ".join(reason.split())
    if not reason:
        raise InboxError("Hãy ghi lý do rút gói (lý do được lưu và ghi trong giấy biên nhận).")
    set_withdrawn(db, package, reason)


def reinstate(db: Database, package: int) -> None:
    """Take a withdrawn package back into use."""
    set_withdrawn(db, package, None)


def accept_late(db: Database, package: int, reason: str) -> None:
    """Accept a package sent after the deadline, with the reason (the plan counts a late
    dossier as no proposal unless the Inspectorate decides otherwise): its nominees may then
    be shortlisted."""
    stored = load_package(db, package)
    reason = " ".join(reason.split())
    if not stored.late:
        raise InboxError(f"Gói số {package} nộp đúng hạn: không cần chấp nhận nộp muộn.")
    if stored.late_accepted:
        raise InboxError(f"Gói số {package} đã được chấp nhận nộp muộn ({stored.late_accepted}).")
    if not reason:
        raise InboxError(
            "Hãy ghi lý do chấp nhận hồ sơ nộp muộn (lý do được lưu và in trong danh sách)."
        )
    set_late_accepted(db, package, reason)


def refuse_late(db: Database, package: int) -> None:
    """Take back the acceptance of a late package; refused while one of its nominees is on
    the shortlist (take it off first, as a changed appraisal must)."""
    stored = load_package(db, package)
    if not stored.late_accepted:
        raise InboxError(f"Gói số {package} chưa được chấp nhận nộp muộn.")
    chosen = shortlisted_names(db, package)
    if chosen:
        raise InboxError(
            f"Bỏ {', '.join(chosen)} khỏi danh sách chọn trước khi bỏ chấp nhận nộp muộn."
        )
    set_late_accepted(db, package, None)


def propose_shortlist(db: Database, campaign: Campaign) -> list[InboxNominee]:
    """Fill the free places of each quota with the best-ranked nominees appraised đạt; those
    chosen are returned. Nobody already chosen is removed."""
    added = proposal(consolidated(db, campaign.code), campaign)
    for nominee in added:
        shortlist(db, nominee.id, campaign)
    return added


def package_files(db: Database, package: int) -> dict[str, bytes]:
    """The documents of a stored package, verified again (they are read from its bytes)."""
    result = verify_package(package_content(db, package))
    if not result.ok:
        raise PackageError(" ".join(result.problems))
    return {n: b for n, b in result.files.items() if n.startswith(("van-ban/", "ban-ky/"))}
