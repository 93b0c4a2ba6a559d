"""Shared fixtures. Every test runs with its own user folders (THIDUA_HOME) and, for the GUI,
Qt's offscreen platform, so no test touches the real user's data or needs a display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Must be set before any QApplication exists; `--onscreen` shows windows when run locally.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--onscreen", action="store_true", help="show GUI tests on the screen")
    parser.addoption(
        "--crash-trials",
        type=int,
        default=100,
        help="kill -9 trials of tests/test_crash_trials.py (the long mode: 3000)",
    )
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden from the current code (tests/test_golden.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--onscreen"):
        os.environ.pop("QT_QPA_PLATFORM", None)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("THIDUA_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box nobody answers would hang the run: fail the test instead.
    Tests that expect a dialog monkeypatch the one they expect."""
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QMessageBox

    def unexpected(*args, **kwargs):
        texts = [a for a in args if isinstance(a, str)]
        pytest.fail(f"unexpected dialog: {texts}")

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture
def demo_path(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The demo ward; a module marked `demo_without_registers` gets it before any register
    was imported (the state its import tests start from)."""
    from app.services.demo import create_demo

    path = tmp_path / "demo.sqlite"
    bare = request.node.get_closest_marker("demo_without_registers") is not None
    create_demo(path, registers=not bare).close()
    return path


@pytest.fixture
def demo_store(demo_path: Path) -> Iterator:
    from app.store.database import open_store

    store = open_store(demo_path)
    yield store
    store.close()


@pytest.fixture
def built_unit(demo_store):
    """The demo ward with its dossier built and stored (what a package sends)."""
    from app.services.dossier import build_and_store

    build_and_store(demo_store.db, date.today())
    return demo_store


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator:
    from app.store.database import open_store

    store = open_store(tmp_path / "empty.sqlite")
    yield store
    store.close()


@pytest.fixture
def campaign():
    from app.core.campaign import campaign_from_dict
    from app.store.campaigns import builtin_definitions

    return campaign_from_dict(builtin_definitions()[0])
