"""Eligibility checks that need no petition data: ratings, discipline, declaration, quota.

Every check answers pass, fail (with the Vietnamese reason) or "chưa có dữ liệu" — a check
never passes on missing data.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.entities import Candidate, CandidateKind
from app.core.regime import Gate
from app.core.text import format_date_short, format_percent


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"pass": "Đạt", "fail": "Không đạt", "missing": "Chưa có dữ liệu"}[self.value]


class CheckResult(Struct, frozen=True):
    criterion: str  # short Vietnamese name of the check
    status: Status
    reason: str


class Eligibility(Struct, frozen=True):
    candidate: Candidate
    checks: tuple[CheckResult, ...]

    @property
    def status(self) -> Status:
        statuses = {c.status for c in self.checks}
        if Status.FAIL in statuses:
            return Status.FAIL
        if Status.MISSING in statuses:
            return Status.MISSING
        return Status.PASS

    @property
    def reasons(self) -> list[str]:
        return [c.reason for c in self.checks if c.status is not Status.PASS]


RATINGS = "Xếp loại hằng năm"
DISCIPLINE = "Kỷ luật"
DECLARATION = "Cam kết không vướng vụ việc"
QUOTA = "Số lượng đề nghị"
RESOLUTION = "Kết quả giải quyết đơn"


def check_ratings(ratings: dict[int, str], campaign: Campaign) -> CheckResult:
    floor_rank = campaign.rating_rank(campaign.rating_floor)
    assert floor_rank is not None  # guaranteed by campaign_from_dict
    below, unknown, missing = [], [], []
    for year in campaign.rating_years:
        rating = ratings.get(year)
        if not rating:
            missing.append(year)
            continue
        rank = campaign.rating_rank(rating)
        if rank is None:
            unknown.append(f"{year} (“{rating}”)")
        elif rank > floor_rank:
            below.append(f"{year}: {rating}")
    if below:
        return CheckResult(
            RATINGS,
            Status.FAIL,
            f"Xếp loại thấp hơn “{campaign.rating_floor}” — năm " + "; ".join(below) + ".",
        )
    if missing or unknown:
        parts = []
        if missing:
            parts.append("thiếu xếp loại năm " + ", ".join(str(y) for y in missing))
        if unknown:
            parts.append("xếp loại không có trong thang của đợt thi đua: " + ", ".join(unknown))
        return CheckResult(RATINGS, Status.MISSING, "Chưa có dữ liệu: " + "; ".join(parts) + ".")
    years = f"{campaign.rating_years[0]}–{campaign.rating_years[-1]}"
    return CheckResult(
        RATINGS, Status.PASS, f"Các năm {years} đều từ “{campaign.rating_floor}” trở lên."
    )


def check_discipline(candidate: Candidate, campaign: Campaign) -> CheckResult:
    inside = [
        (name, record)
        for name, record in candidate.disciplines
        if campaign.window_start <= record.decision_date <= campaign.window_end
    ]
    window = f"{format_date_short(campaign.window_start)}–{format_date_short(campaign.window_end)}"
    if inside:
        described = "; ".join(
            f"{name}: {record.form} ngày {format_date_short(record.decision_date)}"
            + (f" ({record.reason})" if record.reason else "")
            for name, record in inside
        )
        return CheckResult(
            DISCIPLINE, Status.FAIL, f"Bị kỷ luật trong giai đoạn {window} — {described}."
        )
    who = "Không thành viên nào" if candidate.kind is CandidateKind.COLLECTIVE else "Không"
    return CheckResult(DISCIPLINE, Status.PASS, f"{who} bị kỷ luật trong giai đoạn {window}.")


def check_declaration(
    candidate: Candidate, campaign: Campaign, gates: Sequence[Gate] = ()
) -> CheckResult:
    """The regime's `gates` each declared (Decree 152 art. 4), or without gates the campaign's
    one declaration of no pending case."""
    if gates:
        return _check_gates(candidate, gates)
    if not campaign.require_no_pending_declaration:
        return CheckResult(DECLARATION, Status.PASS, "Đợt thi đua không yêu cầu cam kết.")
    if candidate.no_pending_declaration is None:
        return CheckResult(
            DECLARATION,
            Status.MISSING,
            "Chưa có cam kết không trong thời gian bị xem xét kỷ luật, thanh tra, "
            "giải quyết khiếu nại, tố cáo, xác minh tham nhũng.",
        )
    if not candidate.no_pending_declaration:
        return CheckResult(
            DECLARATION,
            Status.FAIL,
            "Đang trong thời gian bị xem xét kỷ luật, thanh tra, giải quyết khiếu nại, tố cáo "
            "hoặc xác minh tham nhũng.",
        )
    return CheckResult(DECLARATION, Status.PASS, "Đã cam kết không vướng vụ việc đang xem xét.")


def _check_gates(candidate: Candidate, gates: Sequence[Gate]) -> CheckResult:
    answers = candidate.gates
    open_cases = [
        g.text + (f" ({answers[g.id].note})" if answers[g.id].note else "")
        for g in gates
        if g.id in answers and answers[g.id].pending
    ]
    if open_cases:
        return CheckResult(DECLARATION, Status.FAIL, "Đang vướng: " + "; ".join(open_cases) + ".")
    undeclared = [g.text for g in gates if g.id not in answers]
    if undeclared:
        return CheckResult(DECLARATION, Status.MISSING, "Chưa khai: " + "; ".join(undeclared) + ".")
    return CheckResult(
        DECLARATION, Status.PASS, "Đã khai không vướng: " + "; ".join(g.text for g in gates) + "."
    )


def check_resolution_rate(
    rate: Fraction | None, campaign: Campaign, declared: bool = False
) -> CheckResult:
    """`rate` in percent, unrounded; None until the register or aggregate figures exist.
    `declared`: the rate comes from totals the unit typed (§6.4), and the reason says so."""
    floor = format_percent(campaign.resolution_rate_min)
    source = " (số liệu đơn vị tự khai)" if declared else ""
    if rate is None:
        return CheckResult(
            RESOLUTION,
            Status.MISSING,
            "Chưa có số liệu giải quyết đơn (chưa nhập sổ theo dõi đơn hoặc số liệu tổng hợp).",
        )
    if rate < campaign.resolution_rate_min:
        return CheckResult(
            RESOLUTION,
            Status.FAIL,
            f"Tỷ lệ giải quyết {format_percent(rate)}{source}, dưới {floor}.",
        )
    return CheckResult(
        RESOLUTION,
        Status.PASS,
        f"Tỷ lệ giải quyết {format_percent(rate)}{source}, từ {floor} trở lên.",
    )


def check_quota(nominees: Sequence[Candidate], campaign: Campaign) -> CheckResult:
    """The unit proposes at most `quota_per_unit` nominees, of the kinds the campaign allows."""
    wrong_kind = [c.name for c in nominees if c.kind.value not in campaign.quota_kinds]
    if wrong_kind:
        return CheckResult(
            QUOTA,
            Status.FAIL,
            "Đợt thi đua không xét loại đối tượng này: " + ", ".join(wrong_kind) + ".",
        )
    if len(nominees) > campaign.quota_per_unit:
        return CheckResult(
            QUOTA,
            Status.FAIL,
            f"Đơn vị đề nghị {len(nominees)} đối tượng, vượt chỉ tiêu "
            f"{campaign.quota_per_unit:02d} tập thể hoặc cá nhân.",
        )
    if not nominees:
        return CheckResult(QUOTA, Status.MISSING, "Đơn vị chưa chọn đối tượng đề nghị.")
    return CheckResult(
        QUOTA,
        Status.PASS,
        f"Đề nghị {len(nominees)} trên chỉ tiêu {campaign.quota_per_unit} của đơn vị.",
    )


def evaluate(
    candidate: Candidate,
    campaign: Campaign,
    resolution_rate: Fraction | None = None,
    rate_declared: bool = False,
    gates: Sequence[Gate] = (),
) -> Eligibility:
    """`gates`: the campaign's regime's (core.regime.Regime.gates)."""
    return Eligibility(
        candidate,
        (
            check_ratings(candidate.ratings, campaign),
            check_discipline(candidate, campaign),
            check_declaration(candidate, campaign, gates),
            check_resolution_rate(resolution_rate, campaign, rate_declared),
        ),
    )
