"""The integrity check started before the window's imports (store/integrity.py), and the open
that follows it without checking again."""

from __future__ import annotations

import pytest

from app.store import database
from app.store.database import open_store
from app.store.errors import DatabaseCorrupt
from app.store.integrity import IntegrityCheck


def damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x5a" * 8192
    path.write_bytes(bytes(data))


def test_a_whole_database_passes(demo_path):
    assert IntegrityCheck(demo_path).passed()


def test_a_damaged_database_does_not_pass_and_the_open_says_so(demo_path):
    open_store(demo_path).close()  # today's automatic backup, to restore from
    damage(demo_path)
    check = IntegrityCheck(demo_path)
    assert not check.passed()
    with pytest.raises(DatabaseCorrupt, match="bị hỏng"):  # the open checks it itself
        open_store(demo_path, integrity_checked=check.passed())


@pytest.mark.parametrize("content", [None, b"", b"not a database at all" * 100])
def test_what_cannot_be_checked_does_not_pass(tmp_path, content):
    path = tmp_path / "khong-co.sqlite"
    if content is not None:
        path.write_bytes(content)
    assert not IntegrityCheck(path).passed()


def test_a_checked_file_is_opened_without_checking_it_again(demo_path, monkeypatch):
    def not_again(db, path):
        raise AssertionError("checked twice")

    monkeypatch.setattr(database, "_check_integrity", not_again)
    open_store(demo_path, integrity_checked=True).close()
    with pytest.raises(AssertionError, match="checked twice"):
        open_store(demo_path)


def test_the_window_start_checks_its_database_while_qt_is_imported(demo_path, monkeypatch):
    from app import cli

    given = {}
    monkeypatch.setattr(
        "app.ui.application.run_gui", lambda db, **kw: given.update(db=db, **kw) or 0
    )
    assert cli.main(["--db", str(demo_path), "--quit-after-show"]) == 0
    check = given["integrity"]
    assert given["db"] == demo_path and check.path == demo_path and check.passed()


def test_a_path_that_cannot_even_be_looked_at_is_left_to_the_open(tmp_path):
    assert not IntegrityCheck(tmp_path / ("a" * 300 + ".sqlite")).passed()  # name too long
