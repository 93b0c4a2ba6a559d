"""Quyết định & Giấy khen: after the council, whom the decision awards; its draft (the
Inspectorate's); the signed decision recorded in the Sổ vàng; and the certificates of a recorded
decision printed on plain paper, on pre-printed blanks at this printer's offset, or the alignment
page first. Opened from Hộp hồ sơ (the Inspectorate) and from Hồ sơ (a unit awarding its own)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, settings
from app.core.document_numbers import field_problem
from app.core.text import clean, format_date_short, parse_date
from app.documents.certificates import MAX_OFFSET_MM, PrintMode
from app.errors import UserError
from app.services.awards import (
    MAX_BOOK_NUMBER,
    Awardee,
    awardees,
    book_row,
    campaign_register,
    decision_number,
    default_symbol,
    record_decision,
    remove_last_decision,
)
from app.store.awards_register import next_book_number
from app.store.connection import Database
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.printing import print_documents
from app.ui.widgets import ComboBox, DoubleSpinBox, SpinBox, error_label, explain

T = TypeVar("T")
MODES = (
    (PrintMode.PLAIN, "Giấy trắng (in cả viền, Quốc hiệu, chữ GIẤY KHEN)"),
    (PrintMode.BLANK, "Phôi Giấy khen in sẵn (chỉ in phần còn trống)"),
    (PrintMode.ALIGN, "Trang căn chỉnh (in trước lên giấy trắng, đặt chồng lên phôi)"),
)
BOOK_HEADERS = ("Số sổ vàng", "Quyết định", "Ngày ký", "Tập thể, cá nhân", "Đơn vị", "Tiền thưởng")


class AwardsDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, context: PageContext, folder: Path, inspectorate: bool,
        today: date,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.context, self.folder, self.today = context, folder, today
        self.inspectorate = inspectorate
        self.setWindowTitle("Quyết định khen thưởng và Giấy khen")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label(hidden=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._decision_box(inspectorate))
        self.lists = QTabWidget()  # who the decision awards, and the book: they grow with it
        self.lists.addTab(self._awardees_tab(), "Danh sách được khen")
        self.lists.addTab(self._book_box(), "Sổ vàng của đợt thi đua")
        layout.addWidget(self.lists, 1)
        layout.addWidget(self._print_box())
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(940, 690)  # within a 1366×768 screen with its taskbar
        for button in self.findChildren(QPushButton):  # Enter in a field runs no button
            button.setAutoDefault(False)
            button.setDefault(False)
        self.refresh()

    # --- 1. the decision ---------------------------------------------------------------------

    def _awardees_tab(self) -> QWidget:
        tab = QWidget()
        self.awardees = QListWidget()
        self.awardees_label = QLabel()
        self.awardees_label.setWordWrap(True)
        every, none = QPushButton("Đánh dấu tất cả"), QPushButton("Bỏ đánh dấu tất cả")
        every.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        column = QVBoxLayout(tab)
        column.addWidget(self.awardees_label)
        column.addWidget(self.awardees, 1)
        row = QHBoxLayout()
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch()
        column.addLayout(row)
        return tab

    def _tick_all(self, state: Qt.CheckState) -> None:
        for n in range(self.awardees.count()):
            item = self.awardees.item(n)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def _decision_box(self, inspectorate: bool) -> QGroupBox:
        box = QGroupBox("1. Quyết định khen thưởng")
        self.number, self.day, self.symbol = QLineEdit(), QLineEdit(), QLineEdit()
        self.number.setPlaceholderText("ví dụ: 45")
        self.day.setPlaceholderText("ngày/tháng/năm")
        self.symbol.setPlaceholderText("ví dụ: QĐ-UBND")
        self.first_number = SpinBox()
        self.first_number.setRange(1, MAX_BOOK_NUMBER)
        explain(self.first_number, "Số sổ vàng của người đầu tiên; sổ giấy đã có số trước thì "
                                   "đặt số tiếp theo của sổ giấy.")  # fmt: skip
        self.draft_button = QPushButton("Lập dự thảo Quyết định")
        self.draft_button.setVisible(inspectorate)  # from the shortlist of the inbox
        self.record_button = QPushButton("Ghi Quyết định đã ký vào Sổ vàng…")
        self.remove_button = QPushButton("Bỏ Quyết định ghi sau cùng…")
        self.remove_button.setToolTip(
            "Khi ghi nhầm số, ngày của Quyết định: bỏ khỏi Sổ vàng (cùng khen thưởng đã ghi vào "
            "hồ sơ cán bộ, tập thể) rồi ghi lại"
        )
        self.draft_button.clicked.connect(self.draft)
        self.record_button.clicked.connect(self.record)
        self.remove_button.clicked.connect(self.remove_last)
        form = QFormLayout(box)
        numbers = QHBoxLayout()
        for label, widget in (
            ("Số", self.number),
            ("Ký hiệu", self.symbol),
            ("Ngày ký", self.day),
            ("Số sổ vàng đầu tiên", self.first_number),
        ):
            numbers.addWidget(QLabel(label))
            numbers.addWidget(widget)  # fmt: skip
        form.addRow(numbers)
        row = QHBoxLayout()
        row.addWidget(self.draft_button)
        row.addWidget(self.record_button)
        row.addStretch()
        row.addWidget(self.remove_button)
        form.addRow(row)
        return box

    def _typed(self) -> tuple[str, date | None] | None:
        """The number and date typed, or None after saying what is wrong with them."""
        number, day = self.number.text().strip(), self.day.text().strip()
        for field, edit, text in (("to_trinh_number", self.number, number),
                                  ("to_trinh_date", self.day, day)):  # fmt: skip
            problem = field_problem(field, text)
            if problem:
                return self._refuse(problem, edit)
        return number, parse_date(day) if day else None

    def _refuse(self, message: str, edit: QLineEdit | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if edit is not None:
            edit.setFocus()
        return None

    def draft(self) -> None:
        typed = self._typed()
        if typed is None:
            return
        self.error.hide()
        number, signed_on = typed
        folder = self.folder

        def work(db: Database):
            from app.services.inspectorate_report import write_decision

            return write_decision(db, folder, number=number or None, signed_on=signed_on)

        def done(result) -> None:
            from app.services.dossier_check import built_lines

            built, flagged = result
            self.status.setText("\n".join([*built_lines(built), *flagged]))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

        self._run(work, done, self.draft_button, folder)

    def record(self) -> None:
        typed = self._typed()
        if typed is None:
            return
        number, signed_on = typed
        if not number or signed_on is None:
            return self._refuse("Nhập số và ngày ký của Quyết định đã ký trước khi ghi Sổ vàng.")
        picked = self.checked()
        if not picked:
            return self._refuse("Đánh dấu những tập thể, cá nhân Quyết định khen thưởng.")
        symbol = clean(self.symbol.text())
        printed = decision_number(number) + (f"/{symbol}" if symbol else "")
        recorded = self._confirmed(
            f"Ghi Quyết định số {printed} ngày {format_date_short(signed_on)} cho {len(picked)} "
            f"tập thể, cá nhân đã đánh dấu vào Sổ vàng, từ số {self.first_number.value():02d}? "
            "Ghi nhầm thì bỏ được Quyết định ghi sau cùng.",
            lambda: record_decision(
                self.context.store.db, number, signed_on, self.today, symbol=symbol,
                first_book_number=self.first_number.value(), picked=picked,
            ),
        )  # fmt: skip
        if recorded is None:
            return
        rows, flagged = recorded
        first, last = rows[0].book_number, rows[-1].book_number
        numbers = f"số {first:02d}" if first == last else f"số {first:02d} đến {last:02d}"
        said = f"Đã ghi {len(rows)} tập thể, cá nhân vào Sổ vàng ({numbers})."
        self.status.setText("\n".join([said, *flagged]))
        self.refresh()

    def _confirmed(self, question: str, change: Callable[[], T]) -> T | None:
        """`change` made once the user says yes to `question`; None when not asked for or
        refused (the refusal said under the lists)."""
        if QMessageBox.question(self, APP_NAME, question) != QMessageBox.StandardButton.Yes:
            return None
        try:
            with self.context.store.user_errors():
                result = change()
        except UserError as exc:
            self._refuse(str(exc))
            return None
        self.error.hide()
        return result

    def checked(self) -> list[Awardee]:
        """The awardees ticked."""
        items = (self.awardees.item(n) for n in range(self.awardees.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() == Qt.CheckState.Checked]  # fmt: skip

    def remove_last(self) -> None:
        rows = campaign_register(self.context.store.db)
        if not rows:
            return
        last = rows[-1]
        day = format_date_short(last.decision_date)
        count = sum(1 for r in rows if r.decision == last.decision)
        removed = self._confirmed(
            f"Bỏ Quyết định số {last.printed_number} ngày {day} ({count} số sổ vàng) khỏi Sổ "
            "vàng? Khen thưởng này cũng được bỏ khỏi hồ sơ của các cán bộ, tập thể đã ghi.",
            lambda: remove_last_decision(self.context.store.db, *last.decision),
        )  # fmt: skip
        if removed is None:
            return
        self.status.setText(f"Đã bỏ Quyết định số {last.printed_number} ngày {day} khỏi Sổ vàng.")
        self.refresh()

    # --- 2. the book --------------------------------------------------------------------------

    def _book_box(self) -> QWidget:
        box = QWidget()
        self.book = QTableWidget(0, len(BOOK_HEADERS))
        self.book.setHorizontalHeaderLabels(BOOK_HEADERS)
        self.book.verticalHeader().hide()
        self.book.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.book.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(box).addWidget(self.book)
        return box

    def refresh(self) -> None:
        db = self.context.store.db
        chosen = awardees(db)
        rows = campaign_register(db)
        in_book = {r.identity: r for r in rows}  # as services.awards.booked, from rows read
        self.awardees.clear()
        for a in chosen:
            entry = in_book.get(a.identity)
            done = f" — đã ghi Sổ vàng, số {entry.book_number:02d}" if entry else ""
            item = QListWidgetItem(f"{a.name} — {a.position or a.unit}{done}")
            item.setData(Qt.ItemDataRole.UserRole, a)
            if entry:  # given once: not offered again
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable
                              & ~Qt.ItemFlag.ItemIsEnabled)  # fmt: skip
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.awardees.addItem(item)
        waiting = sum(1 for a in chosen if a.identity not in in_book)
        source = "danh sách đã chọn" if self.inspectorate else "đề nghị của Hội đồng"
        self.awardees_label.setText(
            f"Được khen theo {source}: {len(chosen)} tập thể, cá nhân"
            + (f", {waiting} chưa ghi Sổ vàng" if waiting < len(chosen) else "")
            + ". Bỏ đánh dấu người Quyết định không khen."
            if chosen else "Chưa có ai được chọn hoặc được Hội đồng đề nghị."
        )  # fmt: skip
        self.record_button.setEnabled(waiting > 0)
        self.remove_button.setEnabled(bool(rows))
        self.lists.setTabText(0, f"Danh sách được khen ({len(chosen)})")
        self.lists.setTabText(1, f"Sổ vàng của đợt thi đua ({len(rows)})")
        following = next_book_number(db)
        self.first_number.setMinimum(following)
        self.first_number.setValue(following)
        if not self.symbol.text():
            self.symbol.setText(default_symbol(db))
        self.book.setRowCount(len(rows))
        for n, r in enumerate(rows):
            for column, value in enumerate(book_row(r)):
                self.book.setItem(n, column, QTableWidgetItem(value))
        self.book.resizeColumnsToContents()
        printed = {r.decision: r.printed_number for r in rows}
        self.decision.clear()
        for decision in reversed(printed):  # the latest first
            day = format_date_short(decision[1])
            self.decision.addItem(f"Số {printed[decision]} ngày {day}", decision)
        for button in (self.write_button, self.print_button):
            button.setEnabled(bool(printed))

    # --- 3. the certificates ------------------------------------------------------------------

    def _print_box(self) -> QGroupBox:
        box = QGroupBox("2. In Giấy khen (khổ A4 ngang, mỗi người một trang)")
        self.decision = ComboBox()
        self.modes = QButtonGroup(self)
        column = QVBoxLayout()
        for n, (_, label) in enumerate(MODES):
            button = QRadioButton(label)
            self.modes.addButton(button, n)
            column.addWidget(button)
        self.modes.button(0).setChecked(True)
        right, down = settings.certificate_offset()
        self.offset_x, self.offset_y = (self._offset(v) for v in (right, down))
        self.write_button = QPushButton("Lập tệp Giấy khen (DOCX, PDF)")
        self.print_button = QPushButton("In…")
        self.write_button.clicked.connect(lambda: self.certificates(send=False))
        self.print_button.clicked.connect(lambda: self.certificates(send=True))
        form = QFormLayout(box)
        form.addRow("Quyết định", self.decision)
        form.addRow("In lên", column)
        offsets = QHBoxLayout()
        offsets.addWidget(QLabel("ngang"))
        offsets.addWidget(self.offset_x)
        offsets.addWidget(QLabel("dọc"))
        offsets.addWidget(self.offset_y)
        offsets.addStretch()
        form.addRow("Lệch của máy in (khi in lên phôi)", offsets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch()
        form.addRow(buttons)
        return box

    @staticmethod
    def _offset(value: float) -> QDoubleSpinBox:
        spin = DoubleSpinBox()
        spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSuffix(" mm")
        spin.setValue(value)
        return spin

    @property
    def mode(self) -> PrintMode:
        return MODES[self.modes.checkedId()][0]

    def certificates(self, send: bool) -> None:
        """Writes the chosen decision's certificates (PDF only when they go to the printer)
        in the background, then opens them or sends them at 100 %."""
        decision = self.decision.currentData()
        if decision is None:
            return
        number, signed_on = decision
        mode, offset = self.mode, (self.offset_x.value(), self.offset_y.value())
        if mode is not PrintMode.PLAIN:  # the printer's offset matters on a blank only
            settings.remember_certificate_offset(offset)
        folder = self.folder
        formats = ("pdf",) if send or mode is PrintMode.ALIGN else ("docx", "pdf")

        def work(db: Database):
            from app.services.awards import write_certificates

            return write_certificates(db, folder, number, mode, offset, formats, signed_on)

        def done(printed) -> None:
            pdf = next(p for p in printed.files if p.suffix == ".pdf")
            missing = f" Còn thiếu: {', '.join(printed.missing)}." if printed.missing else ""
            self.status.setText(f"Đã lập {', '.join(p.name for p in printed.files)} trong "
                                f"{folder}.{missing}")  # fmt: skip
            if send:
                self._send(pdf)
            else:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))

        self._run(work, done, self.print_button if send else self.write_button, folder)

    def _send(self, pdf: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("In Giấy khen")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            sheets = print_documents(printer, [(pdf.name, pdf.read_bytes())], printer.copyCount())
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.status.setText(f"Đã gửi {sheets} trang tới máy in, đúng tỷ lệ 100 %.")

    def _run(self, work: Any, done: Any, button: QPushButton, folder: Path) -> None:
        self.error.hide()
        button.setEnabled(False)
        self.status.setText("Đang lập…")

        def finished() -> None:  # what was made is said next, or why not in a message
            button.setEnabled(True)
            self.status.clear()

        jobs.run(work, done, owner=self, store=self.context.store, writes=folder,
                 on_finished=finished)  # fmt: skip
