"""Register import and tally at 100k petitions, each beside a baseline in the same run:
the import of a generated 100k-row .xlsx end to end (read, map, check, store) beside a bare
read of the same file with python-calamine; the tally of 100k petitions."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from app.core.petitions import PetitionType
from app.core.tally import tally
from app.core.text import format_count
from app.exchange.register_import import plan_import
from app.store.database import open_store
from app.store.organisation import save_unit_organisation
from app.store.register import load_petitions, save_import
from tests.register_files import HEADERS

ROWS = 100_000
TODAY = date(2025, 11, 26)


def generated_rows(count: int) -> list[list[object]]:
    rng = random.Random(2025)
    types = ["Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh"]
    rows = []
    for i in range(count):
        received = date(2024, 10, 1) + timedelta(days=rng.randint(0, 390))
        done = rng.random() < 0.85
        rows.append([
            f"Đ-{i:06d}", received, f"Người gửi {i}", f"Địa chỉ {i}", f"Nội dung {i}",
            rng.choice(types), "Có" if rng.random() < 0.95 else "Không",
            "Thuộc thẩm quyền" if rng.random() < 0.9 else "Không thuộc thẩm quyền",
            "Thụ lý giải quyết", f"VV-{i // 4}" if rng.random() < 0.15 else "",
            rng.choice(["Đỗ Thị Lan", "Bùi Đức Khang", "Lê Minh Châu"]),
            received + timedelta(days=45), "Đã giải quyết" if done else "Đang giải quyết",
            received + timedelta(days=rng.randint(1, 60)) if done else None,
        ])  # fmt: skip
    return rows


def write_big_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ theo dõi đơn")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def median_time(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(runs: int) -> None:
    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"Tạo tệp {format_count(ROWS)} dòng…", flush=True)
        xlsx = write_big_xlsx(folder / "so-100k.xlsx", generated_rows(ROWS))

        def bare_read() -> None:
            with CalamineWorkbook.from_path(str(xlsx)) as book:
                book.get_sheet_by_index(0).to_python()

        def full_import() -> None:
            target = folder / f"db-{time.perf_counter_ns()}.sqlite"
            store = open_store(target)
            org = save_unit_organisation(store.db, _unit())
            plan = plan_import(xlsx, today=TODAY)
            save_import(store.db, org, plan.records, file_name=xlsx.name, sheet=plan.sheet)
            store.close()

        bare = median_time(bare_read, runs)
        imported = median_time(full_import, runs)
        tracemalloc.start()
        full_import()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        store = open_store(folder / "tally.sqlite")
        org = save_unit_organisation(store.db, _unit())
        plan = plan_import(xlsx, today=TODAY)
        save_import(store.db, org, plan.records, file_name=xlsx.name, sheet=plan.sheet)
        petitions = load_petitions(store.db, org)
        store.close()
        counted = frozenset(PetitionType)
        tally_time = median_time(
            lambda: tally(petitions, [], date(2025, 1, 1), date(2025, 10, 31), counted), runs
        )
    print(f"Sổ theo dõi đơn {format_count(ROWS)} dòng (.xlsx), trung vị của {runs} lần:")
    print(f"  đọc trơn bằng python-calamine   {bare:7.2f} s")
    print(f"  nhập đầy đủ (đọc, kiểm, ghi)     {imported:7.2f} s   (mục tiêu ≤ 5 s)")
    print(f"  tỷ lệ nhập / đọc trơn: {imported / bare:.2f}× (mục tiêu ≤ 3×)")
    print(f"  bộ nhớ Python đỉnh khi nhập: {peak / 1_000_000:.0f} MB (tracemalloc)")
    print(
        f"  tổng hợp số liệu {ROWS:,} đơn: {tally_time:.3f} s (mục tiêu ≤ 0,3 s)".replace(",", ".")
    )


def _unit():
    from app.core.entities import Organisation

    return Organisation(0, "UBND thành phố Thử", "UBND phường Thử", "UBND")
