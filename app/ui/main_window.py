"""The main window: a sidebar of pages, the File and Help menus, backup and restore."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWhatsThis,
    QWidget,
)

from app import APP_NAME, __version__, settings
from app.errors import UserError
from app.store import backups, lock
from app.store.backup_folder import backup_dir
from app.store.campaigns import DEMO_KEY, active_campaign_id, get_setting, load_campaign
from app.store.database import Store, check_backup, restore_backup
from app.store.errors import StoreError, user_errors
from app.store.organisation import unit_organisation
from app.store.role import INSPECTORATE, UNIT, role, set_role
from app.ui import jobs
from app.ui.autosave import AutosavedField, SavedChange
from app.ui.context import PageContext
from app.ui.opening import open_database, open_database_in_background
from app.ui.widgets import prepare_application

if TYPE_CHECKING:
    from app.ui.guide import GuideWindow
    from app.ui.pages.overview import OverviewPage
    from app.ui.pages.people import PeoplePage
    from app.ui.pages.register import RegisterPage


class PageSpec(Struct, frozen=True):
    """A sidebar entry; its module is imported only when the page is first shown, so the
    start-up path carries the first page alone (register import, charts… come later)."""

    key: str
    title: str
    module: str
    cls: str

    def build(self, today: Callable[[], date]) -> QWidget:
        return getattr(importlib.import_module(self.module), self.cls)(today)


UNIT_PAGES = (
    PageSpec("overview", "Tổng quan", "app.ui.pages.overview", "OverviewPage"),
    PageSpec("unit", "Đơn vị & đợt thi đua", "app.ui.pages.unit", "UnitPage"),
    PageSpec("people", "Cán bộ & tập thể", "app.ui.pages.people", "PeoplePage"),
    PageSpec("register", "Đơn thư & tiếp dân", "app.ui.pages.register", "RegisterPage"),
    PageSpec("achievements", "Thành tích", "app.ui.pages.achievements", "AchievementsPage"),
    PageSpec("meeting", "Họp xét", "app.ui.pages.meeting", "MeetingPage"),
    PageSpec("dossier", "Hồ sơ", "app.ui.pages.dossier.page", "DossierPage"),
)
INSPECTORATE_PAGES = (
    PageSpec("inbox", "Hộp hồ sơ các đơn vị", "app.ui.pages.inbox.page", "InboxPage"),
    PageSpec("unit", "Cơ quan & đợt thi đua", "app.ui.pages.unit", "UnitPage"),
)
ROLE_PAGES = {UNIT: UNIT_PAGES, INSPECTORATE: INSPECTORATE_PAGES}

DB_FILTER = "Tệp dữ liệu Hồ sơ Thi đua (*.sqlite)"


# The smallest office laptop: 1366×768, less Windows' taskbar (48 px) and the title bar (30 px)
# — every page works in 1366×690; a bigger screen gets a roomier first window.
MINIMUM_SIZE = QSize(1000, 600)
PREFERRED_SIZE = QSize(1280, 800)
TITLE_BAR_PX = 30


def minimum_size(available: QSize) -> QSize:
    """The pages' minimum, on a screen that has room for it."""
    return MINIMUM_SIZE.boundedTo(QSize(available.width(), available.height() - TITLE_BAR_PX))


def window_size(available: QSize) -> QSize:
    """The first window's size on a screen whose free area (without the taskbar) is
    `available`: the preferred size where it fits, never taller than the screen leaves for the
    window below its title bar."""
    room = QSize(available.width(), available.height() - TITLE_BAR_PX)
    return PREFERRED_SIZE.boundedTo(room).expandedTo(minimum_size(available))


