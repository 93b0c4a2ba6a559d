"""Fields that save themselves: what a clerk types is written to the database a moment after the
last key (or when the field is left), so nothing is lost if the app is killed, and every saved
change is one step on the window's undo stack (Ctrl+Z / Ctrl+Y).

Text that breaks a rule is not saved: the field says why, in Vietnamese, until it is corrected.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from shiboken6 import isValid

from app.core.text import clean
from app.store.errors import StoreError

SAVE_AFTER_MS = 400  # typing pauses shorter than this belong to one edit


class SavedChange(QUndoCommand):
    """One change already written when it is pushed: push() calls redo() once, which must not
    write again; later undo and redo put `old` or `new` back through `apply`."""

    def __init__(self, text: str, apply: Callable[[Any], None], old: Any, new: Any) -> None:
        super().__init__(text)
        self.apply, self.old, self.new = apply, old, new
        self.written = True

    def redo(self) -> None:
        if self.written:
            self.written = False
            return
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)


class AutosavedField(QObject):
    saved = Signal(str)  # the value now stored
    failed = Signal(str)  # why the database refused it (disk full, file locked, …)
    _made = itertools.count()
    _live: ClassVar[weakref.WeakValueDictionary[int, AutosavedField]] = (
        weakref.WeakValueDictionary()
    )

    def __init__(
        self,
        edit: QLineEdit | QWidget,
        label: str,
        write: Callable[[str], None],
        stack: QUndoStack,
        check: Callable[[str], str | None] = lambda value: None,
        error: QLabel | None = None,
        normalise: Callable[[str], str] = clean,
        owner: Callable[[], Any] = lambda: None,
        reveal: Callable[[Any], None] = lambda owner: None,
    ) -> None:
        """`edit` is a QLineEdit or anything that reads and writes like one (widgets.py).

        An editor shared by many records (one person after another) says whose value it shows
        with `owner`; undoing a change of another record first `reveal`s that record."""
        super().__init__(edit)
        self.edit, self.label, self.write, self.stack, self.check = edit, label, write, stack, check
        self.normalise, self.owner, self.reveal = normalise, owner, reveal
        self.error = error or QLabel()
        self.stored = ""
        self.timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self.timer.timeout.connect(self.commit)
        # textChanged, not textEdited: the field's own Ctrl+Z changes the text too
        edit.textChanged.connect(self._typed)
        edit.editingFinished.connect(self._left)
        self._showing = False
        AutosavedField._live[next(AutosavedField._made)] = self

    @classmethod
    def within(cls, ancestor: QObject) -> list[AutosavedField]:
        """The fields under `ancestor`, in the order they were made: what findChildren finds,
        without making a Python object of every widget on the way (a window closing with
        every page built holds thousands)."""
        found = []
        for field in list(cls._live.values()):
            parent = field.parent() if isValid(field) else None
            while parent is not None and parent is not ancestor:
                parent = parent.parent()
            if parent is not None:
                found.append(field)
        return found

    def show(self, value: str) -> None:
        """Display the stored value (on load, after undo/redo) without saving it again."""
        self.stored = value
        self.error.hide()
        if self.edit.text() != value:  # an equal setText would still move the cursor
            self._showing = True
            self.edit.setText(value)
            if isinstance(self.edit, QLineEdit):
                self.edit.setCursorPosition(0)  # a long name shows its beginning
            self._showing = False

    def _typed(self) -> None:
        if not self._showing:
            self.timer.start()

    def _left(self) -> None:
        """Leaving the field saves it and shows the value as stored ("5/2/88" → "05/02/1988");
        never while typing, where rewriting the text would move the cursor."""
        if self.commit():
            self.show(self.stored)

    def commit(self) -> bool:
        """Save the text if it changed; False when it could not be (the field says why)."""
        self.timer.stop()
        value = self.normalise(self.edit.text())
        if value == self.stored:
            self.error.hide()
            return True
        problem = self.check(value)
        if problem:
            self.error.setText(f"Chưa lưu — {problem}")
            self.error.show()
            return False
        try:
            self.write(value)
        except StoreError as exc:  # the disk or the file said no: keep the text, say why
            self.error.setText(f"Chưa lưu — {exc}")
            self.error.show()
            self.failed.emit(str(exc))
            return False
        old, self.stored = self.stored, value
        self.error.hide()
        apply = partial(self.apply, self.owner())
        self.stack.push(SavedChange(f"sửa “{self.label}”", apply, old, value))
        self.saved.emit(value)
        return True

    def apply(self, owner: Any, value: str) -> None:
        """Undo or redo: write `value` (to `owner`'s record, shown first) and show it."""
        if owner != self.owner():
            self.reveal(owner)
        try:
            self.write(value)
        except StoreError as exc:
            self.failed.emit(str(exc))
            return
        self.show(value)
        self.saved.emit(value)
