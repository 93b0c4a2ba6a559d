"""The one background helper, app/ui/jobs.py: the outcome on the UI thread, progress, cancel,
a job overtaken by a newer one or by the closing of its database, and the one way errors go (a
UserError to a message, anything else to the crash report)."""

from __future__ import annotations

import errno
import sqlite3
import sys
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from app.documents.errors import FormError
from app.store.connection import Database
from app.store.database import open_store
from app.ui import crash, jobs


def wait_for_jobs(qtbot) -> None:
    qtbot.waitUntil(lambda: jobs.running_jobs() == 0, timeout=10_000)


@pytest.fixture
def hooked(monkeypatch) -> list[BaseException]:
    """What reaches the global exception hook (the crash report)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(exc))
    return seen


@pytest.fixture
def warned(monkeypatch) -> list[str]:
    """The messages shown; the crash dialog must not open."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append(text))
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: pytest.fail("not a crash"))
    monkeypatch.setattr(crash.log, "handlers", [crash.logging.NullHandler()])
    return seen


def test_the_result_comes_back_on_the_ui_thread(qtbot):
    results = []
    job = jobs.run(
        threading.get_ident, lambda worker: results.append((worker, threading.get_ident()))
    )
    assert jobs.running_jobs() >= 1
    wait_for_jobs(qtbot)
    ((worker, ui),) = results
    assert ui == threading.main_thread().ident != worker
    assert not job.cancelled


def test_progress_is_shown_on_the_ui_thread_throttled_first_and_last_kept(qtbot):
    shown, results = [], []

    def work(report):
        for done in range(1001):
            report(done, 1000)
        report(999, 1000)  # held back by the throttle, yet the last word before the result
        return "xong"

    jobs.run(
        work,
        lambda result: results.append((result, len(shown))),
        progress=lambda done, total: shown.append((done, total, threading.get_ident())),
    )
    wait_for_jobs(qtbot)
    assert shown[0][:2] == (0, 1000) and (1000, 1000) in [s[:2] for s in shown]
    assert shown[-1][:2] == (999, 1000)
    assert len(shown) < 100  # 1002 reports, a few shown
    assert {s[2] for s in shown} == {threading.main_thread().ident}
    assert results == [("xong", len(shown))]  # every report is shown before the result


def test_a_cancelled_job_reports_no_result_and_no_error(qtbot, hooked):
    started = threading.Event()
    outcomes = []

    def work(report):
        started.set()
        while True:
            report(1, 2)
            time.sleep(0.005)

    job = jobs.run(
        work,
        lambda _: outcomes.append("success"),
        cancellable=True,
        on_failure=lambda _: outcomes.append("failure"),
        on_cancel=lambda: outcomes.append("cancelled"),
        on_finished=lambda: outcomes.append("finished"),
    )
    assert job.cancellable
    assert started.wait(5)
    job.cancel()
    wait_for_jobs(qtbot)
    assert outcomes == ["finished", "cancelled"] and hooked == []

    # without on_cancel: nothing at all (the conftest fails the test on any message box)
    started.clear()
    job = jobs.run(work, lambda _: outcomes.append("success"), cancellable=True)
    assert started.wait(5)
    job.cancel()
    wait_for_jobs(qtbot)
    assert outcomes == ["finished", "cancelled"] and hooked == []


def test_a_job_cancelled_before_its_start_does_nothing(qtbot):
    ran, outcomes = [], []
    job = jobs.run(
        lambda report: ran.append(1),
        outcomes.append,
        cancellable=True,
        on_cancel=lambda: outcomes.append("cancelled"),
        delay_ms=20,
    )
    job.cancel()
    wait_for_jobs(qtbot)
    assert ran == [] and outcomes == ["cancelled"]


def test_work_that_ends_after_a_cancel_still_reports_what_it_did(qtbot):
    """A cancel is only taken at a report: work that finished anyway (a write done) says so."""
    gate, started = threading.Event(), threading.Event()
    results = []

    def work(report):
        started.set()
        gate.wait(5)
        return "ghi xong"

    job = jobs.run(work, results.append, cancellable=True, on_cancel=lambda: results.append(0))
    assert started.wait(5)
    job.cancel()
    gate.set()
    wait_for_jobs(qtbot)
    assert results == ["ghi xong"]


def test_a_newer_job_with_the_same_key_overtakes_the_older(qtbot, hooked):
    page, other = QObject(), QObject()
    gate = threading.Event()
    results, finished = [], []

    def slow(report):
        gate.wait(5)
        return "cũ"

    first = jobs.run(
        slow, results.append, owner=page, key="load", progress=lambda d, t: None,
        on_finished=lambda: finished.append("cũ"),
    )  # fmt: skip
    jobs.run(lambda: "khác", results.append, owner=other, key="load")  # another owner's
    jobs.run(lambda: "mới", results.append, owner=page, key="load")
    assert first.cancelled  # told to stop at its next report
    gate.set()
    wait_for_jobs(qtbot)
    assert sorted(results) == ["khác", "mới"] and finished == [] and hooked == []


def test_a_keyed_job_can_be_dropped_and_a_bug_in_it_is_still_reported(qtbot, hooked):
    page = QObject()
    gate, started = threading.Event(), threading.Event()
    results = []

    def buggy():
        started.set()
        gate.wait(5)
        raise RuntimeError("lỗi lập trình")

    jobs.run(lambda: gate.wait(5) and "cũ", results.append, owner=page, key="read")
    jobs.run(buggy, results.append, owner=page, key="check")
    assert started.wait(5)
    jobs.drop(page)  # e.g. the page read its data another way meanwhile
    gate.set()
    wait_for_jobs(qtbot)
    assert results == []
    assert [str(e) for e in hooked] == ["lỗi lập trình"]


