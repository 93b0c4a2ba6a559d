"""Draw the app's icon (a red seal-like badge with a gold star and a document) with Qt and write
it as PNG sizes for Linux and one .ico for Windows (Qt's own ICO writer). Run once after a
change; the files are committed:

    python packaging/make_icon.py
"""

from __future__ import annotations

import sys
from math import cos, pi, sin
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPen, QPolygonF

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#f4f1e8")))  # the sheet of paper
    p.drawRoundedRect(QRectF(10 * s, 4 * s, 40 * s, 54 * s), 3 * s, 3 * s)
    p.setPen(QPen(QColor("#8a8577"), max(1.0, 2 * s)))
    for y in (14, 20, 26):
        p.drawLine(QPointF(16 * s, y * s), QPointF(44 * s, y * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#c62828")))  # the red badge
    p.drawEllipse(QPointF(40 * s, 42 * s), 19 * s, 19 * s)
    star = QPolygonF()
    for i in range(10):
        radius = (11 if i % 2 == 0 else 4.4) * s
        angle = -pi / 2 + i * pi / 5
        star.append(QPointF(40 * s + radius * cos(angle), 42 * s + radius * sin(angle)))
    p.setBrush(QBrush(QColor("#ffd54f")))
    p.drawPolygon(star)
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(str(FOLDER / f"thidua-{size}.png"))
    draw(256).save(str(FOLDER / "thidua.png"))
    if not draw(256).save(str(FOLDER / "thidua.ico"), "ICO"):
        print("Qt could not write ICO here (imageformats plugin missing)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
