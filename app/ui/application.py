"""Starting the desktop app: QApplication, logging and the exception hook, the database."""

from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__, paths
from app.store import lock
from app.store.integrity import IntegrityCheck
from app.ui import jobs
from app.ui.crash import install_exception_hook
from app.ui.main_window import MainWindow
from app.ui.opening import open_database
from app.ui.qt_translations import install_qt_translations
from app.ui.widgets import prepare_application

WARM_UP_MS = 250  # after the first paint, before a first click can save anything


def run_gui(
    db_path: Path | None,
    *,
    quit_after_show: bool = False,
    integrity: IntegrityCheck | None = None,
) -> int:
    """`db_path` None: the first start, no database yet — the setup makes one (or the demo).
    `integrity`: the check of `db_path` started before Qt was imported (store/integrity.py)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "thidua.png")))
    app.setDesktopFileName("thidua")  # Linux: the menu entry (packaging/linux) and its icon
    install_qt_translations(app)
    prepare_application()  # the first-run setup is shown before the window
    install_exception_hook()
    if db_path is None:
        collect_again()  # the first-run steps wait on the user
        from app.ui.first_run import first_run

        db_path = first_run(paths.default_database(), paths.demo_database(), date.today())
        if db_path is None:
            return 0  # closed without choosing: nothing was made
    if db_path == paths.demo_database() and not db_path.exists():
        from app.services.demo import create_demo  # first start only: keep it off the usual path

        create_demo(db_path).close()  # let the user explore the fictional ward
    checked = integrity is not None and integrity.path == db_path and integrity.passed()
    store = open_database(db_path, integrity_checked=checked)
    if store is None:
        return 1
    window = MainWindow(store)
    window.show()
    QTimer.singleShot(0, collect_again)  # after the first paint
    if quit_after_show:
        QTimer.singleShot(0, app.quit)  # after the first paint events have been processed
    else:  # a session goes on: what its first save needs, loaded while nothing is asked
        QTimer.singleShot(WARM_UP_MS, lambda: load_in_background("sqlite_utils"))
    code = app.exec()
    jobs.finish()  # a job still counting must not outlive the application it reports to
    window.store.close()
    lock.release(window.store.path)
    return code


def collect_again() -> None:
    """The garbage collector, off while the window starts (app.cli): the start makes some
    30,000 objects that are no garbage — modules, classes, functions, Qt's enums — which ~55
    passes (8 ms) went through again and again. They are frozen out of every later pass too:
    they live as long as the program."""
    gc.freeze()
    gc.enable()


def load_in_background(module: str) -> None:
    """Import `module` on a thread of its own once the window is painted: the first save of a
    form writes through sqlite-utils (60–80 ms to load), which the start did without."""
    threading.Thread(target=importlib.import_module, args=(module,), daemon=True).start()


def run_guide(pdf: Path | None) -> int:
    """`thidua guide`: the user guide in its own window (the Start-menu shortcut), or with
    `pdf` written to that file without showing anything."""
    if pdf is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is needed
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_qt_translations(app)
    from app.ui.guide import open_guide, write_guide_pdf

    if pdf is not None:
        from app.errors import UserError
        from app.store.errors import writing_to

        try:
            with writing_to(pdf):  # a file held open by a PDF reader, a full disk: said
                pages = write_guide_pdf(pdf)
        except UserError as exc:
            print(f"thidua: {exc}", file=sys.stderr)
            return 1
        print(f"Đã lưu hướng dẫn ({pages} trang): {pdf}")
        return 0
    window = open_guide()  # kept referenced while the event loop runs
    code = app.exec()
    window.close()
    return code
