"""Small widgets shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)


class NaturalHeight(QWidget):
    """A column of fields for a scroll area: never squeezed below its natural height (the
    fields would be clipped), it scrolls instead."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def scrolling(widget: QWidget) -> QScrollArea:
    """`widget` in a vertical scroll area; it keeps at least its own minimum width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


class ChoiceBox(QComboBox):
    """A drop-down that reads and is written as text, like a line edit (for autosaved fields)."""

    textChanged = Signal(str)
    editingFinished = Signal()

    def __init__(self, choices: list[str]) -> None:
        super().__init__()
        self.addItems(choices)
        self.currentTextChanged.connect(self.textChanged)
        self.activated.connect(lambda _: self.editingFinished.emit())

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:  # named as QLineEdit's, which it stands in for
        if self.findText(text) < 0:
            self.addItem(text)  # a value stored by another version: shown, not lost
        self.setCurrentText(text)


class LinesEdit(QPlainTextEdit):
    """Several lines of text (one căn cứ per line), read and written as one string."""

    editingFinished = Signal()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # named as QLineEdit's, which it stands in for
        self.setPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class CheckList(QWidget):
    """Ticks for a few fixed choices, read and written as "a; b" (for autosaved fields)."""

    textChanged = Signal(str)
    editingFinished = Signal()
    SEPARATOR = "; "

    def __init__(self, choices: list[str]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = [QCheckBox(choice) for choice in choices]
        for box in self.boxes:
            layout.addWidget(box)
            box.toggled.connect(lambda _: self.textChanged.emit(self.text()))
            box.clicked.connect(lambda _: self.editingFinished.emit())
        layout.addStretch(1)

    def text(self) -> str:
        return self.SEPARATOR.join(b.text() for b in self.boxes if b.isChecked())

    def setText(self, text: str) -> None:  # named as QLineEdit's, which it stands in for
        chosen = set(text.split(self.SEPARATOR)) if text else set()
        for box in self.boxes:
            box.setChecked(box.text() in chosen)


ERROR_COLOUR = "#b3261e"


def error_label(hidden: bool = False) -> QLabel:
    """Where a field or a dialog says, in red, why something was not saved (a field's label is
    `hidden` until there is something to say)."""
    label = QLabel()
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    label.setHidden(hidden)
    return label


def dialog_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK / Hủy in Vietnamese, wired to the dialog's accept and reject."""
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(cancel).setText("Hủy")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
