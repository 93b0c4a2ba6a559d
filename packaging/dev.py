"""Set up a private virtual environment and run the app or the tests.

Needs nothing but Python >= 3.11 (standard library only), on Windows and Linux:

    python packaging/dev.py run  [thidua arguments]   # install (first time) and start the app
    python packaging/dev.py test [pytest arguments]   # install (first time) and run all tests

The environment lives in `.venv/` at the project root and is reinstalled only when
`pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "thidua-install.stamp"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 — this script is what an old Python runs
        sys.exit("Cần Python 3.11 trở lên (đang dùng {}.{}).".format(*sys.version_info[:2]))
    python = venv_python()
    if not python.exists():
        print("Tạo môi trường ảo .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text(encoding="ascii").strip() != wanted:
        print("Cài đặt thidua và các thư viện …", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted, encoding="ascii")
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    if argv[0] == "run":
        # with no database yet, the demo ward opens (the setup steps are for real users)
        command = [str(python), "-m", "app", "--demo-when-new", *argv[1:]]
    else:
        command = [str(python), "-m", "pytest", *argv[1:]]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
