"""Đơn thư: the petition register (sortable, accent-insensitive search), its import, and the
tally panel whose every figure opens the rows behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.eligibility import CheckResult, check_resolution_rate
from app.core.petitions import Petition
from app.core.tally import Case, Tally, by_month, rate_text, tally
from app.core.text import format_count, format_date_short
from app.exchange.spreadsheet import ImportFailure
from app.store.register import register_rows
from app.ui.import_wizard import ImportWizard
from app.ui.models import STATUS_COLOURS, VietnameseSortFilterProxy
from app.ui.month_chart import MonthChart
from app.ui.pages import PageContext
from app.ui.register_models import PetitionsModel

SPREADSHEETS = "Sổ theo dõi đơn (*.xlsx *.xls *.ods *.csv)"


def _keys_of_cases(cases: Iterable[Case]) -> frozenset[str]:
    return frozenset(p.key for c in cases for p in c.petitions)


def _keys(petitions: Iterable[Petition]) -> frozenset[str]:
    return frozenset(p.key for p in petitions)


class RegisterPage(QWidget):
    title = "Đơn thư"
    data_changed = Signal()
    unit_changed = Signal()

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.context: PageContext | None = None
        self.result: Tally | None = None

        self.import_button = QPushButton("Nhập sổ từ Excel…")
        self.template_button = QPushButton("Tạo tệp mẫu…")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm trong sổ (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.filter_label = QLabel()
        self.show_all_button = QPushButton("Hiện tất cả")
        self.show_all_button.hide()

        self.model = PetitionsModel()
        self.proxy = VietnameseSortFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        self.table.sortByColumn(PetitionsModel.RECEIVED, Qt.SortOrder.AscendingOrder)

        self.figures = QGroupBox("Số liệu giải quyết đơn")
        self.figure_form = QFormLayout(self.figures)
        self.figure_buttons: dict[str, QPushButton] = {}
        self.threshold = QLabel()
        self.threshold.setWordWrap(True)
        self.chart = MonthChart()

        bar = QHBoxLayout()
        for widget in (self.import_button, self.template_button, self.search):
            bar.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.filter_label, 1)
        filter_bar.addWidget(self.show_all_button)
        left_layout.addLayout(filter_bar)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.threshold)
        right_layout.addWidget(self.figures)
        right_layout.addWidget(self.chart)
        right_layout.addStretch()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)

        self.search.textChanged.connect(self.proxy.set_search)
        self.import_button.clicked.connect(self.choose_import_file)
        self.template_button.clicked.connect(self.save_template)
        self.show_all_button.clicked.connect(lambda: self.drill_down("", None))

    # --- data ------------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        self.context = context
        has_unit = context.organisation is not None
        self.import_button.setEnabled(has_unit)
        rows = register_rows(context.store.db, context.organisation.id) if has_unit else []
        self.model.set_rows(rows)
        self.drill_down("", None)
        campaign = context.campaign
        if campaign is None:
            self.result = None
            self.threshold.setText("Chưa chọn đợt thi đua.")
            return
        petitions = [r.petition for r in rows]
        self.result = tally(
            petitions, [], campaign.period_start, campaign.period_end, campaign.counted_types
        )
        self._show_figures(
            self.result, check_resolution_rate(self.result.resolution.rate, campaign)
        )

    def _show_figures(self, t: Tally, verdict: CheckResult) -> None:
        while self.figure_form.rowCount():
            self.figure_form.removeRow(0)
        self.figure_buttons = {}
        r, k, p = t.resolution, t.resolution_kntc, t.processing
        period = f"{format_date_short(t.period_from)} – {format_date_short(t.period_to)}"
        colour = STATUS_COLOURS[verdict.status]
        self.threshold.setText(
            f"Kỳ {period}. <span style='color:{colour}'><b>{verdict.status.label}</b></span> — "
            f"{verdict.reason}"
        )
        n = format_count
        done = {id(c) for c in r.resolved}  # the same Case objects as in carried_over and new
        unresolved = [c for c in (*r.carried_over, *r.new) if id(c) not in done]
        rows = [
            ("rate", "Tỷ lệ giải quyết", f"{rate_text(r.rate)} ({n(len(r.resolved))}/"
             f"{n(r.denominator)})", _keys_of_cases(r.resolved)),
            ("carried", "Kỳ trước chuyển sang", n(len(r.carried_over)),
             _keys_of_cases(r.carried_over)),
            ("new", "Mới nhận trong kỳ", n(len(r.new)), _keys_of_cases(r.new)),
            ("unresolved", "Chưa giải quyết xong", n(len(unresolved)), _keys_of_cases(unresolved)),
            ("on_time", "Đúng hạn", f"{n(len(r.on_time))} ({rate_text(r.on_time_rate)})",
             _keys_of_cases(r.on_time)),
            ("unknown", "Không rõ hạn", n(len(r.unknown_deadline)),
             _keys_of_cases(r.unknown_deadline)),
            ("kntc", "Tỷ lệ KN+TC", f"{rate_text(k.rate)} ({n(len(k.resolved))}/"
             f"{n(k.denominator)})", _keys_of_cases(k.carried_over + k.new)),
            ("processing", "Tỷ lệ xử lý đơn", f"{rate_text(p.rate)} ({n(len(p.processed))}/"
             f"{n(len(p.received))})", _keys(p.received)),
            ("errors", "Dòng dữ liệu lỗi (không tính)", n(len(t.errors)),
             _keys(e.petition for e in t.errors)),
        ]  # fmt: skip
        for name, label, value, keys in rows:
            button = QPushButton(value)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("Bấm để xem các dòng của số liệu này trong sổ")
            button.setStyleSheet("text-align: left; text-decoration: underline;")
            button.clicked.connect(lambda _=False, lab=label, ks=keys: self.drill_down(lab, ks))
            self.figure_buttons[name] = button
            self.figure_form.addRow(label, button)
        self.chart.set_months(by_month(r))

    def drill_down(self, label: str, keys: frozenset[str] | None) -> None:
        self.proxy.show_only(keys)
        showing = keys is not None
        self.show_all_button.setVisible(showing)
        self.filter_label.setText(
            f"Đang xem: {label} — {format_count(self.proxy.rowCount())} đơn"
            if showing
            else f"{format_count(self.model.rowCount())} đơn trong sổ"
        )

    # --- actions --------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn sổ theo dõi đơn", "", SPREADSHEETS)
        if name:
            self.open_wizard(Path(name)).start()

    def open_wizard(self, path: Path) -> ImportWizard:
        """The wizard for `path`, shown; `start()` it to read the file."""
        assert self.context is not None and self.context.organisation is not None
        wizard = ImportWizard(
            path, self.context.store.path, self.context.organisation.id, self.today, self
        )
        wizard.imported.connect(lambda _counts: self._after_import())
        wizard.show()
        return wizard

    def _after_import(self) -> None:
        assert self.context is not None
        self.show_context(self.context)
        self.data_changed.emit()

    def save_template(self) -> None:
        from app.exchange.register_template import write_template

        name, _ = QFileDialog.getSaveFileName(
            self, "Lưu tệp mẫu", "so-theo-doi-don-mau.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        try:
            write_template(Path(name))
        except (OSError, ImportFailure) as exc:
            QMessageBox.warning(self, APP_NAME, f"Không lưu được tệp mẫu {name}: {exc}")
