"""Opening a database from the GUI: a damaged file offers a restore from its backups; every
other refusal is explained. Never raises a StoreError."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import APP_NAME
from app.errors import UserError
from app.store.backup_folder import backup_dir
from app.store.database import Store, open_store, restore_backup
from app.store.errors import DatabaseCorrupt, StoreError
from app.store.lock import acquire, release
from app.ui import jobs


def ask_restore(parent: QWidget | None, error: DatabaseCorrupt) -> Path | None:
    """Which backup to restore a damaged database from; None to give up."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APP_NAME)
    box.setText(str(error))
    latest = error.backups[0] if error.backups else None
    restore_latest = (
        box.addButton("Khôi phục bản gần nhất", QMessageBox.ButtonRole.AcceptRole)
        if latest
        else None
    )
    choose = box.addButton("Chọn bản sao lưu…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Thoát", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore_latest is not None and clicked is restore_latest:
        return latest
    if clicked is choose:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Chọn bản sao lưu", str(backup_dir(error.path)), "Tệp dữ liệu (*.sqlite)"
        )
        return Path(name) if name else None
    return None


def open_database(
    path: Path,
    parent: QWidget | None = None,
    *,
    verified: bool = False,
    integrity_checked: bool = False,
) -> Store | None:
    """The opened store, or None when the user gave up (the reason was shown). The database
    stays locked for this app until `lock.release` (another window is refused). `verified`,
    `integrity_checked`: see database.open_store."""
    refused = acquire(path)
    if refused:
        QMessageBox.critical(parent, APP_NAME, refused)
        return None
    store = _open_or_restore(path, parent, verified, integrity_checked)
    if store is None:
        release(path)
    return store


def _open_or_restore(
    path: Path, parent: QWidget | None, verified: bool, integrity_checked: bool
) -> Store | None:
    while True:
        try:
            return open_store(path, verified=verified, integrity_checked=integrity_checked)
        except DatabaseCorrupt as exc:
            backup = ask_restore(parent, exc)
            if backup is None:
                return None
            verified = integrity_checked = False  # the restored file is checked like any other
            try:
                restore_backup(path, backup)
            except StoreError as restore_error:  # e.g. the backup is damaged too: ask again
                QMessageBox.warning(parent, APP_NAME, str(restore_error))
        except StoreError as exc:
            QMessageBox.critical(parent, APP_NAME, str(exc))
            return None


def open_database_in_background(
    path: Path, parent: QWidget | None, on_done: Callable[[Store | None], None]
) -> None:
    """Open another database without freezing the window: the integrity check, migrations
    and daily backup run on a worker (with its own connection); the UI thread then opens the
    prepared file, which is quick. Problems are handled as in `open_database`."""

    refused = acquire(path)  # before anything touches the file (migrations, backup)
    if refused:
        QMessageBox.critical(parent, APP_NAME, refused)
        on_done(None)
        return

    def prepare() -> None:
        open_store(path).close()

    def prepared(_: None) -> None:
        on_done(open_database(path, parent, verified=True))

    def failed(error: UserError) -> None:
        on_done(open_database(path, parent))  # shows the reason, offers a restore

    jobs.run(prepare, prepared, owner=parent, on_failure=failed)
