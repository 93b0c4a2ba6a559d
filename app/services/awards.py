"""After the decision is signed: who it awards (the Inspectorate's shortlist, or the nominees a
unit's own council proposed), its record in the Sổ vàng, and the Giấy khen certificates printed
from that record — on plain paper, on pre-printed blanks, or the alignment page first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from msgspec import Struct

from app.core.document_numbers import field_problem, printed_number
from app.core.entities import CandidateKind
from app.core.meeting import vote_outcome
from app.core.regime import award_money, expiry_problem
from app.core.text import (
    ascii_file_name,
    clean,
    collation_key,
    fold,
    format_count,
    format_date_long,
    format_date_short,
    format_vietnam_time,
    nfc,
)
from app.documents.certificates import CertificateSet, PlacedText, PrintMode, fill_certificates
from app.documents.dossier import FORMATS
from app.documents.errors import FormError
from app.documents.font_widths import refuse_missing_glyphs
from app.documents.regimes import load_regime
from app.errors import UserError
from app.services.dossier_data import present
from app.store.awards_register import (
    IssuedAward,
    load_register,
    next_book_number,
    record_awards,
    recorded_at,
    remove_decision,
)
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.connection import Database
from app.store.errors import StoreError
from app.store.inbox import consolidated
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.store.people import load_person
from app.store.role import INSPECTORATE, role

CERTIFIED_AWARD = "giấy khen"  # the award the certificate form prints
_SYMBOL = re.compile(r"QĐ-[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*")
# what the book keeps of the decision, from the campaign's settings
RECORDED_FIELDS = {"awarding_authority": "người quyết định khen thưởng",
                   "award_title": "hình thức khen thưởng",
                   "awarding_position": "chức vụ người ký Quyết định",
                   "awarding_signer": "họ tên người ký Quyết định"}  # fmt: skip
MAX_BOOK_NUMBER = 999_999
DECISION_IN_NAME = 20  # characters of a decision's number in its certificates' file names


class AwardsError(UserError):
    """A decision that cannot be recorded, or certificates that cannot be printed."""


class Awardee(Struct, frozen=True):
    name: str
    kind: str  # "collective" | "individual"
    position: str  # an individual's chức vụ, đơn vị
    unit: str
    person_id: int | None = None
    collective_id: int | None = None

    @property
    def identity(self) -> tuple[str, str, str, str]:  # as IssuedAward.identity
        return self.kind, self.name, self.position, self.unit

    @property
    def label(self) -> str:
        """How a list names the awardee: a namesake elsewhere is told by the unit."""
        return f"{self.name} ({self.unit})" if self.unit else self.name


def awardees(db: Database) -> list[Awardee]:
    """Whom the campaign's decision awards: the Inspectorate's shortlist, or the nominees the
    unit's council proposed (a commune awarding its own, or recording its superior's award)."""
    campaign = load_campaign(db, active_campaign_id(db))
    if role(db) == INSPECTORATE:
        chosen = [
            Awardee(n.name, n.kind, n.position, n.unit)
            for n in consolidated(db, campaign.code) if n.shortlisted
        ]  # fmt: skip
    else:
        chosen = _proposed(db)
    chosen.sort(
        key=lambda a: (a.kind != "collective", collation_key(a.name), collation_key(a.unit))
    )
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


def booked(db: Database) -> dict[tuple[str, str, str, str], IssuedAward]:
    """The campaign's awards in the book, by whom they went to."""
    return {r.identity: r for r in campaign_register(db)}


def decision_number(text: str) -> str:
    """A decision's number as the book keeps it: "45", "045" and "45/QĐ-TTr" are one number,
    "45" (two digits at least, Decree 30)."""
    number = clean(text).split("/")[0]
    digits = number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if digits.isdigit():
        number = str(int(digits)) + number[len(digits) :]
    return printed_number(number) or number


