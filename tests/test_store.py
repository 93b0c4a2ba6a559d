"""Opening the database: pragmas, seeding, the audit log, repositories round-trip."""

import json
import unicodedata
from datetime import date

import pytest
from msgspec.structs import replace

from app.core.entities import Award, DisciplineRecord, Person
from app.store.campaigns import active_campaign_id, list_campaigns
from app.store.database import open_store
from app.store.organisation import unit_organisation
from app.store.people import list_people, load_collective, load_person, save_collective, save_person


def test_new_database_is_empty_but_has_the_builtin_campaign(tmp_path):
    store = open_store(tmp_path / "moi.sqlite")
    db = store.db
    assert [code for _, code, _ in list_campaigns(db)] == ["ls-tcd-2025"]
    assert active_campaign_id(db) == 1
    assert unit_organisation(db) is None
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


def test_reopening_does_not_duplicate_the_builtin_campaign(tmp_path):
    path = tmp_path / "a.sqlite"
    open_store(path).close()
    store = open_store(path)
    assert len(list_campaigns(store.db)) == 1
    store.close()


def test_foreign_keys_are_enforced(empty_store):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        empty_store.db.execute(
            "INSERT INTO people (organisation_id, full_name) VALUES (999, 'Không có đơn vị')"
        )


def sample_person(**changes) -> Person:
    values = dict(
        id=None,
        full_name="Nguyễn Thị Mai",
        birth_date=date(1990, 1, 2),
        gender="Nữ",
        position="Công chức Tư pháp",
        ratings={2024: "Hoàn thành tốt nhiệm vụ"},
        disciplines=(DisciplineRecord(date(2022, 5, 6), "Khiển trách", "Chậm hồ sơ"),),
        awards=(Award(2021, "Giấy khen", "QĐ số 1"),),
    )
    values.update(changes)
    return Person(**values)


def test_person_round_trip_with_ratings_discipline_awards(demo_store):
    db = demo_store.db
    org = unit_organisation(db)
    person_id = save_person(db, org.id, sample_person())
    loaded = load_person(db, person_id)
    assert loaded.full_name == "Nguyễn Thị Mai"
    assert loaded.birth_date == date(1990, 1, 2)
    assert loaded.ratings == {2024: "Hoàn thành tốt nhiệm vụ"}
    assert [(d.decision_date, d.form) for d in loaded.disciplines] == [
        (date(2022, 5, 6), "Khiển trách")
    ]
    assert [(a.year, a.title) for a in loaded.awards] == [(2021, "Giấy khen")]
    assert person_id in [p.id for p in list_people(db, org.id)]


def test_text_is_stored_nfc(demo_store):
    db = demo_store.db
    person_id = save_person(
        db, unit_organisation(db).id, sample_person(full_name="Nguye\u0302\u0303n  Văn   Hải")
    )
    stored = db.execute("SELECT full_name FROM people WHERE id = ?", [person_id]).fetchone()[0]
    assert stored == "Nguyễn Văn Hải"


def test_audit_log_records_insert_update_delete_with_before_and_after(demo_store):
    db = demo_store.db
    org_id = unit_organisation(db).id
    person_id = save_person(db, org_id, sample_person())
    start = db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    person = load_person(db, person_id)
    save_person(db, org_id, replace(person, position="Phó Chủ tịch"))
    save_person(db, org_id, replace(load_person(db, person_id), disciplines=()))
    rows = db.execute(
        "SELECT entity, entity_id, action, before, after FROM audit_log WHERE id > ? ORDER BY id",
        [start],
    ).fetchall()
    assert [(r[0], r[2]) for r in rows] == [("people", "update"), ("discipline_records", "delete")]
    _, entity_id, _, before, after = rows[0]
    assert entity_id == person_id
    assert json.loads(before)["position"] == "Công chức Tư pháp"
    assert json.loads(after)["position"] == "Phó Chủ tịch"
    assert json.loads(rows[1][3])["form"] == "Khiển trách" and rows[1][4] is None


