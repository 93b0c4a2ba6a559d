"""A small bar chart: cases received vs resolved per month (QtCharts is not in
PySide6-Essentials, and two series of bars need no more than QPainter)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.tally import MonthFigures
from app.core.text import format_count
from app.ui.widgets import HINT_COLOUR

RECEIVED_COLOUR, RESOLVED_COLOUR = QColor("#4a78b5"), QColor("#3f9a5b")
SMALLEST_VALUE_PT = 6.5


class MonthChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.months: list[MonthFigures] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Vụ việc mới nhận và vụ việc giải quyết xong theo tháng")

    def set_months(self, months: Sequence[MonthFigures]) -> None:
        self.months = list(months)
        self.setToolTip(
            "\n".join(
                f"Tháng {m.month[5:]}/{m.month[:4]}: nhận mới {format_count(m.received)}, "
                f"giải quyết xong {format_count(m.resolved)}"
                for m in self.months
            )
            or "Chưa có số liệu"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 190)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        # the legend's row, then a row for the tallest bar's value, then the bars
        left, bottom, top = 6, self.height() - line - 6, 2 * line + 10
        self._legend(painter, line)
        if not self.months:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có số liệu")
            return
        peak = max(max(m.received, m.resolved) for m in self.months) or 1
        # the highest bar's line; no number of its own at the end of it: every bar says its
        # value, and one more at the edge ran into the last month's at 150 %
        painter.setPen(QColor(HINT_COLOUR))
        painter.drawLine(left, top, self.width() - left, top)
        painter.setPen(self.palette().text().color())
        slot = (self.width() - 2 * left) / len(self.months)
        bar = max(2.0, slot * 0.32)
        for i, m in enumerate(self.months):
            x = left + i * slot + slot * 0.15
            for j, (value, colour) in enumerate(
                ((m.received, RECEIVED_COLOUR), (m.resolved, RESOLVED_COLOUR))
            ):
                height = (bottom - top) * value / peak
                painter.fillRect(QRectF(x + j * bar, bottom - height, bar - 1, height), colour)
                if value:  # every bar says its value, in a smaller type where it is narrow
                    text = format_count(value)
                    painter.setFont(self.value_font(text, bar))
                    painter.drawText(
                        QRectF(x + j * bar - bar, bottom - height - line, 3 * bar, line),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        text,
                    )
                    painter.setFont(self.font())
            label = f"{int(m.month[5:])}/{m.month[2:4]}"
            painter.drawText(
                QRectF(left + i * slot, bottom + 2, slot, line), Qt.AlignmentFlag.AlignCenter, label
            )
        painter.drawLine(left, bottom, self.width() - left, bottom)

    def value_font(self, text: str, width: float) -> QFont:
        """The widget's font, set smaller (down to SMALLEST_VALUE_PT) until `text` fits in a
        bar `width` wide (a slight overhang beyond the smallest is left to the gap)."""
        font = QFont(self.font())
        size = font.pointSizeF()
        while size > SMALLEST_VALUE_PT and QFontMetricsF(font).horizontalAdvance(text) > width:
            size -= 0.5
            font.setPointSizeF(size)
        return font

    def _legend(self, painter: QPainter, line: int) -> None:
        x = 6
        for text, colour in (("Nhận mới", RECEIVED_COLOUR), ("Giải quyết xong", RESOLVED_COLOUR)):
            painter.fillRect(QRectF(x, 4, line * 0.8, line * 0.8), colour)
            x += int(line * 1.1)
            painter.drawText(x, line, text)
            x += painter.fontMetrics().horizontalAdvance(text) + 16
