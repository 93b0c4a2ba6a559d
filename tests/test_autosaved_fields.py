"""Which autosaved fields a window settles when it closes (AutosavedField.within): those under
it, as findChildren would find them, in the order they were made, none of a deleted page."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.ui.autosave import AutosavedField


def field(parent: QWidget, stack: QUndoStack, label: str) -> AutosavedField:
    edit = QLineEdit(parent)
    parent.layout().addWidget(edit)
    return AutosavedField(edit, label, lambda value: None, stack)


def test_a_window_finds_its_own_fields_in_order_and_no_others(qtbot):
    window, other = QWidget(), QWidget()
    for widget in (window, other):
        QVBoxLayout(widget)
        qtbot.addWidget(widget)
    stack = QUndoStack()
    page = QWidget(window)
    QVBoxLayout(page)
    window.layout().addWidget(page)
    first, second = field(page, stack, "a"), field(window, stack, "b")
    elsewhere = field(other, stack, "c")
    assert AutosavedField.within(window) == [first, second]
    assert AutosavedField.within(window) == window.findChildren(AutosavedField)
    assert AutosavedField.within(other) == [elsewhere]


def test_the_fields_of_a_deleted_page_are_not_settled(qtbot):
    window = QWidget()
    QVBoxLayout(window)
    qtbot.addWidget(window)
    page = QWidget(window)
    QVBoxLayout(page)
    kept = field(window, stack := QUndoStack(), "a")
    field(page, stack, "b")
    page.deleteLater()
    qtbot.waitUntil(lambda: len(window.findChildren(AutosavedField)) == 1)
    assert AutosavedField.within(window) == [kept]
