"""The user guide (resources/docs/huong-dan/*.md, Vietnamese, with screenshots of the real app):
a window of its own opened on the chapter of the page in use (F1), and the whole guide as a PDF
to print. Qt reads the Markdown; the screenshots are scaled to the width they are shown at, and
a click on one opens it at its real size, where its text can be read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMarginsF, QObject, QPointF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QFont,
    QFontDatabase,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QPixmap,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, paths
from app.atomic import atomic_write
from app.paths import resources_dir

# The chapter F1 opens on each page of the main window.
PAGE_CHAPTERS = {
    "overview": "02-quy-trinh", "unit": "03-don-vi", "people": "04-can-bo",
    "register": "05-don-thu", "achievements": "06-thanh-tich", "meeting": "07-hop-xet",
    "dossier": "08-ho-so", "inbox": "09-thanh-tra",
}  # fmt: skip
PDF_NAME = "Huong_dan_su_dung_Ho_so_Thi_dua.pdf"


def guide_dir() -> Path:
    return resources_dir() / "docs" / "huong-dan"


def chapters() -> list[tuple[str, str]]:
    """(file stem, title) of every chapter, in order."""
    out = []
    for path in sorted(guide_dir().glob("*.md")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        out.append((path.stem, first.lstrip("# ").strip()))
    return out


def fit_images(document: QTextDocument, width: float) -> None:
    """Every image no wider than `width` (document units), its proportions kept."""
    base = guide_dir()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                image = fragment.charFormat().toImageFormat()
                size = QImageReader(str(base / image.name())).size()
                if size.isValid() and size.width() > 0:
                    scaled = QTextImageFormat(image)
                    shown = min(width, size.width())
                    scaled.setWidth(shown)
                    scaled.setHeight(shown * size.height() / size.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    cursor.setCharFormat(scaled)
            iterator += 1
        block = block.next()


def guide_font() -> QFont:
    """The shipped Liberation Serif (every Vietnamese letter, on any machine)."""
    family = None
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        font_id = QFontDatabase.addApplicationFont(
            str(resources_dir() / "fonts" / f"LiberationSerif-{style}.ttf")
        )
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    return QFont(family or "Serif", 11)


def whole_guide() -> QTextDocument:
    """Every chapter in one document, each starting on a new page."""
    document = QTextDocument()
    document.setBaseUrl(QUrl.fromLocalFile(str(guide_dir()) + "/"))
    document.setDefaultFont(guide_font())
    cursor = QTextCursor(document)
    for index, (stem, _) in enumerate(chapters()):
        if index:
            page_break = QTextBlockFormat()
            page_break.setPageBreakPolicy(QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.insertBlock(page_break)
        cursor.insertMarkdown((guide_dir() / f"{stem}.md").read_text(encoding="utf-8"))
    return document


def write_guide_pdf(target: Path) -> int:
    """The guide as an A4 PDF (20 mm margins), written atomically; returns its pages."""
    with atomic_write(target) as partial:
        pages = _write_pdf(partial)
    return pages


def _write_pdf(target: Path) -> int:
    writer = QPdfWriter(str(target))
    writer.setTitle(f"Hướng dẫn sử dụng {APP_NAME}")
    writer.setCreator(APP_NAME)
    writer.setResolution(96)  # document units are then screen pixels, as in the window
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 15, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = whole_guide()
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(area.width(), area.height()))
    fit_images(document, area.width() - 8)
    document.print_(writer)  # its painter ends here: the file is complete
    pages = document.pageCount()
    del writer
    return pages


class PictureWindow(QDialog):
    """A screenshot of the guide at its real size (the window scrolls when the screen is
    smaller): scaled into the text, its words are too small to read."""

    def __init__(self, path: Path, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a full-size image each
        self.setWindowTitle(title)
        self.picture = QLabel()
        self.picture.setPixmap(QPixmap(str(path)))
        self.picture.setAccessibleName(title)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        screen = (parent.screen() or self.screen()).availableGeometry()
        wanted = self.picture.pixmap().size()  # plus the frame and the Close button
        self.resize(min(wanted.width() + 40, screen.width()),
                    min(wanted.height() + 90, screen.height()))  # fmt: skip


class _PictureClicks(QObject):
    """Clicks on the guide's text: on a picture, its real size opens; the cursor says so."""

    def __init__(self, guide: GuideWindow) -> None:
        super().__init__(guide)
        self.guide = guide
        self.pressed = ""  # the picture the button went down on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress,
                        QEvent.Type.MouseButtonRelease):  # fmt: skip
            return False
        name = self.guide.picture_at(event.position())  # type: ignore[attr-defined]
        if kind == QEvent.Type.MouseMove:
            shape = Qt.CursorShape.PointingHandCursor if name else Qt.CursorShape.IBeamCursor
            self.guide.text.viewport().setCursor(QCursor(shape))
        elif kind == QEvent.Type.MouseButtonPress:
            self.pressed = name  # a click starts and ends on one picture; a selection dragged
        elif (
            name
            and name == self.pressed
            and (  # over one does not open it
                event.button() == Qt.MouseButton.LeftButton  # type: ignore[attr-defined]
            )
        ):
            self.guide.open_picture(name)
            return True
        return False


class GuideWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"Hướng dẫn sử dụng {APP_NAME}")
        self.contents = QListWidget()
        self.contents.setAccessibleName("Mục lục")
        for stem, title in chapters():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, stem)
            self.contents.addItem(item)
        self.contents.setFixedWidth(280)
        self.contents.setWordWrap(True)  # long chapter titles on two lines, never cut
        self.contents.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setSearchPaths([str(guide_dir())])
        self.text.document().setDefaultFont(guide_font())
        self.text.viewport().setMouseTracking(True)
        self.text.viewport().installEventFilter(_PictureClicks(self))
        self.picture_window: PictureWindow | None = None
        self.pdf_button = QPushButton("Lưu thành PDF để in…")
        self.status = QLabel("Bấm vào một hình để xem hình ở cỡ thật.")
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.pdf_button)
        right = QVBoxLayout()
        right.addWidget(self.text, 1)
        right.addLayout(bar)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addLayout(right, 1)
        self.contents.currentRowChanged.connect(self._show_row)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.resize(1100, 720)

    def show_chapter(self, stem: str) -> None:
        row = next((i for i, (s, _) in enumerate(chapters()) if s == stem), 0)
        self.contents.setCurrentRow(row)
        self._show_row(row)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        stem = self.contents.item(row).data(Qt.ItemDataRole.UserRole)
        source = QUrl.fromLocalFile(str(guide_dir() / f"{stem}.md"))
        self.text.setSource(source, QTextDocument.ResourceType.MarkdownResource)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a window made larger shows larger pictures

    def _fit(self) -> None:
        fit_images(self.text.document(), max(320, self.text.viewport().width() - 24))

    def picture_at(self, point: QPointF) -> str:
        """The file name of the picture under a point of the text's viewport, or ''."""
        scroll = self.text.horizontalScrollBar().value(), self.text.verticalScrollBar().value()
        at = QPointF(point.x() + scroll[0], point.y() + scroll[1])
        return self.text.document().documentLayout().imageAt(at)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.picture_window is not None:
            self.picture_window.close()  # its pictures go with the guide
        super().closeEvent(event)

    def open_picture(self, name: str) -> PictureWindow:
        if self.picture_window is not None:  # replaced: its end no longer concerns the guide
            self.picture_window.destroyed.disconnect(self._picture_closed)
            self.picture_window.close()
        title = f"{self.windowTitle()} — hình ở cỡ thật"
        self.picture_window = PictureWindow(guide_dir() / name, title, self)
        self.picture_window.destroyed.connect(self._picture_closed)
        self.picture_window.show()
        return self.picture_window

    def _picture_closed(self) -> None:
        self.picture_window = None

    def save_pdf(self) -> None:
        suggested = paths.documents_dir() / PDF_NAME
        name, _ = QFileDialog.getSaveFileName(self, "Lưu hướng dẫn", str(suggested), "PDF (*.pdf)")
        if not name:
            return
        target = Path(name).with_suffix(".pdf")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            pages = write_guide_pdf(target)
        except OSError as exc:
            self.status.setText(f"Không lưu được {target}: {exc.strerror or exc}")
            return
        self.status.setText(f"Đã lưu {target} ({pages} trang).")


def open_guide(page: str | None = None, window: GuideWindow | None = None) -> GuideWindow:
    """Show the guide (`window`, or a new one) on the chapter of `page`, a main-window page."""
    window = window or GuideWindow()
    window.show_chapter(PAGE_CHAPTERS.get(page or "", chapters()[0][0]))
    window.show()
    window.raise_()
    window.activateWindow()
    return window
