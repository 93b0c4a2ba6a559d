"""The Inspectorate's rules over the units' packages: what a package's nominees are (read
defensively: nothing in a package is trusted), the appraisal, the ranking the shortlist is chosen
in, and the quotas of the typed campaign. No SQL: the store keeps the inbox, services apply
these rules to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from fractions import Fraction
from typing import Any

from msgspec import Struct

from app.core.campaign import Campaign, VoteRule
from app.core.eligibility import Status
from app.core.inbox_scores import Recomputed, recompute, unit_claim
from app.core.names import visible
from app.core.scoring import VOTE, Kind, Ranked, Scoring, format_points, tie_value
from app.core.text import clean, collation_key, format_percent, parse_decimal
from app.core.voting import meets_threshold, quorum_met, taking_part, vote_base
from app.errors import UserError

KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân"}


class InboxError(UserError):
    """A refused import or action; the message says why, in Vietnamese."""


class KeyChanged(InboxError):
    """The unit is known with another key: refused unless an officer accepts the new one."""

    def __init__(self, unit: str, pinned: str, offered: str):
        super().__init__(
            f"CẢNH BÁO: gói của {unit} được ký bằng một khóa KHÁC khóa đã ghi nhận. "
            f"Khóa đã ghi nhận: {pinned}. Khóa của gói: {offered}. Gói chưa được nhập. "
            "Chỉ chấp nhận khóa mới sau khi đã gọi điện cho đơn vị và đọc đối chiếu dấu vân tay."
        )
        self.unit, self.pinned, self.offered = unit, pinned, offered


class Appraisal(StrEnum):
    PASS = "dat"
    FAIL = "khong_dat"
    MORE = "bo_sung"

    @property
    def label(self) -> str:
        return {"dat": "Đạt", "khong_dat": "Không đạt", "bo_sung": "Yêu cầu bổ sung"}[self.value]


class ReceivedPackage(Struct, frozen=True):
    """A package whose signature and contents were verified: what the inbox keeps of it."""

    content: bytes
    file_name: str
    package_id: str
    data: dict[str, Any]
    public_key: bytes
    unit_key: str  # the fingerprint of `public_key`
    late: bool
    files: frozenset[str] = frozenset()  # the names of the files it carries, as signed

    @property
    def unit_name(self) -> str:
        return _text(self.unit.get("ten"), "tên đơn vị")

    @property
    def unit(self) -> dict[str, Any]:
        unit = self.data.get("unit")
        return unit if isinstance(unit, dict) else {}


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not clean(value):
        raise InboxError(f"data.json thiếu {what}.")
    return clean(value)


def package_nominees(
    data: dict[str, Any], files: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """The nominees as stored: the unit's assessment (numbers) with the row of its danh sách
    (texts as printed), checked for shape since nothing in a package is trusted; `files`: the
    names of the files the package carries (an evidence file must be one of them)."""
    assessment = data.get("assessment")
    if not isinstance(assessment, list) or not all(isinstance(a, dict) for a in assessment):
        raise InboxError("data.json không có danh sách đề nghị đúng cấu trúc (assessment).")
    listed = data.get("nominees") if isinstance(data.get("nominees"), dict) else {}
    rows = {"collective": listed.get("tap_the"), "individual": listed.get("ca_nhan")}
    out = []
    for entry in assessment:
        kind = entry.get("kind")
        if not isinstance(kind, str) or kind not in KIND_LABELS:  # a list is no kind either
            raise InboxError(f"data.json ghi loại đối tượng không hợp lệ: {kind!r}.")
        name = _text(entry.get("name"), "tên một đối tượng đề nghị")
        printed = next(
            (r for r in rows[kind] or [] if isinstance(r, dict) and r.get("ten") == name), {}
        )
        facts = {**entry, "printed": printed}
        claim = unit_claim(data, kind, name, files)
        if claim is not None:  # a campaign that ranks by points: the unit's self-assessment
            facts["score"] = claim
        out.append({"kind": kind, "name": name, "facts": facts})
    return out


class InboxNominee(Struct, frozen=True):
    id: int
    package: int
    unit: str
    kind: str  # "collective" | "individual"
    name: str
    votes: int | None
    members: int | None
    eligibility: Status  # as the unit's app found it
    eligibility_reasons: tuple[str, ...]
    resolved: int | None
    cases: int | None
    late: bool
    warnings: tuple[str, ...]  # the unit's build warnings
    received_at: str
    appraisal: Appraisal | None
    appraisal_reason: str
    shortlisted: bool
    printed: dict[str, Any]  # the row of the unit's danh sách, as printed
    late_accepted: str = ""  # why an officer accepted the late package; "" when none did
    scored: Recomputed | None = None  # in a campaign that ranks by points: its score, recomputed

    @property
    def score(self) -> Fraction | None:
        return self.scored.sheet.total if self.scored else None

    @property
    def late_refused(self) -> bool:
        """Sent after the deadline and not accepted: the plan counts it as no proposal."""
        return self.late and not self.late_accepted

    @property
    def position(self) -> str:
        """Its chức vụ, đơn vị as its unit printed it; a collective's (or an old package's):
        the unit's name."""
        return str(self.printed.get("chuc_vu") or self.unit)

    @property
    def late_note(self) -> str:
        """What the lists say of its timing: nothing when on time."""
        if not self.late:
            return ""
        if self.late_accepted:
            return f"Nộp muộn, Thanh tra chấp nhận: {self.late_accepted}"
        return "Nộp muộn, chưa được chấp nhận"

    @property
    def rate(self) -> Fraction | None:
        if not self.cases or self.resolved is None:
            return None
        return Fraction(self.resolved * 100, self.cases)

    @property
    def rate_text(self) -> str:
        rate = self.rate
        return format_percent(rate) if rate is not None else "—"

    @property
    def vote_share(self) -> Fraction | None:
        if not self.members or self.votes is None:
            return None
        return Fraction(self.votes, self.members)

    @property
    def votes_text(self) -> str:
        share = self.vote_share
        if share is None:
            return "—"
        return f"{self.votes}/{self.members} ({format_percent(share * 100)})"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def birth_year(self) -> str:
        """The year of birth the unit printed in its danh sách ("" when it printed none, as
        packages made before it was sent, or no year): four digits, nothing else."""
        value = self.printed.get("nam_sinh")
        text = str(value).strip() if isinstance(value, int | str) else ""
        return text if len(text) == 4 and text.isdigit() else ""

    @property
    def gender(self) -> str:
        """ "Nam" or "Nữ" as the unit printed it; "" when it printed none."""
        value = self.printed.get("gioi_tinh")
        return visible(clean(value)) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class NomineeRecord(Struct, frozen=True):
    """One nominee as the inbox keeps it: the facts the unit sent and the Inspectorate's own
    decisions on it."""

    id: int
    package: int
    unit: str
    kind: str
    name: str
    facts: dict[str, Any]
    appraisal: str | None
    appraisal_reason: str | None
    shortlisted: bool
    late: bool
    received_at: str
    build: Any  # data.json's "build" of the package
    late_accepted: str | None = None  # why an officer accepted the late package


