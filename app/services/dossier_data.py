"""What the forms are filled with, read from the database: the unit, the campaign, the
nominees, the meeting and the figures from the tally. Nothing is typed twice and nothing is
invented: what the database does not hold yet stays out, and the form prints "…" and lists it."""

from __future__ import annotations

from typing import Any

from app.core.campaign import Campaign
from app.core.document_numbers import printed_number
from app.core.entities import Award, Candidate, CandidateKind, Organisation
from app.core.meeting import Meeting, VotingMode, vote_outcome
from app.core.regime import merged_bases
from app.core.tally import rate_text
from app.core.text import collation_key, format_count, format_date_long, format_date_short
from app.core.voting import VoteOutcome, share_rule_text, threshold_of
from app.documents.regimes import load_regime
from app.services.figures import UnitFigures, nominee_figures, unit_figures
from app.store.achievements import load_achievements
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.connection import Database
from app.store.dossier_settings import load_dossier_settings
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.store.people import load_collective, load_person


def present(**values: Any) -> dict[str, Any]:
    """Only the values the database has: an empty one must show as missing, not as blank."""
    return {key: value for key, value in values.items() if value not in ("", None, [])}


def dossier_data(db: Database, unit: UnitFigures | None = None) -> dict[str, Any]:
    """`unit`: the unit's figures when the caller has them already (they are the slow part)."""
    organisation = unit_organisation(db)
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    definition = campaign.definition
    regime = load_regime(campaign.legal_regime)  # its statutory bases open the Tờ trình
    recipients = definition.get("recipients", {})
    data: dict[str, Any] = {
        "dot": present(
            ten=campaign.name,
            hinh_thuc=campaign.award_title,
            nguoi_quyet_dinh=definition.get("awarding_authority"),
            kinh_gui=recipients.get("proposal_to"),
            noi_gui_ho_so=recipients.get("via"),
            ke_hoach=definition.get("plan_reference"),
            can_cu=merged_bases(regime, definition.get("legal_bases", [])),
        ),
        "to_trinh": {},  # the numbers and date come from the Hồ sơ page, once there is a unit
    }
    if organisation is None:
        return data
    data["don_vi"] = present(
        co_quan_cap_tren=organisation.parent_agency,
        ten=organisation.name,
        viet_tat=organisation.abbreviation,
        dia_danh=organisation.place_name,
    )
    data["nguoi_ky"] = present(
        tham_quyen=organisation.signer_authority,
        chuc_vu=organisation.signer_position,
        ho_ten=organisation.signer_name,
    )
    numbers = load_dossier_settings(db, organisation.id, campaign_id)
    data["to_trinh"] = present(
        so=printed_number(numbers.to_trinh_number),
        ngay=format_date_long(numbers.to_trinh_date) if numbers.to_trinh_date else None,
    )
    if numbers.bien_ban_number:  # absent, the Biên bản lists "số Biên bản" as missing
        data["bien_ban"] = {"so": printed_number(numbers.bien_ban_number)}
    if unit is None:
        unit = unit_figures(db, organisation.id, campaign_id, campaign)
    data["so_lieu"] = figure_facts(unit)
    candidates = load_candidates(db, campaign_id)
    nominees = [c for c in candidates if c.nominated]
    counts = [
        f"{n:02d} {kind.label.lower()}"
        for kind in (CandidateKind.COLLECTIVE, CandidateKind.INDIVIDUAL)
        if (n := sum(1 for c in nominees if c.kind is kind))
    ]
    if counts:
        data["so_luong"] = " và ".join(counts)  # "01 tập thể và 02 cá nhân"
    meeting = load_meeting(db, campaign_id, organisation.id)
    outcome = vote_outcome(meeting, candidates, campaign)
    votes = {
        r.candidate_id: f"{outcome.votes_text(r)} ({r.percent_text})"
        for r in (outcome.results if outcome else ())
    }
    if meeting is not None:
        data["hop_xet"] = _meeting(meeting, outcome, nominees, campaign)
    collectives = [c for c in nominees if c.kind is CandidateKind.COLLECTIVE]
    individuals = [c for c in nominees if c.kind is CandidateKind.INDIVIDUAL]
    figures = {
        c.id: _facts(nominee_figures(db, c, unit, organisation.id, campaign_id, campaign))
        for c in nominees
    }
    data["danh_sach"] = {
        key: [_row(db, c, votes, organisation, figures[c.id]) for c in group]
        for key, group in (("tap_the", collectives), ("ca_nhan", individuals))
    }
    data["bao_cao"] = [
        {**_subject(db, c, organisation), **_common(db, c, campaign, figures)}
        for c in collectives + individuals
    ]
    if campaign.scoring is not None:  # a campaign that ranks by points: its Bảng
        from app.services.scores import score_tables, unit_scores  # the engine: only then

        scored = unit_scores(db, organisation.id, unit)
        if scored is not None and scored[1]:
            data["cham_diem"] = score_tables(scored[1])
    return data


