"""Schema versions: every earlier version upgrades with its data and a backup; newer, foreign
and damaged files are refused with the right message."""

import hashlib
import sqlite3

import pytest
from sqlite_utils import Database

from app.store import schema
from app.store.backup_folder import backup_dir, list_backups
from app.store.database import applied_migrations, open_store, restore_backup
from app.store.errors import DatabaseCorrupt, NotADatabase, SchemaTooNew

NAMES = schema.known_names()

# Rows a user could have stored at each version, written with that version's schema.
SEED_AT_VERSION = {
    1: [
        "INSERT INTO organisations (id, name, abbreviation) VALUES (1, 'UBND phường Cũ', 'UBND')",
        "INSERT INTO people (id, organisation_id, full_name, birth_date) "
        "VALUES (1, 1, 'Trần Văn Đức', '1980-02-03')",
        "INSERT INTO ratings (person_id, year, rating) VALUES (1, 2023, 'Hoàn thành tốt nhiệm vụ')",
    ],
    2: ["INSERT INTO people (id, organisation_id, full_name) VALUES (2, 1, 'Lê Thị Ánh')"],
    3: [
        "INSERT INTO petitions (organisation_id, petition_key, received, type) "
        "VALUES (1, 'Đ-01', '2025-03-01', 'KN')",
        # the audit log before 0018 copied the signing key's value in clear
        "INSERT INTO audit_log (entity, entity_id, action, after) VALUES ('settings', 9, "
        "'insert', json_object('key', 'unit_signing_key', 'value', 'ab12cd34'))",
    ],
    4: [
        "INSERT INTO receptions (organisation_id, reception_key, day, officer, form) "
        "VALUES (1, 'T-01', '2025-03-03', 'Nguyễn Văn An', 'dinh_ky')"
    ],
    5: [
        "INSERT INTO declared_figures VALUES (1, 1, 'KN', 1, 2, 3, 2, 1, 5, 5)",
    ],
    6: [
        "INSERT INTO meetings (id, campaign_id, organisation_id, voting_mode) "
        "VALUES (1, 1, 1, 'secret_ballot')",
        "INSERT INTO meeting_members (meeting_id, name) VALUES (1, 'Trần Văn Đức')",
    ],
    7: [
        "UPDATE meeting_members SET ballot_role = 'Trưởng ban'",
        "INSERT INTO collectives (id, organisation_id, name, description) "
        "VALUES (1, 1, 'Bộ phận Một cửa', 'Tiếp nhận hồ sơ')",
    ],
    8: ["UPDATE collectives SET head_person_id = 1"],
    9: ["UPDATE people SET party_position = 'Bí thư Chi bộ' WHERE id = 1"],
    10: [
        "INSERT INTO candidates (id, campaign_id, person_id) VALUES (1, 1, 1)",
        "INSERT INTO attachment_contents VALUES ('ab', x'255044462d')",
        "INSERT INTO attachments (candidate_id, file_name, media_type, size, sha256) "
        "VALUES (1, 'bang-khen.pdf', 'application/pdf', 5, 'ab')",
    ],
    11: [
        "INSERT INTO dossier_settings (organisation_id, campaign_id, to_trinh_number) "
        "VALUES (1, 1, '05')"
    ],
    12: [
        "INSERT INTO dossier_builds (id, organisation_id, campaign_id, version, fingerprint) "
        "VALUES (1, 1, 1, 1, 'abc')",
        "INSERT INTO dossier_files VALUES (1, '01_To_trinh.pdf', 'ab', x'255044462d')",
    ],
    13: ["UPDATE dossier_settings SET bien_ban_number = '03'"],
    14: [
        "INSERT INTO signed_scans (build_id, document, pages, sha256, content) "
        "VALUES (1, '01_To_trinh', 1, 'ab', x'255044462d')"
    ],
    15: [
        "INSERT INTO package_exports (package_id, sha256, file_name, created_at) "
        "VALUES ('p1', 'ab', 'UBND_ls_20251101.zip', '2025-11-01')",
        "INSERT INTO inbox_units (id, name_key, name, public_key) VALUES (1, 'k', 'UBND', 'ab')",
    ],
    16: ["UPDATE inbox_units SET name = 'UBND xã Một' WHERE id = 1"],
    17: [
        "INSERT INTO inbox_packages (id, unit_id, package_id, campaign_code, file_name, sha256, "
        "size, created_at, late, data, withdrawn_at, withdrawn_reason) VALUES (1, 1, 'p1', "
        "'ls-tcd-2025', 'a.zip', 'cd', 1, '2025-11-01', 0, '{}', '2025-11-02', 'Gửi nhầm')"
    ],
    # a signing key stored once the log hides secrets
    18: ["INSERT INTO settings (key, value) VALUES ('unit_signing_key', 'ef56ab78')"],
    19: ["INSERT INTO inbox_late_acceptances (package_id, reason) VALUES (1, 'Gửi bưu điện')"],
    20: [
        "INSERT INTO candidate_gates (candidate_id, gate, pending, note) "
        "VALUES (1, 'khieu_nai_to_cao', 1, 'Đơn tố cáo đang xác minh')"
    ],
    21: [
        "INSERT INTO awards_register (book_number, campaign_code, decision_number, "
        "decision_date, award, recipient, kind, person_id, recorded_at) VALUES (7, "
        "'ls-tcd-2025', '12', '2025-12-10', 'Giấy khen', 'Trần Văn Đức', 'individual', 1, "
        "'2025-12-11 08:00:00')"
    ],
    22: [
        "INSERT INTO package_exports (package_id, sha256, file_name, created_at, campaign_code) "
        "VALUES ('p2', 'cd', 'b.zip', '2025-11-02T01:00:00Z', 'ls-tcd-2025')"
    ],
    23: ["INSERT INTO score_entries (candidate_id, criterion, value) VALUES (1, 'gq', '185/2')"],
    24: [
        "INSERT INTO inbox_nominees (id, package_id, position, kind, name, facts) "
        "VALUES (1, 1, 1, 'collective', 'Tổ Một', '{}')",
        "INSERT INTO inbox_score_adjustments VALUES (1, 'gq', '25', 'Sổ ghi sai 2 vụ')",
    ],
}


