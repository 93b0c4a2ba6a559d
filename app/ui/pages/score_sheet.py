"""Tổng quan › Bảng tự chấm điểm: in a campaign that ranks by points, each nominee's score
sheet — its criteria, the figure or the value entered, the points, the evidence attached or
missing — and the total the package will carry. The figures are counted in the background (a
person's are the cases they handled in the register)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.scoring import format_points
from app.errors import UserError
from app.store.achievements import add_attachment, list_attachments
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.connection import Database
from app.store.scores import set_evidence, set_value
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.models.scores import ScoreLinesModel
from app.ui.pages.achievement_editor import EVIDENCE_FILTER
from app.ui.widgets import ERROR_COLOUR, ComboBox, error_label

if TYPE_CHECKING:  # the register's figures are counted in the job, after the first paint
    from app.services.scores import NomineeScore

EXAMPLE_NOTE = (
    "Bảng điểm này là VÍ DỤ của mẫu đợt thi đua, không phải bảng điểm của kế hoạch: hãy thay "
    "bằng bảng điểm của kế hoạch đơn vị nhận được trước khi gửi hồ sơ."
)


class ScoreSheetBox(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.context: PageContext | None = None
        self.scores: list[NomineeScore] = []
        self.busy = False
        self.nominee = ComboBox()
        self.nominee.setAccessibleName("Đối tượng chấm điểm")
        self.example = QLabel(EXAMPLE_NOTE)
        self.example.setWordWrap(True)
        self.example.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.model = ScoreLinesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Bảng tự chấm điểm")
        self.table.verticalHeader().setVisible(False)
        # each rule in full, on as many lines as the column's width takes (a few criteria)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
             QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
             QHeaderView.ResizeMode.Interactive)
        ):  # fmt: skip
            header.setSectionResizeMode(column, mode)
        header.resizeSection(ScoreLinesModel.EVIDENCE, 200)
        self.total = QLabel()
        self.error = error_label(hidden=True)
        self.attach_button = QPushButton("Gắn minh chứng…")
        self.attach_button.setToolTip("Chọn tệp minh chứng cho tiêu chí đang chọn")
        self.detach_button = QPushButton("Bỏ minh chứng")
        top = QHBoxLayout()
        top.addWidget(QLabel("Đối tượng:"))
        top.addWidget(self.nominee, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(self.attach_button)
        bottom.addWidget(self.detach_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.example)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)

        self.nominee.currentIndexChanged.connect(lambda _: self._show_sheet())
        self.model.value_typed.connect(self._value_typed)
        self.model.rejected.connect(self._refuse)
        self.attach_button.clicked.connect(self._attach_menu)
        self.detach_button.clicked.connect(lambda: self._set_evidence(None))

    # --- data ------------------------------------------------------------------------------

    def refresh(self, context: PageContext) -> None:
        """Count the nominees' figures and score them in the background."""
        self.context = context
        organisation = context.organisation
        if organisation is None or context.campaign is None or context.campaign.scoring is None:
            self.scores = []
            self._show_sheet()
            return
        self.busy = True
        self.total.setText("Đang tính điểm từ sổ…")

        def work(db: Database) -> list[NomineeScore]:
            from app.services.figures import unit_figures
            from app.services.scores import unit_scores

            campaign_id = active_campaign_id(db)
            figures = unit_figures(db, organisation.id, campaign_id, load_campaign(db, campaign_id))
            scored = unit_scores(db, organisation.id, figures)
            return scored[1] if scored else []

        def done(scores: list[NomineeScore]) -> None:
            self.busy = False
            self._show(scores)

        def failed(error: UserError) -> None:
            self.busy = False
            self.total.setText(str(error))

        jobs.run(work, done, owner=self, key="scores", store=context.store, on_failure=failed)

    def _show(self, scores: list[NomineeScore]) -> None:
        wanted = self.nominee.currentData()
        self.scores = scores
        self.nominee.blockSignals(True)
        self.nominee.clear()
        for s in scores:
            self.nominee.addItem(f"{s.candidate.name} ({s.candidate.kind.label.lower()})",
                                 s.candidate.id)  # fmt: skip
        index = self.nominee.findData(wanted)
        self.nominee.setCurrentIndex(max(index, 0))
        self.nominee.blockSignals(False)
        self._show_sheet()

    @property
    def current(self) -> NomineeScore | None:
        index = self.nominee.currentIndex()
        return self.scores[index] if 0 <= index < len(self.scores) else None

    def _show_sheet(self) -> None:
        scoring = self.context.campaign.scoring if self.context and self.context.campaign else None
        self.example.setVisible(bool(scoring and scoring.example))
        current = self.current
        if current is None:
            self.model.update_rows([])
            self.total.setText(
                "Chưa có đối tượng đề nghị: chọn ở trang Họp xét rồi chấm điểm ở đây."
                if scoring
                else ""
            )
            return
        self.model.update_rows(
            [(line, current.entries.get(line.criterion.id)) for line in current.sheet.lines]
        )
        self.total.setText(
            f"<b>Tổng điểm tự chấm: {format_points(current.sheet.total)}</b> / "
            f"{format_points(current.sheet.most)} điểm tối đa"
        )

    # --- actions --------------------------------------------------------------------------

    def _value_typed(self, criterion: str, value: Fraction | None) -> None:
        current, context = self.current, self.context
        assert current is not None and context is not None
        with context.store.user_errors():
            set_value(context.store.db, current.candidate.id, criterion, value)
        self.error.hide()
        self.refresh(context)

    def _refuse(self, reason: str) -> None:
        self.error.setText(reason)
        self.error.show()

    def selected_criterion(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[index.row()][0].criterion.id

    def _attach_menu(self) -> None:
        current, context = self.current, self.context
        if current is None or context is None:
            return
        if self.selected_criterion() is None:
            self._refuse("Chọn một tiêu chí trong bảng trước.")
            return
        menu = QMenu(self)
        for attachment in list_attachments(context.store.db, current.candidate.id):
            menu.addAction(attachment.file_name,
                           lambda a=attachment.id: self._set_evidence(a))  # fmt: skip
        menu.addSeparator()
        menu.addAction("Tệp khác…", self.choose_file)
        menu.exec(self.attach_button.mapToGlobal(self.attach_button.rect().bottomLeft()))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Chọn tệp minh chứng", str(Path.home()), EVIDENCE_FILTER
        )
        if name:
            self.attach_file(Path(name))

    def attach_file(self, path: Path) -> None:
        """A new evidence file for the selected criterion (kept with the nominee's others)."""
        current, context = self.current, self.context
        assert current is not None and context is not None
        try:
            data = path.read_bytes()
            with context.store.user_errors():
                attachment = add_attachment(context.store.db, current.candidate.id, path.name,
                                            data)  # fmt: skip
        except OSError as exc:
            self._refuse(f"Không đọc được {path.name}: {exc.strerror or exc}.")
            return
        except ValueError as exc:  # refused by kind or size
            self._refuse(f"{path.name}: {exc}")
            return
        self._set_evidence(attachment)

    def _set_evidence(self, attachment: int | None) -> None:
        current, context, criterion = self.current, self.context, self.selected_criterion()
        if current is None or context is None or criterion is None:
            self._refuse("Chọn một tiêu chí trong bảng trước.")
            return
        with context.store.user_errors():
            set_evidence(context.store.db, current.candidate.id, criterion, attachment)
        self.error.hide()
        self.refresh(context)
