"""The Inspectorate's tables: every nominee of the units' current packages (ranked), and the
history of every package received."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.core.eligibility import Status
from app.core.inbox import Appraisal, InboxNominee
from app.core.scoring import format_points
from app.core.text import collation_key, fold, format_local_time
from app.store.inbox import InboxPackage
from app.ui.fast_proxy import ID_ROLE
from app.ui.models.rows import STATUS_COLOURS, Index, RowsModel

APPRAISAL_COLOURS = {
    Appraisal.PASS: STATUS_COLOURS[Status.PASS],
    Appraisal.FAIL: STATUS_COLOURS[Status.FAIL],
    Appraisal.MORE: STATUS_COLOURS[Status.MISSING],
}


def _fraction_key(value: Fraction | None) -> Fraction:
    return value if value is not None else Fraction(-1)


class InboxModel(RowsModel):
    """Rows are (rank, nominee): the rank is the place in the whole ranking, kept when the
    table is filtered."""

    RANK, UNIT, KIND, NAME, SCORE, RATE, VOTES, ELIGIBLE, LATE, WARNINGS, APPRAISAL, CHOSEN = range(
        12
    )
    HEADERS = ("Hạng", "Đơn vị", "Loại", "Tên tập thể, cá nhân", "Điểm", "Tỷ lệ GQ", "Phiếu",
               "Điều kiện", "Muộn", "Cảnh báo", "Thẩm định", "Chọn")  # fmt: skip

    def nominee(self, row: int) -> InboxNominee:
        return self.rows[row][1]

    def row_of(self, nominee_id: int) -> int:
        return next((i for i, (_, n) in enumerate(self.rows) if n.id == nominee_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rank, n = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return n.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(rank), n.unit, n.kind_label, n.name,
                format_points(n.score) if n.scored else "", n.rate_text, n.votes_text,
                n.eligibility.label, "Muộn" if n.late else "",
                str(len(n.warnings)) if n.warnings else "",
                n.appraisal.label if n.appraisal else "Chưa thẩm định",
                "✓" if n.shortlisted else "",
            )[column]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.ELIGIBLE:
                return QColor(STATUS_COLOURS[Status(n.eligibility)])
            if column == self.APPRAISAL and n.appraisal is not None:
                return QColor(APPRAISAL_COLOURS[n.appraisal])
            if column == self.LATE and n.late:
                return QColor(STATUS_COLOURS[Status.FAIL])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.ELIGIBLE and n.eligibility_reasons:
                return "\n".join(n.eligibility_reasons)
            if column == self.WARNINGS and n.warnings:
                return "\n".join(n.warnings)
            if column == self.APPRAISAL and n.appraisal_reason:
                return n.appraisal_reason
            if column == self.SCORE and n.scored and n.scored.differences:
                return "Khác với điểm đơn vị tự chấm:\n" + "\n".join(n.scored.differences)
        differs = n.scored is not None and n.scored.differences
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SCORE and differs:
            return QColor(STATUS_COLOURS[Status.FAIL])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.RANK, self.SCORE, self.RATE,
        ):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort_keys(self, column: int) -> list[Any]:
        if column == self.RANK:
            return [rank for rank, _ in self.rows]
        if column == self.RATE:
            return [_fraction_key(n.rate) for _, n in self.rows]
        if column == self.SCORE:
            return [_fraction_key(n.score) for _, n in self.rows]
        if column == self.VOTES:
            return [_fraction_key(n.vote_share) for _, n in self.rows]
        if column == self.WARNINGS:
            return [len(n.warnings) for _, n in self.rows]
        return [collation_key(str(self.index(r, column).data())) for r in range(len(self.rows))]

    def search_texts(self) -> list[str]:
        return [fold(f"{n.unit} {n.name}") for _, n in self.rows]


class PackagesModel(RowsModel):
    UNIT, FILE, CREATED, RECEIVED, KEY, TIMING, NOMINEES, STATE = range(8)
    HEADERS = ("Đơn vị", "Tệp", "Xuất lúc", "Nhận lúc", "Khóa của đơn vị", "Hạn nộp",
               "Đề nghị", "Trạng thái")  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p: InboxPackage = self.rows[index.row()]
        if role == ID_ROLE:
            return p.id
        state = p.state[0].upper() + p.state[1:]
        if role == Qt.ItemDataRole.DisplayRole:
            created, received = format_local_time(p.created_at), format_local_time(p.received_at)
            timing = "Đúng hạn"
            if p.late:
                timing = "Nộp muộn, đã chấp nhận" if p.late_accepted else "Nộp muộn"
            cells = (p.unit, p.file_name, created, received, p.unit_key, timing,
                     str(p.nominees), state)  # fmt: skip
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.STATE:
            return state  # a withdrawal's reason, however long
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.TIMING and p.late:
            return QColor(STATUS_COLOURS[Status.FAIL])
        return None