def _checked_number(number: str, symbol: str | None) -> str:
    number = clean(number)
    if "/" in number:
        raise AwardsError(
            f"Số Quyết định “{number}”: chỉ ghi số (ví dụ 45); ký hiệu như QĐ-TTr ghi riêng "
            "(--symbol)."
        )
    problem = field_problem("to_trinh_number", number) if number else "chưa nhập số."
    if not problem and not number.lstrip("0")[:1].isdigit():
        problem = "số văn bản bắt đầu từ 01."
    if problem:
        raise AwardsError(f"Số Quyết định “{number}”: {problem}")
    if symbol and not _SYMBOL.fullmatch(symbol):
        raise AwardsError(
            f"Ký hiệu “{symbol}” không đúng dạng: QĐ- rồi tên viết tắt của cơ quan ban hành, "
            "không dấu cách, ví dụ QĐ-UBND, QĐ-TTr."
        )
    return decision_number(number)


def default_symbol(db: Database) -> str:
    """The decision's "QĐ-…" as the campaign's awarding body writes it, "" when unknown."""
    definition = load_campaign(db, active_campaign_id(db)).definition
    abbreviation = clean(str(definition.get("awarding_abbreviation") or ""))
    return f"QĐ-{abbreviation}" if abbreviation else ""


def record_decision(
    db: Database, number: str, signed_on: date, today: date, names: list[str] | None = None,
    first_book_number: int | None = None, symbol: str | None = None,
    picked: list[Awardee] | None = None,
) -> tuple[list[IssuedAward], list[str]]:  # fmt: skip
    """Writes the signed decision `number` of `signed_on` into the Sổ vàng, one numbered row per
    awardee (only those `names`, when given), and into the unit's own prior awards; returns the
    rows and what is flagged (a regime ended by then, an award without its money). `picked`:
    the awardees ticked in the window, instead of `names`. `symbol`:
    the number's "QĐ-…" as signed, else the campaign's awarding body's abbreviation makes it.
    Refused, with nothing written, for a decision recorded already, dated after `today` or
    before the campaign, without its signer, or awarding no one or someone twice."""
    campaign = load_campaign(db, active_campaign_id(db))
    definition = campaign.definition
    symbol = nfc(clean(symbol)) if symbol is not None else default_symbol(db)
    number = _checked_number(number, symbol)
    if signed_on > today:
        raise AwardsError(
            f"Ngày ký Quyết định {format_date_short(signed_on)} sau hôm nay: chỉ ghi vào Sổ vàng "
            "Quyết định đã ký."
        )
    if signed_on < campaign.period_start:
        raise AwardsError(
            f"Ngày ký Quyết định {format_date_short(signed_on)} trước khi đợt thi đua bắt đầu "
            f"({format_date_short(campaign.period_start)}): hãy xem lại ngày ký."
        )
    when = recorded_at(db, number, signed_on)
    if when:
        raise AwardsError(
            f"Quyết định số {number} ngày {format_date_short(signed_on)} đã được ghi vào Sổ vàng "
            f"lúc {format_vietnam_time(when)}."
        )
    everyone = awardees(db)
    chosen = [a for a in everyone if a in picked] if picked is not None else named(everyone, names)
    if not chosen:
        raise AwardsError("Chưa chọn tập thể, cá nhân nào để ghi vào Sổ vàng.")
    lacking = [label for field, label in RECORDED_FIELDS.items() if not definition.get(field)]
    if lacking:  # a certificate printed from the book would say nobody signed it
        raise AwardsError(
            f"Chưa có {', '.join(lacking)} (Thiết lập của đợt, trang Đơn vị & đợt thi đua): Sổ "
            "vàng ghi như trên Quyết định, Giấy khen in lại từ Sổ vàng."
        )
    unfinished = [label for field, label in RECORDED_FIELDS.items()
                  if "…" in str(definition.get(field, ""))]  # fmt: skip
    if unfinished:  # a template's "…" would be recorded, and printed, for good
        raise AwardsError(
            f"Hãy thay “…” bằng tên cụ thể trong: {', '.join(unfinished)} (Thiết lập của đợt, "
            "trang Đơn vị & đợt thi đua)."
        )
    book = booked(db)
    twice = [book[a.identity] for a in chosen if a.identity in book]
    if twice:  # one campaign's award is given once
        raise AwardsError(
            "Đã có trong Sổ vàng của đợt thi đua: "
            + "; ".join(f"{r.recipient} (Quyết định số {r.printed_number}, số sổ vàng "
                        f"{r.book_number:02d})" for r in twice)
            + ". Chỉ ghi những người chưa có (chọn theo tên)."
        )  # fmt: skip
    first = next_book_number(db)
    if first_book_number is not None and not first <= first_book_number <= MAX_BOOK_NUMBER:
        reached = f"Sổ vàng đã đến số {first - 1:02d}, " if first > 1 else ""
        raise AwardsError(
            f"Số sổ vàng đầu tiên {first_book_number} không dùng được: {reached}số tiếp theo "
            f"từ {first:02d} đến {MAX_BOOK_NUMBER}."
        )
    regime = load_regime(campaign.legal_regime)
    award = " ".join(campaign.award_title.split()[:2])  # "Giấy khen", "Bằng khen"
    organisation = unit_organisation(db)
    # its place is the issuer's: the Inspectorate's own decision, or a commune's own
    own = organisation is not None and (
        role(db) == INSPECTORATE
        or _body_key(organisation.name) == _body_key(str(definition.get("awarding_body", "")))
    )
    rows = [
        IssuedAward(
            book_number=(first_book_number or first) + n, campaign_code=campaign.code,
            decision_number=number, decision_symbol=symbol, decision_date=signed_on,
            issuer=str(definition.get("awarding_authority") or ""),
            issuing_body=str(definition.get("awarding_body") or ""),
            signer_position=str(definition["awarding_position"]),
            signer_name=str(definition["awarding_signer"]),
            place=organisation.place_name if own and organisation else "",
            award=campaign.award_title, recipient=a.name, kind=a.kind, position=a.position,
            unit=a.unit, money=award_money(regime, award, a.kind, signed_on),
            person_id=a.person_id, collective_id=a.collective_id,
        )
        for n, a in enumerate(chosen)
    ]  # fmt: skip
    if rows[0].award.casefold().startswith(CERTIFIED_AWARD):  # would its certificates print?
        try:
            certificate_set(db, rows)
        except FormError as exc:
            raise AwardsError(f"Chưa ghi vào Sổ vàng: {exc}") from None
    record_awards(db, rows)
    successor = load_regime(regime.replaced_by).name if regime.replaced_by else ""
    flagged = [p for p in (expiry_problem(regime, signed_on, successor),) if p]
    if any(r.money is None for r in rows):
        flagged.append(
            f"{regime.name} chưa có hệ số tiền thưởng cho “{award}” vào ngày "
            f"{format_date_short(signed_on)}: Sổ vàng để trống tiền thưởng."
        )
    return rows, flagged


