"""A nominee's score sheet as a table (Tổng quan › Bảng tự chấm điểm): each criterion, how it
is scored, its figure or the value the unit enters (typed here; ticked for yes/no), its points
and its evidence."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor

from app.core.scoring import (
    Criterion,
    Kind,
    Line,
    format_points,
    how_scored,
    shown_points,
    shown_value,
)
from app.core.text import parse_decimal
from app.ui.models.rows import Index, RowsModel
from app.ui.widgets import ERROR_COLOUR


class ScoreLinesModel(RowsModel):
    """Rows: (Line, StoredEntry | None). The value of an entered criterion is edited here."""

    CRITERION, RULE, VALUE, POINTS, EVIDENCE = range(5)
    HEADERS = ("Tiêu chí", "Cách tính", "Số liệu", "Điểm", "Minh chứng")
    value_typed = Signal(str, object)  # criterion id, Fraction | None (cleared)
    rejected = Signal(str)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or index.column() != self.VALUE:
            return base
        line: Line = self.rows[index.row()][0]
        if not line.criterion.entered:
            return base
        if line.criterion.kind is Kind.YES_NO:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, stored = self.rows[index.row()]
        c, column = line.criterion, index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.VALUE:
            if c.kind is Kind.YES_NO:
                return Qt.CheckState.Checked if line.value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.EditRole and column == self.VALUE:
            return format_points(line.value)
        if role == Qt.ItemDataRole.DisplayRole:
            points = shown_points(line)
            evidence = stored.attachment_name if stored and stored.attachment_id else ""
            if not evidence and c.evidence:
                evidence = "Cần minh chứng — chưa có"
            return (c.title, how_scored(c), shown_value(line) or _placeholder(c), points,
                    evidence)[column]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole:
            missing = (
                column == self.EVIDENCE and c.evidence and not (stored and stored.attachment_id)
            )
            if missing or (column == self.POINTS and line.lacking):
                return QColor(ERROR_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VALUE and c.entered:
            return "Nhấp đúp để nhập" if c.kind is not Kind.YES_NO else "Đánh dấu khi đã làm"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.VALUE:
            return False
        c: Criterion = self.rows[index.row()][0].criterion
        if role == Qt.ItemDataRole.CheckStateRole and c.kind is Kind.YES_NO:
            ticked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.value_typed.emit(c.id, Fraction(1 if ticked else 0))
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip().rstrip("%").strip()
        if not text:
            self.value_typed.emit(c.id, None)
            return True
        try:
            number = parse_decimal(text)
        except ValueError as exc:
            self.rejected.emit(f"{c.title}: {exc}")
            return False
        if number < 0 or (c.kind is Kind.DEDUCTION and number.denominator != 1):
            self.rejected.emit(
                f"{c.title}: “{text}” phải là "
                + ("số vụ (số nguyên không âm)." if c.kind is Kind.DEDUCTION else "số không âm.")
            )
            return False
        self.value_typed.emit(c.id, number)
        return True


def _placeholder(c: Criterion) -> str:
    if c.kind is Kind.RATIO:
        return "chưa có số liệu"
    return "" if c.kind is Kind.YES_NO else "(nhập)"