def make_database_at(path, version: int) -> None:
    """A file with the first `version` migrations applied and that version's data."""
    db = Database(path)
    schema.apply(db, stop_before=NAMES[version] if version < len(NAMES) else None)
    for v in range(1, version + 1):
        for statement in SEED_AT_VERSION.get(v, []):
            db.execute(statement)
    db.close()


def test_the_seed_table_covers_every_version():
    assert set(SEED_AT_VERSION) == set(range(1, len(NAMES) + 1))


@pytest.mark.parametrize("version", range(len(NAMES)))
def test_every_earlier_version_upgrades_with_data_intact_and_a_backup(tmp_path, version):
    path = tmp_path / "cu.sqlite"
    make_database_at(path, version)
    store = open_store(path)
    db = store.db
    assert applied_migrations(db) == NAMES
    names = [r[0] for r in db.execute("SELECT full_name FROM people ORDER BY id")]
    expected = [s.split("'")[1] for v in range(2, min(version, 2) + 1) for s in SEED_AT_VERSION[v]]
    if version >= 1:
        assert names == ["Trần Văn Đức", *expected]
        assert db.execute("SELECT rating FROM ratings").fetchone()[0] == "Hoàn thành tốt nhiệm vụ"
    if version >= 3:
        assert db.execute("SELECT petition_key FROM petitions").fetchone()[0] == "Đ-01"
    if version >= 4:
        assert db.execute("SELECT officer FROM receptions").fetchone()[0] == "Nguyễn Văn An"
    if version >= 5:
        assert db.execute("SELECT resolved FROM declared_figures").fetchone()[0] == 3
    if version >= 7:  # a collective stored before heads existed has none; its duties stay
        collective = db.execute("SELECT description, head_person_id FROM collectives").fetchone()
        assert collective == ("Tiếp nhận hồ sơ", 1 if version >= 8 else None)
    if version >= 1:  # a person stored before Party positions existed holds none
        party = db.execute("SELECT party_position FROM people WHERE id = 1").fetchone()[0]
        assert party == ("Bí thư Chi bộ" if version >= 9 else "")
    log = "".join(str(r) for r in db.execute("SELECT before, after FROM audit_log").fetchall())
    assert "ef56ab78" not in log  # no secret survives the upgrade
    if version <= NAMES.index("0018_audit_without_secrets"):  # the seed wrote it in clear
        assert "ab12cd34" not in log
    if version >= 3:
        assert "bí mật, không ghi vào nhật ký" in log
    if version >= 17:  # a package received before late ones needed accepting: no decision
        assert db.execute("SELECT late FROM inbox_packages").fetchall() == [(0,)]
        accepted = db.execute("SELECT reason FROM inbox_late_acceptances").fetchall()
        assert accepted == ([("Gửi bưu điện",)] if version >= 19 else [])
    if version >= 1:  # a candidate declared before Decree 152's gates has declared none
        gates = db.execute("SELECT gate, pending FROM candidate_gates").fetchall()
        assert gates == ([("khieu_nai_to_cao", 1)] if version >= 20 else [])
    if version >= 1:  # a database from before the Sổ vàng has an empty one
        book = db.execute("SELECT book_number, recipient FROM awards_register").fetchall()
        assert book == ([(7, "Trần Văn Đức")] if version >= 21 else [])
    if version >= 6:  # a member stored before the ban kiểm phiếu existed sits on none
        member = db.execute("SELECT name, ballot_role FROM meeting_members").fetchone()
        assert member == ("Trần Văn Đức", "Trưởng ban" if version >= 7 else "")
    store.close()
    backups = [p for p in list_backups(path) if p.name.startswith(f"truoc-nang-cap-v{version}-")]
    assert len(backups) == 1
    with Database(backups[0]) as old:
        assert applied_migrations(old) == NAMES[:version]


