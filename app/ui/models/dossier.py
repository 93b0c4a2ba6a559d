"""Hồ sơ's tables: the steps of the check before building, the signed scans of the build."""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QColor

from app.core.eligibility import (
    Status,
)
from app.core.readiness import Step
from app.store.dossier_builds import StoredScan
from app.ui.models.rows import ANSWERED, STATUS_COLOURS, Index, RowsModel
from app.ui.widgets import ERROR_COLOUR

STATUS_WORDS = {Status.PASS: "Xong", Status.FAIL: "Cần sửa", Status.MISSING: "Chưa làm"}


class StepsModel(RowsModel):
    """What is left before the dossier can be built (core.readiness), one step a row."""

    TITLE, STATUS, DETAIL = range(3)
    HEADERS = ("Việc cần xong", "Tình trạng", "Chi tiết / cần làm")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        step: Step = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            label = step.label or STATUS_WORDS[step.status]
            return (step.title, label, step.detail)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return QColor(STATUS_COLOURS[step.status])
        if role == Qt.ItemDataRole.ToolTipRole and step.page:
            return "Nhấp đúp để mở trang cần làm."
        return None


class ScanRow(Struct, frozen=True):
    document: str  # the built document's name without extension
    pages: int  # as built
    scan: StoredScan | None
    notes: tuple[str, ...]  # what to look at in the scan


class ScansModel(RowsModel):
    DOCUMENT, PAGES, SCAN, DPI, NOTES = range(5)
    HEADERS = ("Văn bản", "Số trang", "Bản ký đã quét", "Độ phân giải", "Cần xem lại")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: ScanRow = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            scan = row.scan
            return (
                row.document,
                str(row.pages),
                f"{scan.pages} trang" if scan else "Chưa có",
                (f"{scan.dpi:.0f} dpi" if scan.dpi else "(văn bản số)") if scan else "",
                "\n".join(row.notes),
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.NOTES and row.notes:
            return QColor(ERROR_COLOUR)
        return None
