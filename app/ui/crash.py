"""Logging to a rotating file, and the global exception hook: user errors get a message,
bugs get a crash report the user can copy and send."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__, paths
from app.errors import UserError

log = logging.getLogger("thidua")


def setup_logging() -> None:
    """Log to a rotating file in the user's log folder. Called on the first thing to log, so
    a normal start neither imports logging.handlers nor touches the disk for it."""
    if log.handlers:
        return
    import logging.handlers

    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "thidua.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()  # an unwritable log folder must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — lỗi chương trình")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Chương trình gặp lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng.\n"
                "Hãy sao chép nội dung dưới đây và gửi cho bộ phận hỗ trợ."
            )
        )
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Sao chép", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 400)


def crash_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n{trace}"


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, UserError):
        show_user_error(exc)
        return
    setup_logging()
    report = crash_report(exc_type, exc, tb)
    log.error("unhandled exception\n%s", report)
    CrashDialog(report, QApplication.activeWindow()).exec()


def show_user_error(error: UserError, parent: QWidget | None = None) -> None:
    """An expected failure nothing else took care of, as the user reads it: a message over
    `parent` (the active window by default). The exception hook and background jobs."""
    setup_logging()
    log.warning("user error: %s", error)
    if parent is None:
        parent = QApplication.activeWindow()
    QMessageBox.warning(parent, APP_NAME, str(error))


def install_exception_hook() -> None:
    sys.excepthook = handle_exception
