"""The installable app (issue 8): PyInstaller builds the one-folder app from
packaging/thidua.spec, and the frozen binary answers --version and passes its self-test — main
window offscreen, demo dossier in DOCX and PDF, PDF preview, spreadsheets, package export,
verification and inbox import. A data file or a module left out of the build fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # ≈ 30 s of PyInstaller: run under CI=true or with --run-slow
def test_the_frozen_app_builds_and_passes_its_selftest():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert f"thidua {__version__}" in result.stdout
    assert "Tự kiểm tra: đạt." in result.stdout
    passed = [line[2:].partition(":")[0] for line in result.stdout.splitlines()
              if line.startswith("✓ ")]  # fmt: skip
    skipped = [line[2:].partition(":")[0] for line in result.stdout.splitlines()
               if line.startswith("– ")]  # fmt: skip
    windows_only = ["ghi vào tệp đang mở trong Word/Excel"]
    assert passed == [
        "cửa sổ chính và các trang", "lập hồ sơ mẫu (DOCX, PDF)",
        "lập hồ sơ vào thư mục có đường dẫn dài", "xem trước PDF (PDFium)",
        "bảng tính (openpyxl, calamine)", "xuất và kiểm tra gói hồ sơ", "Thanh tra nhập gói",
        "dòng lệnh ghi ra tệp theo mã UTF-8", *(windows_only if os.name == "nt" else []),
    ], result.stdout  # fmt: skip
    assert skipped == ([] if os.name == "nt" else windows_only), result.stdout
    _modules_are_shipped_ready_to_run(ROOT / "dist" / "thidua")
    if sys.platform.startswith("linux"):  # glibc's loader lists each library it starts
        started = _libraries_started([str(ROOT / "dist" / "thidua" / "thidua"), "--version"], env)
        assert any("libpython" in lib for lib in started), started  # the loader did report
        assert not [lib for lib in started if "Qt6" in lib], started  # a command loads no Qt
    print(next(line for line in result.stdout.splitlines() if line.startswith("Đã đóng gói")))


def _libraries_started(command: list[str], env: dict[str, str]) -> list[str]:
    """The shared libraries the process initialised (LD_DEBUG=libs: "calling init: <path>")."""
    debug = subprocess.run(command, env={**env, "LD_DEBUG": "libs"}, capture_output=True,
                           text=True, timeout=60).stderr  # fmt: skip
    return [line.rpartition("calling init: ")[2] for line in debug.splitlines()
            if "calling init: " in line]  # fmt: skip


def _modules_are_shipped_ready_to_run(app: Path) -> None:
    """No module as source, which the frozen app (it writes no bytecode) would compile at every
    run (python-docx was: 50 ms of each dossier build); the archive of the others stored, not
    deflated (packaging/build.py, ARCHIVE_ZLIB_LEVEL); the run-time hooks the spec leaves out
    (UNUSED_HOOKS) left out."""
    from PyInstaller.archive.readers import CArchiveReader

    assert not list((app / "_internal").rglob("*.py"))
    assert list((app / "_internal" / "docx").rglob("*.pyc"))  # the folder its templates need
    package = CArchiveReader(str(app / ("thidua.exe" if os.name == "nt" else "thidua")))
    (name,) = [n for n, entry in package.toc.items() if entry[-1] == "z"]  # the PYZ
    modules = package.open_embedded_archive(name)
    for module in ("app.cli", "reportlab.platypus.paragraph", "jinja2.environment"):
        *_, stored = modules.toc[module]  # (kind, offset, length in the archive)
        assert stored > len(modules.extract(module, raw=True)), module  # zlib level 0: no smaller
    scripts = [name for name, entry in package.toc.items() if entry[-1] == "s"]  # run at start
    assert "qt_paths_hook" in scripts and "__main__" in scripts, scripts
    assert not {"pyi_rth_pyside6", "pyi_rth_inspect", "pyi_rth_pkgutil"} & set(scripts), scripts
