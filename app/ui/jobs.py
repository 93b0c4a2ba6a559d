"""Background jobs: disk-heavy work runs on Qt's thread pool and its outcome comes back on the
UI thread. One call, `run`, does the plumbing every page needs (Anki's QueryOp is the model):

* the work gets its own connection to the database when asked (a sqlite3 connection belongs
  to the thread that made it), and its outcome is dropped once that database is closed;
* a job started with the `key` of a running one (per owner: a page, a box) overtakes it: the
  older one's outcome is dropped;
* progress reported by the work reaches the UI thread, throttled; a cancellable job stops at
  its next report once the user pressed “Dừng”;
* errors are routed one way: a `UserError` (the machine's failures translated into one) goes
  to the job's `on_failure`, else to a message; anything else is a bug and goes to the global
  exception hook, the crash report. No caller lists the errors it expects.

    job = jobs.run(
        lambda db, report: import_files(db, files, campaign, report), self._imported,
        owner=self, store=context.store, progress=self.progress.show_progress, cancellable=True,
    )
    job.cancel()  # “Dừng”: the work stops at its next report, on_cancel instead of a result

    jobs.run(load_view, self._show, owner=self, key="load", store=context.store)  # overtakes
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.core.gc_pause import collector_paused
from app.errors import UserError
from app.store.database import Store, with_own_connection
from app.store.errors import as_user_error, file_error

PROGRESS_INTERVAL = 0.05  # seconds between two progress reports shown (the first and last pass)


class JobCancelled(Exception):
    """Raised by a job's `report` once the job was cancelled: the work stops there."""


