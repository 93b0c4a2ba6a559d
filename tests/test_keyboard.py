"""The app without a mouse: pages by Ctrl+1…7, Ctrl+F to search, Tab through each form in
the order the fields are read, Enter on a checklist step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import open_main_window, press, type_text

TODAY = date(2025, 10, 30)


@pytest.fixture
def window(qtbot, demo_path):
    return open_main_window(qtbot, demo_path, lambda: TODAY)


def test_pages_open_with_ctrl_and_their_number(window, qtbot):
    for number, key in ((3, "people"), (5, "achievements"), (6, "meeting"), (1, "overview")):
        press(qtbot, window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.page(key)
        assert window.sidebar.currentRow() == number - 1


def test_ctrl_f_goes_to_the_search_of_the_page(window, qtbot):
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.people_page
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    type_text(page.search, "hanh")
    assert page.proxy.rowCount() == 1


def tab_chain(qtbot, start, count: int) -> list:
    """The widgets Tab visits from `start`, as a user pressing Tab `count` times."""
    start.setFocus()
    QApplication.processEvents()
    visited = [QApplication.focusWidget()]
    for _ in range(count):
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def test_tab_follows_the_person_form_top_to_bottom(window, qtbot):
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.people_page
    page.table.selectRow(0)
    edits = page.editor.edits
    order = [
        "full_name", "birth_date", "gender", "position", "party_position",
        "mass_org_position", "hometown", "residence", "qualification",
    ]  # fmt: skip
    visited = tab_chain(qtbot, edits["full_name"], len(order))
    assert visited[: len(order)] == [edits[name] for name in order]
    assert visited[-1] is page.editor.ratings.fields[2020].edit  # then the ratings, year by year


def test_tab_follows_the_unit_form_top_to_bottom(window, qtbot):
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.page("unit")
    from app.ui.pages.unit import UNIT_FIELDS

    visited = tab_chain(qtbot, page.edits["parent_agency"], len(UNIT_FIELDS) - 1)
    assert visited == [page.edits[field] for field, _, _ in UNIT_FIELDS]


def test_the_achievement_texts_are_reached_with_tab_not_typed_into(window, qtbot):
    press(qtbot, window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.page("achievements")
    page.view.selectRow(0)
    texts = list(page.editor.texts.values())
    visited = tab_chain(qtbot, texts[0], 1)
    assert visited[1] is texts[1]  # Tab moves on (no tab character in the text)
    assert "\t" not in texts[0].toPlainText()
