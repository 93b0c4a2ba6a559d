"""The command line, run as a user runs it: a separate process, exit codes, Vietnamese errors."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "THIDUA_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_version(isolated_home):
    result = run("--version", env_home=isolated_home)
    assert result.returncode == 0
    assert result.stdout.strip() == f"thidua {__version__}"


def test_demo_then_quit_after_show(tmp_path, isolated_home):
    db = tmp_path / "mau.sqlite"
    created = run("demo", "--db", str(db), env_home=isolated_home)
    assert created.returncode == 0, created.stderr
    assert "Đã tạo dữ liệu mẫu" in created.stdout
    shown = run("--db", str(db), "--quit-after-show", env_home=isolated_home)
    assert shown.returncode == 0, shown.stderr


def test_the_readme_first_start_without_database_opens_the_demo(isolated_home):
    """`packaging/dev.py run` passes --demo-when-new: the demo, not the setup steps."""
    result = run("--demo-when-new", "--quit-after-show", env_home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert (isolated_home / "data" / "du-lieu-mau.sqlite").exists()


def test_db_naming_a_missing_file_creates_an_empty_database(tmp_path, capsys):
    db = tmp_path / "moi" / "don-vi.sqlite"
    assert main(["--db", str(db), "campaign", "list"]) == 0
    assert "* ls-tcd-2025" in capsys.readouterr().out
    from sqlite_utils import Database

    with Database(db) as created:
        assert created.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_cli_never_imports_qt_nor_the_package_code_it_does_not_use(tmp_path, isolated_home):
    """Every command pays for what it imports: no Qt, and no package or crypto code (≈ 0.1 s)
    for a command that sends no package."""
    code = (
        "import sys; from app.cli import main; "
        f"main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'campaign', 'list']); "
        "print(any(m.startswith(('PySide6', 'cryptography')) or m == 'app.exchange.package' "
        "for m in sys.modules))"
    )
    env = {**os.environ, "THIDUA_HOME": str(isolated_home)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_campaign_clone_and_use(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite")
    assert (
        main(
            [
                "--db",
                db,
                "campaign",
                "clone",
                "ls-tcd-2025",
                "--code",
                "2026",
                "--name",
                "Đợt thi đua 2026",
                "--years",
                "1",
            ]
        )
        == 0
    )
    assert main(["--db", db, "campaign", "use", "2026"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "campaign", "list"]) == 0
    assert "* 2026\tĐợt thi đua 2026" in capsys.readouterr().out


def test_unknown_campaign_is_a_one_line_vietnamese_error(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "a.sqlite"), "campaign", "use", "khong-co"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "thidua: Không có đợt thi đua mang mã “khong-co”."


def test_backup_and_restore_commands(demo_path, tmp_path, capsys):
    target = tmp_path / "sao-luu.sqlite"
    assert main(["--db", str(demo_path), "backup", "--out", str(target)]) == 0
    assert target.exists()
    from sqlite_utils import Database

    with Database(demo_path) as db:
        db.execute("DELETE FROM nominations")
    assert main(["--db", str(demo_path), "restore", str(target)]) == 0
    with Database(demo_path) as db:
        assert db.execute("SELECT count(*) FROM nominations").fetchone()[0] == 1
    assert "Đã khôi phục" in capsys.readouterr().out


@pytest.mark.parametrize("backup", ["khong-co.sqlite", "rong.sqlite", "thu-muc"])
def test_restore_refuses_what_is_no_backup_and_keeps_the_data(demo_path, tmp_path, capsys, backup):
    """A typo, an empty file, a folder: nothing is restored, nothing is created, the data
    stays (opening a missing path used to create an empty database and restore it)."""
    (tmp_path / "rong.sqlite").write_bytes(b"")
    (tmp_path / "thu-muc").mkdir()
    before = demo_path.read_bytes()
    assert main(["--db", str(demo_path), "restore", str(tmp_path / backup)]) == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy bản sao lưu" in err or "không phải tệp dữ liệu" in err
    assert not (tmp_path / "khong-co.sqlite").exists()
    assert demo_path.read_bytes() == before


def test_damaged_database_is_reported_not_crashed(demo_path, capsys):
    data = bytearray(demo_path.read_bytes())
    data[:100] = b"\0" * 100
    demo_path.write_bytes(bytes(data))
    assert main(["--db", str(demo_path), "campaign", "list"]) == 1
    assert "bị hỏng" in capsys.readouterr().err


def test_usage_errors_exit_2_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["campaign", "clone", "x"])
    assert info.value.code == 2
    assert "lỗi cú pháp lệnh" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["campaign", "clone", "x"], "thiếu --code, --name"),
        (["campaign", "clone", "x", "--code", "a", "--name", "b", "--years", "abc"],
         "--years cần một số nguyên, không phải 'abc'"),
        (["campaign", "clone", "x", "--code"], "--code cần một giá trị"),
        (["campaign", "nhan-ban"], "LỆNH: không có 'nhan-ban' (chọn 'list', 'clone'"),
        (["tally", "--bogus"], "không hiểu: --bogus"),
    ],
)  # fmt: skip
def test_usage_errors_are_said_in_vietnamese_not_argparses_english(argv, said, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2 and f"thidua: lỗi cú pháp lệnh: {said}" in err
    for english in ("required", "invalid", "expected", "unrecognized", "choose from"):
        assert english not in err.splitlines()[-1]


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "x.sqlite"], ["--db=tệp dữ liệu.sqlite", "--quit-after-show"],
     ["--demo-when-new"], ["--quit", "--db", "dossier"]],
)  # fmt: skip
def test_the_window_start_reads_its_options_as_the_whole_parser_does(argv):
    from app.cli import build_parser, window_start

    assert vars(window_start(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["dossier", "build"], ["--db", "x", "tally"], ["-h"], ["--version"], ["--db"],
     ["--bogus"], ["--d", "x"]],
)  # fmt: skip
def test_anything_but_the_window_start_goes_to_the_whole_parser(argv):
    from app.cli import window_start

    assert window_start(argv) is None


def test_the_window_start_builds_no_command_parser(demo_path, monkeypatch):
    from app import cli

    def not_needed():
        raise AssertionError("the parsers of every command were built")

    monkeypatch.setattr(cli, "build_parser", not_needed)
    started = []
    monkeypatch.setattr("app.ui.application.run_gui", lambda db, **kw: started.append(db) or 0)
    assert cli.main(["--db", str(demo_path), "--quit-after-show"]) == 0
    assert started == [demo_path]
    assert gc.isenabled()  # off while the window starts, on again however it ended


def window_start_says(code: str, home) -> str:
    """The last line `code` prints, run in a fresh Python as the window's start is (offscreen)."""
    env = {**os.environ, "THIDUA_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip(), result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_start_up_path_stays_free_of_heavy_imports(demo_path, isolated_home):
    code = (
        "import sys; from app.cli import main; "
        f"code = main(['--db', {str(demo_path)!r}, '--quit-after-show']); "
        "heavy = ('reportlab', 'docx', 'openpyxl', 'python_calamine', 'pypdfium2', 'sqlite_utils', "
        "'app.exchange.register_import', 'app.ui.pages.register', 'app.ui.pages.people', "
        "'app.services.figures', 'app.core.scoring', 'app.ui.pages.score_sheet', "
        "'app.ui.pages.achievement_editor', 'app.services.dossier_check', "
        "'app.core.overview', 'hashlib', 'dataclasses'); "  # records are msgspec Structs
        "print(code, sorted(m for m in heavy if m in sys.modules))"
    )
    assert window_start_says(code, isolated_home) == "0 []"


def test_a_database_moved_away_during_an_import_is_said_and_gets_nothing(
    demo_path, tmp_path, capsys, monkeypatch
):
    """The stick pulled or the folder moved while the register is read: the import stops
    with the reason and exit 1; no row goes into the file at its new place."""
    from sqlite_utils import Database

    from app.services import register
    from tests.register_files import HEADERS, register_rows, write_xlsx

    path = write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *register_rows()]})
    moved = tmp_path / "da-chuyen.sqlite"
    real_plan = register.plan_import

    def plan_then_pull_the_stick(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        demo_path.rename(moved)
        return planned

    monkeypatch.setattr(register, "plan_import", plan_then_pull_the_stick)
    with Database(demo_path) as db:
        (before,) = db.execute("SELECT count(*) FROM petitions").fetchone()
    assert main(["--db", str(demo_path), "register", "import", str(path)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
    with Database(moved) as db:
        assert db.execute("SELECT count(*) FROM petitions").fetchone()[0] == before


def test_terminal_controls_in_what_is_echoed_are_dropped(tmp_path, capsys):
    """A name from a package or a cell is printed, never obeyed by the terminal (issue 17,
    point 5): ESC sequences, bell and C1 controls are dropped; tabs and line breaks stay."""
    db = ["--db", str(tmp_path / "d.sqlite")]
    assert main([*db, "campaign", "use", "\x1b[2Jkhông\x07có\x9b"]) == 1
    err = capsys.readouterr().err
    assert "“[2Jkhôngcó”" in err and err.endswith(".\n")


@pytest.mark.parametrize("argv", [["--help"], ["awards", "record", "--help"], ["inbox", "--help"]])
def test_help_is_said_in_vietnamese(argv, capsys):
    """Issue 20 (third look): argparse's own lines ("usage:", "options:", "show this help
    message and exit") were English."""
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: thidua") and "in hướng dẫn này rồi thoát" in out
    for english in ("usage:", "options:", "positional arguments", "show this help", "show program"):
        assert english not in out, english


def test_the_command_ends_fast_yet_says_everything_and_runs_exit_functions(
    demo_path, isolated_home, tmp_path
):
    """`run` ends the process without Python's teardown: what was printed still reaches a
    redirected file in full, exit functions (logs, temporary folders) still run, and the exit
    code is the command's — for a failing command too."""
    code = (
        "import atexit, sys; atexit.register(lambda: print('exit functions ran')); "
        "from app.cli import run; sys.argv = ['thidua'] + sys.argv[1:]; run()"
    )
    env = {**os.environ, "THIDUA_HOME": str(isolated_home)}
    for argv, expected_code, said in (
        (["--db", str(demo_path), "tally", "--json"], 0, '"data_errors": []'),
        (["--db", str(demo_path), "register", "import", str(tmp_path / "khong-co.xlsx")], 1, ""),
    ):
        out = tmp_path / "out.txt"
        with out.open("wb") as redirected:
            result = subprocess.run(
                [sys.executable, "-c", code, *argv], cwd=ROOT, env=env, stdout=redirected,
                stderr=subprocess.PIPE,
            )  # fmt: skip
        text = out.read_text(encoding="utf-8")
        assert result.returncode == expected_code, result.stderr
        assert said in text and text.endswith("exit functions ran\n")


def test_the_qt_free_modules_of_the_first_screen_are_imported_before_qt(demo_path, isolated_home):
    """app/ui/qt_free_imports.py lists them: a module the first screen needs that does not use
    Qt, imported after PySide6, is one PySide reads the source of for nothing. Only what the
    UI thread imports counts: Tổng quan's background count may import its own modules before
    the window closes, or not, as the two threads are scheduled."""
    code = (
        "import sys, threading; from app.cli import main; "
        "import app.ui.qt_free_imports; early = set(sys.modules); "
        "qt_first = 'PySide6' in early; on_ui = set(); "
        "sys.addaudithook(lambda event, args: event == 'import' and "
        "threading.current_thread() is threading.main_thread() and on_ui.add(args[0])); "
        f"main(['--db', {str(demo_path)!r}, '--quit-after-show']); "
        "late = [m for m in sys.modules if m.startswith('app.') and m not in early "
        "and m in on_ui and not m.startswith('app.ui') "
        "and 'PySide6' not in open(sys.modules[m].__file__, encoding='utf-8').read()]; "
        "print(qt_first, sorted(late))"
    )
    assert window_start_says(code, isolated_home) == "False []"
