"""The Inspectorate's consolidated report, as a task: its Tờ trình and danh sách of the
shortlist, the appraisal report (per unit, per nominee, with the withdrawn packages) as DOCX and
PDF, and the table of every nominee (Bang_tong_hop.xlsx), filled from the inbox."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.core.document_numbers import printed_number
from app.core.inbox import Appraisal, InboxError, InboxNominee, quota
from app.core.regime import award_money, base_salary
from app.core.scoring import KINDS, format_points
from app.core.text import (
    collation_key,
    format_count,
    format_date_long,
    format_date_short,
    format_vietnam_time,
)
from app.documents.consolidated import DECISION_GROUP, build_consolidated
from app.documents.dossier import FORMATS, BuiltDocument
from app.documents.regimes import load_regime
from app.services.dossier_check import DossierRefused, regime_review
from app.services.dossier_data import dossier_data
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.connection import Database
from app.store.dossier_settings import load_dossier_settings
from app.store.inbox import InboxPackage, consolidated, packages
from app.store.organisation import unit_organisation

TABLE = "Bang_tong_hop.xlsx"


def _counts(collectives: int, individuals: int) -> str:
    parts = [
        f"{n:02d} {label}" for n, label in ((collectives, "tập thể"), (individuals, "cá nhân")) if n
    ]
    return " và ".join(parts)


def _row(nominee: InboxNominee) -> dict[str, Any]:
    printed = nominee.printed
    # what the unit did not print (a package made before it was sent) is left out: the
    # form prints "…" and lists it as missing, never a guess
    person = {
        k: v for k, v in (("nam_sinh", nominee.birth_year), ("gioi_tinh", nominee.gender)) if v
    }
    scored = nominee.scored  # in a campaign that ranks by points: the appraised score
    points = (
        {"diem": format_points(scored.sheet.total), "toi_da": format_points(scored.sheet.most)}
        if scored
        else {}
    )
    return {
        **person,
        **points,
        "ten": nominee.name,
        "don_vi": nominee.unit,
        "chuc_vu": nominee.position,
        "tom_tat": str(printed.get("tom_tat") or "").strip(),
        "ty_le": nominee.rate_text,
        "phieu": nominee.votes_text,
        "ghi_chu": nominee.late_note,
    }


def _timing(package: InboxPackage) -> str:
    if not package.late:
        return "nộp đúng hạn"
    if package.late_accepted:
        return f"nộp muộn, Thanh tra chấp nhận: {package.late_accepted}"
    return "nộp muộn, chưa được chấp nhận (coi như không đề nghị)"


def _appraisals(nominees: list[InboxNominee], history: list[InboxPackage]) -> dict[str, Any]:
    """The appraisal report's data: each unit's package in use with the result and reason of
    each of its nominees, and the packages withdrawn with why."""
    by_package: dict[int, list[InboxNominee]] = {}
    for n in nominees:
        by_package.setdefault(n.package, []).append(n)
    in_use = sorted((p for p in history if p.in_use), key=lambda p: collation_key(p.unit))
    withdrawn = [p for p in history if p.withdrawn_at and p.superseded_by is None]
    return {
        "don_vi": [
            {
                "ten": p.unit,
                "goi": p.file_name,
                "nhan_luc": format_vietnam_time(p.received_at),
                "thoi_han": _timing(p),
                "doi_tuong": [
                    {
                        "ten": n.name,
                        "loai": n.kind_label.lower(),
                        "ket_qua": n.appraisal.label if n.appraisal else "Chưa thẩm định",
                        "ly_do": n.appraisal_reason,
                    }
                    for n in by_package.get(p.id, [])
                ],
            }
            for p in in_use
        ],
        "da_rut": [
            {
                "don_vi": p.unit,
                "goi": p.file_name,
                "ly_do": p.withdrawn_reason or "",
                "rut_luc": format_vietnam_time(p.withdrawn_at or ""),
            }
            for p in sorted(withdrawn, key=lambda p: collation_key(p.unit))
        ],
    }


def report_data(db: Database) -> dict[str, Any]:
    """What the consolidated Tờ trình and danh sách are filled with: the campaign, the
    Inspectorate's own details and signer (as in a unit's dossier), the inbox's tallies and the
    shortlist."""
    campaign = load_campaign(db, active_campaign_id(db))
    base = dossier_data(db)
    recipients = campaign.definition.get("recipients", {})
    nominees = consolidated(db, campaign.code)
    chosen = [n for n in nominees if n.shortlisted]
    history = packages(db, campaign.code)
    units = {p.unit for p in history if p.in_use}
    by_status = {status: sum(1 for n in nominees if n.appraisal is status) for status in Appraisal}
    outcome = [f"{by_status[s]:02d} {s.label.lower()}" for s in Appraisal if by_status[s]]
    pending = sum(1 for n in nominees if n.appraisal is None)
    if pending:
        outcome.append(f"{pending:02d} chưa thẩm định")
    collectives = [n for n in chosen if n.kind == "collective"]
    individuals = [n for n in chosen if n.kind == "individual"]
    dot = dict(base.get("dot", {}))
    dot.update(
        {
            k: v
            for k, v in (
                ("kinh_gui", recipients.get("inspectorate_to")),
                ("noi_gui_ho_so", recipients.get("inspectorate_via")),
            )
            if v
        }
    )
    data = {**base, "dot": dot}
    data["tong_hop"] = {
        "so_don_vi": f"{len(units):02d}",
        "so_de_nghi": _counts(
            sum(1 for n in nominees if n.kind == "collective"),
            sum(1 for n in nominees if n.kind == "individual"),
        )
        or "không có đề nghị nào",
        "ket_qua": ", ".join(outcome) or "chưa thẩm định",
        "chi_tieu": _counts(*(quota(campaign, kind, nominees) for kind in KINDS)),
        "cham_diem": campaign.scoring is not None,
    }
    if chosen:
        data["tong_hop"]["so_chon"] = _counts(len(collectives), len(individuals))
    data["tham_dinh"] = _appraisals(nominees, history)
    data["danh_sach"] = {
        "tap_the": [_row(n) for n in collectives],
        "ca_nhan": [_row(n) for n in individuals],
    }
    organisation = unit_organisation(db)
    if organisation is not None:
        numbers = load_dossier_settings(db, organisation.id, active_campaign_id(db))
        data["to_trinh"] = {
            k: v
            for k, v in (
                ("so", numbers.to_trinh_number),
                ("ngay", format_date_long(numbers.to_trinh_date) if numbers.to_trinh_date else ""),
            )
            if v
        }
    return data


def write_report(
    db: Database, out: Path, formats: tuple[str, ...] = FORMATS
) -> list[BuiltDocument]:
    """The Tờ trình, danh sách of the shortlist and appraisal report in `formats`, written
    into `out`."""
    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    return build_consolidated(regime, report_data(db), out, formats)


# The campaign's fields naming who issues the decision (campaign settings); absent ones print
# as lines to fill by hand
DECISION_FIELDS = {
    "co_quan_cap_tren": "awarding_body_parent",
    "co_quan": "awarding_body",
    "viet_tat": "awarding_abbreviation",
    "chuc_vu": "awarding_position",
    "nguoi_ky": "awarding_signer",
    "thi_hanh": "decision_executors",
}


def decision_data(
    db: Database, number: str | None = None, signed_on: date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """What the Quyết định khen thưởng is filled with — the shortlist, each awardee's money
    (the regime's coefficient × the base salary in force on `signed_on`) — and what the check
    flags (a decision dated after its regime ended)."""
    campaign = load_campaign(db, active_campaign_id(db))
    regime = load_regime(campaign.legal_regime)
    data = report_data(db)
    definition = campaign.definition
    award = " ".join(campaign.award_title.split()[:2])  # "Giấy khen", "Bằng khen"
    chosen = [n for n in consolidated(db, campaign.code) if n.shortlisted]
    chosen.sort(key=lambda n: (n.kind != "collective", collation_key(n.name)))
    amounts = {
        kind: award_money(regime, award, kind, signed_on) if signed_on else None
        for kind in ("collective", "individual")
    }
    decision: dict[str, Any] = {
        key: str(definition[field]) for key, field in DECISION_FIELDS.items()
        if definition.get(field)
    }  # fmt: skip
    if number:
        decision["so_qd"] = printed_number(number)
    if signed_on:
        decision["ngay_qd"] = format_date_long(signed_on)
    collectives = sum(1 for n in chosen if n.kind == "collective")
    if chosen:
        decision["so_luong"] = _counts(collectives, len(chosen) - collectives)
        decision["danh_sach"] = [
            {"ten": n.name, "don_vi": n.position,
             "tien": format_count(amounts[n.kind]) if amounts[n.kind] else "……"}
            for n in chosen
        ]  # fmt: skip
    if chosen and all(amounts[n.kind] for n in chosen):
        salary = base_salary(regime, signed_on) if signed_on else None
        each = [
            f"mỗi {label} được thưởng {format_count(amounts[kind] or 0)} đồng"
            for kind, label in (("collective", "tập thể"), ("individual", "cá nhân"))
            if any(n.kind == kind for n in chosen)
        ]
        total = sum(amounts[n.kind] or 0 for n in chosen)
        decision["tien_thuong"] = (
            f"Kèm theo {award}, " + ", ".join(each) + f" (hệ số theo {regime.name} nhân mức "
            f"lương cơ sở {format_count(salary or 0)} đồng, làm tròn lên hàng chục nghìn đồng); "
            f"tổng số tiền {format_count(total)} đồng, chi từ quỹ thi đua, khen thưởng."
        )
    data["quyet_dinh"] = decision
    unpaid = (
        [f"Chưa có mức lương cơ sở áp dụng ngày {format_date_short(signed_on)}: tiền thưởng để "
         "dòng chấm (resources/luong-co-so.toml)."]
        if signed_on and base_salary(regime, signed_on) is None else []
    )  # fmt: skip
    return data, unpaid


def write_decision(
    db: Database, out: Path, formats: tuple[str, ...] = FORMATS, number: str | None = None,
    signed_on: date | None = None,
) -> tuple[list[BuiltDocument], list[str]]:  # fmt: skip
    """The draft Quyết định khen thưởng of the shortlist in `formats`, and what is flagged;
    refused while nobody is chosen (a decision awarding no one is no decision)."""
    campaign = load_campaign(db, active_campaign_id(db))
    if not any(n.shortlisted for n in consolidated(db, campaign.code)):
        raise InboxError(
            "Chưa lập được Quyết định: danh sách chọn đang trống (chọn ở trang Hộp hồ sơ hoặc "
            "lệnh inbox shortlist)."
        )
    _, flagged, refused = regime_review(db, date.today(), signed_on)
    if refused:  # checked as the units' dossiers are
        raise DossierRefused("Chưa lập được Quyết định: " + " ".join(refused))
    data, unpaid = decision_data(db, number, signed_on)
    built = build_consolidated(campaign.legal_regime, data, out, formats, DECISION_GROUP)
    return built, flagged + unpaid


def write_table(db: Database, target: Path) -> tuple[Path, int]:
    """Every nominee of the current packages, ranked, as a spreadsheet; and how many rows."""
    from app.exchange.inbox_table import write_inbox_table  # openpyxl: only when asked

    campaign = load_campaign(db, active_campaign_id(db))
    nominees = consolidated(db, campaign.code)
    return write_inbox_table(nominees, target, campaign.name, campaign.scoring), len(nominees)