def figure_facts(unit: UnitFigures) -> dict[str, Any]:
    """The tally's figures as the documents write them; none at all before a register or
    declared totals exist (zeros would be invented results)."""
    if not unit.has_petitions:
        return {}
    f = unit.figures
    r, kntc = f.resolution, f.resolution_kntc
    facts: dict[str, Any] = {
        "tu_khai": f.declared,
        "tu_ngay": format_date_short(f.period_from),
        "den_ngay": format_date_short(f.period_to),
        "ky_truoc": format_count(r.carried_over),
        "moi": format_count(r.new),
        "tong_so": format_count(r.denominator),
        "da_giai_quyet": format_count(r.resolved),
        "ty_le": rate_text(r.rate),
        "dung_han": format_count(r.on_time),
        "ty_le_dung_han": rate_text(r.on_time_rate),
        "kntc_tong_so": format_count(kntc.denominator),
        "kntc_da_giai_quyet": format_count(kntc.resolved),
        "kntc_ty_le": rate_text(kntc.rate),
        "don_nhan": format_count(f.received),
        "don_xu_ly": format_count(f.processed),
        "ty_le_xu_ly": rate_text(f.processing_rate),
    }
    if unit.has_receptions:
        sessions = unit.tally.reception
        facts["tiep"] = {
            "luot": format_count(len(sessions.sessions)),
            "nguoi": format_count(sessions.people),
            "vu_viec": format_count(sessions.cases),
            "doan_dong_nguoi": format_count(len(sessions.mass_delegations)),
            "lanh_dao_ngay": format_count(sum(len(p.days) for p in unit.leader_reception)),
            "lanh_dao_dat": all(p.meets_minimum for p in unit.leader_reception),
        }
    return facts


