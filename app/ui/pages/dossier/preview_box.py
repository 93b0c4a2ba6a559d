"""Xem trước: the pages of PDF documents as they will print — a built dossier's, or those of a
package in the Inspectorate's inbox — rendered by PDFium; a document at a time, page by page
(PgUp/PgDn), zoomed, fitted to the width of the window or shown whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.ui.pdf_pages import POINTS_PER_INCH, PdfPages
from app.ui.widgets import ComboBox, error_label

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)  # of the printed size


class PreviewBox(QWidget):
    def __init__(self, empty_text: str = "Chưa có văn bản để xem. Hãy lập hồ sơ trước.") -> None:
        super().__init__()
        self.empty_text = empty_text
        self.load: Callable[[str], bytes] | None = None  # a document's bytes, by name
        self.pdf: tuple[str, bytes] | None = None  # the document shown: name, bytes
        self.count = 0  # its pages
        self.sizes: list[tuple[float, float]] = []  # each page's size in points
        self.page = 0
        self.zoom: float | None = None  # None: fitted (to the width, or the whole page)
        self.whole_page = False  # fitted: the whole page in view, not only its width

        self.documents = ComboBox()
        self.documents.setAccessibleName("Văn bản")
        self.previous = QPushButton("◀ Trang trước")
        self.next = QPushButton("Trang sau ▶")
        self.where = QLabel()
        self.smaller = QPushButton("−")
        self.larger = QPushButton("+")
        self.fit = QPushButton("Vừa chiều rộng")
        self.fit_page = QPushButton("Cả trang")
        self.fit_page.setToolTip("Thấy cả trang trong khung, để xem bố cục")
        self.scale_label = QLabel()
        for button, tip in ((self.smaller, "Thu nhỏ"), (self.larger, "Phóng to")):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.error = error_label(hidden=True)
        bar = QHBoxLayout()
        for widget in (self.documents, self.previous, self.where, self.next):
            bar.addWidget(widget)
        bar.addStretch()
        for widget in (self.smaller, self.scale_label, self.larger, self.fit, self.fit_page):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.area, 1)

        self.documents.currentIndexChanged.connect(self._open_document)
        self.previous.clicked.connect(lambda: self.go(self.page - 1))
        self.next.clicked.connect(lambda: self.go(self.page + 1))
        self.smaller.clicked.connect(lambda: self._zoom_step(-1))
        self.larger.clicked.connect(lambda: self._zoom_step(+1))
        self.fit.clicked.connect(lambda: self._set_zoom(None))
        self.fit_page.clicked.connect(lambda: self._set_zoom(None, whole_page=True))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, step in ((QKeySequence.StandardKey.MoveToNextPage, 1),
                          (QKeySequence.StandardKey.MoveToPreviousPage, -1)):  # fmt: skip
            QShortcut(key, self, lambda step=step: self.go(self.page + step), context=context)
        self._update_controls()

    # --- what is shown -----------------------------------------------------------------

    def show_documents(self, names: Sequence[str], load: Callable[[str], bytes] | None) -> None:
        """The PDFs among `names`, each read with `load` when chosen."""
        self.load = load
        names = [n for n in names if n.endswith(".pdf")]
        blocker = self.documents.blockSignals(True)
        self.documents.clear()
        self.documents.addItems(names)
        self.documents.blockSignals(blocker)
        self._open_document()

    def _open_document(self) -> None:
        """Read the chosen document; it is opened again for each page drawn, so no PDF stays
        open in PDFium between two looks."""
        self.pdf, self.count, self.sizes, self.page = None, 0, [], 0
        self.error.hide()
        name = self.documents.currentText()
        if self.load is not None and name:
            try:
                data = self.load(name)
                with PdfPages(data, name) as pages:
                    self.sizes = [pages.size_points(i) for i in range(len(pages))]
                self.pdf, self.count = (name, data), len(self.sizes)
            except UserError as exc:  # a damaged stored document
                self.error.setText(str(exc))
                self.error.show()
        self._render()

    def go(self, page: int) -> None:
        if 0 <= page < self.count:
            self.page = page
            self._render()

    def _zoom_step(self, step: int) -> None:
        current = self.zoom if self.zoom is not None else self._fitted_zoom()
        larger = [z for z in ZOOMS if z > current + 1e-6]
        smaller = [z for z in ZOOMS if z < current - 1e-6]
        if step > 0 and larger:
            self._set_zoom(larger[0])
        elif step < 0 and smaller:
            self._set_zoom(smaller[-1])

    def _set_zoom(self, zoom: float | None, whole_page: bool = False) -> None:
        self.zoom, self.whole_page = zoom, whole_page
        self._render()

    def _fitted_zoom(self) -> float:
        """The zoom at which the page fills the width of the view (or, for the whole page,
        its width or its height, whichever comes first)."""
        if not self.sizes:
            return 1.0
        width_points, height_points = self.sizes[self.page]
        scale = self.logicalDpiX() / POINTS_PER_INCH
        viewport = self.area.viewport()
        zoom = (viewport.width() - 24) / (width_points * scale)
        if self.whole_page:
            zoom = min(zoom, (viewport.height() - 8) / (height_points * scale))
        return max(0.2, zoom)

    def _render(self) -> None:
        if self.pdf is None:
            self.image.clear()
            self.image.setText(self.empty_text)
        else:
            zoom = self.zoom if self.zoom is not None else self._fitted_zoom()
            dpi = self.logicalDpiX() * zoom * self.devicePixelRatioF()
            with PdfPages(self.pdf[1], self.pdf[0]) as pages:
                picture = QPixmap.fromImage(pages.render(self.page, dpi))
            picture.setDevicePixelRatio(self.devicePixelRatioF())  # sharp on high-DPI screens
            self.image.setPixmap(picture)
        self._update_controls()

    def _update_controls(self) -> None:
        count = self.count
        self.where.setText(f"Trang {self.page + 1}/{count}" if count else "")
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page + 1 < count)
        for button in (self.smaller, self.larger, self.fit, self.fit_page):
            button.setEnabled(count > 0)
        zoom = self.zoom if self.zoom is not None else (self._fitted_zoom() if count else 1.0)
        self.scale_label.setText(f"{zoom:.0%}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refit()  # a hidden tab had no real width to fit to

    def _refit(self) -> None:
        if self.zoom is None and self.pdf is not None:
            self._render()  # fitted to the width: follows the window
