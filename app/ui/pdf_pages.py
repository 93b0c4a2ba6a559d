"""PDF pages as images for the screen, rendered by PDFium (pypdfium2): the dossier's preview
and, later, the signed scans. A file PDFium cannot open is refused with the reason."""

from __future__ import annotations

from PySide6.QtGui import QImage

from app.errors import InvalidValue

POINTS_PER_INCH = 72


class PdfPages:
    """One PDF held in memory; pages rendered on demand."""

    def __init__(self, data: bytes, name: str) -> None:
        import pypdfium2 as pdfium  # loaded when a PDF is first shown, not at start-up

        try:
            self._pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            reason = "được đặt mật khẩu" if "password" in str(exc).lower() else "bị hỏng"
            raise InvalidValue(f"Không mở được {name}: tệp PDF {reason} ({exc}).") from None
        self.name = name

    def __len__(self) -> int:
        return len(self._pdf)

    def page(self, index: int):
        return self._pdf[index]

    def size_points(self, index: int) -> tuple[float, float]:
        return self._pdf.get_page_size(index)

    def render(self, index: int, dpi: float) -> QImage:
        """Page `index` (from 0) at `dpi` dots per inch, white background."""
        page = self._pdf[index]
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
            QImage.Format.Format_RGBX8888,
        ).copy()  # the bitmap's memory is PDFium's: keep a copy of our own  # fmt: skip
        bitmap.close()
        page.close()
        return image

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
