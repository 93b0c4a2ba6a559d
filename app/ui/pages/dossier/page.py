"""Hồ sơ: what the unit gives its dossier before building it — the Tờ trình's number and date
(the Mẫu 08 reports are signed with it), the Biên bản's number — and the check of everything
else the dossier needs, each item opening the page where it is fixed. Fields save as typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from app import APP_NAME, paths
from app.core.document_numbers import field_problem
from app.core.readiness import DEADLINE_STEP, Step
from app.core.text import ascii_file_name, clean, format_date_short, parse_date
from app.errors import UserError
from app.services.dossier_check import warnings
from app.store.dossier_builds import build_file
from app.store.dossier_settings import load_dossier_settings, set_dossier_field
from app.ui.autosave import AutosavedField
from app.ui.checklist import Checklist
from app.ui.context import PageContext
from app.ui.models.dossier import StepsModel
from app.ui.pages import Page
from app.ui.pages.dossier.build_box import BuildBox
from app.ui.pages.dossier.preview_box import PreviewBox
from app.ui.pages.dossier.scans_box import ScansBox
from app.ui.pages.dossier.send_box import SendBox
from app.ui.printing import print_documents
from app.ui.widgets import error_label, explain, report_table

# (field, label, placeholder)
FIELDS = (
    ("to_trinh_number", "Số Tờ trình", "ví dụ: 05  (in “Số: 05/TTr-UBND”)"),
    ("to_trinh_date", "Ngày ký Tờ trình và báo cáo thành tích", "ngày/tháng/năm"),
    ("bien_ban_number", "Số Biên bản họp xét", "ví dụ: 03  (in “Số: 03/BB-UBND”)"),
)


DOSSIER_HELP = {
    "to_trinh_date": "Ngày ký Tờ trình; các Báo cáo thành tích Mẫu 08 ký cùng ngày này.",
    "bien_ban_number": "Số của Biên bản họp xét (và Biên bản kiểm phiếu khi bỏ phiếu kín).",
}


def _shown_date(text: str) -> str:
    try:
        return format_date_short(parse_date(text))
    except ValueError:
        return clean(text)


class DossierPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.fields: dict[str, AutosavedField] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        numbers = QGroupBox("Số và ngày của các văn bản")
        numbers.setMaximumWidth(900)
        form = QFormLayout(numbers)
        for field, label, placeholder in FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            edit.setMaximumWidth(320)
            if field in DOSSIER_HELP:
                explain(edit, DOSSIER_HELP[field])
            self.edits[field], self.errors[field] = edit, error_label(hidden=True)
            form.addRow(label, edit)
            form.addRow("", self.errors[field])
        self.signer = QLabel()
        self.signer.setWordWrap(True)
        edit_signer = QPushButton("Sửa người ký ở trang Đơn vị…")
        edit_signer.clicked.connect(lambda: self.open_requested.emit("unit"))
        signer_row = QHBoxLayout()
        signer_row.addWidget(self.signer, 1)
        signer_row.addWidget(edit_signer)
        form.addRow("Người ký", signer_row)

        checks = QGroupBox("Kiểm tra trước khi lập hồ sơ (nhấp đúp để mở trang cần sửa)")
        self.steps = StepsModel()
        self.steps_view = report_table(self.steps, StepsModel.DETAIL)
        self.steps_view.setAccessibleName("Kiểm tra trước khi lập hồ sơ")
        self.steps_view.doubleClicked.connect(self._open_step)
        self.steps_view.activated.connect(self._open_step)  # Enter on the keyboard
        QVBoxLayout(checks).addWidget(self.steps_view)

        self.checklist = Checklist(today)
        self.checklist.updated.connect(lambda: self.steps.set_rows(self.checklist.steps))
        self.build_box = BuildBox(self.warnings, today)
        self.preview = PreviewBox()
        self.build_box.shown.connect(self._show_build)
        self.print_one = QPushButton("In văn bản đang xem…")
        self.print_all = QPushButton("In cả hồ sơ…")
        self.in_word = QPushButton("Mở bằng Word")
        self.in_word.setToolTip("Mở tệp DOCX của văn bản đang xem bằng ứng dụng của máy")
        self.print_one.clicked.connect(lambda: self.print_dialog(everything=False))
        self.print_all.clicked.connect(lambda: self.print_dialog(everything=True))
        self.in_word.clicked.connect(self.open_in_word)
        self.awards = QPushButton("Quyết định && Giấy khen…")
        self.awards.setToolTip(
            "Sau khi có Quyết định khen thưởng: ghi Sổ vàng và in Giấy khen cho những người "
            "Hội đồng đã đề nghị"
        )
        self.awards.clicked.connect(self.open_awards)
        self.build_box.add_buttons(self.in_word, self.print_one, self.print_all, self.awards)
        self.tabs = QTabWidget()
        self.tabs.addTab(checks, "Kiểm tra trước khi lập")
        self.tabs.addTab(self.preview, "Xem trước văn bản đã lập")
        self.scans = ScansBox()
        self.tabs.addTab(self.scans, "Bản ký đã quét")
        self.send = SendBox(self.build_box)
        self.tabs.addTab(self.send, "Gửi Thanh tra")
        self.send.sent.connect(self._sent)
        layout = QVBoxLayout(self)
        layout.addWidget(numbers)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.build_box)

    def _show_build(self) -> None:
        assert self.context is not None
        build = self.build_box.build
        db = self.context.store.db
        self.preview.show_documents(
            build.files if build else (), partial(build_file, db, build.id) if build else None
        )
        self.scans.show_build(self.context.store, build)
        for button in (self.in_word, self.print_one, self.print_all):
            button.setEnabled(build is not None)

    def open_in_word(self) -> None:
        """The DOCX of the document shown, from the build's folder, with the system's Word
        (or whatever opens .docx here): a copy, the stored build is never edited."""
        shown = self.preview.documents.currentText()
        if not shown or self.build_box.build is None:
            return
        try:
            folder = self.build_box.export()
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"Không ghi được các văn bản ra thư mục: {exc}")
            return
        docx = folder / f"{Path(shown).stem}.docx"
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(docx)))

    def open_awards(self) -> None:
        """The Sổ vàng and the Giấy khen of the nominees the council proposed (a commune
        awarding its own, or recording the award it received)."""
        from app.ui.awards_dialog import AwardsDialog

        context = self.context
        if context is None or context.campaign is None:
            return
        folder = paths.documents_dir() / ascii_file_name(context.campaign.code) / "giay-khen"
        dialog = AwardsDialog(self, context, folder, False, self.today())
        dialog.exec()
        dialog.deleteLater()  # not kept as a child of the page after it is closed

    def print_dialog(self, everything: bool) -> None:
        """The system's print dialog, the campaign's number of copies filled in; then every
        page at 100 % on A4, collated, the whole dossier in order or the document shown."""
        context, build = self.context, self.build_box.build
        if context is None or context.campaign is None or build is None:
            return
        names = [n for n in build.files if n.endswith(".pdf")]
        if not everything:
            names = [self.preview.documents.currentText()]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setCopyCount(context.campaign.printed_copies)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("In hồ sơ" if everything else f"In {names[0]}")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        copies = printer.copyCount()  # as the user left it in the dialog
        try:
            documents = [(n, build_file(context.store.db, build.id, n)) for n in names]
            sheets = print_documents(printer, documents, copies)
        except UserError as exc:  # a damaged stored document, a printer that refuses
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.build_box.status.setText(
            f"Đã gửi {sheets} trang tới máy in ({copies} bản mỗi văn bản)."
        )

    def warnings(self) -> list[str]:
        """What the check finds still wrong or missing, as the build asks about it."""
        return warnings(self.checklist.steps)

    @property
    def busy(self) -> bool:
        return self.checklist.busy

    def show_context(self, context: PageContext) -> None:
        if self.context is None or self.context.store is not context.store:
            self._bind(context)
        self.context = context
        organisation, campaign_id = context.organisation, context.campaign_id
        ready = organisation is not None and campaign_id is not None
        for edit in self.edits.values():
            edit.setEnabled(ready)
        if ready:
            assert organisation is not None and campaign_id is not None
            stored = load_dossier_settings(context.store.db, organisation.id, campaign_id)
            for field, binding in self.fields.items():
                value = getattr(stored, field)
                binding.show(format_date_short(value) if isinstance(value, date) else value)
            self.signer.setText(
                " — ".join(
                    part
                    for part in (
                        organisation.signer_authority,
                        organisation.signer_position,
                        organisation.signer_name,
                    )
                    if part
                )
                or "Chưa khai báo người ký."
            )
        self.checklist.refresh(context)
        self.build_box.show_context(context)
        self.send.show_context(context)

    def _bind(self, context: PageContext) -> None:
        for binding in self.fields.values():
            binding.deleteLater()
        self.fields = {
            field: AutosavedField(
                self.edits[field],
                label,
                partial(self._write, field),
                context.undo_stack,
                partial(field_problem, field),
                self.errors[field],
                normalise=_shown_date if field == "to_trinh_date" else clean,
            )
            for field, label, _ in FIELDS
        }
        for binding in self.fields.values():
            binding.saved.connect(self._saved)

    def _write(self, field: str, text: str) -> None:
        context = self.context
        assert context is not None and context.organisation is not None
        assert context.campaign_id is not None
        value = parse_date(text) if field == "to_trinh_date" else text
        with context.store.user_errors():
            set_dossier_field(
                context.store.db, context.organisation.id, context.campaign_id, field, value
            )

    def _sent(self) -> None:
        """A package went out: the deadline is met on this page and on Tổng quan."""
        assert self.context is not None
        self.checklist.refresh(self.context)
        self.data_changed.emit()

    def _saved(self) -> None:
        assert self.context is not None
        self.checklist.refresh(self.context)  # the forms may lack one value fewer
        self.build_box.show_context(self.context)  # the stored build may no longer match
        self.data_changed.emit()

    def _open_step(self, index: QModelIndex) -> None:
        step: Step = self.steps.rows[index.row()]
        if step.title == DEADLINE_STEP:  # met by sending: the tab it is sent from
            self.tabs.setCurrentWidget(self.send)
        elif step.page and step.page != "dossier":
            self.open_requested.emit(step.page)
