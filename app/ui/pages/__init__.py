"""One module per sidebar page. A page is built the first time it is shown and then kept in
step through `show_context` whenever the database, the unit or the campaign changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.context import PageContext


class Page(QWidget):
    """What the main window expects of a page: built with the clock, shown a context."""

    data_changed = Signal()  # the page saved something other pages show
    unit_changed = Signal()  # the unit or the campaign changed: the window reloads everything
    revealed = Signal()  # an undo brings back a change made here: the window shows this page
    open_requested = Signal(str)  # a link to another page (its key): the window shows it
    role_requested = Signal(str)  # the database's role, confirmed: the window changes its pages

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.context: PageContext | None = None

    def show_context(self, context: PageContext) -> None:
        raise NotImplementedError
