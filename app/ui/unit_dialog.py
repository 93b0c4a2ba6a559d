"""The unit's identity (parent agency, name, abbreviation), asked once for a new database.
The full settings page for the organisation comes with the unit settings work."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from app.core.entities import Organisation
from app.core.text import clean
from app.ui.widgets import dialog_buttons, error_label


class UnitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Thông tin đơn vị")
        self.parent_agency = QLineEdit()
        self.parent_agency.setPlaceholderText("ví dụ: UBND thành phố …")
        self.name = QLineEdit()
        self.name.setPlaceholderText("ví dụ: UBND phường …")
        self.abbreviation = QLineEdit()
        self.abbreviation.setPlaceholderText("dùng trong số văn bản, ví dụ: UBND")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Cơ quan cấp trên", self.parent_agency)
        form.addRow("Tên đơn vị", self.name)
        form.addRow("Tên viết tắt", self.abbreviation)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, "Lưu"))

    def organisation(self) -> Organisation:
        return Organisation(
            id=0,
            parent_agency=clean(self.parent_agency.text()),
            name=clean(self.name.text()),
            abbreviation=clean(self.abbreviation.text()),
        )

    def accept(self) -> None:
        org = self.organisation()
        missing = [
            label
            for label, value in (("Tên đơn vị", org.name), ("Tên viết tắt", org.abbreviation))
            if not value
        ]
        if missing:
            self.error.setText(", ".join(missing) + " không được để trống.")
            return
        super().accept()
