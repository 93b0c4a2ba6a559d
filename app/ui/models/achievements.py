"""A candidate's achievements page tables: the figures available to insert in the text, and
the evidence files attached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
)

from app.core.evidence import KINDS
from app.core.text import format_size
from app.store.achievements import Attachment
from app.ui.fast_proxy import ID_ROLE
from app.ui.models.rows import Index, RowsModel

KIND_LABELS = {k.media_type: k.label for k in KINDS}


class PairsModel(RowsModel):
    """Two read-only columns over (label, value) pairs: live figures, for instance."""

    def __init__(self, headers: tuple[str, str]) -> None:
        super().__init__()
        self._headers = headers

    def headers(self) -> tuple[str, ...]:
        return self._headers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


class AttachmentsModel(RowsModel):
    NAME, KIND, SIZE, ADDED = range(4)
    HEADERS = ("Tệp", "Loại", "Dung lượng", "Thêm lúc")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
