"""The fictional demo ward (resources/demo/), written through the same repositories as real data."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.core.entities import Award, Collective, DisciplineRecord, Organisation, Person
from app.core.meeting import Meeting, MeetingMember, VotingMode
from app.exchange.register_import import PETITIONS, RECEPTIONS, RegisterKind, plan_import
from app.paths import resources_dir
from app.store.campaigns import DEMO_KEY, set_active_campaign, set_campaign_value, set_setting
from app.store.candidates import add_candidate, nominate
from app.store.database import Store, open_store
from app.store.errors import StoreError
from app.store.meeting import save_meeting
from app.store.organisation import save_unit_organisation
from app.store.people import save_collective, save_person
from app.store.register import save_import

DEMO_FILE = "phuong-hoa-sen.toml"


def _person(entry: dict[str, Any]) -> Person:
    return Person(
        id=None,
        full_name=entry["full_name"],
        birth_date=date.fromisoformat(entry["birth_date"]),
        gender=entry["gender"],
        position=entry["position"],
        hometown=entry.get("hometown", ""),
        residence=entry.get("residence", ""),
        qualification=entry.get("qualification", ""),
        party_position=entry.get("party_position", ""),
        mass_org_position=entry.get("mass_org_position", ""),
        ratings={int(y): r for y, r in entry.get("ratings", {}).items()},
        disciplines=tuple(
            DisciplineRecord(
                date.fromisoformat(d["decision_date"]),
                d["form"],
                d.get("reason", ""),
                d.get("decision_no", ""),
            )
            for d in entry.get("disciplines", [])
        ),
        awards=tuple(
            Award(a["year"], a["title"], a.get("decision", "")) for a in entry.get("awards", [])
        ),
    )


def _import_register(db, organisation_id: int, kind: RegisterKind, path: Path) -> None:
    """The demo's registers go in as a user's would: through the import, whole or not at all."""
    plan = plan_import(path, today=date(2025, 11, 1), kind=kind)
    if plan.rejected or not plan.certain:
        raise StoreError(f"Dữ liệu mẫu {path.name} không nhập được: {plan.rejected[:3]}")
    save_import(
        db, organisation_id, plan.records, file_name=path.name, sheet=plan.sheet, kind=kind.id
    )


def create_demo(path: Path, *, registers: bool = True) -> Store:
    """A new database at `path` holding the demo ward (with its two registers imported unless
    `registers` is false). Refuses to touch an existing file."""
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"Tệp {path} đã tồn tại; dữ liệu mẫu chỉ được tạo vào một tệp mới.")
    data = tomllib.loads((resources_dir() / "demo" / DEMO_FILE).read_text(encoding="utf-8"))
    store = open_store(path)
    db = store.db
    try:
        with db.atomic():
            (campaign_id,) = db.execute(
                "SELECT id FROM campaigns WHERE code = ?", [data["campaign"]]
            ).fetchone()
            set_active_campaign(db, campaign_id)
            org_id = save_unit_organisation(db, Organisation(id=0, **data["organisation"]))
            people = {p["key"]: save_person(db, org_id, _person(p)) for p in data["people"]}
            collectives = {
                c["key"]: save_collective(
                    db,
                    org_id,
                    Collective(
                        id=None,
                        name=c["name"],
                        members=tuple(Person(people[k], "") for k in c["members"]),
                        ratings={int(y): r for y, r in c.get("ratings", {}).items()},
                        duties=c.get("duties", ""),
                        head_id=people.get(c.get("head", "")),
                    ),
                )
                for c in data["collectives"]
            }
            candidates = {}
            for c in data["candidates"]:
                candidate_id = add_candidate(
                    db,
                    campaign_id,
                    person_id=people.get(c.get("person", "")),
                    collective_id=collectives.get(c.get("collective", "")),
                    declaration=c.get("declaration"),
                )
                candidates[c["key"]] = candidate_id
                db["achievements"].insert_all(
                    {"candidate_id": candidate_id, "criterion_id": k, "text": v}
                    for k, v in c.get("achievements", {}).items()
                )
            m = data["meeting"]
            meeting_id = save_meeting(
                db,
                campaign_id,
                org_id,
                Meeting(
                    id=None,
                    started_at=datetime.fromisoformat(m["started_at"]),
                    ended_at=datetime.fromisoformat(m["ended_at"]),
                    place=m["place"],
                    chair_name=m["chair_name"],
                    secretary_name=m["secretary_name"],
                    total_members=m["total_members"],
                    voting_mode=VotingMode(m["voting_mode"]),
                    members=tuple(
                        MeetingMember(
                            name=next(
                                p["full_name"] for p in data["people"] if p["key"] == mm["person"]
                            ),
                            role=mm.get("role", ""),
                            present=mm.get("present", True),
                            absence_reason=mm.get("absence_reason", ""),
                            written_opinion=mm.get("written_opinion", ""),
                            person_id=people[mm["person"]],
                            ballot_role=mm.get("ballot_role", ""),
                        )
                        for mm in m["members"]
                    ),
                    votes={candidates[k]: v for k, v in m["votes"].items()},
                    **{f"ballots_{k}": v for k, v in m.get("ballots", {}).items()},
                ),
            )
            for key in m["nominees"]:
                nominate(db, campaign_id, org_id, candidates[key], meeting_id)
            set_setting(db, DEMO_KEY, "1")
        for kind, file_name in (
            ()
            if not registers
            else (
                (PETITIONS, "so-theo-doi-don.csv"),
                (RECEPTIONS, "so-tiep-cong-dan.csv"),
            )
        ):
            _import_register(db, org_id, kind, resources_dir() / "demo" / file_name)
    except BaseException:
        store.close()
        raise
    return store


def create_inspectorate(path: Path) -> Store:
    """A new database for the Inspectorate's role (resources/demo/thanh-tra-thanh-pho.toml):
    its organisation and signer, the campaign, an empty inbox."""
    from app.store.role import INSPECTORATE, set_role

    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"Tệp {path} đã tồn tại; dữ liệu mẫu chỉ được tạo vào một tệp mới.")
    data = tomllib.loads(
        (resources_dir() / "demo" / "thanh-tra-thanh-pho.toml").read_text(encoding="utf-8")
    )
    store = open_store(path)
    db = store.db
    with db.atomic():
        (campaign_id,) = db.execute(
            "SELECT id FROM campaigns WHERE code = ?", [data["campaign"]]
        ).fetchone()
        set_active_campaign(db, campaign_id)
        for field, value in data.get("decision", {}).items():  # who issues its decision
            set_campaign_value(db, campaign_id, field, value)
        save_unit_organisation(db, Organisation(id=0, **data["organisation"]))
        set_role(db, INSPECTORATE)
    return store
