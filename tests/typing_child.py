"""A user's app, run as a child process by a test: types into the unit's name on the Đơn vị
page, says SAVED once the field saved itself, then waits to be killed (kill -9)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.store.database import open_store
from app.ui.main_window import MainWindow
from tests.gui_helpers import type_text


def main(path: str, text: str) -> None:
    app = QApplication([])
    window = MainWindow(open_store(Path(path)))
    window.show()
    window.show_page("unit")
    page = window.page("unit")
    edit = page.edits["name"]
    edit.selectAll()
    type_text(edit, text)
    page.fields["name"].saved.connect(lambda value: print("SAVED", flush=True))
    app.exec()  # never returns: the test kills this process


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
