"""The submission package: export of the demo dossier (target ≤ 1 s, size ≤ 2 MB) beside a
plain zip of the same files, and the Inspectorate's verify + import of 500 generated packages
(target ≤ 20 s) beside only unzipping them, with the import process's peak memory."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from tests.bench.register import median_time
from tests.bench.startup import ROOT, user_env

UNITS = 500


def run(runs: int) -> None:
    import os

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["THIDUA_HOME"] = str(tmp / "home")
        _export(tmp, runs)
        _inbox(tmp, max(1, min(runs, 3)))


def _export(tmp: Path, runs: int) -> None:
    from app.services.demo import create_demo
    from app.services.dossier import build_and_store
    from app.services.package import export_package
    from app.store.dossier_builds import build_file, latest_build

    store = create_demo(tmp / "demo.sqlite")
    build_and_store(store.db, date.today())
    build = latest_build(store.db, 1, 1)
    assert build is not None
    files = [(name, build_file(store.db, build.id, name)) for name in build.files]

    def plain_zip() -> None:
        with zipfile.ZipFile(tmp / "tron.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files:
                archive.writestr(name, data)

    export_package(store.db, tmp / "goi.zip")  # warm: the key made, modules loaded
    ours = median_time(lambda: export_package(store.db, tmp / "goi.zip"), runs)
    baseline = median_time(plain_zip, runs)
    size = (tmp / "goi.zip").stat().st_size
    store.close()
    print(f"Xuất gói hồ sơ mẫu ({len(files)} tệp văn bản), trung vị của {runs} lần:")
    print(f"  export_package                  {ours * 1000:7.0f} ms   (mục tiêu ≤ 1000 ms)")
    print(
        f"  chỉ nén cùng các tệp (zipfile)  {baseline * 1000:7.0f} ms   "
        f"→ gói / nén trơn: {ours / baseline:.1f}×"
    )
    print(f"  kích thước gói: {size / 1024:.0f} KB (mục tiêu ≤ 2048 KB)")


def _generate(folder: Path) -> list[Path]:
    from tests.package_factory import Nominee, unit_package

    folder.mkdir()
    return [
        unit_package(
            folder / f"don-vi-{n:03d}.zip",
            f"UBND xã Thử {n:03d}",
            [
                Nominee(
                    "collective" if n % 3 else "individual",
                    f"Đối tượng {n:03d}",
                    resolved=25 + n % 7,
                    cases=31,
                    votes=5 + n % 5,
                )
            ],
        )
        for n in range(UNITS)
    ]


def unzip_all(files: list[Path]) -> None:
    """The baseline of an import: only opening each package and reading all it holds."""
    for path in files:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                archive.read(info)


def _inbox(tmp: Path, runs: int) -> None:
    from app.services.demo import create_inspectorate
    from app.services.inbox import import_files
    from app.store.campaigns import active_campaign_id, load_campaign

    start = time.perf_counter()
    files = _generate(tmp / "goi")
    generated = time.perf_counter() - start
    total = sum(f.stat().st_size for f in files)

    imports: list[float] = []
    for n in range(runs):
        store = create_inspectorate(tmp / f"tt-{n}.sqlite")
        campaign = load_campaign(store.db, active_campaign_id(store.db))
        begin = time.perf_counter()
        outcomes = import_files(store.db, files, campaign)
        imports.append(time.perf_counter() - begin)
        assert all(o.imported and not o.imported.duplicate for o in outcomes)
        store.close()
    baseline = median_time(lambda: unzip_all(files), runs)
    process, peak_mb = _import_process(tmp, files)
    ours = statistics.median(imports)
    print(
        f"Thanh tra nhập {UNITS} gói ({total / 1_048_576:.0f} MB, tạo trong {generated:.0f} s), "
        f"trung vị của {runs} lần:"
    )
    print(
        f"  kiểm tra + nhập (import_files)  {ours:6.1f} s   (mục tiêu ≤ 20 s; "
        f"{ours / UNITS * 1000:.0f} ms mỗi gói)"
    )
    print(
        f"  chỉ giải nén cùng các gói       {baseline:6.1f} s   → nhập / giải nén: "
        f"{ours / baseline:.1f}×"
    )
    print(f"  cả tiến trình `thidua inbox import` {process:6.1f} s, bộ nhớ đỉnh {peak_mb:.0f} MB")


def _import_process(tmp: Path, files: list[Path]) -> tuple[float, float]:
    """The command line importing every file, as one process: its time and peak RSS."""
    env = user_env(THIDUA_HOME=str(tmp / "home-cli"))
    db = tmp / "tt-cli.sqlite"
    subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "demo", "--thanh-tra"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "inbox", "import", *map(str, files)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    return elapsed, peak_kb / 1024
