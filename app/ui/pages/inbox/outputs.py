"""The Inspectorate's outputs, a row of buttons on Hộp hồ sơ: the consolidated Tờ trình and
danh sách of the shortlist (its number and date asked first), the table of every nominee as
Excel, and the receipts for the units. Each says what it wrote on the page's status line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app import APP_NAME, paths
from app.core.document_numbers import field_problem
from app.core.text import ascii_file_name, format_date_short, parse_date
from app.errors import UserError
from app.store.connection import Database
from app.store.dossier_settings import load_dossier_settings, set_dossier_field
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.widgets import dialog_buttons, error_label


class ReportNumbers(QDialog):
    """The Tờ trình's number and signing date, asked before the consolidated documents."""

    def __init__(self, parent: QWidget | None, number: str, day: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lập Tờ trình tổng hợp")
        self.number, self.day = QLineEdit(number), QLineEdit(day)
        self.number.setPlaceholderText("ví dụ: 15")
        self.day.setPlaceholderText("ngày/tháng/năm")
        self.error = error_label(hidden=True)
        form = QFormLayout(self)
        form.addRow("Số Tờ trình", self.number)
        form.addRow("Ngày ký", self.day)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, "Lập văn bản"))

    def accept(self) -> None:
        for field, edit in (("to_trinh_number", self.number), ("to_trinh_date", self.day)):
            problem = field_problem(field, edit.text().strip())
            if problem:
                self.error.setText(problem)
                self.error.show()
                edit.setFocus()
                return
        super().accept()


class Outputs(QWidget):
    def __init__(self, status: QLabel, today: Callable[[], date]) -> None:
        super().__init__()
        self.status, self.today = status, today  # the page's
        self.context: PageContext | None = None
        self.report_button = QPushButton("Lập Tờ trình tổng hợp…")
        self.table_button = QPushButton("Xuất bảng Excel…")
        self.receipts_button = QPushButton("Xuất giấy biên nhận…")
        self.awards_button = QPushButton("Quyết định && Giấy khen…")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.report_button, self.table_button, self.receipts_button,
                       self.awards_button):  # fmt: skip
            row.addWidget(button)
        self.report_button.clicked.connect(self.build_report)
        self.table_button.clicked.connect(self.export_table)
        self.receipts_button.clicked.connect(self.export_receipts)
        self.awards_button.clicked.connect(self.open_awards)

    def output_folder(self) -> Path:
        assert self.context is not None and self.context.campaign is not None
        campaign = ascii_file_name(self.context.campaign.code)
        return paths.documents_dir() / campaign / "thanh-tra"

    def build_report(self) -> None:
        context = self.context
        assert context is not None and context.campaign_id is not None
        if context.organisation is None:
            QMessageBox.warning(self, APP_NAME, "Hãy khai báo cơ quan và người ký ở trang Đơn vị.")
            return
        db, organisation = context.store.db, context.organisation
        stored = load_dossier_settings(db, organisation.id, context.campaign_id)
        dialog = ReportNumbers(self, stored.to_trinh_number,
                               format_date_short(stored.to_trinh_date))  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day = dialog.day.text().strip()
        with context.store.user_errors():
            set_dossier_field(db, organisation.id, context.campaign_id, "to_trinh_number",
                              dialog.number.text().strip())  # fmt: skip
            set_dossier_field(db, organisation.id, context.campaign_id, "to_trinh_date",
                              parse_date(day) if day else None)  # fmt: skip
        folder = self.output_folder()
        self.status.setText("Đang lập Tờ trình và danh sách tổng hợp…")
        self.report_button.setEnabled(False)

        def work(db: Database):
            from app.services.inspectorate_report import write_report

            return write_report(db, folder)

        def done(built) -> None:
            from app.services.dossier_check import missing_note

            missing = sorted({m for b in built for m in b.missing})
            self.status.setText(
                f"Đã lập {len(built)} văn bản (DOCX và PDF) trong {folder}."
                + (f" {missing_note(missing)}" if missing else "")
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

        def finished() -> None:
            self.report_button.setEnabled(True)
            self.status.clear()  # what was built is said next, or why not in a message

        # a broken form, the disk refusing: the message says which and where
        jobs.run(work, done, owner=self, store=context.store, writes=folder, on_finished=finished)

    def open_awards(self) -> None:
        """The draft decision of the shortlist, the Sổ vàng and the Giấy khen."""
        from app.ui.awards_dialog import AwardsDialog

        assert self.context is not None
        dialog = AwardsDialog(self, self.context, self.output_folder(), True, self.today())
        dialog.exec()
        dialog.deleteLater()  # not kept as a child of the page after it is closed

    def export_table(self) -> None:
        from app.services.inspectorate_report import TABLE, write_table

        context = self.context
        assert context is not None and context.campaign is not None
        suggested = self.output_folder() / TABLE
        name, _ = QFileDialog.getSaveFileName(self, "Xuất bảng tổng hợp", str(suggested),
                                              "Bảng tính Excel (*.xlsx)")  # fmt: skip
        if not name:
            return
        try:
            with context.store.user_errors():
                target, rows = write_table(context.store.db, Path(name).with_suffix(".xlsx"))
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.status.setText(f"Đã xuất bảng tổng hợp ({rows} dòng) ra {target}.")

    def export_receipts(self) -> None:
        """The signed receipts with their printed copies and one PDF of them all, written in
        the background (hundreds of PDFs take a while)."""
        context = self.context
        assert context is not None and context.campaign is not None
        folder = QFileDialog.getExistingDirectory(self, "Thư mục ghi giấy biên nhận",
                                                  str(paths.documents_dir()))  # fmt: skip
        if not folder:
            return
        code, target = context.campaign.code, Path(folder)
        self.status.setText("Đang lập giấy biên nhận…")
        self.receipts_button.setEnabled(False)

        def work(db: Database):
            from app.services.receipts import write_receipts

            return write_receipts(db, code, target)

        def done(written) -> None:
            merged = (
                f" Bản in: {written.merged.name} (mọi giấy, in một lần)." if written.merged else ""
            )
            self.status.setText(
                f"Đã ghi {len(written.signed)} giấy biên nhận (tệp .json có chữ ký, kèm bản DOCX, "
                f"PDF) vào {folder}: gửi mỗi đơn vị giấy của mình.{merged or ''}"
            )

        def finished() -> None:
            self.receipts_button.setEnabled(True)
            self.status.clear()

        jobs.run(work, done, owner=self, store=context.store, writes=target, on_finished=finished)
