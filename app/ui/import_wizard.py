"""The register import wizard: sheet → column mapping → preview with every refused row →
import. Reading and checking the file runs in the background with progress and a cancel
button, storing it in the background in one transaction; the stored data changes only when
the user presses “Nhập”."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.text import format_count
from app.errors import UserError
from app.exchange.register_import import (
    PETITIONS,
    ImportPlan,
    RegisterKind,
    sheet_names,
)
from app.exchange.spreadsheet import ImportFailure
from app.services import register
from app.store.connection import Database
from app.store.database import Store
from app.store.register import ImportCounts
from app.ui import jobs
from app.ui.widgets import HINT_COLOUR, ComboBox, NaturalHeight, ProgressRow, scrolling

NOT_MAPPED = "(không có)"


class ImportWizard(QDialog):
    imported = Signal(object)  # ImportCounts
    planned = Signal()
    failed = Signal(str)  # the reason shown, or "cancelled"

    def __init__(
        self,
        path: Path,
        store: Store,
        organisation_id: int,
        today: Callable[[], date],
        parent: QWidget | None = None,
        kind: RegisterKind = PETITIONS,
        save: register.Save = register.save_register,
    ):
        """`save` stores an accepted plan (a register's rows by default)."""
        super().__init__(parent)
        self.kind = kind
        self.save = save
        self.setWindowTitle(f"Nhập {kind.name} — {path.name}")
        self.path, self.store, self.organisation_id, self.today = (
            path,
            store,
            organisation_id,
            today,
        )
        self.plan: ImportPlan | None = None
        self._busy = False

        self.sheet = ComboBox()
        self.field_boxes: dict[str, QComboBox] = {}
        mapping = QFormLayout()
        mapping.addRow("Trang", self.sheet)
        csv = path.suffix.lower() == ".csv"
        mapping.setRowVisible(self.sheet, not csv)  # a CSV has no sheets
        self.samples: dict[str, QLabel] = {}
        for f in kind.fields:
            box = ComboBox()
            box.setMinimumWidth(230)
            sample = QLabel()  # the column's first values, to see the guess is right
            sample.setStyleSheet(f"color: {HINT_COLOUR};")
            sample.setWordWrap(True)
            self.field_boxes[f.id], self.samples[f.id] = box, sample
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(box)
            column.addWidget(sample)
            mapping.addRow(f.header + (" *" if f.required else ""), column)
        needed = QLabel("* số liệu cần cột này: chưa chọn thì chưa nhập được.")
        needed.setStyleSheet(f"color: {HINT_COLOUR};")
        mapping.addRow(needed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QTableWidget(0, 5)
        self.problems.setHorizontalHeaderLabels(["Dòng này", "Trang", "Dòng", "Cột", "Lý do"])
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setColumnHidden(1, csv)  # the sheet a row is on: a CSV is one table
        self.problems.verticalHeader().setVisible(False)
        self.progress = ProgressRow()  # with its “Dừng” while the file is read
        self.import_button = QPushButton("Nhập")
        self.import_button.setEnabled(False)
        # A guessed column must be confirmed (the combos show the guess) before importing.
        self.confirm_button = QPushButton("Xác nhận cách gán cột")
        self.confirm_button.hide()
        close = QPushButton("Đóng")

        left = NaturalHeight()
        left.setLayout(mapping)
        body = QHBoxLayout()
        body.addWidget(scrolling(left))  # sixteen fields: they scroll on a 768-px screen
        preview = QVBoxLayout()
        preview.addWidget(self.summary)
        preview.addWidget(self.problems, 1)
        body.addLayout(preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(1100, 620)  # within a 1366×768 screen with its taskbar

        self.sheet.activated.connect(lambda _: self.replan(keep_mapping=False))
        for box in self.field_boxes.values():
            box.activated.connect(lambda _: self.replan(keep_mapping=True))
        self.import_button.clicked.connect(self.start_import)
        self.confirm_button.clicked.connect(lambda: self.replan(keep_mapping=True))
        close.clicked.connect(self.reject)

    # --- planning (background) ---------------------------------------------------------------

    def start(self) -> None:
        """Read the file's sheets, then plan with the automatic mapping."""
        try:
            names = sheet_names(self.path)
        except ImportFailure as exc:
            self._show_failure(str(exc))
            return
        self.sheet.addItems(names)
        self.replan(keep_mapping=False, sheet=None)

    def chosen_mapping(self) -> dict[str, str]:
        """Every field as the user set it; '' for a field the file has no column for."""
        return {
            fid: "" if box.currentText() == NOT_MAPPED else box.currentText()
            for fid, box in self.field_boxes.items()
        }

    def replan(
        self, keep_mapping: bool, sheet: str | None = "", mapping: dict[str, str] | None = None
    ) -> None:
        """Plan again: with the mapping the user set (`keep_mapping`), a given one, or the
        automatic guess."""
        if self._busy:
            return
        sheet = self.sheet.currentText() if sheet == "" else sheet
        mapping = self.chosen_mapping() if keep_mapping else mapping
        path, today, kind = self.path, self.today(), self.kind

        def work(db: Database, report: Callable[[int, int], None]) -> tuple[ImportPlan, str]:
            planned = register.plan(db, path, today, kind, sheet, mapping, progress=report)
            return planned, register.rate_preview(db, planned) or ""

        self._run(
            work, self._show_plan, "Đang đọc và kiểm tra tệp…", reports=True, store=self.store
        )

    def _show_plan(self, planned: tuple[ImportPlan, str]) -> None:
        plan, rate = planned
        self.plan = plan
        index = self.sheet.findText(plan.sheet)
        self.sheet.setCurrentIndex(index)
        for fid, box in self.field_boxes.items():
            box.clear()
            box.addItems([NOT_MAPPED, *[h for h in plan.headers if h]])
            column = plan.mapping.get(fid)
            header = plan.headers[column] if column is not None else None
            box.setCurrentText(header or NOT_MAPPED)
            values = plan.samples.get(header, []) if header else []
            shown = "; ".join(values)
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            self.samples[fid].setText(f"ví dụ: {shown}" if values else "")
        lines = [
            f"{plan.where}, dòng tiêu đề {plan.header_row}.",
            f"Đọc được {format_count(len(plan.records))} {plan.kind.row_noun}; từ chối "
            f"{format_count(len({r.row for r in plan.rejected}))} dòng; "
            f"{format_count(len(plan.warnings))} dòng lưu nhưng không tính vào số liệu.",
        ]
        if rate:  # what the figures would say: a column mapped wrong shows here
            lines.append(rate)
        lines += [f"Cần xác nhận — {g}" for g in plan.guesses]
        if plan.hidden_note:
            lines.append(plan.hidden_note)
        legacy = plan.legacy_summary()
        if legacy:
            lines.append(f"Văn bản bảng mã cũ đã chuyển sang Unicode ({legacy}), ví dụ:")
            lines += [
                f"  dòng {row}: “{before}” → “{after}”" for row, before, after in plan.converted[:5]
            ]
        self.summary.setText("\n".join(lines))
        problems = [("Từ chối", r) for r in plan.rejected]
        problems += [("Lưu, không tính", w) for w in plan.warnings]
        self.problems.setRowCount(len(problems))
        for i, (verdict, p) in enumerate(problems):
            for j, value in enumerate((verdict, p.sheet, str(p.row), p.column, p.reason)):
                self.problems.setItem(i, j, QTableWidgetItem(value))
        self.problems.resizeColumnsToContents()
        blocked = plan.kind.all_or_nothing and bool(plan.rejected)
        if blocked:
            lines.append(
                f"Chưa nhập được: {plan.kind.name} chỉ được nhập khi mọi dòng đều hợp lệ. "
                "Hãy sửa các dòng bị từ chối trong tệp, lưu lại rồi chọn tệp lần nữa."
            )
            self.summary.setText("\n".join(lines))
        if plan.missing_note:  # nothing read yet: the columns the figures need come first
            lines[1:2] = [plan.missing_note]
            self.summary.setText("\n".join(lines))
        self.confirm_button.setVisible(not plan.certain and not plan.missing)
        self.import_button.setEnabled(
            bool(plan.records) and plan.certain and not blocked and not plan.missing
        )
        self.import_button.setToolTip(plan.missing_note or "")
        self.planned.emit()

    # --- importing (background) ----------------------------------------------------------------

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or self._busy:
            return
        organisation_id, save = self.organisation_id, self.save

        def store_plan(db: Database) -> ImportCounts:
            return register.store(db, organisation_id, plan, save)

        # one transaction, done or not: no “Dừng” while it is written
        self._run(store_plan, self._done, "Đang ghi vào dữ liệu…", store=self.store)

    def _done(self, counts: ImportCounts) -> None:
        self.summary.setText(
            f"Đã nhập: thêm mới {format_count(counts.inserted)}, cập nhật "
            f"{format_count(counts.updated)}, không đổi {format_count(counts.unchanged)}, "
            f"từ chối {format_count(len({r.row for r in self.plan.rejected}))}."
        )
        self.import_button.setEnabled(False)
        self.imported.emit(counts)

    # --- plumbing -----------------------------------------------------------------------------

    def cancel(self) -> None:
        """What “Dừng” does: reading the file stops at its next progress report."""
        self.progress.cancel()

    def _run(
        self,
        work: Callable,
        on_success: Callable,
        message: str,
        *,
        reports: bool = False,
        store: Store | None = None,
    ) -> None:
        """Run `work` in the background; with `reports`, it is given `report(done, total)`,
        its progress is shown and “Dừng” stops it there."""
        self._busy = True
        self.import_button.setEnabled(False)

        def finished() -> None:
            self._busy = False
            self.progress.stop()

        def cancelled() -> None:
            self.summary.setText("Đã dừng. Chưa ghi gì vào dữ liệu.")
            self.import_button.setEnabled(self.plan is not None and self.plan.certain)
            self.failed.emit("cancelled")

        def failed(error: UserError) -> None:
            self._show_failure(str(error))

        job = jobs.run(
            work,
            on_success,
            owner=self,
            store=store,
            progress=self.progress.show_progress if reports else None,
            cancellable=reports,
            on_failure=failed,
            on_cancel=cancelled,
            on_finished=finished,
        )
        self.progress.follow(job, message)

    def _show_failure(self, message: str) -> None:
        self.summary.setText(message + "\nDữ liệu đã lưu không thay đổi.")
        self.import_button.setEnabled(False)
        self.failed.emit(message)