def test_a_campaign_stored_by_an_older_app_gains_the_newer_settings(tmp_path):
    import copy
    import json

    from app.store.campaigns import builtin_definitions, load_campaign

    path = tmp_path / "cu.sqlite"
    make_database_at(path, NAMES.index("0006_campaign_reception_minimum"))
    old = copy.deepcopy(builtin_definitions()[0])
    del old["reception"]  # what the 2025 campaign looked like before the reception log
    old["code"] = "dot-cu"
    with Database(path) as db:
        db.execute(
            "INSERT INTO campaigns (code, name, definition) VALUES (?, ?, ?)",
            ["dot-cu", "Đợt cũ", json.dumps(old, ensure_ascii=False)],
        )
    store = open_store(path)
    (campaign_id,) = store.db.execute("SELECT id FROM campaigns WHERE code = 'dot-cu'").fetchone()
    assert load_campaign(store.db, campaign_id).leader_reception_minimum == (1, "week")
    store.close()


def test_upgraded_database_audits_changes_made_after_the_upgrade(tmp_path):
    path = tmp_path / "cu.sqlite"
    make_database_at(path, 1)
    store = open_store(path)
    store.db.execute("UPDATE people SET full_name = 'Trần Văn Đạt' WHERE id = 1")
    row = store.db.execute(
        "SELECT action, before, after FROM audit_log WHERE entity = 'people'"
    ).fetchone()
    assert row[0] == "update"
    assert "Trần Văn Đức" in row[1] and "Trần Văn Đạt" in row[2]
    store.close()


def test_current_database_is_not_backed_up_for_migration(tmp_path):
    path = tmp_path / "moi.sqlite"
    open_store(path).close()
    open_store(path).close()
    assert not [p for p in list_backups(path) if p.name.startswith("truoc-nang-cap")]


def file_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "moi-hon.sqlite"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('thidua', '0099_from_the_future', '2030-01-01')"
        )
    conn.close()
    digest = file_digest(path)
    with pytest.raises(SchemaTooNew, match="phiên bản Hồ sơ Thi đua mới hơn") as info:
        open_store(path)
    assert "0099_from_the_future" in str(info.value)
    assert "cập nhật ứng dụng" in str(info.value)
    assert file_digest(path) == digest


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "khac.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE x (a)")
    conn.close()
    with pytest.raises(NotADatabase, match="không phải tệp dữ liệu của Hồ sơ Thi đua"):
        open_store(path)


def corrupt(path, start: int, end: int) -> None:
    data = bytearray(path.read_bytes())
    data[start:end] = b"\x5a" * (end - start)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("start", "end"),
    [(4096 * 3, 4096 * 5), (0, 100)],
    ids=["pages overwritten", "header overwritten"],
)
def test_corruption_is_detected_with_the_restore_offer(demo_path, start, end):
    open_store(demo_path).close()  # takes today's automatic backup
    corrupt(demo_path, start, end)
    with pytest.raises(DatabaseCorrupt) as info:
        open_store(demo_path)
    error = info.value
    assert "bị hỏng" in str(error)
    assert error.backups and error.backups[0].parent == backup_dir(demo_path)
    assert "Có thể khôi phục từ bản sao lưu gần nhất" in str(error)

    kept = restore_backup(demo_path, error.backups[0])
    store = open_store(demo_path)
    assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 12
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
    assert kept is not None and kept.exists()  # the damaged file is kept, not deleted


