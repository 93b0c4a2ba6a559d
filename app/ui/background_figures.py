"""The unit's resolution rate, counted off the UI thread: a register of 100,000 petitions takes
a noticeable moment to load and tally, and no page may freeze for it. Each call reports once,
with the rate and whether it comes from declared totals, or (None, False) when there is none."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.store.connection import Database
from app.ui import jobs
from app.ui.context import PageContext

if TYPE_CHECKING:
    from app.errors import UserError
    from app.services.dossier_check import Rate


def count_rate(
    context: PageContext,
    done: Callable[[Rate], None],
    owner: QObject,
    delay_ms: int = 0,
    failed: Callable[[UserError], None] | None = None,
) -> bool:
    """Start counting for `owner` (a newer count of the same owner overtakes this one); False
    (and nothing will be reported) when the context has no unit or campaign to count for. A
    file that cannot be read is said to `failed`, else counted as no figures."""
    organisation, campaign = context.organisation, context.campaign
    if organisation is None or campaign is None or context.campaign_id is None:
        return False
    unit, campaign_id = organisation.id, context.campaign_id

    def work(db: Database) -> Rate:
        # The register's reading and the tally load here, off the start-up path: the window
        # paints before the figures are counted.
        from app.services.figures import unit_resolution_rate

        return unit_resolution_rate(db, unit, campaign_id, campaign)

    jobs.run(
        work,
        done,
        owner=owner,
        key="rate",
        store=context.store,
        # the file cannot be read now: "chưa có dữ liệu", not a guess
        on_failure=failed or (lambda _: done((None, False))),
        delay_ms=delay_ms,
    )
    return True
