"""Build the one-folder app with PyInstaller and prove it works: `--version`, then the
self-test of the frozen binary (main window offscreen, demo dossier, package export and
verification, inbox import). Prints the folder's size and what dominates it.

    python packaging/build.py            # from the project's environment (dev.py installs it)

Exit code ≠ 0 when the build or a check fails: CI runs it through the test suite
(tests/test_frozen_build.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
APP = DIST / "thidua"

# The modules' archive stored, not deflated: each process of the app inflated every module it
# imported (~20 ms of a start, twice in a dossier build with its PDF worker), for ~11 MB less
# in a folder of ~190. PyInstaller reads this variable (its own CI sets it); were it to stop,
# the archive is deflated as before and tests/test_frozen_build.py says so.
ARCHIVE_ZLIB_LEVEL = 0
# PyInstaller keeps an archive it built while the modules it holds are the same, whatever its
# level: a work folder per level.
WORK = ROOT / "build" / f"pyinstaller-zlib{ARCHIVE_ZLIB_LEVEL}"


def executable(name: str = "thidua") -> Path:
    if os.name == "nt":
        return APP / ("thidua-cli.exe" if name == "thidua" else f"{name}.exe")
    return APP / name


def build() -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(ROOT / "packaging" / "thidua.spec"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYINSTALLER_ZLIB_COMPRESSION_LEVEL": str(ARCHIVE_ZLIB_LEVEL)},
        check=True,
    )
    return time.perf_counter() - start


def sizes() -> tuple[int, list[tuple[str, int]]]:
    """The folder's total, and the ten largest parts (a library, a plugin group, resources)."""
    parts: Counter[str] = Counter()
    total = 0
    for path in APP.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            relative = path.relative_to(APP).parts
            key = "/".join(relative[:4]) if "plugins" in relative else "/".join(relative[:3])
            parts[key] += size
    return total, parts.most_common(10)


def check(env: dict[str, str]) -> None:
    version = subprocess.run(
        [str(executable()), "--version"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    print(version)
    subprocess.run([str(executable()), "selftest"], env=env, check=True)


def main() -> int:
    seconds = build()
    total, largest = sizes()
    print(f"Đã đóng gói {APP} trong {seconds:.0f} s: {total / 1_048_576:.0f} MB")
    for name, size in largest:
        print(f"  {size / 1_048_576:6.1f} MB  {name}")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)  # the frozen app must need nothing from this checkout
    check(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
