"""The unit's checklist as Tổng quan and Hồ sơ show it: the overview of the campaign
(eligibility, quota, vote) and the steps left before the dossier can be built, recounted
whenever a page shows it. Everything quick is computed at once; the register's rate and the
values the forms lack arrive from background jobs, each time as `updated`. The steps are
services/dossier_check.py's, the same a stored build carries as its warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal

from app.core.overview import Overview
from app.core.readiness import Step
from app.errors import UserError
from app.services.dossier_check import FormsReview, overview_and_check, review_forms_of
from app.ui import jobs
from app.ui.background_figures import Rate, count_rate
from app.ui.context import PageContext

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
        jobs.drop(self)  # what an older refresh still counts is not shown
        if not same:
            self.rate = None  # another unit or campaign: the old rate says nothing of it
        self.forms = None
        if context.campaign is None or context.campaign_id is None:
            self.overview, self.steps = None, []
            self.updated.emit()
            return
        if not count_rate(context, self._rate_counted, owner=self, delay_ms=COUNT_AFTER_MS):
            self.rate = (None, False)  # no unit: nothing to count
        jobs.run(
            review_forms_of,
            self._forms_checked,
            owner=self,
            key="forms",
            store=context.store,
            on_failure=self._forms_failed,
            delay_ms=COUNT_AFTER_MS,
        )
        self._compute()

    def _rate_counted(self, rate: Rate) -> None:
        self.rate = rate
        self._compute()

    def _forms_checked(self, review: FormsReview) -> None:
        self.forms = review
        self._compute()

    def _forms_failed(self, error: UserError) -> None:
        self._forms_checked(FormsReview((f"không đọc được biểu mẫu: {error}",), ()))

    def _compute(self) -> None:
        """Everything from the database as it is now, with the figures counted so far."""
        context = self.context
        assert context is not None
        self.overview, self.steps = overview_and_check(
            context.store.db, self.today(), self.rate, self.forms
        )
        self.updated.emit()
