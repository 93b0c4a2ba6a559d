"""The reception log's figures (domain.md §6.3): sessions, people, cases, mass delegations, and
the leaders' periodic reception days per week or month against the legal minimum."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from msgspec import Struct

from app.core.petitions import Reception, ReceptionForm


class ReceptionFigures(Struct, frozen=True):
    sessions: tuple[Reception, ...]

    @property
    def people(self) -> int:
        return sum(r.people for r in self.sessions)

    @property
    def cases(self) -> int:
        return len({r.case_key or f"lượt:{r.key}" for r in self.sessions})

    @property
    def mass_delegations(self) -> tuple[Reception, ...]:
        return tuple(r for r in self.sessions if r.is_mass_delegation)


class LeaderPeriod(Struct, frozen=True):
    label: str  # "Tuần 05/2025" or "Tháng 03/2025"
    days: tuple[date, ...]  # distinct days a leader held periodic reception
    meets_minimum: bool


def leader_periodic_reception(
    sessions: Iterable[Reception], period_from: date, period_to: date, minimum: int, per: str
) -> list[LeaderPeriod]:
    """The leaders' periodic reception days in each week or month of the period, against the
    legal minimum (Luật Tiếp công dân art. 18). Partial weeks/months at the edges count too."""
    days = sorted(
        {
            r.day
            for r in sessions
            if r.by_leader
            and r.form is ReceptionForm.PERIODIC
            and period_from <= r.day <= period_to
        }
    )
    buckets: dict[tuple[int, int], list[date]] = {}
    day = period_from
    while day <= period_to:
        buckets.setdefault(_bucket(day, per), [])
        day += timedelta(days=1)
    for d in days:
        buckets[_bucket(d, per)].append(d)
    return [
        LeaderPeriod(
            f"Tuần {key[1]:02d}/{key[0]}" if per == "week" else f"Tháng {key[1]:02d}/{key[0]}",
            tuple(found),
            len(found) >= minimum,
        )
        for key, found in buckets.items()
    ]


def _bucket(day: date, per: str) -> tuple[int, int]:
    if per == "week":
        year, week, _ = day.isocalendar()
        return year, week
    return day.year, day.month


def reception(
    sessions: Iterable[Reception], period_from: date, period_to: date
) -> ReceptionFigures:
    return ReceptionFigures(
        tuple(
            sorted((r for r in sessions if period_from <= r.day <= period_to), key=lambda r: r.day)
        )
    )