def _meeting(
    meeting: Meeting, outcome: VoteOutcome | None, nominees: list[Candidate], campaign: Campaign
) -> dict:
    """The Biên bản's facts: when, where, who, the attendance and the quorum, the rules, the
    vote and its result, and why each candidate is or is not proposed."""
    start, end = meeting.started_at, meeting.ended_at
    absent = [m for m in meeting.members if not m.present]
    secret = meeting.voting_mode is VotingMode.SECRET_BALLOT
    facts = present(
        ngay=format_date_short(start.date()) if start else None,
        gio=f"{start:%H}" if start else None,
        phut=f"{start:%M}" if start else None,
        ngay_dai=format_date_long(start.date()) if start else None,
        gio_ket_thuc=f"{end:%H} giờ {end:%M} phút" if end else None,
        dia_diem=meeting.place,
        chu_tri=meeting.chair_name,
        thu_ky=meeting.secretary_name,
        tong_so=str(meeting.total_members) if meeting.total_members else None,
        co_mat=str(meeting.present),  # counts in a sentence: plain numbers, as a clerk writes
        vang=str(len(absent)),
        hinh_thuc="bỏ phiếu kín" if secret else "biểu quyết giơ tay",
        de_nghi=", ".join(c.name for c in nominees),
    )
    facts["bo_phieu_kin"] = secret
    facts["thanh_vien"] = [{"ten": m.name, "vai_tro": m.role} for m in meeting.members if m.present]
    facts["vang_mat"] = [
        present(ten=m.name, ly_do=m.absence_reason, y_kien=m.written_opinion) for m in absent
    ]
    rule = campaign.vote
    # what a share of the votes is of, as a table header names it
    facts["co_so"] = (
        "tổng số thành viên" if not rule.of_present
        else "số dự họp và ý kiến bằng văn bản" if rule.written_opinions
        else "số thành viên dự họp"
    )  # fmt: skip
    facts["nguyen_tac"] = (
        "Đối tượng được đề nghị phải được "
        f"{share_rule_text(rule.threshold, rule.threshold_strict, threshold_of(rule))}"
        f" đồng ý; mỗi đơn vị đề nghị không quá {campaign.quota_per_unit:02d} tập thể hoặc cá "
        "nhân."
    )
    if outcome is not None:
        total = outcome.total_members
        written = (
            f" Ý kiến bằng văn bản của {outcome.written} thành viên vắng mặt được tính vào số "
            "phiếu theo quy chế của Hội đồng." if outcome.written else ""
        )  # fmt: skip
        facts["dieu_kien"] = (
            f"Số thành viên có mặt {outcome.present}/{total}, "
            f"{'đạt' if outcome.quorum_met else 'không đạt'} yêu cầu có mặt "
            f"{share_rule_text(rule.quorum, rule.quorum_strict, 'tổng số thành viên')}: cuộc "
            f"họp {'đủ' if outcome.quorum_met else 'không đủ'} điều kiện tiến hành.{written}"
        )
        facts["ly_do"] = _not_proposed(outcome, nominees, campaign.quota_per_unit)
        facts["ket_qua"] = [
            {"ten": r.name, "phieu": outcome.votes_text(r),
             "ty_le": r.percent_text, "dat": r.verdict}
            for r in outcome.results
        ]  # fmt: skip
    if secret:
        facts["kiem_phieu"] = _ballot_count(meeting, outcome)
    return facts


def _not_proposed(outcome: VoteOutcome, nominees: list[Candidate], quota: int) -> list[str]:
    """Why each candidate voted on and not proposed is not: below the threshold, or past the
    unit's quota (naming who is proposed, and with how many votes, when that one had fewer)."""
    chosen = {c.id for c in nominees}
    votes = {r.candidate_id: r.votes for r in outcome.results}
    proposed = ", ".join(f"{c.name} ({votes.get(c.id, 0)} phiếu)" for c in nominees)
    reasons = []
    for r in outcome.results:
        if r.candidate_id in chosen:
            continue
        got = f"{r.name} được {outcome.votes_text(r)} phiếu ({r.percent_text})"
        if not r.meets_threshold:
            reasons.append(f"{got}, không đạt tỷ lệ nên không được đề nghị.")
            continue
        fewer = any(votes.get(c, 0) < r.votes for c in chosen)
        reasons.append(
            f"{got}, đạt tỷ lệ nhưng không được đề nghị vì chỉ tiêu của đơn vị là {quota:02d}; "
            f"Hội đồng đề nghị {proposed}" + (" dù ít phiếu hơn." if fewer else ".")
        )
    return reasons


def _ballot_count(meeting: Meeting, outcome: VoteOutcome | None) -> dict[str, Any]:
    """The Biên bản kiểm phiếu: the counting committee, the ballots, the votes high to low."""
    committee = [m for m in meeting.members if m.ballot_role]
    heads = [m.name for m in committee if m.ballot_role.casefold() == "trưởng ban"]
    counts = {
        "phat_ra": meeting.ballots_issued,
        "thu_vao": meeting.ballots_returned,
        "hop_le": meeting.ballots_valid,
        "khong_hop_le": meeting.ballots_invalid,
    }
    facts = present(
        **{key: str(value) for key, value in counts.items() if value is not None},
        truong_ban=heads[0] if heads else None,
        thanh_vien_ky=[m.name for m in committee if m.name not in heads[:1]],
    )
    facts["ban"] = [{"ten": m.name, "vai_tro": m.ballot_role} for m in committee]
    if outcome is not None:
        if outcome.written:  # counted with the ballots by the council's rule
            facts["y_kien_van_ban"] = str(outcome.written)
        ranked = sorted(outcome.results, key=lambda r: (-r.votes, collation_key(r.name)))
        facts["ket_qua"] = [
            {"ten": r.name, "phieu": str(r.votes), "ty_le": r.percent_text} for r in ranked
        ]
    return facts