def read_nominee(
    record: NomineeRecord,
    rule: VoteRule,
    scoring: Scoring | None = None,
    adjustments: Mapping[str, tuple[Fraction, str]] | None = None,
) -> InboxNominee:
    """The nominee's figures read from what the unit sent, each checked for type; the vote
    counted again under the campaign's `rule` (a unit's "đạt" is never taken on its word), and
    in a campaign that ranks by points its score recomputed with the campaign's `scoring` and
    the appraiser's `adjustments`."""
    facts = record.facts
    warnings = _dict(record.build).get("warnings")
    eligibility = _dict(facts.get("eligibility"))
    checks = eligibility.get("checks") if isinstance(eligibility.get("checks"), list) else []
    resolution = _dict(_dict(facts.get("figures")).get("resolution"))
    status = eligibility.get("status")
    reasons = tuple(
        str(c.get("reason")) for c in checks if isinstance(c, dict) and c.get("status") != "pass"
    )
    vote = _vote_problem(facts, rule)
    if vote:
        status, reasons = Status.FAIL.value, (vote, *reasons)
    return InboxNominee(
        id=record.id,
        package=record.package,
        unit=visible(record.unit),  # received before names were checked at verify (17.5)
        kind=record.kind,
        name=visible(record.name),
        votes=_int(facts.get("votes")),
        members=_int(facts.get("members")),
        eligibility=(
            Status(status) if isinstance(status, str) and status in set(Status) else Status.MISSING
        ),
        eligibility_reasons=reasons,
        resolved=_int(resolution.get("resolved")),
        cases=_int(resolution.get("denominator")),
        late=record.late,
        warnings=tuple(visible(str(w)) for w in warnings) if isinstance(warnings, list) else (),
        received_at=record.received_at,
        appraisal=Appraisal(record.appraisal) if record.appraisal else None,
        appraisal_reason=record.appraisal_reason or "",
        shortlisted=record.shortlisted,
        printed=_dict(facts.get("printed")),
        late_accepted=record.late_accepted or "",
        scored=recompute(scoring, facts, record.kind, adjustments) if scoring else None,
    )


