"""What stands between the unit and its dossier: one step per thing to get done, each passed,
failed (with what to fix) or not started, and the page where it is fixed. Tổng quan lists
them; the values the forms still lack are added by the caller (filling the forms is slower)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from msgspec import Struct

from app.core.eligibility import Status
from app.core.entities import Organisation

if TYPE_CHECKING:  # the overview (and its vote) load with the check, not with the window
    from app.core.overview import Overview

UNIT_DETAILS = (  # printed on every document (the signer's TM./KT. only when not the head)
    ("parent_agency", "cơ quan cấp trên"),
    ("name", "tên đơn vị"),
    ("abbreviation", "tên viết tắt"),
    ("place_name", "địa danh"),
    ("signer_position", "chức vụ người ký"),
    ("signer_name", "họ tên người ký"),
)


class Step(Struct, frozen=True):
    title: str
    status: Status
    detail: str  # what is done, or what to do, in Vietnamese
    page: str | None  # the page where it is done
    label: str = ""  # what its state is called, when the status's own word would not be true


def _step(title: str, problems: Sequence[str], done: str, page: str, missing: bool = False) -> Step:
    """Passed when nothing is wrong; else failed, or not started (`missing`)."""
    if not problems:
        return Step(title, Status.PASS, done, page)
    return Step(title, Status.MISSING if missing else Status.FAIL, " ".join(problems), page)


DEADLINE_STEP = "Thời hạn nộp hồ sơ"
NO_VOTES = "Chưa nhập số phiếu đồng ý của đối tượng nào."
NO_NOMINEE = "Chưa có đối tượng đề nghị (chọn ở trang Họp xét)."


def _meeting(overview: Overview, nominee_ids: set[int]) -> Step:
    vote = overview.vote
    if vote is None:
        problem = overview.vote_problem or "Chưa ghi biên bản họp xét và số phiếu."
        return _step("Họp xét", [problem], "", "meeting", missing=overview.vote_problem is None)
    if not vote.results:  # a meeting without a vote typed has decided nothing yet
        return _step("Họp xét", [NO_VOTES], "", "meeting", missing=True)
    problems = [m for m in vote.messages[:1] if not vote.quorum_met]
    problems += [overview.meeting_date_problem] if overview.meeting_date_problem else []
    problems += [
        f"{r.name} chưa đạt tỷ lệ phiếu ({vote.votes_text(r)}, {r.percent_text})."
        for r in vote.results
        if r.candidate_id in nominee_ids and not r.meets_threshold
    ]
    done = f"Có mặt {vote.present}/{vote.total_members}, đủ số lượng; đã biểu quyết."
    return _step("Họp xét", problems, done, "meeting")


def _deadline(overview: Overview, sent_on: date | None) -> Step:
    """Met once a package is sent, not before: until then the days left (nothing is wrong
    yet, nothing is done either), and once passed, how late. Sending is done on Hồ sơ."""
    due = next((d for d in overview.deadlines if d.deadline.id == "unit_submission"), None)
    deadline = due.deadline.date if due else None
    text = f"{due.deadline.title}: hạn {deadline:%d/%m/%Y}" if due else ""
    if sent_on is not None:
        sent = f"Đã gửi gói hồ sơ ngày {sent_on:%d/%m/%Y}"
        if due and deadline:
            late = (sent_on - deadline).days
            sent += f" ({text[0].lower()}{text[1:]}" + (f", gửi muộn {late} ngày)" if late > 0
                                                         else ")")  # fmt: skip
        return Step(DEADLINE_STEP, Status.PASS, sent + ".", "dossier", "Đã gửi")
    if due is None:
        detail = "Đợt thi đua không đặt hạn nộp; chưa gửi gói hồ sơ (Hồ sơ › Gửi Thanh tra)."
        return Step(DEADLINE_STEP, Status.PASS, detail, "dossier", "Không đặt hạn")
    if due.days_left < 0:
        return Step(DEADLINE_STEP, Status.FAIL, f"{text} — {due.text}.", "dossier", "Quá hạn")
    waiting = f"{text} — {due.text}; chưa gửi gói hồ sơ (Hồ sơ › Gửi Thanh tra)."
    return Step(DEADLINE_STEP, Status.PASS, waiting, "dossier", due.text[0].upper() + due.text[1:])


def readiness(
    organisation: Organisation | None,
    overview: Overview,
    has_figures: bool | None,
    achievements: Mapping[int, Mapping[str, str]],
    sent_on: date | None = None,
) -> list[Step]:
    """`has_figures`: None while the figures are still being counted; `achievements`: each
    nominee's text per criterion id; `sent_on`: the day the first package of the campaign was
    exported, if it was."""
    lacking = [
        label
        for field, label in UNIT_DETAILS
        if not (organisation and getattr(organisation, field))
    ]
    nominees = [e for e in overview.candidates if e.candidate.nominated]
    choice = [] if nominees else ["Chưa chọn đối tượng đề nghị (trang Họp xét)."]
    if nominees and overview.quota.status is Status.FAIL:
        choice.append(overview.quota.reason)
    ineligible = [
        f"{e.candidate.name}: {' '.join(e.reasons)}"
        for e in nominees
        if e.status is not Status.PASS
    ]
    empty = [
        f"{e.candidate.name}: chưa có nội dung “{c.title}”."
        for e in nominees
        for c in overview.campaign.criteria
        if not achievements.get(e.candidate.id, {}).get(c.id, "").strip()
    ]
    return [
        _step("Thông tin đơn vị và người ký", [f"Còn thiếu: {', '.join(lacking)}."] if lacking
              else [], "Đã đủ.", "unit"),
        Step("Số liệu giải quyết đơn", Status.MISSING, "Đang tính số liệu từ sổ…", "register")
        if has_figures is None else
        _step("Số liệu giải quyết đơn", [] if has_figures else
              ["Nhập sổ theo dõi đơn, hoặc khai số liệu tổng hợp nếu đơn vị không có sổ."],
              "Đã có số liệu trong thời gian thi đua.", "register", missing=True),
        _meeting(overview, {e.candidate.id for e in nominees}),
        _step("Đối tượng đề nghị", choice, overview.quota.reason, "meeting", missing=not nominees),
        # nothing is done on nobody: both wait for a nominee
        _step("Điều kiện của đối tượng đề nghị", ineligible if nominees else [NO_NOMINEE],
              "Đều đáp ứng các tiêu chí.", "overview", missing=not nominees),
        _step("Thành tích theo tiêu chí", empty if nominees else [NO_NOMINEE],
              "Đã soạn đủ các nhóm tiêu chí.", "achievements", missing=True),
        _deadline(overview, sent_on),
    ]  # fmt: skip
