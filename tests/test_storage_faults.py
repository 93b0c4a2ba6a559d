"""Storage faults (issue 9): a disk that fills up during a register import, a package export to
a stick and a backup; the same database opened by a second copy of the app; each with a clear
Vietnamese message and nothing lost.

A full disk is a real small filesystem where the machine allows it (a tmpfs of a few hundred
KB, mounted by the test as root); elsewhere SQLite's own page limit (`max_page_count`, which
fails with the same SQLITE_FULL) and a write that fails with ENOSPC stand in for it."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.store.database import open_store
from app.store.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def small_disk(folder: Path, kilobytes: int) -> Iterator[bool]:
    """`folder` as a filesystem of `kilobytes`, when mounting is permitted (True); else the
    folder as it is (False) and the caller uses the stand-in."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def assert_opens_with(db_path: Path, petitions_before: int) -> None:
    """The window opens the database (its lock free again), with the petitions it had."""
    from app.store import lock
    from app.ui import opening

    store = opening.open_database(db_path)
    try:
        assert store is not None and petitions(db_path) == petitions_before
    finally:
        if store is not None:
            store.close()
        lock.release(db_path)


def petitions(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM petitions").fetchone()[0]
    finally:
        conn.close()


def large_register(path: Path, rows: int) -> Path:
    import csv

    source = ROOT / "resources" / "demo" / "so-theo-doi-don.csv"
    with source.open(encoding="utf-8-sig") as f:
        header, *samples = list(csv.reader(f))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(rows):
            row = list(samples[i % len(samples)])
            row[0], row[4] = f"LON-{i}", f"Nội dung dài để sổ chiếm chỗ trên đĩa {'x' * 200} {i}"
            writer.writerow(row)
    return path


def test_a_register_import_on_a_full_disk_is_refused_and_the_data_kept(demo_path, tmp_path):
    from datetime import date

    from app.exchange.register_import import plan_import
    from app.store.register import save_import

    plan = plan_import(large_register(tmp_path / "so-lon.csv", 4000), today=date(2025, 11, 1))
    assert not plan.rejected
    disk = tmp_path / "o-dia"
    size = demo_path.stat().st_size // 1024
    with small_disk(disk, size + 400) as real:
        db_path = disk / demo_path.name
        shutil.copyfile(demo_path, db_path)
        before = petitions(db_path)
        store = open_store(db_path, auto_backup=False)
        try:
            if not real:  # stand-in: SQLite's own limit, the same SQLITE_FULL
                (pages,) = store.db.execute("PRAGMA page_count").fetchone()
                store.db.execute(f"PRAGMA max_page_count = {pages + 20}")
            with pytest.raises(StoreError, match="Ổ đĩa đã đầy"), store.user_errors():
                save_import(store.db, 1, plan.records, file_name="so-lon.csv", sheet=plan.sheet)
        finally:
            store.close()
        assert petitions(db_path) == before  # all or nothing: nothing of the import, nothing lost


def test_a_package_saved_to_a_full_stick_leaves_no_file_and_says_why(
    built_unit, tmp_path, monkeypatch
):
    from app.exchange import package as package_format
    from app.services.package import save_and_check

    stick = tmp_path / "usb"
    with small_disk(stick, 96) as real:  # the demo package is about 370 KB
        if not real:

            def full(path, entries):  # stand-in: the stick fills up mid-file
                path.write_bytes(b"PK\x03\x04" + b"\x00" * 1000)
                raise OSError(errno.ENOSPC, "No space left on device", str(path))

            monkeypatch.setattr(package_format, "_write_zip", full)
        with pytest.raises(StoreError, match="Ổ đĩa đã đầy"), built_unit.user_errors():
            save_and_check(built_unit.db, stick)
        assert list(stick.iterdir()) == []  # no partial file taken for a package


def test_a_backup_to_a_full_disk_fails_cleanly(demo_path, tmp_path, monkeypatch):
    from app.store import backups
    from app.store.errors import user_errors

    target = tmp_path / "usb-nho"
    with small_disk(target, 64) as real:
        if not real:  # stand-in: the copy fails as on a full disk

            def full(source: Path, to: Path) -> Path:
                raise OSError(errno.ENOSPC, "No space left on device", str(to))

            monkeypatch.setattr(backups, "copy_database", full)
        before = demo_path.read_bytes()
        with pytest.raises(StoreError, match="Ổ đĩa đã đầy"), user_errors(demo_path):
            backups.manual_backup(demo_path, target / "sao-luu.sqlite")
        assert list(target.iterdir()) == []
        assert demo_path.read_bytes() == before


def test_a_second_copy_of_the_app_is_refused_and_takes_over_after_a_crash(
    demo_path, qapp, monkeypatch
):
    """The first copy holds the database; the second is told so (with where it is open) and
    opens nothing; after the first dies (kill -9) its stale lock is taken over."""
    from PySide6.QtWidgets import QMessageBox

    from app.store import lock
    from app.ui import opening

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from app.store.lock import acquire; "
            "assert acquire(Path(sys.argv[1])) is None; print('ok', flush=True); time.sleep(60)",
            str(demo_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        shown = []
        monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
        before = petitions(demo_path)
        assert opening.open_database(demo_path) is None
        assert "đang được mở ở một cửa sổ Hồ sơ Thi đua" in shown[0]
        assert f"tiến trình {holder.pid}" in shown[0]
    finally:
        holder.kill()  # as a power cut would: the lock file stays behind
        holder.wait()
        holder.stdout and holder.stdout.close()
    assert lock.lock_path(demo_path).exists()
    assert_opens_with(demo_path, before)


def test_a_database_on_read_only_media_is_refused_with_the_reason(demo_path, tmp_path, monkeypatch):
    """A stick with its write-protect switch on, a CD, a share mounted read-only: opening says
    so in Vietnamese and changes nothing. A real read-only filesystem where mounting is
    permitted; else a folder that refuses the app's write probe stands in."""
    from app.store import database

    disk = tmp_path / "o-chi-doc"
    with small_disk(disk, 4096) as real:
        db_path = disk / demo_path.name
        shutil.copyfile(demo_path, db_path)
        before = db_path.read_bytes()
        if real:
            subprocess.run(
                ["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True
            )
        else:  # stand-in: the folder refuses writes as read-only media does

            def read_only(*args, **kwargs):
                raise OSError(errno.EROFS, "Read-only file system", str(disk))

            monkeypatch.setattr(database.tempfile, "TemporaryFile", read_only)
        try:
            with pytest.raises(StoreError, match="chỉ cho phép đọc"):
                open_store(db_path, auto_backup=False)
        finally:
            if real:
                subprocess.run(["mount", "-o", "remount,rw", str(disk)], capture_output=True)
        assert db_path.read_bytes() == before


def test_a_database_whose_stick_is_pulled_keeps_the_typed_text_and_makes_no_new_file(
    demo_path, tmp_path, qtbot
):
    """The stick is pulled (its folder vanishes) while the window is open: the open connection
    would still take writes, into a file no one can find again. Each write is refused with the
    reason and the typed text stays; a page read in the background says so and does not make
    an empty database at the old place; once the stick is back, the same field saves."""
    from datetime import date

    from app.store.people import load_person
    from tests.gui_helpers import open_main_window, select_person, type_text

    stick = tmp_path / "usb"
    stick.mkdir()
    db_path = stick / demo_path.name
    shutil.copyfile(demo_path, db_path)
    window = open_main_window(qtbot, db_path, lambda: date(2025, 10, 31))
    select_person(window, "chau")
    editor = window.people_page.editor
    hometown = editor.edits["hometown"]
    pulled = tmp_path / "usb-ngoai-may"
    stick.rename(pulled)  # as the drive letter disappears
    try:
        hometown.selectAll()
        type_text(hometown, "Thôn Mới")
        hometown.editingFinished.emit()
        assert hometown.text() == "Thôn Mới"
        message = editor.errors["hometown"].text()
        assert message.startswith("Chưa lưu — Không tìm thấy") and "ổ USB đã bị rút" in message
        window.show_page("register")
        page = window.register_page
        qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
        assert "Không tìm thấy" in page.threshold.text()
        assert not stick.exists()  # no new, empty database where the old one was
    finally:
        pulled.rename(stick)  # the stick is back
    window.show_page("people")
    hometown.editingFinished.emit()  # leaving the field again saves what it holds
    assert editor.errors["hometown"].isHidden()
    assert load_person(window.store.db, editor.person_id).hometown == "Thôn Mới"


def test_a_full_stick_under_the_dossier_leaves_no_half_set_and_names_the_folder(
    demo_path, tmp_path, monkeypatch, capsys
):
    """The third document does not fit: exit 1, the message names the output folder (not
    the database), no document of the half-written set is left there, no version is kept."""
    import errno as errno_codes

    from app.cli import main
    from app.documents import docx_renderer as writer

    real, written = writer.render_docx, []

    def fills_up(document, target):
        if len(written) == 2:
            raise OSError(errno_codes.ENOSPC, "No space left on device")
        written.append(target)
        real(document, target)

    monkeypatch.setattr(writer, "render_docx", fills_up)
    stick = tmp_path / "usb" / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(stick)]) == 1
    err = capsys.readouterr().err
    assert "Ổ đĩa đã đầy" in err and str(stick) in err and str(demo_path) not in err
    assert list(stick.iterdir()) == []
    from sqlite_utils import Database

    with Database(demo_path) as db:
        assert db.execute("SELECT count(*) FROM dossier_builds").fetchone() == (0,)


def test_an_export_the_database_cannot_remember_leaves_no_package(
    built_unit, tmp_path, monkeypatch
):
    """The database's disk full after the package was written: the package is removed, so
    nothing is sent that the unit's file does not know it sent."""
    import sqlite3

    from app.services import package as package_service

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(package_service, "record_export", full)
    with pytest.raises(sqlite3.OperationalError):
        package_service.export_package(built_unit.db, tmp_path / "goi")
    assert not any((tmp_path / "goi").glob("*.zip"))
