"""Automatic daily backups with rotation, manual backups, restore and its refusals."""

import hashlib
from datetime import date, timedelta

import pytest

from app.store.backup_folder import backup_dir, list_backups
from app.store.backups import AUTO_KEEP, manual_backup
from app.store.database import open_store, restore_backup
from app.store.errors import DatabaseCorrupt


def autos(path):
    return sorted(p.name for p in backup_dir(path).glob("tu-dong-*.sqlite"))


def test_one_automatic_backup_per_day(demo_path):
    open_store(demo_path, today=date(2025, 10, 1)).close()
    open_store(demo_path, today=date(2025, 10, 1)).close()
    assert autos(demo_path) == ["tu-dong-2025-10-01.sqlite"]


def test_automatic_backups_keep_the_last_ten_days(demo_path):
    first = date(2025, 10, 1)
    for offset in range(AUTO_KEEP + 3):
        open_store(demo_path, today=first + timedelta(days=offset)).close()
    kept = autos(demo_path)
    assert len(kept) == AUTO_KEEP
    assert kept[0] == "tu-dong-2025-10-04.sqlite"
    assert kept[-1] == "tu-dong-2025-10-13.sqlite"


def test_a_new_database_needs_no_backup(tmp_path):
    open_store(tmp_path / "moi.sqlite").close()
    assert list_backups(tmp_path / "moi.sqlite") == []


def test_backup_is_a_complete_copy_including_uncheckpointed_wal(demo_store, tmp_path):
    # Written through the open connection: still in the WAL when the copy is taken.
    demo_store.db.execute("UPDATE people SET position = 'Mới sửa' WHERE id = 1")
    target = manual_backup(demo_store.path, tmp_path / "sao-luu.sqlite")
    from sqlite_utils import Database

    with Database(target) as copy:
        assert copy.execute("SELECT position FROM people WHERE id = 1").fetchone()[0] == "Mới sửa"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(tmp_path.glob("*.partial"))


def test_restore_brings_back_the_old_data_and_keeps_the_replaced_file(demo_path, tmp_path):
    backup = manual_backup(demo_path, tmp_path / "truoc.sqlite")
    store = open_store(demo_path)
    store.db.execute("DELETE FROM candidates")
    store.close()
    kept = restore_backup(demo_path, backup)
    store = open_store(demo_path)
    assert store.db.execute("SELECT count(*) FROM candidates").fetchone()[0] == 4
    store.close()
    from sqlite_utils import Database

    with Database(kept) as replaced:
        assert replaced.execute("SELECT count(*) FROM candidates").fetchone()[0] == 0


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_backup_is_refused_and_the_database_left_untouched(demo_path, tmp_path):
    bad = manual_backup(demo_path, tmp_path / "hong.sqlite")
    data = bytearray(bad.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x00\xff" * 4096
    bad.write_bytes(bytes(data))
    before = digest(demo_path)
    with pytest.raises(DatabaseCorrupt, match=r"hong\.sqlite"):
        restore_backup(demo_path, bad)
    assert digest(demo_path) == before


def test_a_backup_that_is_not_a_database_is_refused(demo_path, tmp_path):
    text = tmp_path / "ghi-chu.sqlite"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    before = digest(demo_path)
    with pytest.raises(DatabaseCorrupt):
        restore_backup(demo_path, text)
    assert digest(demo_path) == before


def test_every_automatic_backup_restores_the_data_of_its_day(demo_path):
    """Ten days, a different hometown each day: restoring each day's backup brings back the
    data as it was when that day's copy was taken (the first open of the day)."""
    first = date(2025, 10, 1)
    for offset in range(AUTO_KEEP):
        store = open_store(demo_path, today=first + timedelta(days=offset))  # the day's copy
        store.db.execute("UPDATE people SET hometown = ? WHERE id = 1", [f"Ngày {offset}"])
        store.close()
    backups = sorted(backup_dir(demo_path).glob("tu-dong-*.sqlite"))
    assert len(backups) == AUTO_KEEP
    for offset, backup in enumerate(backups):
        restore_backup(demo_path, backup)
        store = open_store(demo_path, auto_backup=False)
        try:
            (hometown,) = store.db.execute("SELECT hometown FROM people WHERE id = 1").fetchone()
        finally:
            store.close()
        # the copy of day N was taken before day N's edit: it holds day N-1's
        assert hometown == (f"Ngày {offset - 1}" if offset else "Xã Hư Cấu, tỉnh Mẫu")


def test_a_damaged_database_is_never_backed_up_over_good_copies(demo_path, tmp_path):
    first = date(2025, 10, 1)
    for offset in range(AUTO_KEEP):
        open_store(demo_path, today=first + timedelta(days=offset)).close()
    good = {p.name: digest(p) for p in backup_dir(demo_path).glob("*.sqlite")}
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x00\xff" * 4096  # pages damaged on the disk
    demo_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):  # refused at open: no daily copy of the damage
        open_store(demo_path, today=first + timedelta(days=AUTO_KEEP))
    with pytest.raises(DatabaseCorrupt):  # nor on demand: the copy is checked before it counts
        manual_backup(demo_path, tmp_path / "thu-cong.sqlite")
    assert not (tmp_path / "thu-cong.sqlite").exists()
    assert not list(tmp_path.glob("*.partial"))
    assert {p.name: digest(p) for p in backup_dir(demo_path).glob("*.sqlite")} == good


def test_a_copy_of_the_file_taken_while_the_app_has_it_open_holds_the_last_save(
    demo_store, tmp_path
):
    """A clerk copies thidua.sqlite (not its -wal file) to a stick with the app open."""
    import shutil
    import sqlite3

    from app.store.people import set_person_field

    set_person_field(demo_store.db, 1, "hometown", "Vừa sửa")
    copy = tmp_path / "ban-chep.sqlite"
    shutil.copyfile(demo_store.path, copy)  # the main file only, as Explorer copies it
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT hometown FROM people WHERE id = 1").fetchone()[0] == "Vừa sửa"
    finally:
        conn.close()


def test_background_jobs_never_take_the_daily_backup(demo_path):
    """Jobs open their own connections, often several at once: only opening the database
    (the window, the command line) makes the day's copy, so two never race for one file."""
    from concurrent.futures import ThreadPoolExecutor

    from app.store.database import with_own_connection

    open_store(demo_path, auto_backup=False).close()
    with ThreadPoolExecutor(4) as pool:
        counts = list(
            pool.map(
                lambda _: with_own_connection(
                    demo_path, lambda db: db.execute("SELECT count(*) FROM people").fetchone()[0]
                ),
                range(8),
            )
        )
    assert len(set(counts)) == 1
    assert autos(demo_path) == []
