"""Background jobs: disk-heavy work runs on Qt's thread pool; results come back on the UI
thread. A job opens its own database connection if it needs one (a sqlite3 connection
belongs to the thread that made it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from app.core.gc_pause import collector_paused


class _Relay(QObject):
    """Lives on the UI thread, so the worker's signals reach it as queued calls."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]):
        super().__init__()
        self._on_success, self._on_failure = on_success, on_failure
        self.succeeded.connect(self._success)
        self.failed.connect(self._failure)

    @Slot(object)
    def _success(self, result: Any) -> None:
        _running.discard(self)
        self._on_success(result)

    @Slot(object)
    def _failure(self, exc: Exception) -> None:
        _running.discard(self)
        self._on_failure(exc)


_running: set[_Relay] = set()  # keeps relays alive until their job reports


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            with collector_paused():  # a collection here would freeze the window (gc_pause)
                result = self._work()
        except Exception as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
) -> None:
    relay = _Relay(on_success, on_failure)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


_scheduled = 0  # later() calls whose time has not come yet


def later(delay_ms: int, start: Callable[[], None]) -> None:
    """Call `start` (which usually starts a job) after `delay_ms`: work that can wait until the
    window has painted. Counted as running until then."""
    global _scheduled
    _scheduled += 1

    def due() -> None:
        global _scheduled
        _scheduled -= 1
        start()

    QTimer.singleShot(delay_ms, due)


def running_jobs() -> int:
    """Jobs started and not yet reported, and jobs scheduled to start."""
    return len(_running) + _scheduled


def finish() -> None:
    """Drop the jobs not started yet and wait for the running ones (the app is closing)."""
    pool = QThreadPool.globalInstance()
    pool.clear()
    pool.waitForDone()
