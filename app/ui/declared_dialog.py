"""Khai số liệu tổng hợp (§6.4): a unit without a register types its totals per petition type,
checked as computed figures are, stored all together or not at all."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.declared import LABELS, DeclaredError, DeclaredFigures, problems
from app.core.petitions import PETITION_TYPES, PetitionType
from app.store.database import Store
from app.store.declared import load_declared, save_declared
from app.ui.widgets import SpinBox, dialog_buttons, error_label

FIELDS = list(LABELS)  # carried_over, new, resolved, on_time, unknown_deadline, received, …


class DeclaredDialog(QDialog):
    def __init__(
        self, store: Store, organisation_id: int, campaign_id: int, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Khai số liệu tổng hợp (đơn vị không có sổ theo dõi đơn)")
        self.store, self.organisation_id, self.campaign_id = store, organisation_id, campaign_id
        grid = QGridLayout()
        for column, name in enumerate(FIELDS, start=1):
            header = QLabel(LABELS[name].capitalize())
            header.setWordWrap(True)
            grid.addWidget(header, 0, column)
        stored = {f.type: f for f in load_declared(store.db, organisation_id, campaign_id)}
        self.inputs: dict[PetitionType, dict[str, QSpinBox]] = {}
        for row, kind in enumerate(PetitionType, start=1):
            grid.addWidget(QLabel(PETITION_TYPES.label(kind)), row, 0)
            self.inputs[kind] = {}
            for column, name in enumerate(FIELDS, start=1):
                box = SpinBox()
                box.setRange(0, 10_000_000)
                box.setGroupSeparatorShown(True)
                if kind in stored:
                    box.setValue(getattr(stored[kind], name))
                self.inputs[kind][name] = box
                grid.addWidget(box, row, column)
        self.error = error_label()
        buttons = dialog_buttons(self, "Lưu")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Chỉ dùng khi đơn vị không có sổ theo dõi đơn. Số liệu được ghi rõ là "
                "“đơn vị tự khai” ở mọi nơi hiển thị."
            )
        )
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def figures(self) -> list[DeclaredFigures]:
        return [
            DeclaredFigures(kind, **{name: self.inputs[kind][name].value() for name in FIELDS})
            for kind in PetitionType
        ]

    def accept(self) -> None:
        rows = self.figures()
        reasons = [reason for row in rows for reason in problems(row)]
        if reasons:
            self.error.setText("\n".join(reasons))
            return
        db = self.store.db
        try:
            with self.store.user_errors(), db.atomic():  # all three types, or none
                for row in rows:
                    save_declared(db, self.organisation_id, self.campaign_id, row)
        except DeclaredError as exc:  # checked above; kept for a race with another window
            self.error.setText(str(exc))
            return
        super().accept()
