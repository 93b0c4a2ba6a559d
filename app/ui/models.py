"""Qt table models over core objects. Column constants live with each model; models are tested
without widgets (qtmodeltester)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
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
from app.core.evidence import KINDS
from app.core.readiness import Step
from app.core.text import collation_key, fold, format_date_short, person_name_key
from app.core.voting import CandidateResult
from app.store.achievements import Attachment
from app.store.dossier_builds import StoredScan
from app.store.people import CollectiveSummary, PersonSummary
from app.ui.fast_proxy import ID_ROLE, SORT_ROLE
from app.ui.widgets import ERROR_COLOUR

_Index = QModelIndex | QPersistentModelIndex

KIND_LABELS = {k.media_type: k.label for k in KINDS}


def format_size(size: int) -> str:
    """Bytes as a clerk reads them: "850 KB", "2,4 MB"."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


STATUS_COLOURS = {Status.PASS: "#1b7f3b", Status.FAIL: ERROR_COLOUR, Status.MISSING: "#7a5c00"}


class RowsModel(QAbstractTableModel):
    """A flat table over a Python list: one object per row, a fixed header."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, rows: Sequence[Any] = ()):
        super().__init__()
        self.rows: list[Any] = list(rows)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class PeopleModel(RowsModel):
    NAME, BIRTH, GENDER, POSITION = range(4)
    HEADERS = ("Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ")

    def __init__(self, rows: Sequence[Any] = ()):
        super().__init__(rows)
        self._by_name: list[int] | None = None  # the rows in name order, when prepared

    def set_rows(self, rows: Sequence[Any], by_name: list[int] | None = None) -> None:
        """`by_name`: the rows' name order made with them off the UI thread."""
        self._by_name = by_name
        super().set_rows(rows)

    def sorted_rows(self, column: int) -> list[int] | None:
        return self._by_name if column == self.NAME else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person: PersonSummary = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return person.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                person.full_name,
                format_date_short(person.birth_date),
                person.gender,
                person.position,
            )[column]
        return None

    def row_of(self, person_id: int) -> int:
        return next((i for i, p in enumerate(self.rows) if p.id == person_id), -1)

    def sort_keys(self, column: int) -> list[Any]:
        """All rows' keys at once (the proxy sorts 5,000 people without a call per row)."""
        if column == self.NAME:
            return name_keys(self.rows)
        if column == self.BIRTH:
            return [p.birth_date.isoformat() if p.birth_date else "" for p in self.rows]
        return [collation_key((p.gender, p.position)[column - 2]) for p in self.rows]

    def search_texts(self) -> list[str]:
        return [fold(f"{p.full_name} {p.position}") for p in self.rows]

    def update_row(self, person: PersonSummary) -> None:
        """One person's line after an edit, without resetting the view (selection, scroll)."""
        row = self.row_of(person.id)
        if row >= 0:
            self.rows[row] = person
            self._by_name = None  # the name may have changed
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))


def name_keys(people: Sequence[PersonSummary]) -> list[Any]:
    return [person_name_key(p.full_name) for p in people]


class CollectivesModel(RowsModel):
    NAME, HEADCOUNT = range(2)
    HEADERS = ("Tập thể", "Số người")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        collective: CollectiveSummary = self.rows[index.row()]
        if role == ID_ROLE:
            return collective.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (collective.name, str(collective.headcount))[index.column()]
        if role == SORT_ROLE:
            if index.column() == self.NAME:
                return collation_key(collective.name)
            return collective.headcount
        return None

    def row_of(self, collective_id: int) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == collective_id), -1)


@dataclass(frozen=True)
class Column:
    """One editable column of a RecordTableModel: how to show and how to parse a value.

    `parse` raises ValueError with a Vietnamese message when the typed text is refused.
    """

    header: str
    attribute: str
    show: Callable[[Any], str] = str
    parse: Callable[[str], Any] = str


class RecordTableModel(RowsModel):
    """Editable rows of frozen dataclasses (discipline records, awards). Invalid input is
    refused in setData and reported through `rejected`, the row keeps its old value."""

    rejected = Signal(str)
    edited = Signal()

    def __init__(self, columns: Sequence[Column], make_row: Callable[[], Any]):
        super().__init__()
        self.columns = tuple(columns)
        self._make_row = make_row

    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
        ):
            return None
        column = self.columns[index.column()]
        return column.show(getattr(self.rows[index.row()], column.attribute))

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        try:
            parsed = column.parse(str(value))
        except ValueError as exc:
            self.rejected.emit(f"{column.header}, dòng {index.row() + 1}: {exc}")
            return False
        row = self.rows[index.row()]
        if getattr(row, column.attribute) == parsed:
            return False
        self.rows[index.row()] = dataclasses.replace(row, **{column.attribute: parsed})
        self.dataChanged.emit(index, index, [role])
        self.edited.emit()
        return True

    def append_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(self._make_row())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()


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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
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


class StepsModel(RowsModel):
    """What is left before the dossier can be built (core.readiness), one step a row."""

    TITLE, STATUS, DETAIL = range(3)
    HEADERS = ("Việc cần xong", "Tình trạng", "Chi tiết / cần làm")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step: Step = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            label = {Status.PASS: "Xong", Status.FAIL: "Cần sửa", Status.MISSING: "Chưa làm"}
            return (step.title, label[step.status], step.detail)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return QColor(STATUS_COLOURS[step.status])
        if role == Qt.ItemDataRole.ToolTipRole and step.page:
            return "Nhấp đúp để mở trang cần làm."
        return None


@dataclass(frozen=True)
class VoteRow:
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

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == self.VOTES:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.NOMINATED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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


class PairsModel(RowsModel):
    """Two read-only columns over (label, value) pairs: live figures, for instance."""

    def __init__(self, headers: tuple[str, str]) -> None:
        super().__init__()
        self._headers = headers

    def headers(self) -> tuple[str, ...]:
        return self._headers

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


class AttachmentsModel(RowsModel):
    NAME, KIND, SIZE, ADDED = range(4)
    HEADERS = ("Tệp", "Loại", "Dung lượng", "Thêm lúc")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        attachment: Attachment = self.rows[index.row()]
        if role == ID_ROLE:
            return attachment.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                attachment.file_name,
                KIND_LABELS.get(attachment.media_type, attachment.media_type),
                format_size(attachment.size),
                attachment.added_at.replace("T", " ").removesuffix("Z")[:16],
            )[index.column()]
        return None


@dataclass(frozen=True)
class ScanRow:
    document: str  # the built document's name without extension
    pages: int  # as built
    scan: StoredScan | None
    notes: tuple[str, ...]  # what to look at in the scan


class ScansModel(RowsModel):
    DOCUMENT, PAGES, SCAN, DPI, NOTES = range(5)
    HEADERS = ("Văn bản", "Số trang", "Bản ký đã quét", "Độ phân giải", "Cần xem lại")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
