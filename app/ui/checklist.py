"""The unit's checklist as Tổng quan and Hồ sơ show it: the overview of the campaign
(eligibility, quota, vote) and the steps left before the dossier can be built, recounted
whenever a page shows it. Everything quick is computed at once; the register's rate and the
values the forms lack arrive from background jobs, each time as `updated`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal

from app.core.overview import Overview
from app.core.readiness import Step
from app.documents.errors import FormError
from app.services.dossier_check import FormsReview, overview_and_check, review_forms_of
from app.store.database import with_own_connection
from app.store.errors import StoreError
from app.ui import jobs
from app.ui.background_figures import Rate, count_rate
from app.ui.pages import PageContext

COUNT_AFTER_MS = 50  # the window paints first; the counting starts a moment later


class Checklist(QObject):
    updated = Signal()  # `overview` and `steps` were computed again

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.context: PageContext | None = None
        self.overview: Overview | None = None
        self.steps: list[Step] = []
        self.rate: Rate | None = None  # None while being counted
        self.forms: FormsReview | None = None  # None while being checked
        self._generation = 0  # results of an older refresh are dropped

    @property
    def busy(self) -> bool:
        """Figures or forms still being counted in the background."""
        return self.rate is None or self.forms is None

    def refresh(self, context: PageContext) -> None:
        same = self.context is not None and (
            (self.context.store, self.context.organisation, self.context.campaign_id)
            == (context.store, context.organisation, context.campaign_id)
        )
        self.context = context
        self._generation += 1
        generation = self._generation
        if not same:
            self.rate = None  # another unit or campaign: the old rate says nothing of it
        self.forms = None
        if context.campaign is None or context.campaign_id is None:
            self.overview, self.steps = None, []
            self.updated.emit()
            return
        self._compute()

        def current() -> bool:  # not overtaken by a later refresh, nor the file closed since
            return generation == self._generation and not context.store.closed

        def rate_counted(rate: Rate) -> None:
            if current():
                self.rate = rate
                self._compute()

        def count() -> None:
            if current() and not count_rate(context, rate_counted):
                rate_counted((None, False))  # no unit: nothing to count

        def forms_checked(review: FormsReview) -> None:
            if current():
                self.forms = review
                self._compute()

        def forms_failed(exc: Exception) -> None:
            if not isinstance(exc, StoreError | FormError):
                raise exc  # a bug: the global hook reports it
            forms_checked(FormsReview((f"không đọc được biểu mẫu: {exc}",), ()))

        def check_forms() -> None:
            if current():
                path = context.store.path
                jobs.run_in_background(
                    lambda: with_own_connection(path, review_forms_of), forms_checked, forms_failed
                )

        jobs.later(COUNT_AFTER_MS, count)
        jobs.later(COUNT_AFTER_MS, check_forms)

    def _compute(self) -> None:
        """Everything from the database as it is now, with the figures counted so far."""
        context = self.context
        assert context is not None
        self.overview, self.steps = overview_and_check(
            context.store.db, self.today(), self.rate, self.forms
        )
        self.updated.emit()