def test_the_outcome_of_a_job_whose_database_was_closed_is_dropped(qtbot, tmp_path):
    store = open_store(tmp_path / "a.sqlite")
    gate = threading.Event()
    results, finished = [], []

    def work(db):
        gate.wait(5)
        return type(db)

    jobs.run(work, results.append, store=store, on_finished=lambda: finished.append(1))
    store.close()  # another file opened, or the window closed
    gate.set()
    wait_for_jobs(qtbot)
    assert results == [] and finished == [1]  # the page may stop showing it is busy

    again = open_store(tmp_path / "a.sqlite")
    try:
        jobs.run(work, results.append, store=again)
        wait_for_jobs(qtbot)
    finally:
        again.close()
    assert results == [Database]  # the work had a connection of its own


def test_the_outcome_of_a_job_whose_owner_was_deleted_is_dropped(qtbot):
    owner = QWidget()
    gate = threading.Event()
    results = []
    jobs.run(lambda: gate.wait(5) and "xong", results.append, owner=owner,
             on_finished=lambda: results.append("finished"))  # fmt: skip
    shiboken6.delete(owner)
    gate.set()
    wait_for_jobs(qtbot)
    assert results == []


def test_a_user_error_is_shown_as_a_message_not_as_a_crash(qtbot, warned, hooked):
    def work():
        raise FormError("Biểu mẫu to-trinh.toml viết sai ở dòng 4.")

    finished = []
    jobs.run(work, lambda _: pytest.fail("no result"), on_finished=lambda: finished.append(1))
    wait_for_jobs(qtbot)
    assert warned == ["Biểu mẫu to-trinh.toml viết sai ở dòng 4."]
    assert hooked == [] and finished == [1]


def test_a_user_error_goes_to_on_failure_when_the_job_has_one(qtbot, hooked):
    failures = []

    def work():
        raise FormError("Biểu mẫu viết sai.")

    jobs.run(work, lambda _: pytest.fail("no result"), on_failure=failures.append)
    wait_for_jobs(qtbot)
    assert [str(f) for f in failures] == ["Biểu mẫu viết sai."] and hooked == []


def test_a_bug_reaches_the_exception_hook_and_not_on_failure(qtbot, hooked):
    failures = []

    def work():
        raise RuntimeError("lỗi lập trình")

    jobs.run(work, lambda _: pytest.fail("no result"), on_failure=failures.append)
    wait_for_jobs(qtbot)
    assert failures == [] and [type(e) for e in hooked] == [RuntimeError]


def test_a_bug_in_a_job_opens_the_crash_report(qtbot, monkeypatch):
    reports = []
    monkeypatch.setattr(sys, "excepthook", crash.handle_exception)  # as the app installs it
    monkeypatch.setattr(crash.log, "handlers", [crash.logging.NullHandler()])
    monkeypatch.setattr(
        crash.CrashDialog, "exec", lambda self: reports.append(self.text.toPlainText())
    )

    def work():
        raise KeyError("thiếu khóa")

    jobs.run(work, lambda _: pytest.fail("no result"))
    wait_for_jobs(qtbot)
    assert len(reports) == 1 and "KeyError: 'thiếu khóa'" in reports[0]


def test_the_machine_refusing_a_chosen_file_is_said_in_vietnamese(qtbot, tmp_path, hooked):
    stick = tmp_path / "usb"
    failures = []

    def refused(code: int, text: str):
        def work():
            raise OSError(code, text, str(stick / "goi.zip"))

        return work

    jobs.run(refused(errno.ENOSPC, "No space left on device"), print, writes=stick,
             on_failure=failures.append)  # fmt: skip
    jobs.run(refused(errno.EFBIG, "File too large"), print, writes=stick,
             on_failure=failures.append)  # fmt: skip
    wait_for_jobs(qtbot)
    texts = sorted(str(f) for f in failures)
    assert any(t.startswith("Ổ đĩa đã đầy, không ghi được") for t in texts)
    assert any(t.startswith("Không ghi được") and "EFBIG" in t for t in texts)
    assert all("No space" not in t and "too large" not in t for t in texts)
    assert hooked == []

    # without a file the user chose, an OSError no one expected is a bug
    jobs.run(refused(errno.EFBIG, "File too large"), print, on_failure=failures.append)
    wait_for_jobs(qtbot)
    assert len(failures) == 2 and [type(e) for e in hooked] == [OSError]


def test_a_locked_database_in_a_job_is_said_in_vietnamese(qtbot, tmp_path, hooked):
    store = open_store(tmp_path / "a.sqlite")
    failures = []

    def work(db):
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise error

    try:
        jobs.run(work, print, store=store, on_failure=failures.append)
        wait_for_jobs(qtbot)
    finally:
        store.close()
    assert "đang được một cửa sổ Hồ sơ Thi đua khác ghi" in str(failures[0]) and hooked == []


def test_a_delayed_job_counts_as_running_and_can_be_overtaken(qtbot):
    page = QObject()
    results = []
    jobs.run(lambda: "sớm", results.append, owner=page, key="count", delay_ms=50)
    assert jobs.running_jobs() == 1
    jobs.run(lambda: "muộn", results.append, owner=page, key="count", delay_ms=50)
    wait_for_jobs(qtbot)
    assert results == ["muộn"]


def test_finish_stops_the_running_jobs_and_reports_nothing(qtbot):
    started = threading.Event()
    outcomes = []

    def endless(report):
        started.set()
        while True:
            report(0, 1)
            time.sleep(0.005)

    jobs.run(endless, outcomes.append, cancellable=True, on_cancel=lambda: outcomes.append(1))
    assert started.wait(5)
    jobs.finish()  # as the app does on quitting: returns once the job stopped
    wait_for_jobs(qtbot)
    assert outcomes == []
