"""Everything the Đơn thư & tiếp dân page shows of the registers, read and counted at once (in
the page's background job): the registers' rows, the tally, and every figure with the rows
behind it (for the drill-down); declared totals for a unit that keeps no register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from msgspec import Struct

from app.core.campaign import Campaign
from app.core.eligibility import CheckResult, check_resolution_rate
from app.core.figures import from_declared
from app.core.petitions import PETITION_TYPES, Petition, Reception
from app.core.reception import leader_periodic_reception
from app.core.tally import (
    Case,
    MonthFigures,
    ResolutionCounts,
    Tally,
    by_month,
    rate_text,
    tally_and_breakdown,
)
from app.core.text import format_count
from app.services.figures import declared_totals
from app.store.connection import Database
from app.store.register import ReceptionRow, RegisterRow, reception_rows, register_rows


class Figure(NamedTuple):
    name: str
    label: str
    value: str  # as shown
    keys: frozenset[str] | None  # the register rows behind it; None: declared totals
    # the cases (vụ việc) it counts, when it counts cases rather than rows: one case may hold
    # several petitions (đơn), so its drill-down lists these, each with its petitions inside
    cases: tuple[Case, ...] | None = None


class Breakdown(NamedTuple):
    label: str
    counts: ResolutionCounts
    keys: frozenset[str] | None
    cases: tuple[Case, ...] | None = None


class RegisterFigures(Struct, frozen=True):
    petition_rows: list[RegisterRow]
    reception_rows: list[ReceptionRow]
    result: Tally | None
    verdict: CheckResult | None  # None: no campaign chosen, nothing counted
    period: tuple[date, date] | None = None
    title: str = ""
    petition_figures: tuple[Figure, ...] = ()
    months: tuple[MonthFigures, ...] = ()
    breakdown: tuple[Breakdown, ...] = ()
    reception_figures: tuple[Figure, ...] = ()  # empty: no reception log
    leader_below: tuple[str, ...] = ()  # periods with too few leader reception days


def _keys_of_cases(cases: Iterable[Case]) -> frozenset[str]:
    return frozenset(p.key for c in cases for p in c.petitions)


def _case_figure(name: str, label: str, value: str, cases: Sequence[Case]) -> Figure:
    return Figure(name, label, value, _keys_of_cases(cases), tuple(cases))


def _keys(rows: Iterable[Petition | Reception]) -> frozenset[str]:
    return frozenset(r.key for r in rows)


def load_register_figures(
    db: Database, organisation_id: int | None, campaign_id: int | None, campaign: Campaign | None
) -> RegisterFigures:
    petition_rows = register_rows(db, organisation_id) if organisation_id else []
    visit_rows = reception_rows(db, organisation_id) if organisation_id else []
    rows = petition_rows, visit_rows
    if campaign is None:
        return RegisterFigures(*rows, None, None)
    start, end = campaign.period_start, campaign.period_end
    petitions = [r.petition for r in petition_rows]
    visits = [r.reception for r in visit_rows]
    result, types, officers = tally_and_breakdown(
        petitions, visits, start, end, campaign.counted_types
    )
    declared = (
        [] if not organisation_id or campaign_id is None
        else declared_totals(db, organisation_id, campaign_id, has_register=bool(petition_rows))
    )  # fmt: skip
    days, per = campaign.leader_reception_minimum
    leader = leader_periodic_reception(result.reception.sessions, start, end, days, per)
    common = {
        "reception_figures": _reception_figures(result, leader, days, per) if visits else (),
        "leader_below": tuple(p.label for p in leader if not p.meets_minimum) if visits else (),
    }
    if declared:  # a unit without a register: its typed totals, marked as declared
        figures = from_declared(declared, start, end, campaign.counted_types)
        r, k, n = figures.resolution, figures.resolution_kntc, format_count
        return RegisterFigures(
            *rows,
            result,
            check_resolution_rate(r.rate, campaign, declared=True),
            (figures.period_from, figures.period_to),
            "Số liệu giải quyết đơn — ĐƠN VỊ TỰ KHAI",
            tuple(Figure(label, label, value, None) for label, value in (
                ("Tỷ lệ giải quyết", f"{rate_text(r.rate)} ({n(r.resolved)}/{n(r.denominator)})"),
                ("Kỳ trước chuyển sang", n(r.carried_over)),
                ("Mới nhận trong kỳ", n(r.new)),
                ("Đúng hạn", f"{n(r.on_time)} ({rate_text(r.on_time_rate)})"),
                ("Không rõ hạn", n(r.unknown_deadline)),
                ("Tỷ lệ KN+TC", f"{rate_text(k.rate)} ({n(k.resolved)}/{n(k.denominator)})"),
                ("Tỷ lệ xử lý đơn", f"{rate_text(figures.processing_rate)} "
                                    f"({n(figures.processed)}/{n(figures.received)})"),
            )),
            (),
            tuple(Breakdown(PETITION_TYPES.label(t), c, None) for t, c in figures.by_type.items()),
            **common,
        )  # fmt: skip
    lines = tuple(
        Breakdown(label, r.counts, _keys_of_cases(r.carried_over + r.new), r.carried_over + r.new)
        for label, r in (
            *((PETITION_TYPES.label(t), r) for t, r in types.items()),
            *((f"Cán bộ {name}", r) for name, r in officers.items()),
        )
    )
    return RegisterFigures(
        *rows,
        result,
        check_resolution_rate(result.resolution.rate, campaign),
        (result.period_from, result.period_to),
        "Số liệu giải quyết đơn",
        _petition_figures(result),
        tuple(by_month(result.resolution)),
        lines,
        **common,
    )  # fmt: skip


def _petition_figures(t: Tally) -> tuple[Figure, ...]:
    r, k, p, n = t.resolution, t.resolution_kntc, t.processing, format_count
    unresolved = r.unresolved
    return (
        _case_figure("rate", "Tỷ lệ giải quyết", f"{rate_text(r.rate)} ({n(len(r.resolved))}/"
                     f"{n(r.denominator)})", r.resolved),
        _case_figure("carried", "Kỳ trước chuyển sang", n(len(r.carried_over)), r.carried_over),
        _case_figure("new", "Mới nhận trong kỳ", n(len(r.new)), r.new),
        _case_figure("unresolved", "Chưa giải quyết xong", n(len(unresolved)), unresolved),
        _case_figure("on_time", "Đúng hạn", f"{n(len(r.on_time))} "
                     f"({rate_text(r.on_time_rate)})", r.on_time),
        _case_figure("unknown", "Không rõ hạn", n(len(r.unknown_deadline)), r.unknown_deadline),
        _case_figure("kntc", "Tỷ lệ KN+TC", f"{rate_text(k.rate)} ({n(len(k.resolved))}/"
                     f"{n(k.denominator)})", k.resolved),
        Figure("processing", "Tỷ lệ xử lý đơn", f"{rate_text(p.rate)} ({n(len(p.processed))}/"
               f"{n(len(p.received))})", _keys(p.received)),
        Figure("errors", "Dòng dữ liệu lỗi (không tính)", n(len(t.errors)),
               _keys(e.petition for e in t.errors)),
    )  # fmt: skip


def _reception_figures(t: Tally, leader, days: int, per: str) -> tuple[Figure, ...]:
    rec, n = t.reception, format_count
    unit = "tuần" if per == "week" else "tháng"
    below = [period for period in leader if not period.meets_minimum]
    leader_days = {d for period in leader for d in period.days}
    leader_keys = frozenset(s.key for s in rec.sessions if s.day in leader_days and s.by_leader)
    return tuple(Figure(*figure) for figure in (
        ("sessions", "Lượt tiếp", n(len(rec.sessions)), _keys(rec.sessions)),
        ("people", "Số người", n(rec.people), _keys(rec.sessions)),
        ("cases", "Vụ việc", n(rec.cases), _keys(rec.sessions)),
        ("mass", "Đoàn đông người", n(len(rec.mass_delegations)), _keys(rec.mass_delegations)),
        ("leader", f"Lãnh đạo tiếp định kỳ (≥ {days} ngày/{unit})",
         f"{len(leader) - len(below)}/{len(leader)} {unit} đạt", leader_keys),
    ))  # fmt: skip