class MainWindow(QMainWindow):
    store_changed = Signal()
    background_finished = Signal(str)  # the message shown when a background job ends

    def __init__(self, store: Store, today: Callable[[], date] = date.today):
        super().__init__()
        self.store = store
        self.today = today
        self._pages: dict[str, QWidget] = {}
        self._stale: set[QWidget] = set()  # pages to show the data again when next opened
        self.specs: tuple[PageSpec, ...] = ()  # the pages of the database's role, in order
        self._index: dict[str, int] = {}
        self._view_actions: list[QAction] = []
        self.guide: GuideWindow | None = None  # the user guide's window, once opened (F1)
        self.context: PageContext | None = None
        self.undo_stack = QUndoStack(self)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet("#sidebar::item { padding: 8px 6px; }")
        self.sidebar.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.sidebar.currentRowChanged.connect(self.open_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        prepare_application()
        available = self.screen().availableGeometry().size()
        self.setMinimumSize(minimum_size(available))
        self.resize(window_size(available))
        self.load_store()
        geometry, last_page = settings.window_state()
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        self.sidebar.setCurrentRow(self._index.get(last_page or "", 0))

    # --- pages: each built when first shown, so start-up pays only for the first ----------

    def _set_pages(self, specs: tuple[PageSpec, ...]) -> None:
        """The sidebar, the stack and the View menu for the pages of the database's role;
        pages already built for another role are dropped (they are rebuilt when shown)."""
        if specs == self.specs:
            return
        blocker = self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for page in self._pages.values():
            page.deleteLater()
        self._pages.clear()
        self._stale.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.specs, self._index = specs, {spec.key: i for i, spec in enumerate(specs)}
        self.sidebar.addItems([spec.title for spec in specs])
        for _ in specs:
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
        self.sidebar.setCurrentRow(-1)  # the next choice of a row opens its page
        for action in self._view_actions:
            self.view_menu.removeAction(action)
        self._view_actions = [
            self._action(
                self.view_menu,
                spec.title.replace("&", "&&"),  # "Đơn vị & đợt thi đua": an ampersand, not a key
                lambda _=False, key=spec.key: self.show_page(key),
                QKeySequence(f"Ctrl+{number}"),
            )
            for number, spec in enumerate(specs, start=1)  # Ctrl+1 …, in sidebar order
        ]
        self.sidebar.blockSignals(blocker)

    def page(self, key: str) -> QWidget:
        if key not in self._pages:
            index = self._index[key]
            page = self.specs[index].build(self.today)
            self._pages[key] = page
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            page.data_changed.connect(lambda: self._refresh_others(page))
            page.unit_changed.connect(self.load_store)
            page.revealed.connect(lambda key=key: self.show_page(key))
            page.open_requested.connect(self.show_page)
            page.role_requested.connect(self.change_role)
            if self.context is not None:
                page.show_context(self.context)
        return self._pages[key]

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the page on screen, its text selected to type over."""
        search = getattr(self.stack.currentWidget(), "search", None)
        if isinstance(search, QLineEdit) and search.isVisible():
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    def show_page(self, key: str) -> None:
        """Go to a page as the sidebar does (tests and links name pages, not rows)."""
        self.sidebar.setCurrentRow(self._index[key])

    def open_page(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self.specs[row].key)
        if page in self._stale and self.context is not None:
            self._stale.discard(page)
            page.show_context(self.context)
        self.stack.setCurrentIndex(row)

    @property
    def overview_page(self) -> OverviewPage:
        return self.page("overview")  # type: ignore[return-value]

    @property
    def people_page(self) -> PeoplePage:
        return self.page("people")  # type: ignore[return-value]

    @property
    def register_page(self) -> RegisterPage:
        return self.page("register")  # type: ignore[return-value]

    def built_pages(self) -> list[QWidget]:
        return list(self._pages.values())

    def _refresh_others(self, changed: QWidget) -> None:
        """Another page saved something: the page on screen shows it now, hidden ones when
        they are next opened (an edit must not wait for every page to recount)."""
        assert self.context is not None
        for page in self.built_pages():
            if page is changed:
                continue
            if page is self.stack.currentWidget():
                page.show_context(self.context)
            else:
                self._stale.add(page)

    # --- menus ---------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self._action(
            file_menu, "&Mở tệp dữ liệu…", self.choose_database, QKeySequence.StandardKey.Open
        )
        self._action(
            file_menu, "&Tạo tệp dữ liệu mới…", self.create_database, QKeySequence.StandardKey.New
        )
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, "&Sao lưu…", self.backup)
        self._action(file_menu, "&Khôi phục từ bản sao lưu…", self.restore)
        file_menu.addSeparator()
        self._action(file_menu, "T&hoát", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Sửa")
        self.undo_action = self.undo_stack.createUndoAction(self, "Hoàn tác")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Làm lại")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self._action(edit_menu, "&Tìm…", self.focus_search, QKeySequence.StandardKey.Find)
        self.view_menu = self.menuBar().addMenu("&Xem")  # filled per role (_set_pages)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        self.guide_action = self._action(
            help_menu, "&Hướng dẫn sử dụng", self.open_guide, QKeySequence.StandardKey.HelpContents
        )
        whats_this = QWhatsThis.createAction(self)
        whats_this.setText("Đây là &gì?")  # then click a field: what it is for
        help_menu.addAction(whats_this)
        help_menu.addSeparator()
        self._action(help_menu, "&Giới thiệu", self.about)

    # --- store ---------------------------------------------------------------------------

    def load_store(self) -> None:
        db = self.store.db
        organisation = unit_organisation(db)
        try:
            campaign_id: int | None = active_campaign_id(db)
            campaign = load_campaign(db, campaign_id)
        except LookupError:
            campaign_id, campaign = None, None
        self.context = PageContext(self.store, organisation, campaign_id, campaign, self.undo_stack)
        specs = ROLE_PAGES[role(db)]
        if specs != self.specs:
            shown = self.specs[self.sidebar.currentRow()].key if self.specs else None
            self.undo_stack.clear()  # its steps belong to the pages just dropped
            self._set_pages(specs)
            if shown is not None:  # the window is open: keep the page (Đơn vị) or the first
                self.sidebar.setCurrentRow(self._index.get(shown, 0))
        self._stale.clear()
        for page in self.built_pages():
            page.show_context(self.context)
        demo = " [dữ liệu mẫu]" if get_setting(db, DEMO_KEY) == "1" else ""
        unit = f"{organisation.name} — " if organisation else ""
        self.setWindowTitle(f"{APP_NAME} — {unit}{self.store.path.name}{demo}")
        settings.remember_database(self.store.path)
        self.store_changed.emit()

    def change_role(self, chosen: str) -> None:
        """The role chosen on Đơn vị: the pages of that role replace these (which drops their
        undo steps), and the change is the one step Ctrl+Z takes back."""
        old = role(self.store.db)
        if chosen != old and self._set_role(chosen):
            self.undo_stack.push(
                SavedChange("đổi vai trò của tệp dữ liệu", self._undo_role, old, chosen)
            )

    def _set_role(self, value: str) -> bool:
        try:
            with self.store.user_errors():
                set_role(self.store.db, value)
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, f"Chưa đổi được vai trò — {exc}")
            return False
        self.load_store()
        return True

    def _undo_role(self, value: str) -> None:
        # called by the undo stack: the reload clears that stack, so it waits until it returns
        QTimer.singleShot(0, lambda: self._set_role(value))

    def _use_store(self, store: Store) -> None:
        self.store = store
        self.undo_stack.clear()  # its steps belong to the file that was closed
        self.load_store()

    def switch_to(self, path: Path) -> None:
        """Open another database; its checks run in the background, the window waits."""
        if not self._settle_unsaved():
            return
        self.setEnabled(False)
        self.statusBar().showMessage(f"Đang mở {path.name}…")

        def opened(store: Store | None) -> None:
            self.setEnabled(True)
            if store is None:  # the reason was shown; stay on the current database
                self.statusBar().clearMessage()
                return
            old = self.store.path
            self.store.close()
            if old.resolve() != store.path.resolve():
                lock.release(old)
            self._use_store(store)
            self._report(f"Đã mở {path}.")

        open_database_in_background(path, self, opened)

    def choose_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Mở tệp dữ liệu", str(self.store.path.parent), DB_FILTER
        )
        if name:
            self.switch_to(Path(name))

    def create_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Tạo tệp dữ liệu mới", str(self.store.path.parent), DB_FILTER
        )
        if not name:
            return
        path = Path(name).with_suffix(".sqlite")
        if path.exists():
            QMessageBox.warning(self, APP_NAME, f"Tệp {path} đã có; hãy chọn tên khác.")
            return
        self.switch_to(path)

    # --- backup and restore (off the UI thread) --------------------------------------------

    def backup(self) -> None:
        stamp = f"{self.today():%Y-%m-%d}"  # each day's copy its own name, sorted by date
        default = backup_dir(self.store.path) / f"{self.store.path.stem}-sao-luu-{stamp}.sqlite"
        name, _ = QFileDialog.getSaveFileName(self, "Sao lưu vào", str(default), DB_FILTER)
        if name:
            self.start_backup(Path(name))

    def start_backup(self, target: Path) -> None:
        source = self.store.path
        self.backup_action.setEnabled(False)
        self.statusBar().showMessage("Đang sao lưu…")

        def work() -> Path:
            with user_errors(target):  # a full or read-only disk there, said naming it
                return backups.manual_backup(source, target)

        jobs.run(
            work,
            lambda result: self._report(f"Đã sao lưu vào {result}."),
            owner=self,
            on_failure=self._report_failure,
            on_finished=lambda: self.backup_action.setEnabled(True),
        )

    def restore(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản sao lưu", str(backup_dir(self.store.path)), DB_FILTER
        )
        if not name:
            return
        answer = QMessageBox.question(
            self,
            "Khôi phục",
            f"Thay dữ liệu hiện tại bằng bản sao lưu {Path(name).name}?\n"
            "Tệp dữ liệu hiện tại sẽ được giữ lại trong thư mục sao lưu.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.start_restore(Path(name))

    def start_restore(self, backup: Path) -> None:
        if not self._settle_unsaved():
            return
        try:
            check_backup(backup)  # refuse a bad backup before closing anything
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        path = self.store.path
        self.store.close()
        self.setEnabled(False)
        self.statusBar().showMessage("Đang khôi phục…")

        def work() -> Path | None:
            with user_errors(path):
                return restore_backup(path, backup)

        def reopen() -> None:  # whatever happened, restored or not
            self.setEnabled(True)
            store = open_database(path, self)
            if store is not None:
                self._use_store(store)

        def done(kept: Path | None) -> None:
            if not self.store.closed:  # reopened
                self._report(f"Đã khôi phục từ {backup.name}.")

        jobs.run(work, done, owner=self, on_failure=self._report_failure, on_finished=reopen)

    def _report(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.background_finished.emit(message)

    def _report_failure(self, error: UserError) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, APP_NAME, str(error))
        self.background_finished.emit(str(error))

    # --- closing -------------------------------------------------------------------------

    def _settle_unsaved(self) -> bool:
        """Save what is typed and not yet saved; when a field refuses its text, ask before the
        text is dropped. True when it is fine to close the file."""
        refused = [field for field in AutosavedField.within(self) if not field.commit()]
        if not refused:
            return True
        lines = "\n".join(f"• {f.label}: {f.error.text()}" for f in refused)
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Các ô sau chưa lưu được:\n{lines}\n\nVẫn đóng và bỏ nội dung chưa lưu?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settle_unsaved():
            settings.remember(
                window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
                last_page=self.specs[self.stack.currentIndex()].key,
            )
            self.store.close()
            lock.release(self.store.path)
            if self.guide is not None:  # a window of its own: it would keep the app running
                self.guide.close()
            event.accept()
        else:
            event.ignore()

    def open_guide(self) -> None:
        """F1: the guide on the chapter of the page in use (built when first asked for)."""
        from app.ui.guide import open_guide

        row = self.sidebar.currentRow()
        self.guide = open_guide(self.specs[row].key if row >= 0 else None, self.guide)

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"Giới thiệu {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>"
            "Lập hồ sơ đề nghị khen thưởng phong trào thi đua trong công tác tiếp công dân, "
            "giải quyết đơn thư và phòng, chống tham nhũng; gửi và thẩm định hồ sơ.<br><br>"
            f"Tệp dữ liệu: {self.store.path}",
        )
