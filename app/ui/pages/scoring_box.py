"""Đơn vị & đợt thi đua › Bảng điểm: whether the campaign ranks by points, by which table (a
line of what it holds), and the ways to change it — load the plan's table from a TOML file
(each mistake said with its line), save the app's example to start one from, or stop scoring."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app import APP_NAME, paths
from app.atomic import atomic_write
from app.core.scoring import FIGURES, VOTE, Scoring, format_points, tie_break_label
from app.errors import UserError
from app.exchange.scoring_file import scoring_table
from app.store.campaigns import EXAMPLE_SCORING, scoring_file, set_scoring
from app.store.errors import writing_to
from app.ui.context import PageContext
from app.ui.widgets import button_row

TOML_FILES = "Bảng điểm (*.toml)"


def describe_scoring(scoring: Scoring | None) -> str:
    if scoring is None:
        return "Đợt này không chấm điểm: xét theo các tiêu chí đạt / không đạt và chỉ tiêu."
    sheet_most = sum((c.most for c in scoring.criteria), start=0)
    most = min(sheet_most, scoring.max_total) if scoring.max_total is not None else sheet_most
    ties = [tie_break_label(t, scoring) for t in scoring.tie_breaks if t != VOTE]
    text = (
        f"Chấm điểm theo bảng điểm: {len(scoring.criteria)} tiêu chí, tối đa "
        f"{format_points(most)} điểm; bằng điểm thì xét "
        + ", rồi ".join([*ties, "Hội đồng bỏ phiếu"])
        + "."
    )
    if scoring.example:
        text += " Đây là bảng điểm VÍ DỤ của ứng dụng: hãy nạp bảng điểm của kế hoạch."
    return text


class ScoringBox(QGroupBox):
    changed = Signal()  # the table was loaded or removed

    def __init__(self) -> None:
        super().__init__("Bảng điểm")
        self.context: PageContext | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.load_button = QPushButton("Nạp bảng điểm…")
        self.load_button.setToolTip(
            "Chọn tệp bảng điểm (.toml) theo kế hoạch thi đua; sai ở đâu, ứng dụng nói dòng nào"
        )
        self.example_button = QPushButton("Lưu bảng điểm mẫu…")
        self.example_button.setToolTip(
            "Lưu bảng điểm ví dụ của ứng dụng ra tệp để sửa theo kế hoạch rồi nạp lại. Tỷ lệ "
            "ứng dụng tính được: " + ", ".join(v.lower() for v in FIGURES.values()) + "."
        )
        self.remove_button = QPushButton("Bỏ chấm điểm")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(button_row(self.load_button, self.example_button, self.remove_button))
        layout.addWidget(self.status)
        self.load_button.clicked.connect(self.choose_file)
        self.example_button.clicked.connect(self.save_example)
        self.remove_button.clicked.connect(self.remove)

    def show_context(self, context: PageContext) -> None:
        self.context = context
        campaign = context.campaign
        scoring = campaign.scoring if campaign else None
        self.summary.setText(describe_scoring(scoring) if campaign else "")
        self.load_button.setEnabled(context.campaign_id is not None)
        self.remove_button.setVisible(scoring is not None)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Nạp bảng điểm", str(paths.documents_dir()), TOML_FILES
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        context = self.context
        assert context is not None and context.campaign_id is not None
        try:
            table = scoring_table(path)
            with context.store.user_errors():
                set_scoring(context.store.db, context.campaign_id, table)
        except UserError as exc:  # its line, in Vietnamese; the campaign as it was
            self.status.setText(f"Chưa nạp — {exc}")
            return
        self.status.setText(f"Đã nạp bảng điểm từ {path.name}.")
        self.changed.emit()

    def remove(self) -> None:
        context = self.context
        assert context is not None and context.campaign_id is not None
        answer = QMessageBox.question(
            self, APP_NAME, "Bỏ bảng điểm của đợt này? Các giá trị đơn vị đã nhập vẫn được giữ, "
            "nhưng đợt sẽ xét theo tiêu chí đạt / không đạt và chỉ tiêu, không theo điểm.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        with context.store.user_errors():
            set_scoring(context.store.db, context.campaign_id, None)
        self.status.setText("Đã bỏ chấm điểm.")
        self.changed.emit()

    def save_example(self) -> None:
        suggested = paths.documents_dir() / EXAMPLE_SCORING
        name, _ = QFileDialog.getSaveFileName(self, "Lưu bảng điểm mẫu", str(suggested), TOML_FILES)
        if name:
            self.write_example(Path(name).with_suffix(".toml"))

    def write_example(self, target: Path) -> None:
        try:
            with writing_to(target), atomic_write(target) as partial:
                partial.write_bytes(scoring_file().read_bytes())
        except UserError as exc:
            self.status.setText(f"Chưa lưu — {exc}")
            return
        self.status.setText(f"Đã lưu {target}: sửa theo kế hoạch rồi bấm “Nạp bảng điểm…”.")
