"""What the forms are filled with, read from the database: the unit, the campaign, the
nominees, the meeting. Nothing is typed twice and nothing is invented: what the database does
not hold yet stays out, and the form prints "…" and lists it."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app.core.entities import Candidate, CandidateKind
from app.core.meeting import Meeting, meeting_outcome
from app.core.text import format_date_long, format_date_short
from app.core.voting import VoteError, VoteOutcome
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.people import load_person, unit_organisation
from app.store.review import load_achievements, load_candidates, load_meeting


def _present(**values: Any) -> dict[str, Any]:
    """Only the values the database has: an empty one must show as missing, not as blank."""
    return {key: value for key, value in values.items() if value not in ("", None, [])}


def dossier_data(db: Database) -> dict[str, Any]:
    organisation = unit_organisation(db)
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    definition = campaign.definition
    recipients = definition.get("recipients", {})
    data: dict[str, Any] = {
        "dot": _present(
            ten=campaign.name,
            hinh_thuc=campaign.award_title,
            nguoi_quyet_dinh=definition.get("awarding_authority"),
            kinh_gui=recipients.get("proposal_to"),
            noi_gui_ho_so=recipients.get("via"),
            ke_hoach=definition.get("plan_reference"),
            can_cu=definition.get("legal_bases"),
        ),
        # document numbers and dates are the dossier page's (issue 6): not held yet
        "to_trinh": {},
    }
    if organisation is None:
        return data
    data["don_vi"] = _present(
        co_quan_cap_tren=organisation.parent_agency,
        ten=organisation.name,
        viet_tat=organisation.abbreviation,
        dia_danh=organisation.place_name,
    )
    data["nguoi_ky"] = _present(
        tham_quyen=organisation.signer_authority,
        chuc_vu=organisation.signer_position,
        ho_ten=organisation.signer_name,
    )
    nominees = [c for c in load_candidates(db, campaign_id) if c.nominated]
    if nominees:
        kinds = {c.kind.label.lower() for c in nominees}
        data["so_luong"] = f"{len(nominees):02d} {' và '.join(sorted(kinds))}"
    meeting = load_meeting(db, campaign_id, organisation.id)
    if meeting is not None and meeting.started_at is not None:
        data["hop_xet"] = {"ngay": format_date_short(meeting.started_at.date())}
    votes = {}
    if meeting is not None:
        candidates = load_candidates(db, campaign_id)
        try:
            outcome = meeting_outcome(meeting, candidates, campaign)
        except VoteError:
            outcome = None  # impossible figures: the Tổng quan page says why; nothing printed
        if outcome is not None:
            votes = {
                r.candidate_id: f"{r.votes}/{outcome.total_members} ({r.percent_text})"
                for r in outcome.results
            }
        data["hop_xet"] = {**data.get("hop_xet", {}), **_meeting(meeting, outcome, nominees)}
    data["danh_sach"] = {
        "tap_the": [_row(db, c, votes) for c in nominees if c.kind is CandidateKind.COLLECTIVE],
        "ca_nhan": [_row(db, c, votes) for c in nominees if c.kind is CandidateKind.INDIVIDUAL],
    }
    return data


def _meeting(meeting: Meeting, outcome: VoteOutcome | None, nominees: list[Candidate]) -> dict:
    """The Biên bản's facts: when, where, who, the attendance, the vote and its result."""
    start, end = meeting.started_at, meeting.ended_at
    absent = [m for m in meeting.members if not m.present]
    facts = _present(
        gio=f"{start:%H}" if start else None,
        phut=f"{start:%M}" if start else None,
        ngay_dai=format_date_long(start.date()) if start else None,
        gio_ket_thuc=f"{end:%H} giờ {end:%M}" if end else None,
        dia_diem=meeting.place,
        chu_tri=meeting.chair_name,
        thu_ky=meeting.secretary_name,
        tong_so=f"{meeting.total_members:02d}" if meeting.total_members else None,
        co_mat=f"{meeting.present:02d}",
        vang=f"{len(absent):02d}",
        hinh_thuc=meeting.voting_mode.label.lower(),
        de_nghi=", ".join(c.name for c in nominees),
    )
    facts["thanh_vien"] = [{"ten": m.name, "vai_tro": m.role} for m in meeting.members if m.present]
    facts["vang_mat"] = [
        _present(ten=m.name, ly_do=m.absence_reason, y_kien=m.written_opinion) for m in absent
    ]
    if outcome is not None:
        facts["ket_qua"] = [
            {"ten": r.name, "phieu": f"{r.votes}/{outcome.total_members}",
             "ty_le": r.percent_text, "dat": "Đạt" if r.meets_threshold else "Không đạt"}
            for r in outcome.results
        ]  # fmt: skip
    return facts


def _row(db: Database, candidate: Candidate, votes: dict[int, str]) -> dict[str, Any]:
    """One line of the danh sách: who, and the summary of achievements the unit wrote."""
    texts = [t for t in load_achievements(db, candidate.id).values() if t]
    row = _present(ten=candidate.name, tom_tat=" ".join(texts[:2]), phieu=votes.get(candidate.id))
    if candidate.kind is CandidateKind.INDIVIDUAL and candidate.subject_id is not None:
        person = load_person(db, candidate.subject_id)
        row.update(
            _present(
                nam_sinh=person.birth_date.year if person.birth_date else None,
                gioi_tinh=person.gender,
                chuc_vu=person.position,
            )
        )
    return row
