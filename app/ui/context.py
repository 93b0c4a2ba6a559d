"""What every page and panel works on: the open database, its unit, the active campaign, and
the window's undo stack. The window makes a new one whenever one of them changes."""

from __future__ import annotations

from msgspec import Struct
from PySide6.QtGui import QUndoStack

from app.core.campaign import Campaign
from app.core.entities import Organisation
from app.store.database import Store


class PageContext(Struct, frozen=True):
    store: Store
    organisation: Organisation | None
    campaign_id: int | None
    campaign: Campaign | None
    undo_stack: QUndoStack  # the window's: every saved edit, undone with Ctrl+Z
