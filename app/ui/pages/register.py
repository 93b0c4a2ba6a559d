"""Đơn thư & tiếp dân: the petition register and the reception log (sortable, searchable
without accents), their import, and the tally panel whose every figure opens the rows behind
it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.eligibility import CheckResult, check_resolution_rate
from app.core.figures import Figures, from_declared
from app.core.petitions import PETITION_TYPES, Petition, Reception
from app.core.tally import (
    Case,
    ResolutionCounts,
    Tally,
    by_month,
    by_officer,
    by_type,
    leader_periodic_reception,
    rate_text,
    tally,
)
from app.core.text import format_count, format_date_short
from app.exchange.register_import import PETITIONS, RECEPTIONS, RegisterKind
from app.exchange.spreadsheet import ImportFailure
from app.store.declared import load_declared
from app.store.register import reception_rows, register_rows, remembered_mapping
from app.ui.declared_dialog import DeclaredDialog
from app.ui.import_wizard import ImportWizard
from app.ui.models import STATUS_COLOURS, VietnameseSortFilterProxy
from app.ui.month_chart import MonthChart
from app.ui.pages import Page, PageContext
from app.ui.register_models import (
    PETITION_RECEIVED,
    RegisterModel,
    petitions_model,
    receptions_model,
)
from app.ui.widgets import NaturalHeight, scrolling

SPREADSHEETS = "Bảng tính (*.xlsx *.xls *.ods *.csv)"
PETITION_TAB, RECEPTION_TAB = 0, 1


def _keys_of_cases(cases: Iterable[Case]) -> frozenset[str]:
    return frozenset(p.key for c in cases for p in c.petitions)


def _keys(rows: Iterable[Petition | Reception]) -> frozenset[str]:
    return frozenset(r.key for r in rows)


class _RegisterTable(QTableView):
    """A register's table behind its Vietnamese sort/search proxy."""

    def __init__(self, model: RegisterModel) -> None:
        super().__init__()
        self.source = model
        self.proxy = VietnameseSortFilterProxy()
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(110)
        self.sortByColumn(PETITION_RECEIVED, Qt.SortOrder.AscendingOrder)  # the date column


class RegisterPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.result: Tally | None = None

        self.import_button = QPushButton("Nhập sổ theo dõi đơn…")
        self.import_reception_button = QPushButton("Nhập sổ tiếp công dân…")
        self.declare_button = QPushButton("Khai số liệu tổng hợp…")
        self.declare_button.setToolTip("Cho đơn vị không có sổ theo dõi đơn (§6.4)")
        self.template_button = QPushButton("Tạo tệp mẫu…")
        templates = QMenu(self)
        for kind in (PETITIONS, RECEPTIONS):
            templates.addAction(f"Mẫu {kind.name}…", lambda k=kind: self.save_template(k))
        self.template_button.setMenu(templates)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm trong sổ (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.filter_label = QLabel()
        self.show_all_button = QPushButton("Hiện tất cả")
        self.show_all_button.hide()

        self.petitions = _RegisterTable(petitions_model())
        self.receptions = _RegisterTable(receptions_model())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.petitions, "Sổ theo dõi đơn")
        self.tabs.addTab(self.receptions, "Sổ tiếp công dân")
        # the petition register, as the tests and the drill-down name it
        self.model, self.proxy, self.table = (
            self.petitions.source, self.petitions.proxy, self.petitions,
        )  # fmt: skip

        self.threshold = QLabel()
        self.threshold.setWordWrap(True)
        self.figures = QGroupBox("Số liệu giải quyết đơn")
        self.figure_form = QFormLayout(self.figures)
        self.reception_box = QGroupBox("Tiếp công dân")
        self.reception_form = QFormLayout(self.reception_box)
        self.figure_buttons: dict[str, QPushButton] = {}
        self.chart = MonthChart()
        self.breakdown = QTableWidget(0, 3)
        self.breakdown.setHorizontalHeaderLabels(
            ["Theo loại đơn / cán bộ", "Đã giải quyết", "Tỷ lệ"]
        )
        self.breakdown.verticalHeader().setVisible(False)
        self.breakdown.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.breakdown.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.breakdown.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.breakdown.setToolTip("Bấm một dòng để xem các vụ việc của loại đơn / cán bộ đó")
        self._breakdown_keys: list[tuple[str, frozenset[str] | None]] = []

        bar = QHBoxLayout()
        for widget in (
            self.import_button, self.import_reception_button, self.declare_button,
            self.template_button, self.search,
        ):  # fmt: skip
            bar.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.filter_label, 1)
        filter_bar.addWidget(self.show_all_button)
        left_layout.addLayout(filter_bar)
        left_layout.addWidget(self.tabs, 1)
        right = NaturalHeight()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.threshold, self.figures, self.breakdown, self.chart, self.reception_box,
        ):  # fmt: skip
            right_layout.addWidget(widget)
        right_layout.addStretch()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scrolling(right))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 520])  # the figures' labels need about 500 px to read unwrapped
        QVBoxLayout(self).addWidget(splitter)

        self.search.textChanged.connect(self._search)
        self.tabs.currentChanged.connect(lambda _: self._search(self.search.text()))
        self.import_button.clicked.connect(lambda: self.choose_import_file(PETITIONS))
        self.import_reception_button.clicked.connect(lambda: self.choose_import_file(RECEPTIONS))
        self.show_all_button.clicked.connect(lambda: self.drill_down("", None))
        self.declare_button.clicked.connect(self.declare)
        self.breakdown.cellClicked.connect(self._breakdown_clicked)

    # --- data ------------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        self.context = context
        organisation = context.organisation
        for button in (self.import_button, self.import_reception_button, self.declare_button):
            button.setEnabled(organisation is not None)
        db = context.store.db
        petition_rows = register_rows(db, organisation.id) if organisation else []
        visit_rows = reception_rows(db, organisation.id) if organisation else []
        self.petitions.source.set_rows(petition_rows)
        self.receptions.source.set_rows(visit_rows)
        self.drill_down("", None)
        campaign = context.campaign
        if campaign is None:
            self.result = None
            self.threshold.setText("Chưa chọn đợt thi đua.")
            return
        start, end = campaign.period_start, campaign.period_end
        visits = [r.reception for r in visit_rows]
        self.result = tally(
            [r.petition for r in petition_rows], visits, start, end, campaign.counted_types
        )
        declared = (
            [] if petition_rows or not organisation or context.campaign_id is None
            else load_declared(db, organisation.id, context.campaign_id)
        )  # fmt: skip
        if declared:  # a unit without a register: its typed totals, marked as declared
            figures = from_declared(declared, start, end, campaign.counted_types)
            check = check_resolution_rate(figures.resolution.rate, campaign, declared=True)
            self._show_declared(figures, check)
            self._show_breakdown(
                [(PETITION_TYPES.label(t), r, None) for t, r in figures.by_type.items()]
            )
        else:
            rate = self.result.resolution.rate
            self._show_figures(self.result, check_resolution_rate(rate, campaign))
            petitions = [r.petition for r in petition_rows]
            types = by_type(petitions, start, end)
            officers = by_officer(petitions, start, end, campaign.counted_types)
            self._show_breakdown(
                [
                    (label, r.counts, _keys_of_cases(r.carried_over + r.new))
                    for label, r in (
                        *((PETITION_TYPES.label(t), r) for t, r in types.items()),
                        *((f"Cán bộ {name}", r) for name, r in officers.items()),
                    )
                ]
            )
        days, per = campaign.leader_reception_minimum
        self._show_reception(
            self.result, leader_periodic_reception(self.result.reception.sessions, start, end,
                                                   days, per), days, per, bool(visits)
        )  # fmt: skip

    def _add_figure(
        self, form: QFormLayout, name: str, label: str, value: str, keys: frozenset[str], tab: int
    ) -> None:
        button = QPushButton(value)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip("Bấm để xem các dòng của số liệu này trong sổ")
        button.setStyleSheet("text-align: left; text-decoration: underline;")
        button.clicked.connect(lambda: self.drill_down(label, keys, tab))
        self.figure_buttons[name] = button
        form.addRow(label, button)

    def _start_figures(self, start: date, end: date, verdict: CheckResult, title: str) -> None:
        while self.figure_form.rowCount():
            self.figure_form.removeRow(0)
        self.figure_buttons = {}
        self.figures.setTitle(title)
        period = f"{format_date_short(start)} – {format_date_short(end)}"
        colour = STATUS_COLOURS[verdict.status]
        self.threshold.setText(
            f"Kỳ {period}. <span style='color:{colour}'><b>{verdict.status.label}</b></span> — "
            f"{verdict.reason}"
        )

    def _show_declared(self, f: Figures, verdict: CheckResult) -> None:
        """Totals the unit typed: no rows behind them, so plain text, marked as declared."""
        self._start_figures(
            f.period_from, f.period_to, verdict, "Số liệu giải quyết đơn — ĐƠN VỊ TỰ KHAI"
        )
        r, k, n = f.resolution, f.resolution_kntc, format_count
        for label, value in (
            ("Tỷ lệ giải quyết", f"{rate_text(r.rate)} ({n(r.resolved)}/{n(r.denominator)})"),
            ("Kỳ trước chuyển sang", n(r.carried_over)),
            ("Mới nhận trong kỳ", n(r.new)),
            ("Đúng hạn", f"{n(r.on_time)} ({rate_text(r.on_time_rate)})"),
            ("Không rõ hạn", n(r.unknown_deadline)),
            ("Tỷ lệ KN+TC", f"{rate_text(k.rate)} ({n(k.resolved)}/{n(k.denominator)})"),
            ("Tỷ lệ xử lý đơn", f"{rate_text(f.processing_rate)} ({n(f.processed)}/"
                                f"{n(f.received)})"),
        ):  # fmt: skip
            self.figure_form.addRow(label, QLabel(value))
        self.chart.set_months([])

    def _show_figures(self, t: Tally, verdict: CheckResult) -> None:
        self._start_figures(t.period_from, t.period_to, verdict, "Số liệu giải quyết đơn")
        r, k, p = t.resolution, t.resolution_kntc, t.processing
        n = format_count
        done = {id(c) for c in r.resolved}  # the same Case objects as in carried_over and new
        unresolved = [c for c in (*r.carried_over, *r.new) if id(c) not in done]
        figures = [
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
        for name, label, value, keys in figures:
            self._add_figure(self.figure_form, name, label, value, keys, PETITION_TAB)
        self.chart.set_months(by_month(r))

    def _show_reception(self, t: Tally, leader, days: int, per: str, has_log: bool) -> None:
        while self.reception_form.rowCount():
            self.reception_form.removeRow(0)
        if not has_log:
            self.reception_form.addRow(QLabel("Chưa nhập sổ tiếp công dân."))
            return
        rec, n = t.reception, format_count
        unit = "tuần" if per == "week" else "tháng"
        below = [period for period in leader if not period.meets_minimum]
        leader_days = {d for period in leader for d in period.days}
        leader_keys = frozenset(s.key for s in rec.sessions if s.day in leader_days and s.by_leader)
        figures = [
            ("sessions", "Lượt tiếp", n(len(rec.sessions)), _keys(rec.sessions)),
            ("people", "Số người", n(rec.people), _keys(rec.sessions)),
            ("cases", "Vụ việc", n(rec.cases), _keys(rec.sessions)),
            ("mass", "Đoàn đông người", n(len(rec.mass_delegations)),
             _keys(rec.mass_delegations)),
            ("leader", f"Lãnh đạo tiếp định kỳ (≥ {days} ngày/{unit})",
             f"{len(leader) - len(below)}/{len(leader)} {unit} đạt", leader_keys),
        ]  # fmt: skip
        for name, label, value, keys in figures:
            self._add_figure(self.reception_form, name, label, value, keys, RECEPTION_TAB)
        if below:
            shown = ", ".join(p.label for p in below[:6]) + ("…" if len(below) > 6 else "")
            note = QLabel(f"Chưa đạt: {shown}")
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {STATUS_COLOURS['fail']};")
            self.reception_form.addRow(note)

    def _show_breakdown(
        self, rows: list[tuple[str, ResolutionCounts, frozenset[str] | None]]
    ) -> None:
        self.breakdown.setRowCount(len(rows))
        self._breakdown_keys = [(label, keys) for label, _, keys in rows]
        for i, (label, counts, _) in enumerate(rows):
            cells = (
                label,
                f"{format_count(counts.resolved)}/{format_count(counts.denominator)}",
                rate_text(counts.rate),
            )
            for j, text in enumerate(cells):
                self.breakdown.setItem(i, j, QTableWidgetItem(text))
        self.breakdown.setFixedHeight(
            self.breakdown.horizontalHeader().height()
            + sum(self.breakdown.rowHeight(i) for i in range(len(rows)))
            + 4
        )

    def _breakdown_clicked(self, row: int, _column: int) -> None:
        label, keys = self._breakdown_keys[row]
        if keys is not None:  # declared totals have no rows behind them
            self.drill_down(label, keys, PETITION_TAB)

    def drill_down(self, label: str, keys: frozenset[str] | None, tab: int | None = None) -> None:
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        for table in (self.petitions, self.receptions):
            table.proxy.show_only(keys if table is self.tabs.currentWidget() else None)
        showing = keys is not None
        current = self.tabs.currentWidget()
        self.show_all_button.setVisible(showing)
        noun = "đơn" if current is self.petitions else "lượt tiếp"
        self.filter_label.setText(
            f"Đang xem: {label} — {format_count(current.proxy.rowCount())} {noun}"
            if showing
            else f"{format_count(current.source.rowCount())} {noun} trong sổ"
        )

    def _search(self, text: str) -> None:
        for table in (self.petitions, self.receptions):
            table.proxy.set_search(text)

    # --- actions --------------------------------------------------------------------------

    def choose_import_file(self, kind: RegisterKind) -> None:
        name, _ = QFileDialog.getOpenFileName(self, f"Chọn {kind.name}", "", SPREADSHEETS)
        if name:
            self.open_wizard(Path(name), kind).start()

    def open_wizard(self, path: Path, kind: RegisterKind = PETITIONS) -> ImportWizard:
        """The wizard for `path`, shown; `start()` it to read the file."""
        assert self.context is not None and self.context.organisation is not None
        db = self.context.store.db
        wizard = ImportWizard(
            path, self.context.store.path, self.context.organisation.id, self.today, self, kind,
            remembered=lambda signature: remembered_mapping(db, signature),
        )  # fmt: skip
        wizard.imported.connect(lambda _counts: self._after_import())
        wizard.show()
        return wizard

    def _after_import(self) -> None:
        assert self.context is not None
        self.show_context(self.context)
        self.data_changed.emit()

    def declare(self) -> DeclaredDialog | None:
        """Open the aggregate entry; returns the dialog (tests drive it) after it closes."""
        context = self.context
        if context is None or context.organisation is None or context.campaign_id is None:
            return None
        dialog = DeclaredDialog(context.store, context.organisation.id, context.campaign_id, self)
        if dialog.exec() == DeclaredDialog.DialogCode.Accepted:
            self._after_import()
        return dialog

    def save_template(self, kind: RegisterKind) -> None:
        from app.exchange.register_template import write_template

        default = "so-theo-doi-don-mau.xlsx" if kind is PETITIONS else "so-tiep-cong-dan-mau.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, "Lưu tệp mẫu", default, "Excel (*.xlsx)")
        if not name:
            return
        try:
            write_template(Path(name), kind)
        except (OSError, ImportFailure) as exc:
            QMessageBox.warning(self, APP_NAME, f"Không lưu được tệp mẫu {name}: {exc}")
