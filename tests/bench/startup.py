"""Cold start of `thidua --quit-after-show` on the demo database, beside a bare PySide6 program
that shows one empty window, measured in the same run (whole process, offscreen)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

BARE = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([])\n"
    "window = QWidget()\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a command as a user runs it. Python keeps compiled modules (.pyc)
    on a user's machine; a sandbox may set PYTHONDONTWRITEBYTECODE, which would make every timed
    run compile the app's own modules from source again. The warm-up run writes them."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def frozen_app() -> Path | None:
    """The packaged app, when packaging/build.py made it: the installed app beside the source."""
    frozen = ROOT / "dist" / "thidua" / ("thidua-cli.exe" if os.name == "nt" else "thidua")
    return frozen if frozen.exists() else None


def timed(command: list[str], env: dict[str, str]) -> float:
    """Until the process exits, as a user at a prompt waits. Output goes to DEVNULL: a helper
    process that kept an inherited pipe open a moment longer would otherwise count as the
    command's time."""
    start = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def run(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = user_env(QT_QPA_PLATFORM="offscreen", THIDUA_HOME=tmp)
        demo = Path(tmp) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "app", "demo", "--db", str(demo)], cwd=ROOT, env=env, check=True
        )
        commands = {
            "PySide6 trống (1 cửa sổ)": [sys.executable, "-c", BARE],
            "thidua --quit-after-show": [
                sys.executable,
                "-m",
                "app",
                "--db",
                str(demo),
                "--quit-after-show",
            ],
        }
        frozen = frozen_app()
        if frozen is not None:
            commands["bản đóng gói (dist/thidua)"] = [
                str(frozen),
                "--db",
                str(demo),
                "--quit-after-show",
            ]
        for command in commands.values():  # warm the disk cache; the app's daily backup
            timed(command, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            for name, command in commands.items():
                samples[name].append(timed(command, env))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline, app = medians["PySide6 trống (1 cửa sổ)"], medians["thidua --quit-after-show"]
    print(f"Khởi động nguội, trung vị của {runs} lần (cả tiến trình, offscreen):")
    for name, value in medians.items():
        spread = f"{min(samples[name]) * 1000:.0f}–{max(samples[name]) * 1000:.0f}"
        print(f"  {name:28} {value * 1000:7.0f} ms   (min–max {spread} ms)")
    print(f"  tỷ lệ thidua / PySide6 trống: {app / baseline:.2f}× (mục tiêu ≤ 2×)")
    if len(medians) > 2:
        packed = medians["bản đóng gói (dist/thidua)"]
        print(f"  bản đóng gói / chạy từ mã nguồn: {packed / app:.2f}× (mục tiêu ≤ 1,1×)")
    else:
        print("  (chưa có dist/thidua: chạy python packaging/build.py để đo cả bản đóng gói)")
