"""Where "Lưu ra USB" writes: the drives the system has mounted (a stick shows up as E:, F: …
on Windows, under /media on Linux), or any folder chosen by hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.text import format_size
from app.ui.widgets import dialog_buttons

_SYSTEM = ("/boot", "/snap", "/proc", "/sys", "/run", "/dev", "/var", "/tmp")


def writable_drives() -> list[tuple[str, Path]]:
    """(label, root) of each mounted, writable drive other than the system's own."""
    system = QStorageInfo.root().rootPath()
    out = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if (
            not volume.isValid()
            or not volume.isReady()
            or volume.isReadOnly()
            or root == system
            or root.startswith(_SYSTEM)
        ):
            continue
        name = volume.displayName() or root
        free = format_size(volume.bytesAvailable())
        out.append((f"{name} ({root}) — còn trống {free}", Path(root)))
    return out


class DrivePicker(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lưu gói hồ sơ ra USB")
        self.chosen: Path | None = None
        self.drives = QListWidget()
        self.drives.setAccessibleName("Ổ đĩa")
        for label, root in writable_drives():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, str(root))
            self.drives.addItem(item)
        if self.drives.count():
            self.drives.setCurrentRow(0)
        other = QPushButton("Chọn thư mục khác…")
        other.clicked.connect(self._choose_folder)
        hint = QLabel(
            "Cắm USB rồi chọn ổ đĩa của USB. Gói được ghi, đọc lại và kiểm tra; chỉ rút USB "
            "sau khi ứng dụng báo đã kiểm tra xong."
            if self.drives.count()
            else "Không thấy USB nào. Cắm USB rồi mở lại hộp thoại này, hoặc chọn một thư mục."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.drives)
        layout.addWidget(other)
        layout.addWidget(dialog_buttons(self, "Lưu"))
        self.drives.itemDoubleClicked.connect(lambda _: self.accept())

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục lưu gói hồ sơ")
        if folder:
            self.chosen = Path(folder)
            super().accept()

    def accept(self) -> None:
        item = self.drives.currentItem()
        if item is None:
            return
        self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


def choose_drive(parent: QWidget | None) -> Path | None:
    dialog = DrivePicker(parent)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
