"""Gửi Thanh tra: the package of the stored build — exported to a file to attach to an e-mail,
or saved to a USB stick and read back to prove it arrived intact — the unit's key fingerprint
to read out by phone, and the Inspectorate's receipt once it comes back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, paths
from app.core.fingerprint import fingerprint
from app.core.text import format_local_time, format_size
from app.errors import UserError
from app.exchange.package import package_file_name
from app.services.package import export_package, save_and_check, sending_warnings
from app.services.receipts import InspectorateKeyChanged, import_receipt
from app.store.connection import Database
from app.store.package_exports import StoredReceipt, latest_receipt
from app.store.unit_key import unit_key
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.drive_picker import choose_drive
from app.ui.pages.dossier.build_box import BuildBox
from app.ui.widgets import ERROR_COLOUR, button_row, explain

OK_COLOUR = "#1b7f3b"


def receipt_text(receipt: StoredReceipt | None) -> str:
    if receipt is None:
        return "Chưa nhận giấy biên nhận nào của Thanh tra."
    lines = [
        f"<b style='color:{OK_COLOUR}'>Thanh tra đã nhận</b> gói {receipt.file_name} lúc "
        f"{format_local_time(receipt.received_at)} ({receipt.inspectorate}, khóa "
        f"{receipt.inspectorate_key}).",
        f"Kết quả kiểm tra: {receipt.verification}.",
    ]
    lines += [
        f"• {name}: <b>{status}</b>" + (f" — {reason}" if reason else "")
        for name, status, reason in receipt.appraisals
    ]
    return "<br>".join(lines)


class SendBox(QWidget):
    sent = Signal()  # a package was written: the deadline is met (the checklist says so)

    def __init__(self, build_box: BuildBox) -> None:
        super().__init__()
        self.build_box = build_box
        self.context: PageContext | None = None
        self.busy = False
        self.key = QLabel()
        self.key.setWordWrap(True)
        explain(
            self.key,
            "Khóa điện tử của tệp dữ liệu này ký mọi gói hồ sơ. Thanh tra ghi nhận "
            "khóa ở gói đầu tiên và từ chối gói ký bằng khóa khác cho tới khi đối chiếu được.",
        )
        self.export_button = QPushButton("Xuất gói hồ sơ (.zip)…")
        self.export_button.setToolTip("Một tệp để gửi kèm thư điện tử tới Thanh tra")
        self.usb_button = QPushButton("Lưu ra USB…")
        self.usb_button.setToolTip("Ghi gói vào USB, đọc lại và kiểm tra từng byte")
        self.status = QLabel()
        self.status.setWordWrap(True)
        package = QGroupBox("Gói hồ sơ gửi Thanh tra")
        inside = QVBoxLayout(package)
        inside.addWidget(self.key)
        inside.addLayout(button_row(self.export_button, self.usb_button))
        inside.addWidget(self.status)
        self.receipt_button = QPushButton("Nhập giấy biên nhận của Thanh tra…")
        self.receipt = QLabel()
        self.receipt.setWordWrap(True)
        receipts = QGroupBox("Giấy biên nhận")
        inside = QVBoxLayout(receipts)
        inside.addWidget(self.receipt)
        inside.addLayout(button_row(self.receipt_button))
        layout = QVBoxLayout(self)
        layout.addWidget(package)
        layout.addWidget(receipts)
        layout.addStretch()
        self.export_button.clicked.connect(self.export)
        self.usb_button.clicked.connect(self.save_to_drive)
        self.receipt_button.clicked.connect(self.choose_receipt)
        build_box.shown.connect(self._update_buttons)

    def show_context(self, context: PageContext) -> None:
        self.context = context
        db = context.store.db
        key = fingerprint(unit_key(db).public_key().public_bytes_raw())
        self.key.setText(
            f"Dấu vân tay khóa của đơn vị: <b>{key}</b> — khi Thanh tra gọi điện hỏi, đọc dãy "
            "này để xác nhận gói đúng do đơn vị gửi."
        )
        self.receipt.setText(receipt_text(latest_receipt(db)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.build_box.build is not None and not self.busy
        self.export_button.setEnabled(ready)
        self.usb_button.setEnabled(ready)
        if self.build_box.build is None:
            self.status.setText("Lập hồ sơ trước: gói mang bản hồ sơ đã lập gần nhất.")

    def _confirm_sending(self) -> bool:
        """Asks first, with the reasons, when the package would carry a dossier that no longer
        matches the data, or one built while the check still found something (nobody proposed,
        a deadline long past …); a clean dossier goes without a question."""
        assert self.context is not None
        warnings = sending_warnings(self.context.store.db, self.build_box.today())
        reasons = [f"• {w}" for w in warnings]
        if self.build_box.stale:
            reasons.insert(0, "• Dữ liệu đã thay đổi sau lần lập hồ sơ gần nhất: gói mang các "
                              "văn bản đã lập, không khớp với dữ liệu hiện tại.")  # fmt: skip
        if not reasons:
            return True
        answer = QMessageBox.question(
            self, APP_NAME,
            "Bản hồ sơ sẽ gửi còn những điều sau:\n" + "\n".join(reasons)
            + "\n\nVẫn xuất gói gửi Thanh tra? (Nên sửa rồi lập lại hồ sơ trước.)",
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def default_name(self) -> str:
        context = self.context
        assert context is not None and context.campaign is not None
        unit = context.organisation.name if context.organisation else None
        return package_file_name(unit, context.campaign.code, datetime.now(UTC))

    def export(self) -> None:
        if self.context is None or not self._confirm_sending():
            return
        suggested = paths.documents_dir() / self.default_name()
        name, _ = QFileDialog.getSaveFileName(
            self, "Xuất gói hồ sơ", str(suggested), "Gói hồ sơ (*.zip)"
        )
        if name:
            target = Path(name).with_suffix(".zip")
            self._run(lambda db: export_package(db, target), "Đã xuất gói", target)

    def save_to_drive(self) -> None:
        if self.context is None or not self._confirm_sending():
            return
        folder = choose_drive(self)
        if folder is not None:
            self._run(lambda db: save_and_check(db, folder), "Đã lưu và đọc lại", folder)

    def _run(self, work: Callable[[Database], Path], done_text: str, where: Path) -> None:
        context = self.context
        assert context is not None
        self.busy = True
        self._update_buttons()
        self.status.setText(f"Đang ghi gói hồ sơ vào {where}…")

        def finished() -> None:
            self.busy = False
            self._update_buttons()

        def done(target: Path) -> None:
            size = format_size(target.stat().st_size)
            checked = " — nguyên vẹn, có thể rút USB" if done_text.startswith("Đã lưu") else ""
            self.status.setText(
                f"<span style='color:{OK_COLOUR}'>{done_text} {target} ({size}){checked}.</span>"
            )
            self.sent.emit()

        def failed(error: UserError) -> None:  # a full or pulled stick: said in Vietnamese
            self.status.setText(
                f"<span style='color:{ERROR_COLOUR}'>Chưa ghi được gói vào {where}: {error}</span>"
            )

        jobs.run(
            work,
            done,
            owner=self,
            store=context.store,
            writes=where,
            on_failure=failed,
            on_finished=finished,
        )

    def choose_receipt(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Nhập giấy biên nhận", str(paths.documents_dir()), "Giấy biên nhận (*.json)"
        )
        if name:
            self.import_receipt(Path(name))

    def import_receipt(self, path: Path, accept_new_key: bool = False) -> None:
        context = self.context
        assert context is not None
        try:
            receipt = import_receipt(context.store.db, path.read_bytes(), path.name,
                                     accept_new_key)  # fmt: skip
        except OSError as exc:
            QMessageBox.warning(self, APP_NAME, f"Không đọc được {path.name}: {exc.strerror}.")
            return
        except InspectorateKeyChanged as exc:
            answer = QMessageBox.question(
                    self, APP_NAME, f"{exc}\n\nĐã gọi điện cho Thanh tra và đối chiếu dấu vân "
                    "tay của khóa mới? Chấp nhận khóa mới và nhập giấy biên nhận?",
                defaultButton=QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                self.import_receipt(path, accept_new_key=True)
            return
        except UserError as exc:  # not a receipt, not for this unit's package
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.receipt.setText(receipt_text(receipt))
