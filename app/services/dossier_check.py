"""The check before building the dossier: every step between the unit and its dossier, from
the database as it is now, with the slow parts (the register's rate, the forms' missing values)
either given or shown as still being counted. Tổng quan and Hồ sơ show it; a stored build
carries its unmet steps as warnings, whoever built it (see services/dossier.py). Light to
import: the forms engine loads only when the forms are reviewed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from msgspec import Struct

from app.core.campaign import BODY_FIELDS, placeholders_left, value_at
from app.core.eligibility import Status
from app.core.live_values import contradictions
from app.core.overview import Overview, build_overview, dossier_problems
from app.core.readiness import Step, readiness
from app.core.regime import Regime, abolished_bodies, expiry_problem, repealed_citations
from app.core.text import format_date_short
from app.documents.regimes import load_regime
from app.errors import UserError
from app.store.achievements import load_achievements
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.connection import Database
from app.store.dossier_settings import load_dossier_settings
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.store.package_exports import first_export
from app.store.scores import load_entries

FORMS_STEP = "Nội dung các văn bản"
REGIME_STEP = "Chế độ pháp lý"
SETTINGS_STEP = "Thiết lập đợt thi đua"
TYPED_STEP = "Số liệu trong thành tích"
SCORING_STEP = "Bảng tự chấm điểm"

Rate = tuple[Fraction | None, bool]  # the resolution rate, and whether it is declared


class FormsReview(Struct, frozen=True):
    missing: tuple[str, ...]  # values the forms ask for that the database lacks
    typed_figures: tuple[str, ...]  # figures typed into achievements that contradict the register
    texts: int = 0  # achievement texts compared with the register


def review_forms(regime: str, data: dict[str, Any]) -> FormsReview:
    from app.documents.filling import fill_dossier  # the forms engine: off the start-up path

    filled = sorted(fill_dossier(regime, data), key=lambda f: f.document.name)  # as built
    return forms_review([f.missing for f in filled], data)


def forms_review(missing: list[tuple[str, ...]], data: dict[str, Any]) -> FormsReview:
    """The review from what each filled form lacks (as the build found it) and the data."""
    items = [
        (report, item)
        for report in data.get("bao_cao", [])
        for item in report.get("thanh_tich", [])
        if str(item.get("noi_dung", "")).strip()
    ]
    typed = [
        f"{report.get('ten', '')} — {item['tieu_chi']}: {found}"
        for report, item in items
        for found in contradictions(item.get("noi_dung", ""), report.get("so_lieu", {}))
    ]  # fmt: skip
    return FormsReview(
        tuple(dict.fromkeys(m for lacking in missing for m in lacking)), tuple(typed), len(items)
    )


def review_forms_of(db: Database) -> FormsReview:
    """`review_forms` of the database as it is now (the checklist's background job)."""
    from app.services.dossier_data import dossier_data  # the figures: off the start-up path

    regime = load_campaign(db, active_campaign_id(db)).legal_regime
    return review_forms(regime, dossier_data(db))


def check(db: Database, today: date, rate: Rate | None, forms: FormsReview | None) -> list[Step]:
    """Every step before the dossier, from the database as it is now. `rate` and `forms` come
    slower than the rest (a large register, the forms engine): None shows them as still being
    counted, as Tổng quan does while its background jobs run."""
    return overview_and_check(db, today, rate, forms)[1]


class DossierRefused(UserError):
    """The data cannot support a dossier: what it would propose its own tables contradict."""


def refuse_contradictions(db: Database, today: date, rate: Rate | None) -> None:
    """Raise DossierRefused, naming every rule broken, when the dossier would propose someone
    the meeting's vote does not carry, or no one at all (core.overview.dossier_problems), or
    cite a text its own regime repealed."""
    problems = dossier_problems(_overview(db, today, rate))
    if unit_organisation(db) is None:
        problems.insert(0, "Chưa có thông tin đơn vị (trang Đơn vị & đợt thi đua).")
    problems += regime_review(db, today)[2]
    if problems:
        raise DossierRefused("Không lập được hồ sơ: " + " ".join(problems))


def _overview(db: Database, today: date, rate: Rate | None) -> Overview:
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    organisation = unit_organisation(db)
    meeting = load_meeting(db, campaign_id, organisation.id) if organisation else None
    candidates = load_candidates(db, campaign_id)
    value, declared = rate or (None, False)
    gates = load_regime(campaign.legal_regime).gates
    return build_overview(campaign, candidates, meeting, today, value, declared, gates)


def overview_and_check(
    db: Database, today: date, rate: Rate | None, forms: FormsReview | None
) -> tuple[Overview | None, list[Step]]:
    overview = _overview(db, today, rate)
    organisation = unit_organisation(db)
    achievements: Mapping[int, Mapping[str, str]] = {
        e.candidate.id: load_achievements(db, e.candidate.id)
        for e in overview.candidates
        if e.candidate.nominated
    }
    figures_known = None if rate is None else rate[0] is not None
    sent = first_export(db, overview.campaign.code)
    sent_on = sent[0].astimezone().date() if sent else None  # the officer's own calendar day
    steps = readiness(organisation, overview, figures_known, achievements, sent_on)
    steps.insert(1, _regime_step(db, today))
    unconfirmed = overview.campaign.definition.get("unconfirmed")
    if unconfirmed:  # a campaign made from a template: its settings are still suggestions
        detail = (
            "Đợt tạo từ mẫu, các thiết lập mới là gợi ý: hãy xem lại rồi bấm “Xác nhận thiết "
            "lập” (trang Đơn vị & đợt thi đua): " + ", ".join(map(str, unconfirmed)) + "."
        )
        steps.insert(2, Step(SETTINGS_STEP, Status.FAIL, detail, "unit"))
    if overview.campaign.scoring is not None:
        steps.append(_scoring_step(db, overview))
    steps += _form_steps(forms)
    return overview, steps


def _scoring_step(db: Database, overview: Overview) -> Step:
    """In a campaign that ranks by points: the table is the plan's, not the app's example, and
    every nominee has each value the unit enters and each evidence its criteria ask for (the
    ratios come from the register by themselves)."""
    scoring = overview.campaign.scoring
    assert scoring is not None
    if scoring.example:
        return Step(SCORING_STEP, Status.FAIL,
                    "Bảng điểm của đợt là VÍ DỤ của ứng dụng, không phải của kế hoạch: nạp bảng "
                    "điểm của kế hoạch (trang Đơn vị & đợt thi đua, “Nạp bảng điểm…”).",
                    "unit")  # fmt: skip
    lacking = []
    for e in (e for e in overview.candidates if e.candidate.nominated):
        entries = load_entries(db, e.candidate.id)
        for c in scoring.criteria:
            if e.candidate.kind.value not in c.applies_to:
                continue
            stored = entries.get(c.id)
            if c.entered and (stored is None or stored.value is None):
                lacking.append(f"{e.candidate.name}: chưa nhập “{c.title}”")
            elif c.evidence and (stored is None or stored.attachment_id is None):
                lacking.append(f"{e.candidate.name}: “{c.title}” thiếu minh chứng")
    if lacking:
        detail = "; ".join(lacking) + " (Tổng quan › Bảng tự chấm điểm)."
        return Step(SCORING_STEP, Status.MISSING, detail, "overview")
    return Step(SCORING_STEP, Status.PASS, "Đã nhập đủ giá trị và minh chứng.", "overview")


def regime_review(
    db: Database, today: date, dated: date | None = None
) -> tuple[Regime, list[str], list[str]]:
    """The campaign's regime; what is flagged: a regime ended by the documents' date (`dated`,
    else the Tờ trình's or the meeting's, else today), bodies of an abolished level, a
    template's "…" left; and what is refused: printed texts citing what the regime repealed
    (a document never cites a repealed decree as its basis). The unit's dossier and the
    Inspectorate's documents are checked alike."""
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    regime = load_regime(campaign.legal_regime)
    definition = campaign.definition
    organisation = unit_organisation(db)
    meeting = load_meeting(db, campaign_id, organisation.id) if organisation else None
    signed = (
        load_dossier_settings(db, organisation.id, campaign_id).to_trinh_date
        if (organisation)
        else None
    )
    held = meeting.started_at.date() if meeting and meeting.started_at else None
    successor = load_regime(regime.replaced_by).name if regime.replaced_by else ""
    expired = expiry_problem(regime, dated or signed or held or today, successor)
    texts = {
        "Tên đợt thi đua": campaign.name,
        **{label[:1].upper() + label[1:]: str(value_at(definition, path, ""))
           for path, label in BODY_FIELDS.items()},
        **{f"Căn cứ “{line}”": str(line) for line in definition.get("legal_bases", [])},
    }  # fmt: skip
    if organisation is not None:
        texts |= {"Cơ quan cấp trên": organisation.parent_agency, "Tên đơn vị": organisation.name}
    flagged = [expired] if expired else []
    gone = abolished_bodies(regime, texts)
    if gone:
        since = format_date_short(regime.in_force_from) if regime.in_force_from else ""
        flagged.append(
            f"Từ {since} không còn cấp huyện và thị trấn: "
            + "; ".join(gone)
            + " — kiểm tra lại tên cơ quan (trang Đơn vị & đợt thi đua)."
        )
    left = placeholders_left(definition)
    if left:
        flagged.append(
            "Còn “…” chưa thay bằng tên, số, ngày: "
            + "; ".join(f"“{t}”" for t in left)
            + " (trang Đơn vị & đợt thi đua)."
        )
    return regime, flagged, repealed_citations(regime, texts)


def _regime_step(db: Database, today: date) -> Step:
    regime, flagged, refused = regime_review(db, today)
    problems = refused + flagged
    done = " ".join(filter(None, (f"Văn bản lập theo {regime.name}.", regime.check_note)))
    return Step(REGIME_STEP, Status.FAIL if problems else Status.PASS,
                " ".join(problems) or done, "unit")  # fmt: skip


def _form_steps(forms: FormsReview | None) -> list[Step]:
    if forms is None:
        return [Step(FORMS_STEP, Status.MISSING, "Đang kiểm tra các biểu mẫu…", "dossier")]
    if forms.missing:
        first = Step(FORMS_STEP, Status.MISSING, missing_note(forms.missing), "dossier")
    else:
        first = Step(FORMS_STEP, Status.PASS, "Các biểu mẫu đã có đủ dữ liệu.", "dossier")
    typed = (
        Step(TYPED_STEP, Status.FAIL, "Số liệu gõ tay khác với sổ (nên chèn số liệu từ sổ {…}): "
             + "; ".join(forms.typed_figures), "achievements")
        if forms.typed_figures
        else Step(TYPED_STEP, Status.MISSING, "Chưa có nội dung thành tích để đối chiếu với sổ.",
                  "achievements")
        if not forms.texts  # nothing compared is nothing done
        else Step(TYPED_STEP, Status.PASS, "Không có số liệu gõ tay nào khác với sổ.",
                  "achievements")
    )  # fmt: skip
    return [first, typed]


def missing_note(missing: Iterable[str]) -> str:
    """What the forms still lack, as every page and command says it."""
    return "Còn thiếu (in thành dòng chấm để viết tay): " + ", ".join(missing) + "."


def built_lines(documents: Iterable[Any]) -> list[str]:
    """What a command prints of the documents it wrote: each file, and what each lacks."""
    lines = []
    for document in documents:
        lines += [f"Đã lập {path}" for path in document.files]
        lines += ["  " + missing_note(document.missing)] if document.missing else []
    return lines


def warnings(steps: list[Step]) -> list[str]:
    """What the check still finds wrong or missing: what the GUI asks about before building
    and what a stored build carries as its warnings."""
    return [f"{s.title}: {s.detail}" for s in steps if s.status is not Status.PASS]
