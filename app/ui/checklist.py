"""The unit's checklist as Tổng quan and Hồ sơ show it: the overview of the campaign
(eligibility, quota, vote) and the steps left before the dossier can be built, recounted
whenever a page shows it. Everything quick is computed at once; the register's rate and the
values the forms lack arrive from background jobs, each time as `updated`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from app.core.eligibility import Status
from app.core.live_values import contradictions
from app.core.overview import Overview, build_overview
from app.core.readiness import Step, readiness
from app.errors import UserError
from app.store.review import load_achievements, load_candidates, load_meeting
from app.ui import jobs
from app.ui.background_figures import Rate, count_rate
from app.ui.pages import PageContext

FORMS_STEP = "Nội dung các văn bản"
TYPED_STEP = "Số liệu trong thành tích"
COUNT_AFTER_MS = 50  # the window paints first; the counting starts a moment later


def review_forms(db: Database) -> tuple[list[str], list[str]]:
    """What the dossier's forms ask for and the database lacks, and figures typed into the
    nominees' achievement text that contradict the register (a background job)."""
    # the forms engine: loaded by the first job, off the start-up path
    from app.documents.dossier_data import dossier_data
    from app.documents.filling import fill_dossier

    data = dossier_data(db)  # read once for both questions
    missing = dict.fromkeys(m for f in fill_dossier(db, data) for m in f.missing)
    typed = [
        f"{report.get('ten', '')} — {item['tieu_chi']}: {found}"
        for report in data.get("bao_cao", [])
        for item in report.get("thanh_tich", [])
        for found in contradictions(item.get("noi_dung", ""), report.get("so_lieu", {}))
    ]
    return list(missing), typed


class Checklist(QObject):
    updated = Signal()  # `overview` and `steps` were computed again

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.context: PageContext | None = None
        self.overview: Overview | None = None
        self.steps: list[Step] = []
        self.rate: Rate | None = None  # None while being counted
        self.forms_missing: list[str] | None = None
        self.typed_figures: list[str] = []  # figures typed in the text, not the register's

    @property
    def busy(self) -> bool:
        """Figures or forms still being counted in the background."""
        return self.rate is None or self.forms_missing is None

    def refresh(self, context: PageContext) -> None:
        same = self.context is not None and (
            (self.context.store, self.context.organisation, self.context.campaign_id)
            == (context.store, context.organisation, context.campaign_id)
        )
        self.context = context
        jobs.drop(self)  # what an older refresh still counts is not shown
        if not same:
            self.rate = None  # another unit or campaign: the old rate says nothing of it
        self.forms_missing = None
        if context.campaign is None or context.campaign_id is None:
            self.overview, self.steps = None, []
            self.updated.emit()
            return
        if not count_rate(context, self._rate_counted, owner=self, delay_ms=COUNT_AFTER_MS):
            self.rate = (None, False)  # no unit: nothing to count
        jobs.run(
            review_forms,
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

    def _forms_checked(self, review: tuple[list[str], list[str]]) -> None:
        self.forms_missing, self.typed_figures = review
        self._compute()

    def _forms_failed(self, error: UserError) -> None:
        self._forms_checked(([f"không đọc được biểu mẫu: {error}"], []))

    def _compute(self) -> None:
        """Everything from the database as it is now, with the figures counted so far."""
        context = self.context
        assert context is not None and context.campaign is not None
        assert context.campaign_id is not None
        db, organisation = context.store.db, context.organisation
        meeting = load_meeting(db, context.campaign_id, organisation.id) if organisation else None
        candidates = load_candidates(db, context.campaign_id)
        rate, declared = self.rate or (None, False)
        self.overview = build_overview(
            context.campaign, candidates, meeting, self.today(), rate, declared
        )
        achievements = {c.id: load_achievements(db, c.id) for c in candidates if c.nominated}
        steps = readiness(organisation, self.overview, rate is not None, achievements)
        if self.rate is None:
            steps[1] = Step(steps[1].title, Status.MISSING, "Đang tính số liệu từ sổ…", "register")
        steps.append(self._forms_step())
        if self.forms_missing is not None:
            steps.append(
                Step(
                    TYPED_STEP,
                    Status.FAIL if self.typed_figures else Status.PASS,
                    "Số liệu gõ tay khác với sổ (nên chèn số liệu từ sổ {…}): "
                    + "; ".join(self.typed_figures)
                    if self.typed_figures
                    else "Không có số liệu gõ tay nào khác với sổ.",
                    "achievements",
                )
            )
        self.steps = steps
        self.updated.emit()

    def _forms_step(self) -> Step:
        if self.forms_missing is None:
            return Step(FORMS_STEP, Status.MISSING, "Đang kiểm tra các biểu mẫu…", "dossier")
        if not self.forms_missing:
            return Step(FORMS_STEP, Status.PASS, "Các biểu mẫu đã có đủ dữ liệu.", "dossier")
        return Step(
            FORMS_STEP,
            Status.MISSING,
            "Còn thiếu (in “…”): " + ", ".join(self.forms_missing) + ".",
            "dossier",
        )
