"""The unit's resolution rate, counted off the UI thread: a register of 100,000 petitions takes
a noticeable moment to load and tally, and no page may freeze for it. Each call reports once,
with the rate and whether it comes from declared totals, or (None, False) when there is none."""

from __future__ import annotations

from collections.abc import Callable

from app.services.dossier_check import Rate
from app.store.database import with_own_connection
from app.store.errors import StoreError
from app.ui import jobs
from app.ui.pages import PageContext


def count_rate(context: PageContext, done: Callable[[Rate], None]) -> bool:
    """Start counting; False (and nothing will be reported) when the context has no unit or
    campaign to count for."""
    organisation, campaign = context.organisation, context.campaign
    if organisation is None or campaign is None or context.campaign_id is None:
        return False
    path, unit, campaign_id = context.store.path, organisation.id, context.campaign_id

    def work() -> Rate:
        # The register's reading and the tally load here, off the start-up path: the window
        # paints before the figures are counted.
        from app.services.figures import unit_resolution_rate

        return with_own_connection(
            path, lambda db: unit_resolution_rate(db, unit, campaign_id, campaign)
        )

    def failed(exc: Exception) -> None:
        if not isinstance(exc, StoreError):
            raise exc  # a bug: the global hook reports it
        done((None, False))  # the file cannot be read now: "chưa có dữ liệu", not a guess

    jobs.run_in_background(work, done, failed)
    return True
