"""Printing the dossier exactly as built: every page of the stored PDFs drawn at the printer's
own resolution on A4 at 100 % (never shrunk to fit, which would move the Decree 30 margins),
the whole set repeated for each copy (collated) when the printer does not make copies itself.
A landscape page (the danh sách) is turned onto the portrait sheet, as office printers do."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPrintSupport import QPrinter

from app.errors import UserError
from app.ui.pdf_pages import POINTS_PER_INCH, PdfPages

RENDER_DPI = 300  # sharp on paper; the sheet's size comes from the printer's resolution


def prepare(printer: QPrinter, copies: int) -> int:
    """A4 portrait, no margins of the printer's own (the PDF carries the Decree's), `copies`
    collated. Returns how many times the documents must be sent (1 when the printer copies)."""
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    printer.setFullPage(True)
    printer.setCollateCopies(True)
    if printer.supportsMultipleCopies():
        printer.setCopyCount(copies)
        return 1
    printer.setCopyCount(1)
    return copies


def print_documents(printer: QPrinter, documents: Sequence[tuple[str, bytes]], copies: int) -> int:
    """Send `documents` (name, PDF bytes) in order, `copies` times; the number of sheets sent.
    A UserError for a document that cannot be read (nothing is sent then) or a printer that
    cannot be opened."""
    opened = [PdfPages(data, name) for name, data in documents]  # refuse before printing
    for pages in opened:
        pages.close()
    sends = prepare(printer, copies)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in đã chọn.")
    sheets = 0
    try:
        scale = printer.resolution() / POINTS_PER_INCH  # device pixels per PDF point
        for _ in range(sends):
            for name, data in documents:
                with PdfPages(data, name) as pages:
                    for index in range(len(pages)):
                        if sheets:
                            printer.newPage()
                        _draw_page(painter, pages, index, scale)
                        sheets += 1
    finally:
        painter.end()
    return sheets


def _draw_page(painter: QPainter, pages: PdfPages, index: int, scale: float) -> None:
    """The page at its printed size (100 %) from the sheet's corner; rendered at no more than
    RENDER_DPI (a 1200-dpi A4 bitmap would take half a gigabyte) and drawn to that size."""
    width, height = pages.size_points(index)
    image = pages.render(index, RENDER_DPI)
    if width > height:  # landscape: turned onto the portrait sheet
        image = image.transformed(QTransform().rotate(90))
        width, height = height, width
    painter.drawImage(QRectF(0, 0, width * scale, height * scale), image)