def _vote_problem(facts: dict[str, Any], rule: VoteRule) -> str | None:
    """Why the meeting's figures, as the package gives them, do not carry a proposal."""
    votes, members, present = (_int(facts.get(k)) for k in ("votes", "members", "present"))
    if not members or votes is None:
        return None
    written = _int(facts.get("written")) or 0  # packages made before it was sent: none
    impossible = votes > members or (present is not None and present + written > members)
    if impossible:
        return (
            f"Số liệu họp xét trong gói không thể đúng: {votes} phiếu, {present} có mặt, "
            f"{written} ý kiến bằng văn bản với {members} thành viên."
        )
    taking = None if present is None else taking_part(present, written, rule)
    if present is not None and not quorum_met(members, present, rule):
        return f"Cuộc họp xét không đủ số thành viên: có mặt {present}/{members}."
    if rule.of_present and taking is None:
        return "Gói không ghi số thành viên có mặt: không tính được tỷ lệ phiếu theo số dự họp."
    base = vote_base(members, taking or 0, rule)
    if not meets_threshold(votes, base, rule):
        share = format_percent(Fraction(votes * 100, base)) if base else "—"
        return f"Số phiếu {votes}/{base} ({share}) chưa đạt tỷ lệ yêu cầu của đợt thi đua."
    return None


def ranked(nominees: Sequence[InboxNominee], scoring: Scoring | None = None) -> list[InboxNominee]:
    """The order the shortlist is chosen in: appraised đạt first, then the unit's eligibility
    passed, on time; then, in a campaign that ranks by points, the higher score and the
    scoring table's tie-breaks in turn, else the higher resolution rate and the larger share
    of votes; then the name in Vietnamese order (those still tied by points go to the
    council's vote: `to_vote`)."""
    return sorted(nominees, key=lambda n: (*_merit(n, scoring), collation_key(n.name), n.id))


def places(ranked_nominees: Sequence[InboxNominee], scoring: Scoring | None) -> list[int]:
    """Each one's place in `ranked_nominees` (as `ranked` orders them): those equal on
    everything but their names share a place, in a campaign that ranks by points (the
    council's vote parts them); otherwise 1, 2, 3…"""
    out: list[int] = []
    for i, n in enumerate(ranked_nominees):
        same = (scoring is not None and i > 0 and n.scored is not None
                and _merit(n, scoring) == _merit(ranked_nominees[i - 1], scoring))  # fmt: skip
        out.append(out[-1] if same else i + 1)
    return out


def _merit(n: InboxNominee, scoring: Scoring | None) -> tuple:
    if scoring is not None and n.scored is not None:
        merit = tuple(-v for v in score_keys(n, scoring))
    else:
        merit = (
            -(n.rate if n.rate is not None else Fraction(-1)),
            -(n.vote_share if n.vote_share is not None else Fraction(-1)),
        )
    return (n.appraisal is not Appraisal.PASS, n.eligibility is not Status.PASS, n.late, *merit)


def score_keys(n: InboxNominee, scoring: Scoring) -> tuple[Fraction, ...]:
    """What ranks a scored nominee: its total, then each tie-break before the vote."""
    assert n.scored is not None
    ranked_as = Ranked(n.id, n.name, n.scored.sheet, n.scored.rates or {})
    return (n.scored.sheet.total,
            *(tie_value(ranked_as, t) for t in scoring.tie_breaks if t != VOTE))  # fmt: skip


def quota(campaign: Campaign, kind: str, nominees: Sequence[InboxNominee] = ()) -> int:
    """How many of `kind` the Inspectorate may choose across all units: the campaign's
    number, or in a campaign that ranks by points its share of the `nominees` of that kind
    taking part (rounded as its table says)."""
    scoring = campaign.scoring
    if scoring is not None and kind in scoring.quotas:
        taking_part = sum(1 for n in nominees if n.kind == kind)
        return scoring.quotas[kind].seats(taking_part)
    collectives, individuals = campaign.inspectorate_quota
    return collectives if kind == "collective" else individuals


def checked_appraisal(nominee: InboxNominee, status: Appraisal | None, reason: str) -> str:
    """The reason to store with `status`; refused without a reason where one is owed, or for
    a nominee already chosen (take it off the shortlist first)."""
    reason = clean(reason)
    if status in (Appraisal.FAIL, Appraisal.MORE) and not reason:
        raise InboxError(f"Kết quả “{status.label}” cần ghi lý do.")
    if nominee.shortlisted and status is not Appraisal.PASS:
        raise InboxError(
            f"{nominee.name} đang trong danh sách chọn: bỏ khỏi danh sách chọn trước khi đổi "
            "kết quả thẩm định."
        )
    return reason