def _common(
    db: Database, candidate: Candidate, campaign: Campaign, figures: dict[int, dict]
) -> dict[str, Any]:
    """What both Mẫu 08 reports hold: the unit's text under each of the campaign's criteria in
    the campaign's order, and the figures of the nominee's own work."""
    texts = load_achievements(db, candidate.id)
    return {
        "thanh_tich": [
            {"tieu_chi": c.title, **present(noi_dung=texts.get(c.id))} for c in campaign.criteria
        ],
        **present(so_lieu=figures[candidate.id] or None),
    }


def candidate_facts(
    db: Database, candidate: Candidate, campaign: Campaign, unit_id: int, campaign_id: int
) -> dict[str, Any]:
    """The figures of a candidate's own work as the documents write them (see
    `nominee_figures`)."""
    unit = unit_figures(db, unit_id, campaign_id, campaign)
    return _facts(nominee_figures(db, candidate, unit, unit_id, campaign_id, campaign))


def _facts(figures: UnitFigures | None) -> dict[str, Any]:
    return figure_facts(figures) if figures is not None else {}


def _awards(awards: tuple[Award, ...]) -> list[dict[str, Any]]:
    return [present(nam=a.year, hinh_thuc=a.title, quyet_dinh=a.decision) for a in awards]


def _subject(db: Database, candidate: Candidate, organisation: Organisation) -> dict[str, Any]:
    """Part I of a Mẫu 08: who the collective or the person is."""
    assert candidate.subject_id is not None
    if candidate.kind is CandidateKind.COLLECTIVE:
        collective = load_collective(db, candidate.subject_id)
        return present(
            tap_the=True,
            ten=collective.name,
            tru_so=organisation.address,
            dien_thoai=organisation.phone,
            email=organisation.email,
            so_thanh_vien=f"{len(collective.members):02d}" if collective.members else None,
            thanh_vien=", ".join(m.full_name for m in collective.members),
            chuc_nang=collective.duties,
            thu_truong=next(
                (m.full_name for m in collective.members if m.id == collective.head_id), None
            ),
            khen_thuong=_awards(collective.awards),
        )
    person = load_person(db, candidate.subject_id)
    return present(
        ten=person.full_name,
        ngay_sinh=format_date_short(person.birth_date) if person.birth_date else None,
        gioi_tinh=person.gender,
        que_quan=person.hometown,
        noi_o=person.residence,
        don_vi=organisation.name,
        chuc_vu=person.all_positions,
        trinh_do=person.qualification,
        khen_thuong=_awards(person.awards),
    )


def _row(
    db: Database,
    candidate: Candidate,
    votes: dict[int, str],
    organisation: Organisation,
    figures: dict[str, Any],
) -> dict[str, Any]:
    """One line of the danh sách: who, the summary of achievements the unit wrote, and the
    key figures of the nominee's work."""
    texts = [t for t in load_achievements(db, candidate.id).values() if t]
    row = present(
        ten=candidate.name,
        tom_tat=" ".join(texts[:2]),
        phieu=votes.get(candidate.id),
        so_lieu=figures or None,
    )
    if candidate.kind is CandidateKind.INDIVIDUAL and candidate.subject_id is not None:
        person = load_person(db, candidate.subject_id)
        row.update(
            present(
                nam_sinh=person.birth_date.year if person.birth_date else None,
                gioi_tinh=person.gender,
                chuc_vu=", ".join(p for p in (person.position, organisation.name) if p),
            )
        )
    return row