def _body_key(name: str) -> str:
    """A body's name compared as written either way: "Ủy ban nhân dân" is "UBND"."""
    folded = collation_key(clean(name))
    return folded.replace(collation_key("Ủy ban nhân dân"), collation_key("UBND"))


def named(chosen: list[Awardee], names: list[str] | None) -> list[Awardee]:
    """The awardees `names` names: a name alone when it is one person's, else "Tên (Đơn vị)"
    as the lists show it."""
    if not chosen:
        raise AwardsError(
            "Chưa có ai để ghi vào Sổ vàng: Thanh tra chọn ở trang Hộp hồ sơ (lệnh inbox "
            "shortlist); đơn vị cần kết quả họp xét có đối tượng được đề nghị (trang Họp xét)."
        )
    if not names:
        return chosen
    picked: list[Awardee] = []
    for name in names:
        found = _matching(chosen, name)
        if not found:
            raise AwardsError(
                f"Không có trong danh sách được đề nghị: {clean(name)} (có: "
                + ", ".join(a.label for a in chosen) + ")."
            )  # fmt: skip
        if len(found) > 1:
            told = [f"{a.name} ({a.unit})" if len({f.unit for f in found}) > 1
                    else f"{a.name} ({a.position})" for a in found]  # fmt: skip
            raise AwardsError(
                f"Có {len(found)} người tên {clean(name)}: " + ", ".join(told)
                + " — ghi rõ đơn vị hoặc chức vụ trong ngoặc, như danh sách."
            )  # fmt: skip
        picked += [a for a in found if a not in picked]
    return [a for a in chosen if a in picked]