class Report:
    """The work's `report(done, total)`: safe to call from the worker, as often as it likes
    (what reaches the UI thread is throttled). Raises JobCancelled once the job is cancelled."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._last = 0.0  # when a report was last sent; 0: none yet
        self._pending: tuple[int, int] | None = None  # held back by the throttle

    def __call__(self, done: int, total: int) -> None:
        if self._job.cancelled:
            raise JobCancelled
        if self._job._progress is None:
            return
        now = time.monotonic()
        if self._last and done < total and now - self._last < PROGRESS_INTERVAL:
            self._pending = (done, total)
            return
        self._last, self._pending = now, None
        self._job._progressed.emit(done, total)

    def flush(self) -> None:
        """Send what the throttle held back (the work ended: its last word is shown)."""
        if self._pending is not None:
            self._job._progressed.emit(*self._pending)
            self._pending = None


_SUCCEEDED, _FAILED, _CANCELLED, _BUG = "succeeded", "failed", "cancelled", "bug"


class Job(QObject):
    """One background job, made by `run`. Lives on the UI thread, so what the worker emits
    reaches it as queued calls."""

    _progressed = Signal(int, int)
    _ended = Signal(str, object)  # the outcome's kind, and its value or exception

    def __init__(
        self,
        work: Callable[..., Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[UserError], None] | None,
        on_cancel: Callable[[], None] | None,
        on_finished: Callable[[], None] | None,
        owner: QObject | None,
        key: str | None,
        store: Store | None,
        connect: bool,
        writes: Path | None,
        progress: Callable[[int, int], None] | None,
        cancellable: bool,
    ) -> None:
        super().__init__()
        self._work, self._owner, self._key = work, owner, key
        self._on_success, self._on_failure = on_success, on_failure
        self._on_cancel, self._on_finished = on_cancel, on_finished
        self._store, self._connect, self._writes = store, connect, writes
        self._progress, self.cancellable = progress, cancellable
        self._cancel = threading.Event()
        self._dropped = False  # nothing of it is reported any more
        self._progressed.connect(self._show_progress)
        self._ended.connect(self._end)

    # --- for the UI thread ---------------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """The user asked to stop: the work's next `report` raises JobCancelled and the job
        ends with `on_cancel` (no result, no error). Work that ends before it reports again
        still reports its result: what it did is done."""
        self._cancel.set()

    def drop(self) -> None:
        """Its outcome is not wanted any more (overtaken): the work is told to stop, as by
        `cancel`, and nothing of it is reported, not even that it ended. A bug is still a bug."""
        self._dropped = True
        self._cancel.set()
        _forget_key(self)

    # --- on the worker -------------------------------------------------------------------

    def _execute(self) -> None:
        report = Report(self)
        try:
            if self.cancelled:  # cancelled or overtaken before it started: nothing was done
                raise JobCancelled
            with collector_paused():  # a collection here would freeze the window (gc_pause)
                result = self._call(report)
            report.flush()
        except JobCancelled:
            self._ended.emit(_CANCELLED, None)
        except Exception as exc:
            user_error = self._user_error(exc)
            if user_error is None:
                self._ended.emit(_BUG, exc)
            else:
                self._ended.emit(_FAILED, user_error)
        else:
            self._ended.emit(_SUCCEEDED, result)

    def _call(self, report: Report) -> Any:
        extra = (report,) if self._progress is not None or self.cancellable else ()
        if self._store is None or not self._connect:
            return self._work(*extra)
        return with_own_connection(self._store.path, lambda db: self._work(db, *extra))

    def _user_error(self, exc: Exception) -> UserError | None:
        """The failure as the user should read it; None when it is a bug. The machine's
        failures (disk full, read-only, stick pulled, database locked) are said in Vietnamese,
        naming the file written or the database."""
        if isinstance(exc, UserError):
            return exc
        if isinstance(exc, OSError) and self._writes is not None:
            return file_error(exc, self._writes)
        if isinstance(exc, OSError | sqlite3.Error) and self._store is not None:
            return as_user_error(exc, self._store.path)
        return None

    # --- back on the UI thread -----------------------------------------------------------

    def _wanted(self) -> bool:
        """Not overtaken, its owner still there, and its database still open."""
        return not self._dropped and (self._owner is None or shiboken6.isValid(self._owner))

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        store_open = self._store is None or not self._store.closed
        if self._progress is not None and self._wanted() and store_open:
            self._progress(done, total)

    @Slot(str, object)
    def _end(self, kind: str, value: Any) -> None:
        _running.discard(self)
        _forget_key(self)
        if self._wanted():
            if self._on_finished is not None:
                self._on_finished()
            if self._store is None or not self._store.closed:
                self._report(kind, value)
                return
        if kind == _BUG:  # whoever no longer wants the result, a bug is reported
            sys.excepthook(type(value), value, value.__traceback__)

    def _report(self, kind: str, value: Any) -> None:
        if kind == _SUCCEEDED:
            self._on_success(value)
        elif kind == _CANCELLED:
            if self._on_cancel is not None:
                self._on_cancel()
        elif kind == _FAILED:
            if self._on_failure is not None:
                self._on_failure(value)
            else:
                from app.ui.crash import show_user_error

                parent = self._owner if isinstance(self._owner, QWidget) else None
                show_user_error(value, parent)
        else:  # a bug: the global hook turns it into a crash report
            sys.excepthook(type(value), value, value.__traceback__)

    def _start(self) -> None:
        if self._dropped:  # overtaken before its time came
            _running.discard(self)
            return
        QThreadPool.globalInstance().start(_Runner(self))


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._execute()


_running: set[Job] = set()  # keeps jobs alive until they report
_latest: dict[tuple[int, str | None], Job] = {}  # (id of the owner, key) → its newest job


def _key_of(owner: QObject | None, key: str | None) -> tuple[int, str | None]:
    return (id(owner), key)


def _forget_key(job: Job) -> None:
    if job._key is not None and _latest.get(_key_of(job._owner, job._key)) is job:
        del _latest[_key_of(job._owner, job._key)]


def run(
    work: Callable[..., Any],
    on_success: Callable[[Any], None],
    *,
    owner: QObject | None = None,
    key: str | None = None,
    store: Store | None = None,
    connect: bool = True,
    writes: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancellable: bool = False,
    on_failure: Callable[[UserError], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    delay_ms: int = 0,
) -> Job:
    """Run `work` on the thread pool and report its outcome on the UI thread.

    `work` is called with, in this order: a connection of its own to `store`'s database
    (when `store` is given and `connect` is true), then `report(done, total)` (when there is
    a `progress` to show or the job is `cancellable`).

    `owner`: the object the job works for; a job of a deleted owner reports nothing, and a
    user error is shown over it when it is a widget. `key`: a new job with the same owner and
    key overtakes this one (see `drop`). `store`: the database the job is for; once it is
    closed (another file opened, the window closed) the outcome is dropped. `writes`: a file
    or folder the user chose that the work writes to; any refusal of the machine there is said
    in Vietnamese, naming it. `progress(done, total)` is called on the UI thread.

    Outcomes, on the UI thread: `on_finished()` first, whatever the outcome (unless the job
    was overtaken or its owner deleted), then one of `on_success(result)`; `on_failure(error)`
    for a UserError (without `on_failure`, the error is shown as a message as the exception
    hook shows it); `on_cancel()` when the work stopped at a report after `Job.cancel`. A bug
    (any other exception) always goes to the global exception hook. `delay_ms`: start only
    that long after the event loop's next turn (work that can wait until the window has
    painted); counted as running from now, and overtaken like a running job.
    """
    job = Job(
        work,
        on_success=on_success,
        on_failure=on_failure,
        on_cancel=on_cancel,
        on_finished=on_finished,
        owner=owner,
        key=key,
        store=store,
        connect=connect,
        writes=writes,
        progress=progress,
        cancellable=cancellable,
    )
    if key is not None:
        previous = _latest.get(_key_of(owner, key))
        if previous is not None:
            previous.drop()
        _latest[_key_of(owner, key)] = job
    _running.add(job)
    if delay_ms > 0:
        # counted from the event loop's next turn: a window still being built (on a slow,
        # busy machine, longer than the delay) paints before the job starts
        QTimer.singleShot(0, lambda: QTimer.singleShot(delay_ms, job._start))
    else:
        job._start()
    return job


def drop(owner: QObject | None, key: str | None = None) -> None:
    """Drop the running job of `owner` with `key` (every keyed job of `owner` when `key` is
    None): what it would report is no longer wanted, e.g. the page has shown newer data read
    another way."""
    for (owner_id, job_key), job in list(_latest.items()):
        if owner_id == id(owner) and key in (None, job_key):
            job.drop()


def running_jobs() -> int:
    """Jobs started and not yet reported, those waiting for their `delay_ms` included."""
    return len(_running)


def finish() -> None:
    """The app is closing: nothing will be reported any more. Jobs not started yet are dropped,
    the running ones are told to stop at their next report and waited for."""
    for job in list(_running):
        job.drop()
    pool = QThreadPool.globalInstance()
    pool.clear()
    pool.waitForDone()
