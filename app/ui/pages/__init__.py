"""One module per sidebar page. A page is built the first time it is shown and then kept in
step through `show_context` whenever the database, the unit or the campaign changes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from app.core.campaign import Campaign
from app.core.entities import Organisation
from app.store.database import Store


@dataclass(frozen=True)
class PageContext:
    store: Store
    organisation: Organisation | None
    campaign_id: int | None
    campaign: Campaign | None
    undo_stack: QUndoStack  # the window's: every saved edit, undone with Ctrl+Z
