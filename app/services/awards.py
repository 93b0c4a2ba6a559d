"""After the decision is signed: who it awards (the Inspectorate's shortlist, or the nominees a
unit's own council proposed), its record in the Sổ vàng, and the Giấy khen certificates printed
from that record — on plain paper, on pre-printed blanks, or the alignment page first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.core.document_numbers import field_problem, printed_number
from app.core.entities import CandidateKind
from app.core.meeting import vote_outcome
from app.core.regime import award_money
from app.core.text import collation_key, format_date_long, format_date_short, nfc
from app.documents.certificates import CertificateSet, PrintMode, fill_certificates
from app.documents.dossier import FORMATS
from app.documents.errors import FormError
from app.documents.regimes import load_regime
from app.errors import UserError
from app.services.dossier_check import regime_review
from app.services.dossier_data import present
from app.store.awards_register import (
    IssuedAward,
    load_register,
    next_book_number,
    record_awards,
    recorded_on,
)
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.inbox import consolidated
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.store.people import load_person
from app.store.role import INSPECTORATE, role


class AwardsError(UserError):
    """A decision that cannot be recorded, or certificates that cannot be printed."""


@dataclass(frozen=True)
class Awardee:
    name: str
    kind: str  # "collective" | "individual"
    position: str  # an individual's chức vụ, đơn vị
    unit: str
    person_id: int | None = None
    collective_id: int | None = None


def awardees(db: Database) -> list[Awardee]:
    """Whom the campaign's decision awards: the Inspectorate's shortlist, or the nominees the
    unit's council proposed (a commune awarding its own, or recording its superior's award)."""
    campaign = load_campaign(db, active_campaign_id(db))
    if role(db) == INSPECTORATE:
        chosen = [
            Awardee(n.name, n.kind, str(n.printed.get("chuc_vu") or n.unit), n.unit)
            for n in consolidated(db, campaign.code) if n.shortlisted
        ]  # fmt: skip
    else:
        chosen = _proposed(db)
    chosen.sort(key=lambda a: (a.kind != "collective", collation_key(a.name)))
    return chosen


def _proposed(db: Database) -> list[Awardee]:
    organisation = unit_organisation(db)
    if organisation is None:
        return []
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    candidates = load_candidates(db, campaign_id)
    outcome = vote_outcome(load_meeting(db, campaign_id, organisation.id), candidates, campaign)
    elected = set(outcome.elected) if outcome else set()
    chosen = []
    for c in candidates:
        if c.id not in elected or c.subject_id is None:
            continue
        if c.kind is CandidateKind.COLLECTIVE:
            chosen.append(Awardee(c.name, "collective", "", organisation.name,
                                  collective_id=c.subject_id))  # fmt: skip
            continue
        person = load_person(db, c.subject_id)
        position = ", ".join(p for p in (person.position, organisation.name) if p)
        chosen.append(Awardee(c.name, "individual", position, organisation.name, c.subject_id))
    return chosen


def record_decision(
    db: Database, number: str, signed_on: date, today: date, names: list[str] | None = None,
    first_book_number: int | None = None, symbol: str | None = None,
) -> tuple[list[IssuedAward], list[str]]:  # fmt: skip
    """Writes the signed decision `number` of `signed_on` into the Sổ vàng, one numbered row per
    awardee (only those `names`, when given), and into the unit's own prior awards; returns the
    rows and what the regime check flags. `symbol`: the number's "QĐ-…" as signed, else the
    campaign's awarding body's abbreviation makes it. Refused, with nothing written, for a
    decision recorded already, dated after `today`, or awarding no one."""
    problem = field_problem("to_trinh_number", number) if number else "chưa nhập số."
    if problem:
        raise AwardsError(f"Số Quyết định “{number}”: {problem}")
    if signed_on > today:
        raise AwardsError(
            f"Ngày ký Quyết định {format_date_short(signed_on)} sau hôm nay: chỉ ghi vào Sổ vàng "
            "Quyết định đã ký."
        )
    number = printed_number(number) or number
    when = recorded_on(db, number, signed_on)
    if when:
        raise AwardsError(
            f"Quyết định số {number} ngày {format_date_short(signed_on)} đã được ghi vào Sổ vàng "
            f"lúc {when}."
        )
    chosen = _named(awardees(db), names)
    booked = {(r.recipient, r.unit): r for r in campaign_register(db)}
    twice = [booked[(a.name, a.unit)] for a in chosen if (a.name, a.unit) in booked]
    if twice:  # one campaign's award is given once
        raise AwardsError(
            "Đã có trong Sổ vàng của đợt thi đua: "
            + "; ".join(f"{r.recipient} (Quyết định số {r.printed_number}, số sổ vàng "
                        f"{r.book_number:02d})" for r in twice)
            + ". Chỉ ghi những người chưa có (chọn theo tên)."
        )  # fmt: skip
    campaign = load_campaign(db, active_campaign_id(db))
    definition = campaign.definition
    regime = load_regime(campaign.legal_regime)
    award = " ".join(campaign.award_title.split()[:2])  # "Giấy khen", "Bằng khen"
    abbreviation = str(definition.get("awarding_abbreviation") or "")
    if symbol is None:
        symbol = f"QĐ-{abbreviation}" if abbreviation else ""
    book = max(next_book_number(db), first_book_number or 1)
    rows = [
        IssuedAward(
            book_number=book + n, campaign_code=campaign.code, decision_number=number,
            decision_symbol=nfc(symbol.strip()),
            decision_date=signed_on, issuer=str(definition.get("awarding_authority") or ""),
            issuing_body=str(definition.get("awarding_body") or ""),
            signer_position=str(definition.get("awarding_position") or ""),
            signer_name=str(definition.get("awarding_signer") or ""),
            award=campaign.award_title, recipient=a.name, kind=a.kind, position=a.position,
            unit=a.unit, money=award_money(regime, award, a.kind, signed_on),
            person_id=a.person_id, collective_id=a.collective_id,
        )
        for n, a in enumerate(chosen)
    ]  # fmt: skip
    record_awards(db, rows)
    _, flagged, _ = regime_review(db, today, signed_on)
    return rows, flagged


def _named(chosen: list[Awardee], names: list[str] | None) -> list[Awardee]:
    if not chosen:
        raise AwardsError(
            "Chưa có ai để ghi vào Sổ vàng: Thanh tra chọn ở trang Hộp hồ sơ (lệnh inbox "
            "shortlist); đơn vị cần kết quả họp xét có đối tượng được đề nghị (trang Họp xét)."
        )
    if not names:
        return chosen
    by_name = {collation_key(nfc(a.name)): a for a in chosen}
    unknown = [n for n in names if collation_key(nfc(n)) not in by_name]
    if unknown:
        raise AwardsError(
            "Không có trong danh sách được đề nghị: " + ", ".join(unknown) + " (có: "
            + ", ".join(a.name for a in chosen) + ")."
        )  # fmt: skip
    wanted = {collation_key(nfc(n)) for n in names}
    return [a for a in chosen if collation_key(nfc(a.name)) in wanted]


def campaign_register(db: Database) -> list[IssuedAward]:
    """The Sổ vàng rows of the active campaign, in the book's order."""
    return load_register(db, load_campaign(db, active_campaign_id(db)).code)