def checked_adjustment(
    nominee: InboxNominee, criterion: str, points: str, reason: str
) -> tuple[Fraction, str] | None:
    """The appraiser's points for a criterion as typed ("12,5"; empty: none), refused beyond
    what the criterion gives or without a reason."""
    if nominee.scored is None:
        raise InboxError(f"{nominee.name}: đợt thi đua không chấm điểm.")
    line = next((x for x in nominee.scored.sheet.lines if x.criterion.id == criterion), None)
    if line is None:
        raise InboxError(f"{nominee.name} không được chấm theo tiêu chí “{criterion}”.")
    if not points.strip():
        return None
    text = points.strip()
    value = parse_decimal(text.removeprefix("-")) * (-1 if text.startswith("-") else 1)
    c = line.criterion
    if c.kind is Kind.DEDUCTION:  # points taken off: none, down to its cap
        fits = value <= 0 and (c.cap is None or value >= -c.cap)
        bounds = f"từ -{format_points(c.cap)} đến 0" if c.cap is not None else "0 hoặc âm"
    else:
        fits = 0 <= value <= c.most
        bounds = f"từ 0 đến {format_points(c.most)}"
    if not fits:
        raise InboxError(f"Điểm “{text}” cho “{c.title}” phải {bounds}.")
    if not clean(reason):
        raise InboxError(f"Điều chỉnh điểm “{c.title}” cần ghi lý do.")
    return value, clean(reason)


def check_choice(
    nominee: InboxNominee,
    package_state: str | None,
    taken: int,
    campaign: Campaign,
    nominees: Sequence[InboxNominee] = (),
) -> None:
    """May `nominee` join the shortlist, with `taken` of its kind already chosen?
    `package_state`: why its package is no longer in use (replaced, withdrawn), or None;
    `nominees`: all those taking part (a quota may be a share of them)."""
    if package_state:
        raise InboxError(f"Gói có {nominee.name} không còn được dùng: {package_state}.")
    if nominee.late_refused:
        raise InboxError(
            f"{nominee.name} thuộc gói nộp muộn so với hạn của đợt thi đua: theo kế hoạch, hồ sơ "
            "nộp muộn coi như không đề nghị. Chỉ chọn được khi Thanh tra chấp nhận gói nộp muộn "
            "và ghi lý do (nút “Chấp nhận nộp muộn…”, hoặc lệnh thidua inbox accept-late "
            f"{nominee.package} --reason …)."
        )
    if nominee.appraisal is not Appraisal.PASS:
        raise InboxError(
            f"{nominee.name} chưa được thẩm định “Đạt”: chỉ chọn đối tượng đã thẩm định đạt."
        )
    limit = quota(campaign, nominee.kind, nominees)
    if taken >= limit:
        label = KIND_LABELS[nominee.kind].lower()
        raise InboxError(
            f"Đã chọn đủ {taken}/{limit} {label} theo chỉ tiêu của đợt thi đua: bỏ bớt một "
            f"{label} trước khi chọn {nominee.name}."
        )


def proposal(nominees: Sequence[InboxNominee], campaign: Campaign) -> list[InboxNominee]:
    """The best-ranked nominees appraised đạt that fill each quota's free places, none of a
    late package an officer has not accepted; nobody already chosen is dropped. In a campaign
    that ranks by points, nominees tied on the score and every tie-break across the last free
    place are left out: the council votes among them (`to_vote`)."""
    chosen = []
    for kind in KIND_LABELS:
        candidates, free = _open_places(nominees, campaign, kind)
        taken = candidates[:free]
        tied = _tied_across(candidates, free, campaign)
        chosen += [n for n in taken if n not in tied]
    return chosen


def to_vote(nominees: Sequence[InboxNominee], campaign: Campaign) -> dict[str, list[InboxNominee]]:
    """By kind: the nominees tied on the score and every tie-break across the last free place,
    among whom the council votes (empty when the points decide)."""
    out = {}
    for kind in KIND_LABELS:
        candidates, free = _open_places(nominees, campaign, kind)
        tied = _tied_across(candidates, free, campaign)
        if tied:
            out[kind] = tied
    return out


def _open_places(
    nominees: Sequence[InboxNominee], campaign: Campaign, kind: str
) -> tuple[list[InboxNominee], int]:
    """Those of `kind` who may still be chosen, best first, and how many places are free."""
    of_kind = [n for n in ranked(nominees, campaign.scoring) if n.kind == kind]
    free = quota(campaign, kind, nominees) - sum(1 for n in of_kind if n.shortlisted)
    candidates = [
        n
        for n in of_kind
        if not n.shortlisted and n.appraisal is Appraisal.PASS and not n.late_refused
    ]
    return candidates, max(free, 0)


def _tied_across(
    candidates: list[InboxNominee], free: int, campaign: Campaign
) -> list[InboxNominee]:
    scoring = campaign.scoring
    if scoring is None or not 0 < free < len(candidates):
        return []
    last, first_out = candidates[free - 1], candidates[free]
    if last.scored is None or first_out.scored is None:
        return []
    keys = score_keys(last, scoring)
    if keys != score_keys(first_out, scoring):
        return []
    return [n for n in candidates if n.scored is not None and score_keys(n, scoring) == keys]
