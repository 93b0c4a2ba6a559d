"""Đơn thư & tiếp dân: the petition register and the reception log (sortable, searchable
without accents), their import, and the tally panel whose every figure opens the rows behind
it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.eligibility import CheckResult
from app.core.tally import Case, Tally, rate_text
from app.core.text import format_count, format_date_short
from app.errors import UserError
from app.exchange.register_import import PETITIONS, RECEPTIONS, RegisterKind
from app.services.register_figures import (
    Breakdown,
    Figure,
    RegisterFigures,
    load_register_figures,
)
from app.store.connection import Database
from app.store.errors import writing_to
from app.store.register import RegisterRow
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.declared_dialog import DeclaredDialog
from app.ui.fast_proxy import VietnameseSortFilterProxy
from app.ui.import_wizard import ImportWizard
from app.ui.models.cases import CASE_KEY, PETITION_COUNT, CaseTreeModel
from app.ui.models.register import (
    PETITION_RECEIVED,
    Prepared,
    RegisterModel,
    petitions_model,
    prepare_petitions,
    prepare_receptions,
    receptions_model,
)
from app.ui.models.rows import STATUS_COLOURS
from app.ui.month_chart import MonthChart
from app.ui.pages import Page
from app.ui.widgets import EmptyHint, NaturalHeight, explain, scrolling

SPREADSHEETS = "Bảng tính (*.xlsx *.xls *.ods *.csv)"
PETITION_TAB, RECEPTION_TAB = 0, 1


EMPTY_REGISTER = (
    "Sổ theo dõi đơn trống. Bấm “Nhập sổ theo dõi đơn…” để nhập tệp Excel của đơn vị, hoặc "
    "“Tạo tệp mẫu…” để có tệp đúng các cột."
)


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
        self.loading = False  # the registers are being read in the background
        self._drilled: tuple[int, str] | None = None  # the tab and the figure shown
        self._period_end: date | None = None
        self._rows_by_key: dict[str, RegisterRow] = {}  # the register rows of cases shown
        self._search_of: dict[str, str] = {}

        self.import_button = QPushButton("Nhập sổ theo dõi đơn…")
        self.import_reception_button = QPushButton("Nhập sổ tiếp công dân…")
        self.declare_button = QPushButton("Khai số liệu tổng hợp…")
        explain(
            self.declare_button,
            "Cho đơn vị không có sổ theo dõi đơn: gõ số liệu tổng hợp "
            "từng loại đơn; văn bản ghi rõ “tự khai”. Chỉ dùng khi chưa nhập sổ.",
        )
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
        self.cases = CaseTreeModel()
        self.case_tree = QTreeView()
        self.case_tree.setModel(self.cases)
        self.case_tree.setSortingEnabled(True)
        self.case_tree.setUniformRowHeights(True)  # a figure may count 100,000 cases
        self.case_tree.header().setDefaultSectionSize(110)
        self.case_tree.header().resizeSection(CASE_KEY, 130)
        self.case_tree.header().resizeSection(PETITION_COUNT, 60)
        self.case_tree.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the figure's own order
        self.case_note = QLabel(
            "Số liệu này đếm vụ việc, sổ ghi từng đơn: mỗi dòng dưới đây là một vụ việc; "
            "vụ việc có nhiều đơn có dấu ▸, bấm vào để xem các đơn của nó."
        )
        self.case_note.setWordWrap(True)
        case_view = QWidget()
        case_layout = QVBoxLayout(case_view)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.addWidget(self.case_note)
        case_layout.addWidget(self.case_tree, 1)
        self.petition_views = QStackedWidget()  # the register, or the cases behind a figure
        self.petition_views.addWidget(self.petitions)
        self.petition_views.addWidget(case_view)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.petition_views, "Sổ theo dõi đơn")
        self.tabs.addTab(self.receptions, "Sổ tiếp công dân")
        # the petition register, as the tests and the drill-down name it
        self.model, self.proxy, self.table = (
            self.petitions.source, self.petitions.proxy, self.petitions,
        )  # fmt: skip
        self.table_hint = EmptyHint(self.petitions, EMPTY_REGISTER)

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
        self._breakdown_rows: list[Breakdown] = []

        bar = QHBoxLayout()
        for widget in (
            self.import_button, self.import_reception_button, self.declare_button,
            self.template_button,
        ):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        filter_bar = QHBoxLayout()  # the search gets a row of its own: readable at 1366 px
        filter_bar.addWidget(self.search, 3)
        filter_bar.addWidget(self.filter_label, 2)
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
        """Load and count the registers in the background (100,000 rows take a while), then
        show them; the tables keep what they showed until then."""
        self.context = context
        organisation = context.organisation
        for button in (self.import_button, self.import_reception_button, self.declare_button):
            button.setEnabled(organisation is not None)
        unit = organisation.id if organisation else None
        campaign_id, campaign = context.campaign_id, context.campaign
        self.loading = True
        self.threshold.setText("Đang đọc và tổng hợp sổ…")

        def work(db: Database) -> tuple[RegisterFigures, Prepared, Prepared]:
            figures = load_register_figures(db, unit, campaign_id, campaign)
            return (figures, prepare_petitions(figures.petition_rows),
                    prepare_receptions(figures.reception_rows))  # fmt: skip

        def loaded() -> None:
            self.loading = False

        def failed(error: UserError) -> None:
            self.threshold.setText(str(error))
            self.table_hint.setText(f"Không đọc được sổ theo dõi đơn. {error}")  # not "trống"

        # a load overtaken by a later one (key) is not shown
        jobs.run(
            work,
            lambda loaded: self._show_view(*loaded),
            owner=self,
            key="load",
            store=context.store,
            on_failure=failed,
            on_finished=loaded,
        )

    def _show_view(self, view: RegisterFigures, petitions: Prepared, receptions: Prepared) -> None:
        self.table_hint.setText(EMPTY_REGISTER)
        self.petitions.source.set_prepared(petitions)
        self.receptions.source.set_prepared(receptions)
        self.drill_down("", None)
        self.result = view.result
        if view.verdict is None:
            self.threshold.setText("Chưa chọn đợt thi đua.")
            return
        self._rows_by_key, self._search_of = {}, {}  # made at the first case drill-down
        self._period_end = view.period[1]
        self._start_figures(*view.period, view.verdict, view.title)
        for figure in view.petition_figures:
            if figure.keys is None:  # declared totals: no rows behind them
                self.figure_form.addRow(figure.label, QLabel(figure.value))
            else:
                self._add_figure(self.figure_form, figure, PETITION_TAB)
        self.chart.set_months(view.months)
        self._show_breakdown(view.breakdown)
        self._show_reception(view)

    def _add_figure(self, form: QFormLayout, figure: Figure, tab: int) -> None:
        button = QPushButton(figure.value)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(
            "Bấm để xem các vụ việc của số liệu này" if figure.cases is not None
            else "Bấm để xem các dòng của số liệu này trong sổ"
        )  # fmt: skip
        button.setStyleSheet("text-align: left; text-decoration: underline;")
        button.clicked.connect(
            lambda: self.drill_down(figure.label, figure.keys, tab, figure.cases)
        )
        self.figure_buttons[figure.name] = button
        form.addRow(figure.label, button)

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

    def _show_reception(self, view: RegisterFigures) -> None:
        while self.reception_form.rowCount():
            self.reception_form.removeRow(0)
        if not view.reception_figures:
            self.reception_form.addRow(QLabel("Chưa nhập sổ tiếp công dân."))
            return
        for figure in view.reception_figures:
            self._add_figure(self.reception_form, figure, RECEPTION_TAB)
        if view.leader_below:
            below = view.leader_below
            shown = ", ".join(below[:6]) + ("…" if len(below) > 6 else "")
            note = QLabel(f"Chưa đạt: {shown}")
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {STATUS_COLOURS['fail']};")
            self.reception_form.addRow(note)

    def _show_breakdown(self, rows: Sequence[Breakdown]) -> None:
        self.breakdown.setRowCount(len(rows))
        self._breakdown_rows = list(rows)
        for i, (label, counts, *_) in enumerate(rows):
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
        line = self._breakdown_rows[row]
        if line.keys is not None:  # declared totals have no rows behind them
            self.drill_down(line.label, line.keys, PETITION_TAB, line.cases)

    def drill_down(
        self,
        label: str,
        keys: frozenset[str] | None,
        tab: int | None = None,
        cases: Sequence[Case] | None = None,
    ) -> None:
        """Show the rows behind a figure (`keys`), or the cases it counts with their petitions
        inside (`cases`); no keys: the whole register again."""
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        current = self.tabs.currentIndex()
        for index, table in enumerate((self.petitions, self.receptions)):
            table.proxy.show_only(keys if index == current else None)
        showing_cases = cases is not None and current == PETITION_TAB
        if showing_cases:
            assert self._period_end is not None  # case figures exist only for a campaign
            if not self._rows_by_key:  # a case's petitions as the register shows them, and
                # their folded texts, prepared with the rows: a case is found by its petitions
                rows = self.petitions.source.rows
                self._rows_by_key = {row.petition.key: row for row in rows}
                keys = (row.petition.key for row in rows)
                self._search_of = dict(zip(keys, self.petitions.source.search_texts(),
                                           strict=True))  # fmt: skip
            self.cases.set_cases(cases, self._rows_by_key, self._period_end, self._search_of)
            self.cases.set_search(self.search.text())
        self.petition_views.setCurrentIndex(1 if showing_cases else 0)
        self._drilled = (current, label) if keys is not None else None
        self._show_count()

    @property
    def showing_cases(self) -> bool:
        return self.petition_views.currentIndex() == 1

    def _show_count(self) -> None:
        """How many rows the table on screen shows, and why (a figure's rows, a search)."""
        current = self.tabs.currentIndex()
        table = (self.petitions, self.receptions)[current]
        noun = "đơn" if current == PETITION_TAB else "lượt tiếp"
        shown, total = table.proxy.rowCount(), table.source.rowCount()
        drilled = self._drilled is not None and self._drilled[0] == current
        self.show_all_button.setVisible(drilled)
        searching = bool(self.search.text().strip())
        if drilled and current == PETITION_TAB and self.showing_cases:
            counted = format_count(self.cases.case_count)
            text = f"Đang xem: {self._drilled[1]} — {counted} vụ việc"
            if searching:
                text += f", tìm thấy {format_count(self.cases.rowCount())}"
            text += f" ({format_count(self.cases.petition_count)} đơn)"
        elif drilled:
            text = f"Đang xem: {self._drilled[1]} — {format_count(shown)} {noun}"
        elif searching:
            text = f"Tìm thấy {format_count(shown)}/{format_count(total)} {noun}"
        else:
            text = f"{format_count(total)} {noun} trong sổ"
        self.filter_label.setText(text)

    def _search(self, text: str) -> None:
        for table in (self.petitions, self.receptions):
            table.proxy.set_search(text)
        if self.showing_cases:
            self.cases.set_search(text)
        self._show_count()

    # --- actions --------------------------------------------------------------------------

    def choose_import_file(self, kind: RegisterKind) -> None:
        name, _ = QFileDialog.getOpenFileName(self, f"Chọn {kind.name}", "", SPREADSHEETS)
        if name:
            self.open_wizard(Path(name), kind).start()

    def open_wizard(self, path: Path, kind: RegisterKind = PETITIONS) -> ImportWizard:
        """The wizard for `path`, shown; `start()` it to read the file."""
        assert self.context is not None and self.context.organisation is not None
        wizard = ImportWizard(
            path, self.context.store, self.context.organisation.id, self.today, self, kind,
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
            with writing_to(Path(name)):
                write_template(Path(name), kind)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"Không lưu được tệp mẫu {name}: {exc}")
