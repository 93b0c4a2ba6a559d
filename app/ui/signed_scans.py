"""Signed copies scanned back: one PDF, or a set of JPG/PNG pages combined into one PDF (Qt
writes it). Each is checked before it is kept: readable, its pages counted, its resolution
measured (the lowest of its scanned images), with warnings a clerk can act on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.errors import InvalidValue
from app.ui.pdf_pages import POINTS_PER_INCH, PdfPages

MIN_DPI = 200  # below this a stamp's and a signature's detail is lost
A4_LONG_INCHES = 297 / 25.4
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


class Scan(Struct, frozen=True):
    pdf: bytes
    pages: int
    dpi: float | None  # the lowest resolution of its scanned images; None: it has none


def read_scan(files: Sequence[Path]) -> Scan:
    """One PDF, or images in the order given; InvalidValue (naming the file) for
    anything unreadable, a locked PDF, or a mix."""
    if not files:
        raise InvalidValue("Chưa chọn tệp bản quét.")
    suffixes = {f.suffix.lower() for f in files}
    if suffixes == {".pdf"} and len(files) == 1:
        return _pdf_scan(_read(files[0]), files[0].name)
    if suffixes <= IMAGE_SUFFIXES:
        return _pdf_scan(_combine(files), "bản quét ghép từ ảnh")
    raise InvalidValue("Chọn một tệp PDF, hoặc một hay nhiều ảnh JPG/PNG (mỗi ảnh một trang).")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidValue(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None


def _pdf_scan(data: bytes, name: str) -> Scan:
    import pypdfium2.raw as pdfium_c

    with PdfPages(data, name) as pages:
        count = len(pages)
        if count == 0:
            raise InvalidValue(f"Tệp {name} không có trang nào.")
        resolutions = []
        for index in range(count):
            page = pages.page(index)
            images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
            for image in images:
                left, _, right, _ = image.get_bounds()
                width_px = image.get_px_size()[0]
                if right > left and width_px:
                    resolutions.append(width_px / ((right - left) / POINTS_PER_INCH))
            for image in images:  # children before their page: PDFium frees them with it
                image.close()
            page.close()
    return Scan(data, count, min(resolutions) if resolutions else None)


def _combine(files: Sequence[Path]) -> bytes:
    """Images, a page each, into one PDF: each page the size of its image at the resolution it
    was scanned at (estimated from an A4 sheet's long side), so nothing is scaled."""
    images = []
    for path in files:
        image = QImage()
        if not image.loadFromData(_read(path)):
            raise InvalidValue(f"Không đọc được ảnh {path.name} (tệp hỏng hoặc không phải ảnh).")
        images.append(image)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    painter = QPainter()
    for number, image in enumerate(images):
        dpi = max(image.width(), image.height()) / A4_LONG_INCHES
        size = QSizeF(image.width() / dpi * POINTS_PER_INCH, image.height() / dpi * POINTS_PER_INCH)
        layout = QPageLayout(
            QPageSize(size, QPageSize.Unit.Point), QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )  # fmt: skip
        writer.setPageLayout(layout)
        if number == 0:
            painter.begin(writer)
        else:
            writer.newPage()
        painter.drawImage(QRectF(0, 0, writer.width(), writer.height()), image)
    painter.end()
    buffer.close()
    return bytes(data.data())


def scan_warnings(pages: int, dpi: float | None, expected_pages: int) -> list[str]:
    """What the clerk should look at before sending a scan (it is kept regardless)."""
    warnings = []
    if dpi is not None and dpi < MIN_DPI - 1:
        warnings.append(
            f"Độ phân giải khoảng {dpi:.0f} dpi, dưới {MIN_DPI} dpi: chữ ký, con dấu có "
            "thể không rõ; nên quét lại."
        )
    if pages != expected_pages:
        warnings.append(f"Bản quét có {pages} trang, văn bản đã lập có {expected_pages} trang.")
    return warnings
