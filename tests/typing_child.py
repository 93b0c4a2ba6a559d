"""A user's app, run as a child process by a test: types into one field of a page (the Đơn vị
page, or the first person of Cán bộ & tập thể), says SAVED once the field saved itself, then
waits to be killed (kill -9).

    python -m tests.typing_child DATABASE PAGE FIELD TEXT
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.store.database import open_store
from app.ui.main_window import MainWindow
from tests.gui_helpers import type_text


def main(path: str, page_key: str, field: str, text: str) -> None:
    app = QApplication([])
    window = MainWindow(open_store(Path(path)))
    window.show()
    window.show_page(page_key)
    page = window.page(page_key)
    if page_key == "people":
        page.table.selectRow(0)
        page = page.editor
    edit = page.edits[field]
    edit.selectAll()
    type_text(edit, text)
    page.fields[field].saved.connect(lambda value: print("SAVED", flush=True))
    app.exec()  # never returns: the test kills this process


if __name__ == "__main__":
    main(*sys.argv[1:5])
