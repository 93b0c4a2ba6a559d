"""The Hồ sơ page's build box: build the dossier in the background with progress, keep each
build as a numbered version, say when the stored documents are older than the data (and offer
to build again), and put the documents in a folder to open, print and send."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app import APP_NAME, paths
from app.core.text import ascii_file_name, format_local_time
from app.errors import UserError
from app.services.dossier import build_and_store, current_fingerprint
from app.store.connection import Database
from app.store.dossier_builds import Build, export_build, latest_build
from app.store.errors import writing_to
from app.ui import jobs
from app.ui.context import PageContext
from app.ui.widgets import ERROR_COLOUR, ProgressRow


class BuildBox(QGroupBox):
    built = Signal(object)  # the Build stored
    state_known = Signal()  # whether the stored build is current is known (after a check)
    shown = Signal()  # `build` is another one (loaded, or just built)

    def __init__(self, warnings: Callable[[], list[str]], today: Callable[[], date]) -> None:
        """`warnings`: what the check before building still finds (asked before building; the
        build stores the same check's warnings)."""
        super().__init__("Lập hồ sơ")
        self.warnings, self.today = warnings, today
        self.context: PageContext | None = None
        self.build: Build | None = None
        self.stale: bool | None = None  # None: not known yet
        self.busy = False
        self.status = QLabel("Chưa lập hồ sơ cho đợt thi đua này.")
        self.status.setWordWrap(True)
        self.progress = ProgressRow()
        self.build_button = QPushButton("Lập hồ sơ")
        self.folder_button = QPushButton("Mở thư mục hồ sơ")
        self.folder_button.setEnabled(False)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.build_button)
        self.buttons.addWidget(self.folder_button)
        self.buttons.addWidget(self.progress, 1)
        self.buttons.addStretch()  # the buttons keep their size while no build runs
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(self.buttons)
        self.build_button.clicked.connect(self.start_build)
        self.folder_button.clicked.connect(self.open_folder)

    def add_buttons(self, *buttons: QPushButton) -> None:
        """More actions on the stored build, beside "Mở thư mục hồ sơ"."""
        for offset, button in enumerate(buttons, start=2):
            self.buttons.insertWidget(offset, button)

    # --- what is stored ----------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        self.context = context
        ready = context.organisation is not None and context.campaign_id is not None
        self.build_button.setEnabled(ready and not self.busy)
        self.build = None
        if ready:
            assert context.organisation is not None and context.campaign_id is not None
            self.build = latest_build(context.store.db, context.organisation.id,
                                      context.campaign_id)  # fmt: skip
        self.folder_button.setEnabled(self.build is not None)
        self.stale = None
        self._describe()
        self.shown.emit()
        if self.build is not None:
            self._check_current(context, self.build)

    def _check_current(self, context: PageContext, build: Build) -> None:
        """Is the stored build still what the data would make? (in the background)"""

        def known(fingerprint: str) -> None:
            if self.build is not build:  # built again meanwhile: that one is current
                return
            self.stale = fingerprint != build.fingerprint
            self._describe()
            self.state_known.emit()

        def failed(error: UserError) -> None:
            self.status.setText(f"Không kiểm tra được hồ sơ đã lập: {error}")

        jobs.run(
            current_fingerprint,
            known,
            owner=self,
            key="check",
            store=context.store,
            on_failure=failed,
        )

    def _describe(self, note: str = "") -> None:
        """What is stored, after `note` (what just happened)."""
        build = self.build
        if build is None:
            self.status.setText(note + "Chưa lập hồ sơ cho đợt thi đua này.")
            return
        documents = len({Path(name).stem for name in build.files})
        text = (
            f"Bản số {build.version}, lập lúc {format_local_time(build.built_at)}: {documents} văn "
            f"bản, mỗi văn bản một tệp DOCX và một tệp PDF."
        )
        if build.warnings:
            text += f" Lập khi còn {len(build.warnings)} cảnh báo."
        if self.stale:
            text += (
                f"<br><span style='color:{ERROR_COLOUR}'><b>Dữ liệu đã thay đổi sau khi lập:"
                "</b> các văn bản đã lập không còn khớp với dữ liệu. Bấm “Lập hồ sơ” để lập "
                "lại (bản cũ vẫn được giữ).</span>"
            )
        elif self.stale is False:
            text += " Khớp với dữ liệu hiện tại."
        self.status.setText(note + text)

    # --- building ----------------------------------------------------------------------

    def start_build(self) -> None:
        context = self.context
        if context is None or context.organisation is None or context.campaign_id is None:
            return
        if self.busy:
            return
        warnings = self.warnings()
        if warnings:
            listed = "\n".join(f"• {w}" for w in warnings)
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"Hồ sơ còn các điểm sau:\n{listed}\n\nVẫn lập hồ sơ? Các cảnh báo được ghi "
                "kèm hồ sơ.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.busy = True
        self.build_button.setEnabled(False)
        today = self.today()

        def work(db: Database, report: Callable[[int, int], None]) -> Build | None:
            return build_and_store(db, today, progress=report).build

        def done(build: Build) -> None:
            self.build, self.stale = build, False
            self.folder_button.setEnabled(True)
            self._describe()
            self.shown.emit()
            self.built.emit(build)

        def failed(error: UserError) -> None:
            self.status.setText(f"Chưa lập được hồ sơ: {error}")

        self.progress.run(
            "Đang lập hồ sơ… %v/%m văn bản",
            work,
            done,
            owner=self,
            store=context.store,
            on_failure=failed,
            on_cancel=lambda: self._describe("Đã dừng lập hồ sơ, không lưu bản mới. "),
            on_finished=self._finished,
        )

    def _finished(self) -> None:
        self.busy = False
        self.build_button.setEnabled(True)

    # --- the documents -----------------------------------------------------------------

    def folder(self) -> Path:
        """Where this build's documents go: Documents/Ho so thi dua/<campaign>/ban-<N>."""
        assert self.context is not None and self.context.campaign is not None
        assert self.build is not None
        campaign = ascii_file_name(self.context.campaign.code)
        return paths.documents_dir() / campaign / f"ban-{self.build.version:02d}"

    def export(self) -> Path:
        """The build's documents written to `folder()`; a UserError when they cannot be (a
        damaged stored file, the disk refusing)."""
        assert self.context is not None and self.build is not None
        folder = self.folder()
        with writing_to(folder):
            export_build(self.context.store.db, self.build.id, folder)
        return folder

    def open_folder(self) -> None:
        if self.build is None:
            return
        try:
            folder = self.export()
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"Không ghi được các văn bản ra thư mục: {exc}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
