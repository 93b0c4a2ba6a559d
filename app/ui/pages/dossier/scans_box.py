"""Bản ký đã quét: for each document of the stored build, the signed and stamped copy scanned
back — attached as one PDF or as JPG/PNG pages (combined into one PDF), with its pages and
resolution checked against the document that was printed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, paths
from app.atomic import atomic_write, holds
from app.errors import UserError
from app.store.connection import Database
from app.store.dossier_builds import (
    Build,
    build_file,
    list_scans,
    remove_scan,
    save_scan,
    scan_content,
)
from app.store.errors import writing_to
from app.ui.models.dossier import ScanRow, ScansModel
from app.ui.pdf_pages import PdfPages
from app.ui.signed_scans import read_scan, scan_warnings
from app.ui.widgets import error_label, report_table

SCAN_FILTER = "Bản quét (*.pdf *.jpg *.jpeg *.png)"


class ScansBox(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.db: Database | None = None
        self.build: Build | None = None
        self.user_errors = None  # the store's: machine failures become messages
        self.model = ScansModel()
        self.view = report_table(self.model, ScansModel.NOTES)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAccessibleName("Bản ký đã quét")
        self.attach_button = QPushButton("Đính kèm bản quét cho văn bản đang chọn…")
        self.open_button = QPushButton("Xem bản quét")
        self.remove_button = QPushButton("Bỏ bản quét…")
        self.remove_button.setToolTip(
            "Bỏ bản quét đã đính kèm (quét nhầm, thiếu trang) để đính lại"
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = error_label(hidden=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        self.attach_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)

    def show_build(self, store, build: Build | None) -> None:
        self.db, self.build, self.user_errors = store.db, build, store.user_errors
        self.reload()

    def reload(self) -> None:
        rows = []
        if self.db is not None and self.build is not None:
            scans = list_scans(self.db, self.build.id)
            for name in (n for n in self.build.files if n.endswith(".pdf")):
                with PdfPages(build_file(self.db, self.build.id, name), name) as pages:
                    count = len(pages)
                document = Path(name).stem
                scan = scans.get(document)
                notes = tuple(scan_warnings(scan.pages, scan.dpi, count)) if scan else ()
                rows.append(ScanRow(document, count, scan, notes))
        self.model.set_rows(rows)
        for button in (self.attach_button, self.open_button, self.remove_button):
            button.setEnabled(bool(rows))

    def _selected(self) -> ScanRow | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def choose_files(self) -> None:
        row = self._selected()
        if row is None:
            self.error.setText("Chọn văn bản trong bảng trước.")
            self.error.show()
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, f"Bản ký đã quét của {row.document}", str(Path.home()), SCAN_FILTER
        )
        if names:
            self.attach(row.document, [Path(n) for n in names])

    def attach(self, document: str, files: list[Path]) -> bool:
        """Check and keep the scan; False (and the reason shown) when refused."""
        assert self.db is not None and self.build is not None and self.user_errors is not None
        self.error.hide()
        try:
            scan = read_scan(files)
            with self.user_errors():
                save_scan(self.db, self.build.id, document, scan.pdf, scan.pages, scan.dpi)
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.reload()
        row = next(r for r in self.model.rows if r.document == document)
        self.message.setText(
            f"Đã lưu bản quét của {document}: {scan.pages} trang."
            + ("" if not row.notes else " Cần xem lại: " + " ".join(row.notes))
        )
        return True

    def remove_selected(self) -> None:
        """The selected document's scan taken away, once the user says so."""
        row = self._selected()
        if row is None or row.scan is None or self.db is None or self.build is None:
            return
        answer = QMessageBox.question(
            self, APP_NAME, f"Bỏ bản quét của {row.document}? Có thể đính kèm lại bản khác."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        assert self.user_errors is not None
        try:
            with self.user_errors():
                remove_scan(self.db, self.build.id, row.document)
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.reload()
        self.message.setText(f"Đã bỏ bản quét của {row.document}.")

    def open_selected(self) -> None:
        row = self._selected()
        if row is None or row.scan is None or self.db is None or self.build is None:
            return
        target = paths.cache_dir() / "ban-quet" / f"{self.build.id}_{row.document}_ky.pdf"
        try:
            content = scan_content(self.db, self.build.id, row.document)
            if not holds(target, content):  # the copy a PDF reader still shows is not refused
                with writing_to(target), atomic_write(target) as partial:
                    partial.write_bytes(content)
        except UserError as exc:  # held open with other content, the disk refusing
            self.error.setText(str(exc))
            self.error.show()
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
