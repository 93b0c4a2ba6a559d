"""How long the UI freezes while a clerk works on a large unit: 5,000 people and 100,000
petitions. Each step is done as a user does it (open a page, type a search key by key, sort a
column, select a record, type and save an edit) while a 5 ms heartbeat timer measures the
longest gap of the event loop. Beside it, the same steps on the demo ward (12 people, 33
petitions) in the same run: the baseline of the machine and of Qt itself.

Target (issue 5): no stall over 100 ms.
"""

from __future__ import annotations

import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

PEOPLE = 5_000
PETITIONS = 100_000
HEARTBEAT_MS = 5
TODAY = date(2025, 10, 30)


def big_database(path: Path, people: int = PEOPLE, petitions: int = PETITIONS) -> Path:
    """The demo ward grown to `people` people and `petitions` petitions (direct inserts: the
    import path has its own benchmark)."""
    from app.services.demo import create_demo

    create_demo(path).close()
    from sqlite_utils import Database

    rng = random.Random(2025)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
    middle = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Đức", "Ngọc", "Hữu", "Thanh"]
    given = ["An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Khang", "Lan", "Minh", "Phúc"]
    positions = ["Công chức Địa chính", "Công chức Tư pháp - Hộ tịch", "Cán bộ Văn phòng"]
    with Database(path) as db, db.conn:
        db.conn.executemany(
            "INSERT INTO people (organisation_id, full_name, birth_date, gender, position) "
            "VALUES (1, ?, ?, ?, ?)",
            [
                (
                    f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}",
                    (date(1970, 1, 1) + timedelta(days=rng.randint(0, 11000))).isoformat(),
                    rng.choice(["Nam", "Nữ"]),
                    rng.choice(positions),
                )
                for _ in range(people)
            ],
        )
        officers = ["Đỗ Thị Lan", "Bùi Đức Khang", "Lê Minh Châu"]
        rows = []
        for i in range(petitions):
            received = date(2024, 10, 1) + timedelta(days=rng.randint(0, 390))
            done = rng.random() < 0.9
            rows.append((
                f"L-{i:06d}", received.isoformat(), rng.choice(["KN", "TC", "KNPA"]), 1,
                1 if rng.random() < 0.9 else 0, "thu_ly", rng.choice(officers),
                (received + timedelta(days=45)).isoformat(), "da" if done else "dang",
                (received + timedelta(days=rng.randint(1, 40))).isoformat() if done else None,
                f"Người gửi {i}", f"Địa chỉ {i}", f"Nội dung đơn số {i}", i + 2,
            ))  # fmt: skip
        db.conn.executemany(
            "INSERT INTO petitions (organisation_id, petition_key, received, type, eligible, "
            "in_authority, processing, officer, deadline, outcome, resolved_on, sender, "
            "address, content, source_row) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return path


class Heartbeat:
    """A timer that should fire every HEARTBEAT_MS; the longest gap is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer(interval=HEARTBEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last - HEARTBEAT_MS / 1000)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self._beat()  # a stall that ends the step counts too
        return self.longest


def _pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def _settle(app) -> None:
    """Let background jobs report and the views repaint."""
    from app.ui import jobs

    _pump(app, 0.05)
    while jobs.running_jobs():
        _pump(app, 0.02)
    _pump(app, 0.05)


def _type(app, widget, text: str) -> None:
    from tests.gui_helpers import type_text

    for char in text:  # one key at a time, with the event loop turning between keys
        type_text(widget, char)
        _pump(app, 0.03)


def steps(window, app) -> list[tuple[str, Callable[[], None]]]:
    from PySide6.QtCore import Qt

    UP, DOWN = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

    def open_page(key: str) -> Callable[[], None]:
        return lambda: window.show_page(key)

    people = lambda: window.page("people")  # noqa: E731 — built when first shown
    register = lambda: window.page("register")  # noqa: E731

    def edit_person() -> None:
        editor = people().editor
        edit = editor.edits["hometown"]
        edit.selectAll()
        _type(app, edit, "Thôn Mới")
        edit.editingFinished.emit()

    return [
        ("mở Tổng quan", open_page("overview")),
        ("mở Đơn vị & đợt thi đua", open_page("unit")),
        ("mở Cán bộ & tập thể", open_page("people")),
        ("tìm cán bộ (gõ “nguyen van”)", lambda: _type(app, people().search, "nguyen van")),
        ("xếp theo ngày sinh", lambda: people().table.sortByColumn(1, DOWN)),
        ("chọn một cán bộ", lambda: people().table.selectRow(3)),
        ("sửa và lưu quê quán", edit_person),
        ("mở Đơn thư & tiếp dân", open_page("register")),
        ("tìm trong sổ (gõ “noi dung 123”)", lambda: _type(app, register().search, "noi dung 123")),
        ("xếp sổ theo cán bộ xử lý", lambda: register().table.sortByColumn(10, UP)),
        ("xếp sổ theo nội dung (mỗi dòng khác)", lambda: register().table.sortByColumn(4, UP)),
        ("mở Thành tích", open_page("achievements")),
        ("chọn một đối tượng", lambda: window.page("achievements").view.selectRow(1)),
        ("mở Họp xét", open_page("meeting")),
        ("quay lại Tổng quan", open_page("overview")),
    ]  # fmt: skip


def measure(path: Path) -> dict[str, float]:
    """Longest stall (s) of each step on the database at `path`."""
    from PySide6.QtWidgets import QApplication

    from app.store.database import open_store
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(open_store(path), today=lambda: TODAY)
    window.resize(1366, 768)
    window.show()
    _settle(app)
    beat = Heartbeat()
    found = {}
    for name, step in steps(window, app):
        beat.start()
        step()
        _settle(app)
        found[name] = beat.stop()
    window.close()
    _settle(app)
    window.deleteLater()
    app.processEvents()
    gc.collect()  # the closed window's objects must not be collected inside the next run
    return found


def run(runs: int) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.core.text import format_count
    from app.services.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["THIDUA_HOME"] = tmp
        big, demo = Path(tmp) / "lon.sqlite", Path(tmp) / "mau.sqlite"
        started = time.perf_counter()
        big_database(big)
        create_demo(demo).close()
        print(f"Dữ liệu: {format_count(PEOPLE)} cán bộ, {format_count(PETITIONS)} đơn (tạo "
              f"trong {time.perf_counter() - started:.1f} s)")  # fmt: skip
        large = [measure(big) for _ in range(runs)]
        small = [measure(demo) for _ in range(runs)]
    print(f"Khoảng treo dài nhất của giao diện mỗi bước, trung vị của {runs} lần (ms):")
    print(f"  {'bước':44} {'dữ liệu lớn':>12} {'dữ liệu mẫu':>12}")
    worst = 0.0
    for name in large[0]:
        big_ms = statistics.median(r[name] for r in large) * 1000
        small_ms = statistics.median(r[name] for r in small) * 1000
        worst = max(worst, big_ms)
        print(f"  {name:44} {big_ms:12.0f} {small_ms:12.0f}")
    print(f"  dài nhất: {worst:.0f} ms (mục tiêu ≤ 100 ms)")
