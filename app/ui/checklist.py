"""The unit's checklist as Tổng quan and Hồ sơ show it: the overview of the campaign
(eligibility, quota, vote) and the steps left before the dossier can be built, recounted
whenever a page shows it. The register's rate and the values the forms lack arrive from
background jobs, each time as `updated`; the rest is computed at once or, for the first
screen (`in_background`), off the UI thread too, so that the window paints without waiting
for it. The steps are services/dossier_check.py's, the same a stored build carries as its
warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.errors import UserError
from app.ui import jobs
from app.ui.background_figures import count_rate
from app.ui.context import PageContext

if TYPE_CHECKING:
    from app.core.overview import Overview
    from app.core.readiness import Step
    from app.services.dossier_check import FormsReview, Rate
    from app.store.connection import Database

COUNT_AFTER_MS = 50  # the window paints first; the counting starts a moment later


class Checklist(QObject):
    updated = Signal()  # `overview` and `steps` were computed again

    def __init__(self, today: Callable[[], date], in_background: bool = False) -> None:
        super().__init__()
        self.today = today
        self.in_background = in_background
        self.context: PageContext | None = None
        self.overview: Overview | None = None
        self.steps: list[Step] = []
        self.rate: Rate | None = None  # None while being counted
        self.forms: FormsReview | None = None  # None while being checked
        self.computing = False  # the overview itself, counted in the background
        self.error: str | None = None  # why it could not be counted
        # what could not be read (the figures, the forms, the overview) and why: until each is
        # read again, the steps would be counted without it, and mislead
        self._unreadable: dict[str, str] = {}

    @property
    def busy(self) -> bool:
        """Figures or forms still being counted in the background."""
        return self.rate is None or self.forms is None or self.computing

    def refresh(self, context: PageContext) -> None:
        same = self.context is not None and (
            (self.context.store, self.context.organisation, self.context.campaign_id)
            == (context.store, context.organisation, context.campaign_id)
        )
        self.context = context
        jobs.drop(self)  # what an older refresh still counts is not shown
        if not same:
            self.rate = None  # another unit or campaign: the old rate says nothing of it
            self.overview, self.steps = None, []  # nor its overview, while the new one is counted
            self._unreadable = {}
        self.forms = None
        if context.campaign is None or context.campaign_id is None:
            self.overview, self.steps, self.computing = None, [], False
            self.updated.emit()
            return
        counting = count_rate(context, self._rate_counted, owner=self, delay_ms=COUNT_AFTER_MS,
                              failed=self._rate_failed)  # fmt: skip
        if not counting:
            self.rate = (None, False)  # no unit: nothing to count
        jobs.run(
            _review_forms,
            self._forms_checked,
            owner=self,
            key="forms",
            store=context.store,
            on_failure=self._forms_failed,
            delay_ms=COUNT_AFTER_MS,
        )
        self._compute()

    def _rate_counted(self, rate: Rate) -> None:
        self._unreadable.pop("rate", None)
        self.rate = rate
        self._compute()

    def _forms_checked(self, review: FormsReview) -> None:
        self._unreadable.pop("forms", None)
        self.forms = review
        self._compute()

    def _rate_failed(self, error: UserError) -> None:
        self._unreadable["rate"] = str(error)
        self.rate = (None, False)
        self._compute()

    def _forms_failed(self, error: UserError) -> None:
        from app.services.dossier_check import FormsReview
        from app.store.errors import StoreError

        if isinstance(error, StoreError):  # the data cannot be read (damaged, locked)
            self._unreadable["forms"] = str(error)
            self.forms = FormsReview((), ())
            self._compute()
            return
        problem = str(error).rstrip(".")  # a form or regime file the clerk edited
        self._forms_checked(FormsReview((f"không đọc được biểu mẫu: {problem}",), ()))

    def _compute(self) -> None:
        """Everything from the database as it is now, with the figures counted so far."""
        context = self.context
        assert context is not None
        work = partial(_overview_and_check, today=self.today(), rate=self.rate, forms=self.forms)
        if not self.in_background:
            try:
                result = work(context.store.db)
            except UserError as exc:  # as the background job reports it
                self._failed(exc)
                return
            self._computed(result)
            return
        self.computing, self.error = True, None
        if self.overview is None:
            self.updated.emit()  # "đang tính" where nothing was counted yet; else kept shown
        jobs.run(
            work,
            self._computed,
            owner=self,
            key="overview",
            store=context.store,
            on_failure=self._failed,
            on_finished=self._stopped,
            delay_ms=COUNT_AFTER_MS,
        )

    def _computed(self, result: tuple[Overview | None, list[Step]]) -> None:
        self._unreadable.pop("overview", None)
        self.overview, self.steps = result
        self.error = None
        self._say_unreadable()
        self.updated.emit()

    def _say_unreadable(self) -> None:
        """Steps counted without what could not be read would mislead ("nhập sổ" for a
        register that is there): one step says what cannot be read instead."""
        if not self._unreadable:
            return
        from app.core.readiness import Status, Step

        self.error = next(iter(self._unreadable.values()))
        self.steps = [Step("Đọc tệp dữ liệu", Status.FAIL, self.error, None)]

    def _stopped(self) -> None:
        self.computing = False  # whatever the outcome: nothing is being counted any more

    def _failed(self, error: UserError) -> None:
        """The database could not be read (locked, damaged): said where the figures go."""
        self._unreadable["overview"] = str(error)
        self._say_unreadable()
        self.updated.emit()


def _overview_and_check(
    db: Database, today: date, rate: Rate | None, forms: FormsReview | None
) -> tuple[Overview | None, list[Step]]:
    # the check and what it imports load here, off the start-up path in the background
    from app.services.dossier_check import overview_and_check

    return overview_and_check(db, today, rate, forms)


def _review_forms(db: Database) -> FormsReview:
    from app.services.dossier_check import review_forms_of

    return review_forms_of(db)