def _matching(chosen: list[Awardee], name: str) -> list[Awardee]:
    """The awardees `name` names: "Tên", "Tên (Đơn vị)" or "Tên (chức vụ)", with or without
    its marks (when that still names one)."""
    for key in (collation_key, fold):
        typed = key(nfc(clean(name)))
        found = [
            a for a in chosen
            if typed in (key(a.name), key(a.label), key(f"{a.name} ({a.position})"))
        ]  # fmt: skip
        if found:
            return found
    return []


def remove_last_decision(db: Database, number: str, signed_on: date) -> list[IssuedAward]:
    """Takes the decision recorded last out of the book (a typo in its number or date), with
    the prior awards it wrote; its rows."""
    try:
        return remove_decision(db, decision_number(number), signed_on)
    except StoreError as exc:
        raise AwardsError(str(exc)) from None


def book_row(row: IssuedAward) -> tuple[str, ...]:
    """A line of the Sổ vàng as the window and the command list it."""
    money = f"{format_count(row.money)} đ" if row.money is not None else ""
    return (f"{row.book_number:02d}", row.printed_number, format_date_short(row.decision_date),
            row.recipient, row.unit, money)  # fmt: skip


def campaign_register(db: Database) -> list[IssuedAward]:
    """The Sổ vàng rows of the active campaign, in the book's order."""
    return load_register(db, load_campaign(db, active_campaign_id(db)).code)


def decision_awards(
    db: Database, number: str | None = None, signed_on: date | None = None
) -> list[IssuedAward]:
    """The Sổ vàng rows of one decision of the active campaign: `number` (of `signed_on`, when
    two decisions share it), else the one recorded last."""
    rows = campaign_register(db)
    if not rows:
        raise AwardsError(
            "Chưa ghi Quyết định nào của đợt thi đua vào Sổ vàng: ghi trước (nút Ghi Quyết định "
            "đã ký vào Sổ vàng, hoặc lệnh awards record) để Giấy khen in được số sổ vàng."
        )
    decisions = list(dict.fromkeys(r.decision for r in rows))
    if number is None and signed_on is None:
        wanted = decisions[-1]
    else:
        number = decision_number(number) if number else None
        matching = [
            d for d in decisions if number in (None, d[0]) and signed_on in (None, d[1])
        ]  # fmt: skip
        asked = " ".join(filter(None, (
            f"số {number}" if number else "", f"ngày {format_date_short(signed_on)}"
            if signed_on else "")))  # fmt: skip
        if not matching:
            known = ", ".join(f"số {n} ngày {format_date_short(d)}" for n, d in decisions)
            raise AwardsError(f"Sổ vàng không có Quyết định {asked} (có: {known}).")
        if len(matching) > 1:
            listed = ", ".join(f"số {n} ngày {format_date_short(d)}" for n, d in matching)
            raise AwardsError(
                f"Sổ vàng có {len(matching)} Quyết định {asked} ({listed}): ghi rõ cả số và ngày."
            )
        wanted = matching[0]
    return [r for r in rows if r.decision == wanted]


