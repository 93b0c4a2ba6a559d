"""What the command line writes to a file (issue 23, item 1): redirected output is UTF-8 whatever
the code page Windows gives it (cp1258 on a Vietnamese Windows, cp1252 on an English one), and
`--out TỆP` saves the JSON a command prints."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parent.parent
CODE_PAGES = ["cp1258", "cp1252"]


def run_redirected(argv: list[str], encoding: str, home: Path, tmp_path: Path):
    """`python -m app ARGV > out 2> err` with Python's streams in `encoding`, as Windows gives
    them the ANSI code page when redirected: (exit code, stdout bytes, stderr bytes)."""
    env = {**os.environ, "THIDUA_HOME": str(home), "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)  # UTF-8 mode would hide what a Windows machine does
    out, err = tmp_path / f"out-{encoding}", tmp_path / f"err-{encoding}"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        result = subprocess.run(
            [sys.executable, "-m", "app", *argv], cwd=ROOT, env=env, stdout=stdout,
            stderr=stderr, stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip
    return result.returncode, out.read_bytes(), err.read_bytes()


@pytest.mark.parametrize(
    "command, code, said",
    [
        (["tally"], 0, "Số liệu từ"),
        (["tally", "--json"], 0, '"data_errors": []'),
        (["campaign", "use", "không-có"], 1, "thidua: Không có đợt thi đua mang mã “không-có”."),
        (["tally", "--from", "hôm qua"], 1, "thidua: "),
        (["campaign", "use"], 2, "thidua: lỗi cú pháp lệnh: thiếu"),
        (["--help"], 0, "cách dùng: thidua"),
    ],
    ids=["tally", "tally-json", "error", "bad-date", "usage-error", "help"],
)
def test_redirected_output_is_the_same_utf8_bytes_under_any_code_page(
    command, code, said, demo_path, isolated_home, tmp_path
):
    """`thidua tally > so-lieu.txt` in a batch file crashed with UnicodeEncodeError (cp1258 has
    no “ố”); now the file (and the error on stderr) holds what it holds under UTF-8."""
    argv = ["--db", str(demo_path), *command]
    expected = run_redirected(argv, "utf-8", isolated_home, tmp_path)
    assert expected[0] == code, expected[2].decode("utf-8")
    assert said in (expected[1] + expected[2]).decode("utf-8")
    for code_page in CODE_PAGES:
        assert run_redirected(argv, code_page, isolated_home, tmp_path) == expected, code_page
        if "--json" in command:
            document = json.loads((tmp_path / f"out-{code_page}").read_bytes().decode("utf-8"))
            assert "data_errors" in document


def test_a_character_no_encoding_has_is_written_not_crashed_on(demo_path, isolated_home, tmp_path):
    """A lone surrogate (a byte of a file name or an argument that is no UTF-8) cannot be
    encoded at all: it is written as its \\u escape, and the command still does its work."""
    argv = ["--db", str(demo_path), "tally", "--officer", "Lê\udcff"]
    for encoding in ["utf-8", *CODE_PAGES]:
        code, out, err = run_redirected(argv, encoding, isolated_home, tmp_path)
        assert code == 0, err.decode("utf-8")
        assert "cán bộ Lê\\udcff:" in out.decode("utf-8"), encoding


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's")
def test_an_interactive_console_keeps_its_encoding_and_never_crashes(demo_path, isolated_home):
    """A console is written in its own encoding (UTF-8 there would be unreadable); what it
    cannot show is written as an escape, not a crash. (Windows' own console takes UTF-16
    from Python whatever the code page.)"""
    import pty

    env = {**os.environ, "THIDUA_HOME": str(isolated_home), "PYTHONIOENCODING": "cp1258"}
    env.pop("PYTHONUTF8", None)
    primary, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(demo_path), "tally"], cwd=ROOT, env=env,
            stdout=terminal, stderr=terminal, stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the terminal's other end is closed and all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert result.returncode == 0, shown
    text = shown.decode("cp1258")
    assert text.startswith("S\\u1ed1 li\\u1ec7u t\\u1eeb "), text


def test_out_saves_the_json_the_command_prints(
    demo_path, built_unit, inspectorate_path, tmp_path, capsys
):
    """`--out` writes, in UTF-8, the very JSON stdout gets, and says so in one line."""
    unit, inspectorate = str(demo_path), str(inspectorate_path)
    assert main(["--db", unit, "package", "export", "--out", str(tmp_path / "gui")]) == 0
    (package,) = (tmp_path / "gui").glob("*.zip")
    assert main(["--db", inspectorate, "inbox", "import", str(package)]) == 0
    broken = tmp_path / "khong-phai-goi.zip"
    broken.write_bytes(b"PK")
    capsys.readouterr()
    for number, (argv, code) in enumerate(
        (
            (["--db", unit, "tally", "--json"], 0),
            (["--db", inspectorate, "inbox", "list", "--json"], 0),
            (["package", "verify", str(package), "--json"], 0),
            (["package", "verify", str(broken), "--json"], 1),  # a bad package: said, exit 1
        )
    ):
        assert main(argv) == code
        printed = capsys.readouterr().out
        target = tmp_path / "kết quả" / f"{number}.json"  # a folder not there yet is made
        assert main([*argv, "--out", str(target)]) == code
        said = capsys.readouterr().out
        assert target.read_bytes() == printed.encode("utf-8")
        assert json.loads(target.read_bytes().decode("utf-8")), argv  # not empty
        assert said.startswith("Đã lưu ") and said.endswith(f" vào {target}.\n"), said
        assert said.count("\n") == 1
    assert [p.name for p in tmp_path.rglob("*.partial")] == []


@pytest.mark.parametrize(
    "argv, said",
    [
        (["tally"], "--out lưu kết quả dạng JSON, cần có --json: thidua tally --json --out TỆP"),
        (["inbox", "list", "--json", "--history"], "--out không dùng cùng --history"),
    ],
    ids=["without-json", "with-history"],
)
def test_out_without_json_is_refused_in_words(argv, said, demo_path, tmp_path, capsys):
    target = tmp_path / "so-lieu.json"
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(demo_path), *argv, "--out", str(target)])
    assert exit_.value.code == 2
    assert f"thidua: lỗi cú pháp lệnh: {said}" in capsys.readouterr().err
    assert not target.exists()


def test_out_never_replaces_the_file_the_command_reads(demo_path, tmp_path, capsys):
    """`--out` naming the database (or the package being verified) would replace it with the
    JSON: refused before anything is read or written."""
    package = tmp_path / "goi.zip"
    package.write_bytes(b"PK\x05\x06" + bytes(18))
    before = demo_path.read_bytes()
    for argv in (
        ["tally", "--json", "--out", str(demo_path)],
        ["package", "verify", str(package), "--json", "--out", str(package)],
    ):
        with pytest.raises(SystemExit) as exit_:
            main(["--db", str(demo_path), *argv])
        assert exit_.value.code == 2
        assert "là tệp lệnh đang đọc" in capsys.readouterr().err
    assert demo_path.read_bytes() == before
    assert package.read_bytes() == b"PK\x05\x06" + bytes(18)


def test_out_that_cannot_be_written_is_said_naming_it(demo_path, tmp_path, capsys):
    """A folder where the file should be, a file where a folder should be: a Vietnamese line
    naming it, exit 1, and no half-written `.partial` left beside it."""
    folder = tmp_path / "so-lieu.json"
    folder.mkdir()
    blocking = tmp_path / "bao-cao"
    blocking.write_text("một tệp, không phải thư mục", encoding="utf-8")
    for target, said in (
        (folder, f"thidua: {folder} là một thư mục, không phải tệp."),
        (blocking / "so-lieu.json", f"thidua: {blocking} là một tệp đã có, không phải thư mục"),
    ):
        assert main(["--db", str(demo_path), "tally", "--json", "--out", str(target)]) == 1
        captured = capsys.readouterr()
        assert captured.err.startswith(said), captured.err
        assert captured.out == ""
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert blocking.read_text(encoding="utf-8") == "một tệp, không phải thư mục"
    assert [p.name for p in tmp_path.rglob("*.partial")] == []


def test_the_selftest_step_reads_a_redirected_command_back_as_utf8(demo_path, tmp_path):
    """`thidua selftest` on an officer's machine: a command's output redirected to a file is
    UTF-8 there (here the Vietnamese Windows code page is imposed, as off Windows it is)."""
    import shutil

    from app.selftest import _steps

    folder = tmp_path / "tu-kiem-tra"
    folder.mkdir()
    shutil.copyfile(demo_path, folder / "demo.sqlite")  # as the window step leaves it
    (step,) = [s for title, s in _steps(folder, {}) if "UTF-8" in title]
    assert step().startswith("UTF-8, ")
    written = (folder / "so-lieu.json").read_bytes().decode("utf-8")
    assert json.loads(written)["format"] == "thidua.tally"