def decision_awards(db: Database, number: str | None = None) -> list[IssuedAward]:
    """The Sổ vàng rows of one decision of the active campaign: `number`, else the latest."""
    rows = campaign_register(db)
    if not rows:
        raise AwardsError(
            "Chưa ghi Quyết định nào của đợt thi đua vào Sổ vàng: ghi trước (lệnh awards record "
            "hoặc nút Ghi sổ vàng) để Giấy khen in được số sổ vàng của từng người."
        )
    if number:
        wanted = printed_number(number)
        chosen = [r for r in rows if r.decision_number == wanted]
        if not chosen:
            known = ", ".join(dict.fromkeys(r.decision_number for r in rows))
            raise AwardsError(f"Sổ vàng không có Quyết định số {number} (có: {known}).")
        return chosen
    latest = max(rows, key=lambda r: (r.decision_date, r.recorded_at))
    return [
        r for r in rows
        if (r.decision_number, r.decision_date) == (latest.decision_number, latest.decision_date)
    ]  # fmt: skip


def certificate_set(db: Database, rows: list[IssuedAward]) -> CertificateSet:
    """The certificates of one decision's rows, filled from what the book recorded."""
    first = rows[0]
    organisation = unit_organisation(db)
    campaign = load_campaign(db, active_campaign_id(db))
    data: dict[str, Any] = {
        "dot": {"ten": campaign.name},
        "giay_khen": present(
            nguoi_tang=first.issuer, so_qd=first.printed_number, co_quan=first.issuing_body,
            ngay_qd=format_date_long(first.decision_date),
            ngay_qd_ngan=format_date_short(first.decision_date),
            dia_danh=organisation.place_name if organisation else None,
            chuc_vu=first.signer_position, nguoi_ky=first.signer_name,
        ),
    }  # fmt: skip
    people = [
        present(ten=r.recipient, tap_the=r.kind == "collective", chuc_vu=r.position,
                so_vang=f"{r.book_number:02d}")
        for r in rows
    ]  # fmt: skip
    return fill_certificates(campaign.legal_regime, data, people)


@dataclass(frozen=True)
class PrintedCertificates:
    files: tuple[Path, ...]
    count: int  # certificates (pages), one per awardee
    missing: tuple[str, ...]


def write_certificates(
    db: Database, out: Path, number: str | None = None, mode: PrintMode = PrintMode.PLAIN,
    offset_mm: tuple[float, float] = (0.0, 0.0), formats: tuple[str, ...] = FORMATS,
) -> PrintedCertificates:  # fmt: skip
    """The Giấy khen of one recorded decision into `out`: every page in one file per format
    (plain paper, or only what a pre-printed blank lacks), or the alignment page (PDF)."""
    from app.documents.certificate_docx import render_certificates_docx
    from app.documents.certificate_pdf import render_alignment_pdf, render_certificates_pdf

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    rows = decision_awards(db, number)
    certificates = certificate_set(db, rows)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{certificates.name}_QD_{re.sub(r'[^0-9A-Za-z]+', '_', rows[0].decision_number)}"
    if mode is PrintMode.ALIGN:
        target = out / f"{stem}_trang_can_chinh.pdf"
        return PrintedCertificates(
            (render_alignment_pdf(certificates, target, offset_mm),), 1, certificates.missing
        )
    if mode is PrintMode.BLANK:
        certificates, stem = certificates.on_blank(offset_mm), f"{stem}_in_len_phoi"
    render = {"docx": render_certificates_docx, "pdf": render_certificates_pdf}
    files = tuple(render[f](certificates, out / f"{stem}.{f}") for f in formats)
    return PrintedCertificates(files, len(certificates.pages), certificates.missing)
