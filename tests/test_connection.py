"""The store's connection: plain sqlite3 for reads, sqlite-utils on the first write — with the
transaction behaviour sqlite-utils' own Database gives the store's code."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from app.store import schema
from app.store.connection import Database
from app.store.database import open_store
from tests.test_cli import ROOT


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "t.sqlite") as opened:
        opened.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        yield opened


def other_connection(db: Database) -> sqlite3.Connection:
    (path,) = [row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"]
    return sqlite3.connect(path)


def test_a_write_outside_a_transaction_is_committed_at_once(db):
    db.execute("INSERT INTO t (name) VALUES ('An')")
    assert not db.conn.in_transaction
    assert other_connection(db).execute("SELECT name FROM t").fetchall() == [("An",)]


def test_a_failed_write_leaves_no_transaction_open_to_swallow_the_next(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t (name) VALUES (NULL)")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO t (name) VALUES ('Bình')")
    assert other_connection(db).execute("SELECT name FROM t").fetchall() == [("Bình",)]


def test_atomic_blocks_commit_together_roll_back_together_and_nest(db):
    with pytest.raises(RuntimeError), db.atomic():
        db["t"].insert({"name": "Chi"})
        raise RuntimeError("the block failed after its insert")
    with db.atomic():
        db.execute("INSERT INTO t (name) VALUES ('Dung')")
        with pytest.raises(sqlite3.IntegrityError), db.atomic():  # a savepoint inside
            db.execute("INSERT INTO t (name) VALUES ('Em')")
            db.execute("INSERT INTO t (name) VALUES (NULL)")
        db.executescript(
            "INSERT INTO t (name) VALUES ('Giang'); INSERT INTO t (name) VALUES ('Hà');"
        )
        assert not other_connection(db).execute("SELECT * FROM t").fetchall()  # not yet
    names = [r[0] for r in other_connection(db).execute("SELECT name FROM t ORDER BY id")]
    assert names == ["Dung", "Giang", "Hà"]


def test_sql_and_transactions_do_not_load_sqlite_utils_a_table_write_does(tmp_path, isolated_home):
    """Opening a database, reading it and writing SQL in a transaction (as storing a dossier
    does) stay free of sqlite-utils (60–80 ms of start-up); a table's API loads it."""
    path = tmp_path / "d.sqlite"
    open_store(path).close()
    code = "\n".join(
        [
            "import sys",
            "from app.store.database import open_store",
            "from app.store.campaigns import active_campaign_id, load_campaign",
            f"db = open_store({str(path)!r}).db",
            "load_campaign(db, active_campaign_id(db))",
            "before = 'sqlite_utils' in sys.modules",
            "with db.atomic():",
            "    db.execute(\"INSERT INTO settings VALUES ('x', 'y')\")",
            "after_sql = 'sqlite_utils' in sys.modules",
            "db['settings'].insert({'key': 'z', 'value': 'w'})",
            "print(before, after_sql, 'sqlite_utils' in sys.modules)",
        ]
    )
    env = {**os.environ, "THIDUA_HOME": str(isolated_home)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "False", "True"], result.stderr


def test_the_steps_read_as_applied_are_those_sqlite_utils_records(tmp_path):
    """The open path reads the migrations table itself; it must agree with the library that
    writes it, step for step, and name what is pending."""
    path = tmp_path / "m.sqlite"
    names = schema.known_names()
    with Database(path) as db:
        assert not schema.is_tracked(db) and schema.applied_names(db) == []
        schema.apply(db, stop_before=names[5])
        assert schema.pending_names(db) == names[5:]
    with sqlite_utils.Database(path) as raw:
        recorded = [m.name for m in Migrations(schema.MIGRATION_SET).applied(raw)]
        raw["_sqlite_migrations"].insert({"migration_set": "another-app", "name": "x"})
    with Database(path) as db:
        assert schema.applied_names(db) == recorded == names[:5]
        schema.apply(db)
        assert schema.applied_names(db) == names and schema.pending_names(db) == []


def test_an_error_that_ends_the_whole_transaction_is_raised_as_it_is(db):
    """A RAISE(ROLLBACK) trigger ends every savepoint too: the blocks do not try to roll back
    what is gone (which would replace the real error by "no such savepoint")."""
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON t WHEN NEW.name = 'Xoá' "
        "BEGIN SELECT RAISE(ROLLBACK, 'tên bị cấm'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="tên bị cấm"), db.atomic():
        db.execute("INSERT INTO t (name) VALUES ('Khánh')")
        with db.atomic():
            db.execute("INSERT INTO t (name) VALUES ('Xoá')")
    assert not db.conn.in_transaction
    assert other_connection(db).execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_the_window_loads_sqlite_utils_after_its_first_paint_for_the_first_save(
    demo_path, isolated_home
):
    """Opening the window does without sqlite-utils; it is loaded on a thread of its own once
    the window is shown, so the first save does not wait for it."""
    code = "\n".join(
        [
            "import sys",
            "from PySide6.QtCore import QTimer",
            "from PySide6.QtWidgets import QApplication",
            "from app.ui import application",
            "seen = []",
            "def look():",
            "    seen.append('sqlite_utils' in sys.modules)",
            "    if seen[-1] or len(seen) > 500:",
            "        QApplication.quit()",
            "    else:",
            "        QTimer.singleShot(10, look)",
            "real_show = application.MainWindow.show",
            "def show(window):",
            "    real_show(window)",
            "    seen.append('sqlite_utils' in sys.modules)  # shown: not loaded yet",
            "    QTimer.singleShot(10, look)",
            "application.MainWindow.show = show",
            f"application.run_gui(__import__('pathlib').Path({str(demo_path)!r}))",
            "print(seen[0], seen[-1])",
        ]
    )
    env = {**os.environ, "THIDUA_HOME": str(isolated_home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
