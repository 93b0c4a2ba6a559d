"""Candidates as tables: their eligibility per criterion (Tổng quan), the list of a campaign's
candidates (Thành tích) and the meeting's votes (Họp xét)."""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.core.eligibility import (
    DECLARATION,
    DISCIPLINE,
    RATINGS,
    RESOLUTION,
    Eligibility,
    Status,
)
from app.core.entities import Candidate, CandidateKind
from app.core.text import collation_key, person_name_key
from app.core.voting import CandidateResult
from app.ui.fast_proxy import ID_ROLE, SORT_ROLE
from app.ui.models.rows import ANSWERED, STATUS_COLOURS, Index, RowsModel


class CandidatesModel(RowsModel):
    """Each candidate's eligibility, one column per criterion: Đạt / Không đạt / Chưa có dữ
    liệu, the reason in the cell's tooltip and, for what fails or is missing, in "Lý do"."""

    NAME, KIND, NOMINATED, STATUS = range(4)
    CHECKS = (RATINGS, DISCIPLINE, DECLARATION, RESOLUTION)  # the order `evaluate` checks
    REASONS = 4 + len(CHECKS)
    # short headers keep the reasons readable at 1366 px; the full name is the header's tooltip
    HEADERS = ("Đối tượng", "Loại", "Đề nghị", "Kết quả", "Xếp loại", "Kỷ luật", "Cam kết",
               "Giải quyết đơn", "Lý do")  # fmt: skip

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        checked = self.STATUS < section < self.REASONS
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.CHECKS[section - 4] if checked else None
        return super().headerData(section, orientation, role)

    def _status(self, row: Eligibility, column: int) -> tuple[Status, str]:
        if column == self.STATUS:
            return row.status, ""
        check = next(c for c in row.checks if c.criterion == self.CHECKS[column - 4])
        return check.status, check.reason

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        row: Eligibility = self.rows[index.row()]
        column = index.column()
        judged = self.STATUS <= column < self.REASONS
        if role == Qt.ItemDataRole.DisplayRole:
            if judged:
                return self._status(row, column)[0].label
            return (
                row.candidate.name,
                row.candidate.kind.label,
                "Đơn vị đề nghị" if row.candidate.nominated else "",
                *([None] * (self.REASONS - 3)),
                "\n".join(f"• {r}" for r in row.reasons) or "Đáp ứng mọi tiêu chí.",
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and judged:
            return QColor(STATUS_COLOURS[self._status(row, column)[0]])
        if role == Qt.ItemDataRole.ToolTipRole:
            if judged and column != self.STATUS:
                return self._status(row, column)[1]
            return "\n".join(f"{c.criterion}: {c.status.label} — {c.reason}" for c in row.checks)
        return None


class VoteRow(Struct, frozen=True):
    eligibility: Eligibility
    votes: int | None  # None: not entered yet
    result: CandidateResult | None


class VotesModel(RowsModel):
    """The meeting's result per candidate: votes typed in, share and verdict computed, and the
    tick that proposes the candidate (refused by the page when the rules say no)."""

    NAME, VOTES, SHARE, VERDICT, NOMINATED = range(5)
    HEADERS = ("Đối tượng", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả", "Đề nghị")
    votes_typed = Signal(int, object)  # candidate id, votes (None when cleared)
    nomination_ticked = Signal(int, bool)  # candidate id, wanted
    rejected = Signal(str)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == self.VOTES:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.NOMINATED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: VoteRow = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            result = row.result
            return (
                row.eligibility.candidate.name,
                "" if row.votes is None else str(row.votes),
                result.percent_text if result else "",
                result.verdict if result else "",
                None,
            )[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == self.NOMINATED:
            nominated = row.eligibility.candidate.nominated
            return Qt.CheckState.Checked if nominated else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERDICT and row.result:
            verdict = Status.PASS if row.result.meets_threshold else Status.FAIL
            return QColor(STATUS_COLOURS[verdict])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        candidate = self.rows[index.row()].eligibility.candidate
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.NOMINATED:
            self.nomination_ticked.emit(candidate.id, Qt.CheckState(value) == Qt.CheckState.Checked)
            return False  # the page decides; the table shows the stored state when reloaded
        if role != Qt.ItemDataRole.EditRole or index.column() != self.VOTES:
            return False
        text = str(value).strip()
        if text and not text.isdigit():
            self.rejected.emit(f"Số phiếu của {candidate.name}: “{text}” không phải số nguyên.")
            return False
        self.votes_typed.emit(candidate.id, int(text) if text else None)
        return False  # shown once the page has stored it and counted again


class CandidateListModel(RowsModel):
    """The campaign's candidates as the Thành tích page lists them."""

    NAME, KIND, NOMINATED = range(3)
    HEADERS = ("Đối tượng", "Loại", "Đề nghị")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate: Candidate = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return candidate.id
        if role == Qt.ItemDataRole.DisplayRole:
            nominated = "Đơn vị đề nghị" if candidate.nominated else ""
            return (candidate.name, candidate.kind.label, nominated)[column]
        if role == SORT_ROLE:  # collectives first, as every list of the dossier has them
            kind = 0 if candidate.kind is CandidateKind.COLLECTIVE else 1
            name = collation_key(candidate.name) if kind == 0 else person_name_key(candidate.name)
            return ((kind, name), (kind, name), (not candidate.nominated, kind, name))[column]
        return None

    def row_of(self, candidate_id: int) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == candidate_id), -1)
