"""One writer per database, across processes: the window and the `thidua` commands that write
hold the same lock; the refused side says where the file is open; a holder killed with kill -9
leaves nothing that blocks; commands that only read run while the file is held."""

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from tests.register_files import HEADERS, register_rows, write_xlsx
from tests.test_cli import run
from tests.test_storage_faults import assert_opens_with, petitions

ROOT = Path(__file__).resolve().parent.parent
HOST = socket.gethostname()

# The window's opening (app.ui.opening.open_database) in a process of its own, kept open.
WINDOW = (
    "import sys; from pathlib import Path; from app.ui.opening import open_database; "
    "store = open_database(Path(sys.argv[1])); print('ok', flush=True); sys.stdin.readline()"
)
# `thidua register import` stopped just before it stores the rows (until killed).
COMMAND = (
    "import sys; from app.services import register; "
    "register.store = lambda *a: (print('ok', flush=True), sys.stdin.readline()); "
    "from app.cli import main; sys.exit(main(sys.argv[1:]))"
)


def start(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None
    for line in child.stdout:  # a command prints its report first
        if line.strip() == "ok":
            return child
    kill(child)
    pytest.fail("the child ended before it held the database")


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)  # as a power cut would: nothing is released by the app
    child.wait()
    for stream in (child.stdin, child.stdout):
        stream and stream.close()


@pytest.fixture
def register_file(tmp_path) -> Path:
    return write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *register_rows()]})


@pytest.fixture
def window(demo_path) -> Iterator[subprocess.Popen]:
    child = start(WINDOW, str(demo_path))
    yield child
    kill(child)


def test_a_writing_command_is_refused_while_a_window_has_the_database_open(
    window, demo_path, register_file, tmp_path, capsys
):
    """Exit 1, one Vietnamese line naming the window, the machine and its process, no
    traceback; the database is not touched (the import wrote every row before)."""
    backup = tmp_path / "sao-luu.sqlite"
    assert main(["--db", str(demo_path), "backup", "--out", str(backup)]) == 0
    before = demo_path.read_bytes()
    where = f"đang được mở ở một cửa sổ Hồ sơ Thi đua (máy {HOST}, tiến trình {window.pid})"

    result = run("--db", str(demo_path), "register", "import", str(register_file),
                 env_home=tmp_path / "home")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"thidua: Tệp dữ liệu {demo_path.name} {where}.")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1

    capsys.readouterr()
    assert main(["--db", str(demo_path), "restore", str(backup)]) == 1
    assert where in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_commands_that_only_read_run_while_a_window_has_the_database_open(
    window, demo_path, register_file, tmp_path, capsys
):
    db = ["--db", str(demo_path)]
    assert main([*db, "campaign", "use", "ls-tcd-2025"]) == 1  # the window does hold it
    assert "đang được mở" in capsys.readouterr().err
    assert main([*db, "tally"]) == 0
    assert main([*db, "campaign", "list"]) == 0
    assert main([*db, "backup", "--out", str(tmp_path / "sao-luu.sqlite")]) == 0
    assert main([*db, "register", "import", str(register_file), "--dry-run"]) == 0
    assert "đang được mở" not in capsys.readouterr().err


def test_a_command_at_work_holds_the_database_until_it_ends_even_by_kill_9(
    demo_path, register_file, qapp, monkeypatch, capsys
):
    """The window and a second command are told which command holds the file; once that
    command is killed mid-import, the window opens the file, which got none of its rows."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui import opening

    before = petitions(demo_path)
    command = start(COMMAND, "--db", str(demo_path), "register", "import", str(register_file))
    where = f"bởi lệnh “thidua register import” (máy {HOST}, tiến trình {command.pid})"
    try:
        shown = []
        monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
        assert opening.open_database(demo_path) is None
        assert where in shown[0]
        assert main(["--db", str(demo_path), "campaign", "use", "ls-tcd-2025"]) == 1
        assert where in capsys.readouterr().err
    finally:
        kill(command)
    assert_opens_with(demo_path, before)


def test_a_command_run_by_the_process_holding_the_window_keeps_the_window_s_lock(demo_path):
    """Re-entrant within a process: a command run where the window holds the file neither
    waits for itself nor releases the window's lock when it ends."""
    from app.store import lock

    assert lock.acquire(demo_path) is None
    try:
        assert main(["--db", str(demo_path), "campaign", "use", "ls-tcd-2025"]) == 0
        other = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from app.store.lock import acquire; print(acquire(Path(sys.argv[1])))",
             str(demo_path)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        assert "đang được mở ở một cửa sổ Hồ sơ Thi đua" in other.stdout
    finally:
        lock.release(demo_path)
