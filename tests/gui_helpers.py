"""Driving the main window as a user does: opening it, typing Vietnamese, pressing keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from app.store.database import open_store
from app.ui.main_window import MainWindow


def open_main_window(qtbot, path: Path, today: Callable[[], date]) -> MainWindow:
    window = MainWindow(open_store(path), today=today)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # keyboard focus, as for a user's window
    qtbot.waitUntil(window.isActiveWindow)  # activation arrives as an event
    return window


def type_text(widget, text: str) -> None:
    """Click into `widget` and type Unicode text key by key (QTest.keyClicks only knows ASCII)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press in `widget` (focused first, as the user's cursor is there), then the turn of
    the event loop that a real user's next key would wait for."""
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def answer_next_dialog(answer: Callable[[QDialog], None]) -> None:
    """Call `answer` with the next modal dialog once it is open, as a user would answer it
    (the code that opens it waits in exec())."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, attempt)
            return
        answer(dialog)

    QTimer.singleShot(0, attempt)


def cell_editor(view) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor), "no open cell editor"
    return editor


def select_person(window: MainWindow, search: str) -> None:
    """Find one person on Cán bộ & tập thể by typing in the search, and open them."""
    page = window.people_page
    window.show_page("people")
    page.tabs.setCurrentIndex(0)
    page.search.clear()
    type_text(page.search, search)
    assert page.proxy.rowCount() == 1, f"search {search!r} should find one person"
    page.table.selectRow(0)


def wait_for_background(qtbot) -> None:
    """Until every background job (figures counted, forms checked) has reported to its page,
    as a user sees the page complete a moment after opening it."""
    from app.ui import jobs

    qtbot.waitUntil(lambda: jobs.running_jobs() == 0, timeout=10_000)