def test_corruption_without_backups_says_so(demo_path):
    corrupt(demo_path, 4096 * 3, 4096 * 5)
    with pytest.raises(DatabaseCorrupt, match="Không tìm thấy bản sao lưu nào"):
        open_store(demo_path)


def test_the_inbox_knows_units_by_identity_and_packages_by_the_key_that_signed(tmp_path):
    """0016: a unit's name key becomes its identity (two spellings of one name received before
    stay apart, as received); each stored package gains the key its manifest was signed with."""
    import io
    import json
    import zipfile

    path = tmp_path / "thanh-tra.sqlite"
    make_database_at(path, NAMES.index("0016_inbox_unit_identity"))
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"public_key": "cd" * 32}))
    with Database(path) as db:
        db.execute("INSERT INTO inbox_units (id, name_key, name, public_key) "
                   "VALUES (2, 'x|UBND phường Hoa Sen', 'UBND phường Hoa Sen', 'cd'), "
                   "(3, '|UBND phường Hoa Sen.', 'UBND phường Hoa Sen.', 'ef')")  # fmt: skip
        db.execute("INSERT INTO inbox_packages (id, unit_id, package_id, campaign_code, "
                   "file_name, sha256, size, created_at, late, data) VALUES "
                   "(1, 2, 'p', 'ls', 'a.zip', 's', 1, '2025-11-01', 0, '{}')")  # fmt: skip
        db.execute("INSERT INTO inbox_package_contents VALUES (1, ?)", [package.getvalue()])
    store = open_store(path)
    keys = dict(store.db.execute("SELECT id, name_key FROM inbox_units").fetchall())
    assert keys[2] == "ubnd phuong hoa sen" and keys[3] == "ubnd phuong hoa sen#3"
    (signer,) = store.db.execute("SELECT signer_key FROM inbox_packages").fetchone()
    assert signer == "cd" * 32
    store.close()


def test_a_package_sent_before_exports_knew_their_campaign_keeps_it(tmp_path):
    """Issue 20: a unit that sent its package before the upgrade is not told it is overdue."""
    import json

    from app.store.campaigns import builtin_definitions
    from app.store.package_exports import first_export

    # the only campaign there is owns every earlier package; among several, the file name tells
    path = tmp_path / "old.sqlite"
    make_database_at(path, 21)
    db = Database(path)
    builtin = builtin_definitions()[0]
    db.execute(
        "INSERT INTO campaigns (code, name, definition) VALUES (?, ?, ?)",
        [builtin["code"], builtin["name"], json.dumps(builtin, ensure_ascii=False)],
    )
    db.execute(
        "INSERT INTO package_exports VALUES ('p9', 'ef', 'UBND_Hoa_Sen_ls_tcd_2025_20251103.zip', "
        "'2025-11-03T02:00:00Z')"
    )
    db.conn.commit()
    db.close()
    store = open_store(path)
    try:
        # the only campaign there is: both earlier packages were for it
        rows = store.db.execute("SELECT package_id, campaign_code FROM package_exports").fetchall()
        assert sorted(rows) == [("p1", builtin["code"]), ("p9", builtin["code"])]
        assert first_export(store.db, builtin["code"])[1] == "UBND_ls_20251101.zip"
    finally:
        store.close()


def test_among_several_campaigns_an_earlier_package_is_matched_by_its_file_name(tmp_path):
    import json

    from app.store.campaigns import builtin_definitions

    path = tmp_path / "old.sqlite"
    make_database_at(path, 21)
    db = Database(path)
    for code in ("ls-tcd-2025", "tcd-2025"):  # one code inside the other: the longer wins
        definition = {**builtin_definitions()[0], "code": code}
        db.execute(
            "INSERT INTO campaigns (code, name, definition) VALUES (?, ?, ?)",
            [code, code, json.dumps(definition, ensure_ascii=False)],
        )
    for package, name in (("p8", "UBND_X_tcd_2025_20251103.zip"),
                          ("p9", "UBND_Y_ls_tcd_2025_20251103.zip")):  # fmt: skip
        db.execute("INSERT INTO package_exports VALUES (?, 'ef', ?, '2025-11-03T02:00:00Z')",
                   [package, name])  # fmt: skip
    db.conn.commit()
    db.close()
    store = open_store(path)
    try:
        rows = dict(store.db.execute("SELECT package_id, campaign_code FROM package_exports"))
        assert rows == {"p1": "", "p8": "tcd-2025", "p9": "ls-tcd-2025"}
    finally:
        store.close()