def test_saving_unchanged_data_writes_no_audit_rows(demo_store):
    db = demo_store.db
    org_id = unit_organisation(db).id
    person_id = save_person(db, org_id, sample_person())
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    save_person(db, org_id, load_person(db, person_id))
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_audit_log_has_a_time_for_every_row(demo_store):
    times = [r[0] for r in demo_store.db.execute("SELECT at FROM audit_log")]
    assert times and all(t.endswith("Z") and len(t) >= 20 for t in times)


def test_every_table_is_audited(demo_store):
    from app.store.audit import audited_tables

    triggers = {
        r[0] for r in demo_store.db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    for table in audited_tables(demo_store.db):
        for action in ("insert", "update", "delete"):
            assert f"audit_{table}_{action}" in triggers


def test_triggers_are_remade_only_for_a_table_whose_columns_changed(tmp_path):
    """Each migration installs the triggers again: those already right are left as they are
    (a new database's creation remade ~35 tables' triggers 16 times), a changed table's are
    remade with its new column."""
    from app.store.audit import install_triggers

    store = open_store(tmp_path / "moi.sqlite")
    db = store.db
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    install_triggers(db)
    assert not [s for s in statements if "TRIGGER" in s]
    db.execute("ALTER TABLE settings ADD COLUMN note TEXT")
    statements.clear()
    install_triggers(db)
    db.conn.set_trace_callback(None)
    remade = sorted(s.split('"')[1] for s in statements if s.startswith("CREATE TRIGGER"))
    assert remade == ["audit_settings_delete", "audit_settings_insert", "audit_settings_update"]
    db.execute("INSERT INTO settings (key, value, note) VALUES ('thu', '1', 'Út')")
    (after,) = db.execute("SELECT after FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(after)["note"] == "Út"
    store.close()


def test_collective_round_trip_keeps_duties_head_and_members(demo_store):
    db = demo_store.db
    unit = unit_organisation(db).id
    (cid,) = db.execute("SELECT id FROM collectives WHERE name LIKE 'Văn phòng%'").fetchone()
    stored = load_collective(db, cid)
    assert stored.duties.startswith("Tham mưu tổng hợp") and stored.head_id is not None
    new_head = stored.members[-1].id
    typed = unicodedata.normalize("NFD", "  Tiếp nhận   hồ sơ ")  # as some keyboards send it
    save_collective(db, unit, replace(stored, duties=typed, head_id=new_head))
    again = load_collective(db, cid)
    assert (again.duties, again.head_id) == ("Tiếp nhận hồ sơ", new_head)
    assert [m.id for m in again.members] == [m.id for m in stored.members]
    db.execute("DELETE FROM people WHERE id = ?", [new_head])  # the head leaves the unit
    assert load_collective(db, cid).head_id is None


def test_the_audit_log_never_holds_the_unit_signing_key(tmp_path):
    """The log recorded every setting with its value: the private key too (found by the fuzz
    suite). It records that the key changed; a log from before is scrubbed at upgrade."""
    from app.store import audit
    from app.store.unit_key import KEY_SETTING, unit_key

    store = open_store(tmp_path / "d.sqlite")
    key = unit_key(store.db).private_bytes_raw().hex()
    rows = store.db.execute("SELECT before, after FROM audit_log").fetchall()
    assert not any(key in (side or "") for row in rows for side in row)
    assert any(KEY_SETTING in (after or "") for _, after in rows)  # the change is logged
    with store.db.atomic():  # a log written before the fix
        store.db.execute(
            "INSERT INTO audit_log (entity, entity_id, action, after) VALUES "
            "('settings', 1, 'insert', json_object('key', ?, 'value', ?))",
            [KEY_SETTING, key],
        )
        audit.scrub_secrets(store.db)
    rows = store.db.execute("SELECT before, after FROM audit_log").fetchall()
    assert not any(key in (side or "") for row in rows for side in row)
    store.close()
