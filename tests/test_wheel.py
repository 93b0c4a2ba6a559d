"""The mouse wheel over a drop-down list or a spin box the user has not clicked into scrolls
the page behind it and leaves the value; once the field has the focus, the wheel changes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from app.ui.widgets import ComboBox, DoubleSpinBox, SpinBox


def notch(widget: QWidget, delta: int) -> None:
    centre = QPointF(widget.rect().center())
    wheel = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(widget, wheel)


def combo() -> ComboBox:
    box = ComboBox()
    box.addItems(["Một", "Hai", "Ba"])
    box.setCurrentIndex(1)
    return box


def spin() -> SpinBox:
    box = SpinBox()
    box.setRange(0, 10)
    box.setValue(5)
    return box


def double_spin() -> DoubleSpinBox:
    box = DoubleSpinBox()
    box.setRange(0, 10)
    box.setValue(5)
    return box


def value(field: QWidget):
    return field.currentIndex() if isinstance(field, ComboBox) else field.value()


@pytest.mark.parametrize("make", [combo, spin, double_spin])
def test_the_wheel_scrolls_past_a_field_not_clicked_into_and_changes_it_once_focused(qtbot, make):
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    layout = QVBoxLayout(page)
    other = QLineEdit()
    field = make()
    layout.addWidget(other)
    layout.addSpacing(600)
    layout.addWidget(field)
    layout.addSpacing(600)
    area.setWidget(page)
    area.resize(300, 300)
    area.show()
    area.ensureWidgetVisible(field)
    qtbot.waitExposed(area)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    before, scrolled = value(field), area.verticalScrollBar().value()

    notch(field, -120)  # one notch down, over the field

    assert value(field) == before
    assert area.verticalScrollBar().value() > scrolled  # the page moved instead
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    notch(field, -120)
    assert value(field) != before


def test_every_drop_down_and_spin_box_of_the_app_is_one_that_guards_the_wheel():
    """A plain Qt one — made, or subclassed — would take the wheel over it unseen (there is no
    application-wide filter): only widgets.py's guarded classes derive from Qt's."""
    root = Path(__file__).resolve().parent.parent / "app" / "ui"
    kinds = r"Q(?:ComboBox|SpinBox|DoubleSpinBox|AbstractSpinBox|DateEdit|TimeEdit|DateTimeEdit)"
    made = re.compile(rf"\b{kinds}\(")
    derived = re.compile(rf"^class \w+\((?!_WheelWhenFocused)[^)]*\b{kinds}\b")
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if made.search(line) or derived.search(line)
    ]
    assert found == []


def test_the_app_s_own_drop_downs_guard_the_wheel(qtbot):
    from app.ui.pages.campaign_settings import RegimeBox
    from app.ui.widgets import ChoiceBox

    for make in (ChoiceBox, RegimeBox):
        assert issubclass(make, ComboBox)
