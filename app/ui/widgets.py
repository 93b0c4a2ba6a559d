"""Small widgets shared by the pages."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFocusEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.jobs import Job


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


class _WheelWhenFocused:
    """The mouse wheel changes a drop-down list or a spin box only once it has the keyboard
    focus (clicked or tabbed into); over one it passes by to the page behind, which scrolls,
    as it would anywhere else — one notch must never change the database's role or a setting
    unseen. Each such field does it itself: an application-wide event filter called Python
    for every event of the app (~1,400 before the first paint), and its first call made PySide
    resolve every Qt class — 40 ms of each start."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():  # type: ignore[attr-defined]
            super().wheelEvent(event)  # type: ignore[misc]
            return
        area = self.parentWidget()  # type: ignore[attr-defined]
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:  # told, not left to propagation (Qt drops a sent one's)
            QApplication.sendEvent(area.verticalScrollBar(), event)


class ComboBox(_WheelWhenFocused, QComboBox):
    """The app's drop-down list (see _WheelWhenFocused)."""


class SpinBox(_WheelWhenFocused, QSpinBox):
    """The app's whole-number field with arrows (see _WheelWhenFocused)."""


class DoubleSpinBox(_WheelWhenFocused, QDoubleSpinBox):
    """The app's decimal-number field with arrows (see _WheelWhenFocused)."""


class ChoiceBox(ComboBox):
    """A drop-down that reads and is written as text, like a line edit (for autosaved fields)."""

    textChanged = Signal(str)
    editingFinished = Signal()

    def __init__(self, choices: list[str], editable: bool = False) -> None:
        super().__init__()
        self.setEditable(editable)  # editable: a choice, or any text typed
        self.addItems(choices)
        self.currentTextChanged.connect(self.textChanged)
        self.activated.connect(lambda _: self.editingFinished.emit())
        if editable:
            self.lineEdit().editingFinished.connect(self.editingFinished)

    def offer(self, choices: list[str]) -> None:
        """New choices, keeping the text shown."""
        text = self.currentText()
        blocked = self.blockSignals(True)
        self.clear()
        self.addItems(choices)
        self.setCurrentText(text)
        self.blockSignals(blocked)

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:  # named as QLineEdit's, which it stands in for
        if self.findText(text) < 0:
            self.addItem(text)  # a value stored by another version: shown, not lost
        self.setCurrentText(text)


class LinesEdit(QPlainTextEdit):
    """Several lines of text (one căn cứ per line), read and written as one string."""

    editingFinished = Signal()
    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

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


def explain(widget: QWidget, text: str) -> None:
    """What a non-obvious field is for: its tooltip, and what Shift+F1 ("Đây là gì?") shows."""
    widget.setToolTip(text)
    widget.setWhatsThis(text)


def error_label(hidden: bool = False) -> QLabel:
    """Where a field or a dialog says, in red, why something was not saved (a field's label is
    `hidden` until there is something to say)."""
    label = QLabel()
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    if hidden:  # never setHidden(False) here: a label without a parent yet would open as a
        label.hide()  # window of its own for a moment, taking the focus from the main window
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


def list_view(
    model: QAbstractItemModel, proxy: QSortFilterProxyModel, sort_column: int
) -> QTableView:
    """A sortable single-selection list of records shown through `proxy`."""
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(0)  # widths from the rows on screen, not all 5,000
    header.setStretchLastSection(True)
    return view


def split(left: QWidget, editor: QWidget) -> QSplitter:
    """A list on the left, its scrolling editor on the right."""
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(scrolling(editor))
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([560, 760])  # the list's columns readable at 1366 px, the editor's too
    return splitter


def column(*items: QWidget | QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return widget


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    return row


def chain_focus(*widgets: QWidget) -> None:
    """Tab visits `widgets` in this order. Needed where fields are built after the rest of
    the form (a campaign's rating years, its criteria): Qt's default order is creation order."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def report_table(model: QAbstractItemModel, stretch: int) -> QTableView:
    """A read-only table whose rows grow to show wrapped text; column `stretch` takes the
    width left."""
    table = QTableView()
    table.setModel(model)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Rows grow to fit wrapped text, at whatever width the stretching column gets.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ProgressRow(QWidget):
    """A background job's progress bar and, when the job can be cancelled, its “Dừng” button;
    hidden while no job runs. The page passes `show_progress` as the job's `progress`, `follow`s
    the job it started and calls `stop` when it ends."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = QProgressBar()
        self.cancel_button = QPushButton("Dừng")
        self.cancel_button.setToolTip("Dừng công việc đang chạy")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancel)
        self._job: Job | None = None
        self.hide()

    def follow(self, job: Job, text: str, total: int = 0) -> None:
        """Show `job` running: `text` is the bar's format (%v, %m: done, in all); busy until
        the first report, or 0 of `total` when it is known."""
        self._job = job
        self.bar.setFormat(text)
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        self.cancel_button.setVisible(job.cancellable)
        self.cancel_button.setEnabled(True)
        self.show()

    def run(
        self,
        text: str,
        work: Callable[..., Any],
        on_success: Callable[[Any], None],
        *,
        total: int = 0,
        **options: Any,
    ) -> Job:
        """Start a job that reports its progress here and stops at “Dừng” (`options`: those of
        `jobs.run`), and show it running until it ends."""
        from app.ui import jobs

        finished = options.pop("on_finished", None)

        def ended() -> None:
            self.stop()
            if finished is not None:
                finished()

        job = jobs.run(work, on_success, progress=self.show_progress, cancellable=True,
                       on_finished=ended, **options)  # fmt: skip
        self.follow(job, text, total)
        return job

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def cancel(self) -> None:
        """What “Dừng” does: the job stops at its next report."""
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)  # pressed once is enough

    def stop(self) -> None:
        self._job = None
        self.hide()


# Greys that still read (WCAG AA, ≥ 4.5:1 on the window's #efefef and on white): a hint, a
# placeholder, a control not in use. Qt's own (#bebebe, text at half opacity) are ~1.7:1.
HINT_COLOUR = "#595959"
DISABLED_TEXT_COLOUR = "#666666"


def prepare_application() -> None:
    """What every window of the app relies on, done once for the application: greys that
    read."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("prepared"):
        return
    app.setProperty("prepared", True)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(HINT_COLOUR))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):  # fmt: skip
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT_COLOUR))
    app.setPalette(palette)


class EmptyHint(QLabel):
    """What to do, said inside a table while it has no row (an empty grid says nothing)."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(text, view.viewport())
        self.view = view
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"color: {HINT_COLOUR}; padding: 24px;")
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.layoutChanged):  # fmt: skip
            signal.connect(self.update_shown)
        view.viewport().installEventFilter(self)
        self.update_shown()

    def update_shown(self, *_: object) -> None:
        self.setVisible(self.view.model().rowCount() == 0)
        self.resize(self.view.viewport().size())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.resize(self.view.viewport().size())
        return False
