"""Small dialogs the pages ask with: a name for something new, people chosen from a list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.text import clean
from app.ui.fast_proxy import ID_ROLE, VietnameseSortFilterProxy
from app.ui.models.rows import RowsModel
from app.ui.widgets import dialog_buttons, error_label


class NameDialog(QDialog):
    """Asks for one name; refuses (inline, in Vietnamese) what `check` finds wrong."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        check: Callable[[str], str | None],
        ok_text: str = "Thêm",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check = check
        self.name = QLineEdit()
        self.name.setAccessibleName(label)
        self.name.setMinimumWidth(320)
        self.error = error_label(hidden=True)
        form = QFormLayout(self)
        form.addRow(label, self.name)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, ok_text))

    def value(self) -> str:
        return clean(self.name.text())

    def accept(self) -> None:
        problem = self.check(self.value())
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.name.setFocus()
            return
        super().accept()


class Picker(QDialog):
    """Choose one or more rows of a list (people, collectives): searchable without accents,
    in Vietnamese order; the model gives ID_ROLE and SORT_ROLE."""

    def __init__(self, parent: QWidget | None, title: str, model: RowsModel) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm… (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.model = model
        self.proxy = VietnameseSortFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table.doubleClicked.connect(lambda _: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(dialog_buttons(self, "Chọn"))
        self.resize(640, 480)

    def chosen_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(ID_ROLE) for index in rows]


def pick(parent: QWidget | None, title: str, model: RowsModel) -> list[int]:
    """The ids the user chose in a Picker over `model`; [] when cancelled."""
    picker = Picker(parent, title, model)
    return picker.chosen_ids() if picker.exec() == Picker.DialogCode.Accepted else []
