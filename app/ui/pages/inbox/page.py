"""Hộp hồ sơ (the Inspectorate's role): import the units' packages in the background, the
consolidated table of every nominee (ranked, sortable, filtered, searchable without accents),
each nominee's appraisal and place on the shortlist within the campaign's quotas, the documents
of each package, the history of packages; and the outputs (outputs.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from app import APP_NAME, paths
from app.core.campaign import Campaign
from app.core.inbox import KIND_LABELS, Appraisal, InboxNominee, places, quota, to_vote
from app.errors import UserError
from app.services.inbox import (
    FileOutcome,
    import_files,
    package_files,
    propose_shortlist,
    reinstate,
    withdraw,
)
from app.store.connection import Database
from app.store.inbox import InboxPackage, consolidated, packages
from app.ui.context import PageContext
from app.ui.fast_proxy import ID_ROLE, VietnameseSortFilterProxy
from app.ui.models.inbox import InboxModel, PackagesModel
from app.ui.pages import Page
from app.ui.pages.dossier.preview_box import PreviewBox
from app.ui.pages.inbox.detail import NomineeDetail
from app.ui.pages.inbox.outputs import Outputs
from app.ui.widgets import (
    ERROR_COLOUR,
    ComboBox,
    EmptyHint,
    ProgressRow,
    button_row,
    column,
    explain,
    list_view,
    scrolling,
)

KINDS = (("Tất cả", None), ("Tập thể", "collective"), ("Cá nhân", "individual"))
STATES: tuple[tuple[str, Callable[[InboxNominee], bool] | None], ...] = (
    ("Mọi kết quả", None),
    ("Chưa thẩm định", lambda n: n.appraisal is None),
    ("Đạt", lambda n: n.appraisal is Appraisal.PASS),
    ("Không đạt", lambda n: n.appraisal is Appraisal.FAIL),
    ("Yêu cầu bổ sung", lambda n: n.appraisal is Appraisal.MORE),
    ("Đã chọn", lambda n: n.shortlisted),
    ("Nộp muộn", lambda n: n.late),
    ("Chưa đủ điều kiện", lambda n: n.eligibility != "pass"),
)


class InboxPage(Page):
    imported = Signal(list)  # the outcomes of a finished import (tests wait on it)

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.busy = False
        self.import_button = QPushButton("Nhập gói hồ sơ…")
        self.auto_button = QPushButton("Tự chọn theo xếp hạng")
        self.auto_button.setToolTip(
            "Điền các chỗ còn trống của chỉ tiêu bằng các đối tượng đã thẩm định đạt, xếp hạng "
            "cao nhất (không bỏ ai đã chọn)"
        )
        self.quota = QLabel()
        self.quota.setWordWrap(True)  # a tie for the last place is said at its end
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.outputs = Outputs(self.status, today)
        self.progress = ProgressRow()  # with its “Dừng”: the packages done so far are kept
        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        self.results.setMaximumHeight(80)
        self.results.setAccessibleName("Kết quả nhập gói")
        self.results.hide()

        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo đơn vị, tên… (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Tìm trong bảng tổng hợp")
        self.kind = ComboBox()
        self.kind.addItems([label for label, _ in KINDS])
        self.kind.setAccessibleName("Loại đối tượng")
        self.state = ComboBox()
        self.state.addItems([label for label, _ in STATES])
        self.state.setAccessibleName("Lọc theo kết quả")
        explain(
            self.state,
            "Chỉ hiện các đề nghị theo kết quả thẩm định, đã chọn, nộp muộn, hoặc "
            "chưa đủ điều kiện theo kiểm tra của chính đơn vị.",
        )
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        filters.addWidget(self.state)
        self.model = InboxModel()
        self.proxy = VietnameseSortFilterProxy()
        self.table = list_view(self.model, self.proxy, InboxModel.RANK)
        self.table.setAccessibleName("Bảng tổng hợp đề nghị")
        self.table_hint = EmptyHint(
            self.table,
            "Chưa nhận gói hồ sơ nào. Bấm “Nhập gói hồ sơ…” và chọn các tệp .zip "
            "các đơn vị gửi (thư điện tử, USB).",
        )
        self.detail = NomineeDetail()
        self.count = QLabel()
        nominees = QSplitter(Qt.Orientation.Vertical)
        nominees.addWidget(column(filters, self.table, self.count))
        nominees.addWidget(scrolling(self.detail))
        nominees.setStretchFactor(0, 3)
        nominees.setStretchFactor(1, 2)

        self.packages = PackagesModel()
        self.packages_proxy = VietnameseSortFilterProxy()
        self.packages_view = list_view(self.packages, self.packages_proxy, PackagesModel.UNIT)
        self.packages_view.setAccessibleName("Lịch sử gói")
        self.withdraw_button = QPushButton("Rút gói…")
        self.withdraw_button.setToolTip(
            "Ẩn gói đã chọn khỏi bảng tổng hợp, danh sách chọn và báo cáo (gói hỏng, gửi nhầm, "
            "có ký tự lạ…); gói vẫn ở trong lịch sử cùng lý do, giấy biên nhận ghi lý do"
        )
        self.reinstate_button = QPushButton("Khôi phục gói")
        history = column(
            self.packages_view, button_row(self.withdraw_button, self.reinstate_button)
        )
        self.preview = PreviewBox("Chọn một đối tượng rồi bấm “Xem văn bản trong gói”.")
        self.preview_title = QLabel()
        self.tabs = QTabWidget()
        self.tabs.addTab(nominees, "Tổng hợp đề nghị")
        self.tabs.addTab(column(self.preview_title, self.preview), "Văn bản của gói")
        self.tabs.addTab(history, "Lịch sử gói đã nhận")
        top = button_row(self.import_button, self.auto_button)
        top.insertWidget(2, self.outputs)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.quota)
        layout.addWidget(self.progress)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.search.textChanged.connect(self._search)
        self.kind.currentIndexChanged.connect(self._filter)
        self.state.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail.changed.connect(lambda nominee: self.reload(select_id=nominee))
        self.detail.documents_requested.connect(self.show_documents)
        self.import_button.clicked.connect(self.choose_packages)
        self.auto_button.clicked.connect(self.auto_shortlist)
        self.packages_view.selectionModel().selectionChanged.connect(self._package_buttons)
        self.withdraw_button.clicked.connect(self.withdraw_package)
        self.reinstate_button.clicked.connect(self.reinstate_package)
        self._package_buttons()

    # --- data ----------------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        self.context = self.outputs.context = context
        self.detail.bind(context.store, context.campaign)
        self.reload(select_id=self.detail.nominee.id if self.detail.nominee else None)

    def reload(self, select_id: int | None = None) -> None:
        context = self.context
        if context is None or context.campaign is None:
            return
        db, campaign = context.store.db, context.campaign
        nominees = consolidated(db, campaign.code)
        self.model.set_rows(list(zip(places(nominees, campaign.scoring), nominees, strict=True)))
        history = packages(db, campaign.code)
        self.packages.set_rows(history)
        chosen = {k: sum(1 for n in nominees if n.shortlisted and n.kind == k)
                  for k in ("collective", "individual")}  # fmt: skip
        # every unit whose package is in use, one that proposes nobody too
        units = len({p.unit for p in history if p.in_use})
        empty = sum(1 for p in history if p.in_use and not p.nominees)
        none = f" ({empty} đơn vị không đề nghị ai)" if empty else ""
        text = (
            f"{units} đơn vị gửi gói{none}, {len(nominees)} đề nghị. Đã chọn "
            f"<b>{chosen['collective']}/{quota(campaign, 'collective', nominees)}</b> tập thể, "
            f"<b>{chosen['individual']}/{quota(campaign, 'individual', nominees)}</b> cá nhân."
        )
        if campaign.scoring is not None:  # ranked by points: the quota's rule, and any tie
            text += " " + scoring_note(campaign, nominees)
        self.quota.setText(text)
        self.table.setColumnHidden(InboxModel.SCORE, campaign.scoring is None)
        self.auto_button.setEnabled(bool(nominees))
        self.outputs.setEnabled(bool(nominees))
        self._filter()
        self.select(select_id)
        self._package_buttons()

    def select(self, nominee_id: int | None) -> None:
        row = self.model.row_of(nominee_id) if nominee_id is not None else -1
        proxy_row = self.proxy.mapFromSource(self.model.index(row, 0)).row() if row >= 0 else -1
        if proxy_row >= 0:
            self.table.selectRow(proxy_row)
        else:
            self.table.clearSelection()
            self.detail.show_nominee(None)

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._count()

    def _filter(self) -> None:
        kind = KINDS[self.kind.currentIndex()][1]
        test = STATES[self.state.currentIndex()][1]
        if kind is None and test is None:
            self.proxy.show_only(None)
        else:
            self.proxy.show_only(
                frozenset(
                    n.id
                    for _, n in self.model.rows
                    if (kind is None or n.kind == kind) and (test is None or test(n))
                )
            )
        self._count()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{total} đề nghị" if shown == total else f"Đang hiện {shown}/{total}")

    def _selected(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.detail.show_nominee(None)
            return
        nominee_id = rows[0].data(ID_ROLE)
        self.detail.show_nominee(self.model.nominee(self.model.row_of(nominee_id)))

    # --- importing -----------------------------------------------------------------------

    def choose_packages(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Nhập gói hồ sơ của các đơn vị", str(paths.documents_dir()),
            "Gói hồ sơ (*.zip)",
        )  # fmt: skip
        if names:
            self.start_import([Path(n) for n in names])

    def start_import(self, files: list[Path]) -> None:
        context = self.context
        if context is None or context.campaign is None or self.busy:
            return
        self.busy = True
        self.import_button.setEnabled(False)
        campaign = context.campaign

        def work(db: Database, report: Callable[[int, int], None]) -> list[FileOutcome]:
            return import_files(db, files, campaign, report)  # stops between two packages

        def finished() -> None:
            self.busy = False
            self.import_button.setEnabled(True)

        def done(outcomes: list[FileOutcome]) -> None:
            self._report(outcomes)
            for outcome in outcomes:
                if outcome.key_changed is not None:
                    self.ask_new_key(outcome)
            self.reload()
            self.imported.emit(outcomes)

        def cancelled() -> None:
            self.status.setText(
                "Đã dừng nhập gói. Các gói đã nhập xong trước khi dừng vẫn được giữ (xem Lịch sử "
                "gói đã nhận); chọn lại các gói còn lại để nhập tiếp."
            )
            self.results.hide()
            self.reload()

        def failed(error: UserError) -> None:
            QMessageBox.warning(self, APP_NAME, f"Chưa nhập được các gói: {error}")

        self.progress.run(
            "Đang nhập gói %v/%m…",
            work,
            done,
            total=len(files),
            owner=self,
            store=context.store,
            on_failure=failed,
            on_cancel=cancelled,
            on_finished=finished,
        )

    def _report(self, outcomes: list[FileOutcome]) -> None:
        good = sum(1 for o in outcomes if o.imported and not o.imported.duplicate)
        self.status.setText(
            f"Đã nhập {good}/{len(outcomes)} gói."
            + (" Các gói không nhập được có lý do bên dưới." if good < len(outcomes) else "")
        )
        self.results.setPlainText("\n".join(o.message for o in outcomes))
        self.results.show()

    def ask_new_key(self, outcome: FileOutcome) -> None:
        """A unit's package signed by another key: refused unless an officer, having called
        the unit and compared the fingerprints, accepts it here."""
        context = self.context
        assert context is not None and context.campaign is not None
        assert outcome.key_changed is not None
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, str(outcome.key_changed),
                          parent=self)  # fmt: skip
        accept = box.addButton("Chấp nhận khóa mới", QMessageBox.ButtonRole.AcceptRole)
        refuse = box.addButton("Không nhập", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(refuse)
        box.exec()
        if box.clickedButton() is not accept:
            return
        with context.store.user_errors():
            (again,) = import_files(context.store.db, [outcome.file], context.campaign,
                                    accept_new_key=True)  # fmt: skip
        self.results.appendPlainText(again.message)

    # --- outputs -------------------------------------------------------------------------

    def auto_shortlist(self) -> None:
        context = self.context
        assert context is not None and context.campaign is not None
        try:
            with context.store.user_errors():
                added = propose_shortlist(context.store.db, context.campaign)
        except UserError as exc:  # a shortlist the quota refuses, the disk refusing
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.status.setText(
            f"Đã chọn thêm {len(added)} đối tượng: " + ", ".join(n.name for n in added)
            if added
            else "Không còn đối tượng đã thẩm định đạt nào để chọn thêm, hoặc đã đủ chỉ tiêu."
        )
        self.reload()

    # --- the history of packages ------------------------------------------------------------

    def selected_package(self) -> InboxPackage | None:
        rows = self.packages_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.packages.rows[self.packages_proxy.mapToSource(rows[0]).row()]

    def _package_buttons(self, *_: object) -> None:
        package = self.selected_package()
        self.withdraw_button.setEnabled(package is not None and package.withdrawn_at is None)
        self.reinstate_button.setEnabled(package is not None and package.withdrawn_at is not None)

    def withdraw_package(self) -> None:
        package = self.selected_package()
        context = self.context
        assert package is not None and context is not None
        reason, ok = QInputDialog.getText(
            self,
            APP_NAME,
            f"Rút gói {package.file_name} của {package.unit}: các đối tượng của gói ra khỏi "
            "bảng tổng hợp, danh sách chọn và báo cáo; gói vẫn được giữ trong lịch sử.\n\n"
            "Lý do (ghi vào lịch sử và giấy biên nhận của đơn vị):",
        )
        if ok:
            self._change_package(lambda db: withdraw(db, package.id, reason), "Đã rút gói")

    def reinstate_package(self) -> None:
        package = self.selected_package()
        assert package is not None
        self._change_package(lambda db: reinstate(db, package.id), "Đã khôi phục gói")

    def _change_package(self, change: Callable[[Database], None], done: str) -> None:
        context = self.context
        package = self.selected_package()
        assert context is not None and package is not None
        try:
            with context.store.user_errors():
                change(context.store.db)
        except UserError as exc:  # no reason given, the disk refusing
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.status.setText(f"{done} {package.file_name} của {package.unit}.")
        self.reload()

    def show_documents(self, package: int) -> None:
        """The PDFs of one package, read from its stored bytes and verified again."""
        context = self.context
        assert context is not None
        try:
            files = package_files(context.store.db, package)
        except UserError as exc:  # a stored package that no longer verifies
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        stored = next((p for p in self.packages.rows if p.id == package), None)
        self.preview_title.setText(
            f"Gói {stored.file_name} của {stored.unit}" if stored else f"Gói số {package}"
        )
        self.preview.show_documents(sorted(files), files.__getitem__)
        self.tabs.setCurrentIndex(1)


def scoring_note(campaign: Campaign, nominees: list[InboxNominee]) -> str:
    """How many places each share gives, and who is tied for the last one (the council
    votes among them; the automatic choice leaves that place open)."""
    assert campaign.scoring is not None
    parts = []
    for kind, label in KIND_LABELS.items():
        rule = campaign.scoring.quotas.get(kind)
        if rule is not None and rule.percent is not None:
            taking_part = sum(1 for n in nominees if n.kind == kind)
            parts.append(f"{label.lower()}: {rule.describe(taking_part)}")
    text = f"Chỉ tiêu theo tỷ lệ — {'; '.join(parts)}." if parts else ""
    for kind, tied in to_vote(nominees, campaign).items():
        names = ", ".join(escape(n.name) for n in tied)
        label = KIND_LABELS[kind].lower()
        text += (f" <span style='color:{ERROR_COLOUR}'>Bằng điểm ở chỗ cuối ({label}): {names} "
                 "— Hội đồng bỏ phiếu.</span>")  # fmt: skip
    return text.strip()
