"""Shared fixtures. Every test runs with its own user folders (THIDUA_HOME) and, for the GUI,
Qt's offscreen platform, so no test touches the real user's data or needs a display."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Must be set before any QApplication exists; `--onscreen` shows windows when run locally.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def in_ci() -> bool:
    """CI=true (GitHub-style CI, and .ci/run): 100 crash trials and the tests marked slow."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--onscreen", action="store_true", help="show GUI tests on the screen")
    parser.addoption(
        "--crash-trials",
        type=int,
        default=100 if in_ci() else 20,
        help="kill -9 trials of tests/test_crash_trials.py (default 20, 100 under CI=true; "
        "the long mode: 3000)",
    )
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the tests marked slow (the frozen build), as CI=true does",
    )
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden from the current code (tests/test_golden.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--onscreen"):
        os.environ.pop("QT_QPA_PLATFORM", None)


_SLOW_LEFT_OUT = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked slow are deselected (not skipped: they did not run, and say nothing) unless
    --run-slow is given or CI is true."""
    if in_ci() or config.getoption("--run-slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
    config.stash[_SLOW_LEFT_OUT] = len(slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    # here rather than in pytest_report_header: the count is known only after collection, and
    # the header is not shown with -q
    left_out = session.config.stash.get(_SLOW_LEFT_OUT, 0)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if left_out and reporter is not None:
        reporter.write_line(
            f"{left_out} slow test(s) left out (marked slow): run them with --run-slow "
            "(CI=true runs them always)"
        )


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


class DemoTemplates:
    """The demo databases, each variant built once per session on first use and copied per
    test: a build takes 0.25–0.8 s and well over a hundred tests start from one.

    A template holds no signing key (each database makes its own at first use), so every copy
    signs with a key of its own, as a freshly built demo would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._built: dict[tuple[str, bool, bool], Path] = {}

    def copy(
        self, target: Path, *, kind: str = "unit", registers: bool = True, built: bool = False
    ) -> Path:
        """`kind` "unit": the demo ward (`registers`: its two registers imported; `built`: its
        dossier built and stored, as `built_unit` has it); "inspectorate": the Inspectorate's."""
        variant = (kind, registers, built)
        if variant not in self._built:
            self._built[variant] = self._build(*variant)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._built[variant], target)
        return target

    def _build(self, kind: str, registers: bool, built: bool) -> Path:
        from app.services.demo import create_demo, create_inspectorate
        from app.services.dossier import build_and_store
        from app.store.database import with_own_connection
        from app.store.unit_key import KEY_SETTING

        path = self.folder / f"{kind}-{int(registers)}-{int(built)}.sqlite"
        with pytest.MonkeyPatch.context() as patch:
            # the builds' user folders (compiled forms): neither a test's nor the real user's
            patch.setenv("THIDUA_HOME", str(self.folder / "home"))
            if kind == "inspectorate":
                create_inspectorate(path).close()
            else:
                create_demo(path, registers=registers).close()
                if built:
                    with_own_connection(path, lambda db: build_and_store(db, date.today()))
        conn = sqlite3.connect(path)
        try:
            key = conn.execute("SELECT 1 FROM settings WHERE key = ?", [KEY_SETTING]).fetchone()
        finally:
            conn.close()  # the last connection: the WAL is checkpointed into the file, removed
        assert key is None, "a template with a signing key would give every copy the same key"
        sidecars = [p for p in self.folder.iterdir() if p.name.startswith(f"{path.name}-")]
        assert not sidecars, f"the template must be one closed file: {sidecars}"
        return path


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplates:
    return DemoTemplates(tmp_path_factory.mktemp("demo-templates"))


@pytest.fixture
def demo_path(tmp_path: Path, request: pytest.FixtureRequest, demo_templates) -> Path:
    """The demo ward, a copy of the session's template; a module marked
    `demo_without_registers` gets it before any register was imported (the state its import
    tests start from); a test using `built_unit` gets it with its dossier built."""
    bare = request.node.get_closest_marker("demo_without_registers") is not None
    built = "built_unit" in request.fixturenames
    return demo_templates.copy(tmp_path / "demo.sqlite", registers=not bare, built=built)


@pytest.fixture
def demo_store(demo_path: Path) -> Iterator:
    from app.store.database import open_store

    store = open_store(demo_path)
    yield store
    store.close()


@pytest.fixture
def built_unit(demo_store):
    """The demo ward with its dossier built and stored (what a package sends): `demo_path`
    copied the template built so."""
    (builds,) = demo_store.db.execute("SELECT count(*) FROM dossier_builds").fetchone()
    assert builds == 1
    return demo_store


@pytest.fixture
def inspectorate_path(tmp_path: Path, demo_templates) -> Path:
    """The Inspectorate's demo database (`thidua demo --thanh-tra`), a copy of the template."""
    return demo_templates.copy(tmp_path / "thanh-tra.sqlite", kind="inspectorate")


@pytest.fixture(scope="session")
def office_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LibreOffice's PDF of our DOCX of each sample document (tests/sample_documents.py:
    "to_trinh" is to_trinh(14), "danh_sach" danh_sach(60)), all from one LibreOffice start:
    each start takes over a second, and several tests ask for the same conversion."""
    from app.documents.docx_renderer import render_docx
    from tests.office import convert_all
    from tests.sample_documents import danh_sach, to_trinh

    folder = tmp_path_factory.mktemp("office")
    documents = {"to_trinh": to_trinh(14), "danh_sach": danh_sach(60)}
    sources = [render_docx(d, folder / f"{d.name}.docx") for d in documents.values()]
    return dict(zip(documents, convert_all(sources, "pdf", folder / "lo"), strict=True))


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
