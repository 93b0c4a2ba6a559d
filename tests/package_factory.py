"""Packages of many fictional units for the inbox tests and benchmarks: the demo ward's real
export (built once per process) is the template; each variant gets its own unit name, key,
nominees and figures, and is signed and written by the app's own `write_package`."""

from __future__ import annotations

import copy
import tempfile
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from msgspec import Struct

from app.core.fingerprint import fingerprint
from app.exchange.package import write_package
from app.services.package import package_data

CREATED = datetime(2025, 11, 1, 8, 30, tzinfo=UTC)  # before the demo campaign's deadline


@cache
def demo_parts() -> tuple[dict[str, Any], dict[str, bytes]]:
    """data.json's content and the files of the demo ward's package (one build per process)."""
    from app.services.demo import create_demo
    from app.services.dossier import build_and_store

    with tempfile.TemporaryDirectory(prefix="thidua-factory-") as folder:
        path = Path(folder) / "demo.sqlite"
        store = create_demo(path)
        try:
            build_and_store(store.db, date.today())
            return package_data(store.db, CREATED)
        finally:
            store.close()


class Nominee(Struct, frozen=True):
    kind: str  # "collective" | "individual"
    name: str
    resolved: int = 30
    cases: int = 31
    votes: int = 7
    members: int = 9
    eligibility: str = "pass"
    birth_year: int | None = 1985  # an individual's, as the unit prints it; None: not printed
    gender: str = "Nữ"
    # its self-assessment in a campaign that ranks by points: data.json's "scores" entry
    # without kind and name; each line's "evidence" file is put into the package
    score: dict[str, Any] | None = None


def _resolution(template: dict[str, Any], n: Nominee) -> dict[str, Any]:
    """The demo's counts reshaped to `n`'s, as a register could give them (the verify step
    refuses figures that cannot be true)."""
    carried = min(template["carried_over"], n.cases)
    on_time = min(template["on_time"], n.resolved)
    return {**template, "carried_over": carried, "new": n.cases - carried,
            "denominator": n.cases, "resolved": n.resolved, "on_time": on_time}  # fmt: skip


def unit_package(
    target: Path,
    unit: str,
    nominees: list[Nominee],
    key: Ed25519PrivateKey | None = None,
    created: datetime = CREATED,
    campaign: str | None = None,
    small: bool = False,
    unit_fields: dict[str, Any] | None = None,
) -> Path:
    """A signed package of `unit` proposing `nominees`. `small`: the documents replaced by a
    few bytes each (the benchmark's 500 packages; the verification work per file is the same).
    `unit_fields`: data.json's `unit` entries to write instead (a forger's)."""
    content, files = demo_parts()
    content = copy.deepcopy(content)
    key = key or Ed25519PrivateKey.generate()
    content["unit"]["ten"] = unit
    content["unit"]["key"] = fingerprint(key.public_key().public_bytes_raw())
    content["unit"].update(unit_fields or {})
    content["created_at"] = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if campaign is not None:
        content["campaign"]["code"] = campaign
    template = content["assessment"][0]
    content["assessment"] = [
        {
            **copy.deepcopy(template),
            "kind": n.kind,
            "name": n.name,
            "votes": n.votes,
            "members": n.members,
            "present": n.members,  # everyone came: any vote count up to the members can be true
            "eligibility": {"status": n.eligibility, "checks": []},
            "figures": {
                **template["figures"],
                "resolution": _resolution(template["figures"]["resolution"], n),
            },
        }
        for n in nominees
    ]
    content["nominees"] = {
        group: [_printed(n) for n in nominees if n.kind == kind]
        for group, kind in (("tap_the", "collective"), ("ca_nhan", "individual"))
    }
    if small:
        files = {name: name.encode() for name in files}
    scored = [n for n in nominees if n.score is not None]
    if scored:
        files = dict(files)
        content["scores"] = copy.deepcopy([{"kind": n.kind, "name": n.name, **n.score}
                                           for n in scored])  # fmt: skip
        lines = [line for entry in content["scores"] if isinstance(entry.get("lines"), list)
                 for line in entry["lines"] if isinstance(line, dict)]  # fmt: skip
        for line in lines:  # any shape a test gives: only a named file is put in
            # "in_package": False names a file the package does not carry (a forger's claim)
            if isinstance(line.get("evidence"), str) and line.pop("in_package", True):
                files[line["evidence"]] = b"%PDF-1.4\n% " + line["evidence"].encode() + b"\n"
        content["documents"] = sorted(files)
    write_package(content, files, key, target)
    return target


def _printed(n: Nominee) -> dict[str, Any]:
    """The nominee's row of the unit's danh sách, as services.dossier_data writes it."""
    row: dict[str, Any] = {"ten": n.name, "tom_tat": f"Thành tích của {n.name}.",
                           "phieu": f"{n.votes}/9"}  # fmt: skip
    if n.kind == "individual" and n.birth_year is not None:
        row.update(nam_sinh=n.birth_year, gioi_tinh=n.gender)
    return row


def receipt_of(db, package: int, campaign_code: str) -> tuple[str, bytes]:
    """The Inspectorate's receipt (file name, bytes) for one inbox package."""
    from app.services.receipts import receipts
    from app.store.inbox import packages

    (chosen,) = [p for p in packages(db, campaign_code) if p.id == package]
    return receipts(db, campaign_code, [chosen])[0]
