"""Small widgets shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class NaturalHeight(QWidget):
    """A column of fields for a scroll area: never squeezed below its natural height (the
    fields would be clipped), it scrolls instead."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def scrolling(widget: QWidget) -> QScrollArea:
    """`widget` in a vertical scroll area; it keeps at least its own minimum width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area