def certificate_set(db: Database, rows: list[IssuedAward]) -> CertificateSet:
    """The certificates of one decision's rows, filled from what the book recorded."""
    first = rows[0]
    if not first.award.casefold().startswith(CERTIFIED_AWARD):
        raise AwardsError(
            f"Quyết định số {first.printed_number} tặng “{first.award}”: ứng dụng chỉ in Giấy "
            "khen (hình thức khác in theo phôi, mẫu của cơ quan khen thưởng)."
        )
    campaign = load_campaign(db, active_campaign_id(db))
    data: dict[str, Any] = {
        "dot": {"ten": campaign.name},
        "giay_khen": present(
            nguoi_tang=first.issuer, so_qd=first.printed_number, co_quan=first.issuing_body,
            ngay_qd=format_date_long(first.decision_date),
            ngay_qd_ngan=format_date_short(first.decision_date), dia_danh=first.place,
            chuc_vu=first.signer_position, nguoi_ky=first.signer_name,
        ),
    }  # fmt: skip
    people = [
        present(ten=r.recipient, tap_the=r.kind == "collective", chuc_vu=r.position,
                so_vang=f"{r.book_number:02d}")
        for r in rows
    ]  # fmt: skip
    return fill_certificates(campaign.legal_regime, data, people)


class PrintedCertificates(Struct, frozen=True):
    files: tuple[Path, ...]
    count: int  # certificates (pages), one per awardee
    missing: tuple[str, ...]


def write_certificates(
    db: Database, out: Path, number: str | None = None, mode: PrintMode = PrintMode.PLAIN,
    offset_mm: tuple[float, float] = (0.0, 0.0), formats: tuple[str, ...] = FORMATS,
    signed_on: date | None = None,
) -> PrintedCertificates:  # fmt: skip
    """The Giấy khen of one recorded decision into `out`: every page in one file per format
    (plain paper, or only what a pre-printed blank lacks), or the alignment page (PDF)."""
    from app.documents.certificate_docx import render_certificates_docx
    from app.documents.certificate_pdf import render_alignment_pdf, render_certificates_pdf

    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FormError(f"Định dạng không hỗ trợ: {', '.join(unknown)} (chọn docx, pdf).")
    if out.exists() and not out.is_dir():
        raise AwardsError(f"{out} là một tệp, không phải thư mục: hãy chọn thư mục để ghi.")
    rows = decision_awards(db, number, signed_on)
    certificates = certificate_set(db, rows)
    first = rows[0]
    # the number as typed (no limit in the book): cut as ascii_file_name says, past 20 characters
    number_in_name = ascii_file_name(first.decision_number, DECISION_IN_NAME)
    stem = f"{certificates.name}_QD_{number_in_name}_" \
           f"{first.decision_date:%d-%m-%Y}"  # fmt: skip
    if mode is PrintMode.ALIGN:
        target = out / f"{stem}_trang_can_chinh.pdf"
        _refuse_missing_glyphs(target, certificates.pages[:1])  # the first awardee's page
        out.mkdir(parents=True, exist_ok=True)
        return PrintedCertificates(
            (render_alignment_pdf(certificates, target, offset_mm),), 1, certificates.missing
        )
    if mode is PrintMode.BLANK:
        certificates, stem = certificates.on_blank(offset_mm), f"{stem}_in_len_phoi"
    if "pdf" in formats:  # before anything is written
        _refuse_missing_glyphs(out / f"{stem}.pdf", certificates.pages)
    out.mkdir(parents=True, exist_ok=True)
    render = {"docx": render_certificates_docx, "pdf": render_certificates_pdf}
    files = tuple(render[f](certificates, out / f"{stem}.{f}") for f in formats)
    return PrintedCertificates(files, len(certificates.pages), certificates.missing)


def _refuse_missing_glyphs(target: Path, pages: Sequence[Sequence[PlacedText]]) -> None:
    refuse_missing_glyphs(target.name, (text.text for page in pages for text in page))
