"""The demo ward: what `thidua demo` promises, read back from the database."""

import pytest

from app.core.eligibility import Status
from app.core.overview import build_overview
from app.core.tally import rate_text
from app.services.demo import create_demo
from app.services.figures import unit_figures
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.errors import StoreError
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.store.people import list_collectives, list_people, load_collective


def test_demo_content(demo_store):
    db = demo_store.db
    org = unit_organisation(db)
    assert org is not None and "Hoa Sen" in org.name
    people = list_people(db, org.id)
    assert len(people) == 12
    collectives = [load_collective(db, c.id) for c in list_collectives(db, org.id)]
    assert len(collectives) == 2 and all(c.members for c in collectives)
    ratings = db.execute("SELECT DISTINCT year FROM ratings ORDER BY year").fetchall()
    assert [r[0] for r in ratings] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert db.execute("SELECT count(*) FROM discipline_records").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM achievements WHERE text <> ''").fetchone()[0] >= 4


def test_demo_overview_shows_one_ineligible_candidate_with_reason_and_one_nominee(demo_store):
    db = demo_store.db
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    candidates = load_candidates(db, campaign_id)
    meeting = load_meeting(db, campaign_id, unit_organisation(db).id)
    overview = build_overview(campaign, candidates, meeting, campaign.period_end)
    failed = [e for e in overview.candidates if e.status is Status.FAIL]
    assert [e.candidate.name for e in failed] == ["Phạm Quốc Dũng"]
    assert "Khiển trách ngày 15/06/2023" in failed[0].reasons[0]
    assert [c.name for c in candidates if c.nominated] == ["Bộ phận Tiếp công dân phường Hoa Sen"]
    assert overview.quota.status is Status.PASS
    vote = overview.vote
    assert vote is not None and vote.quorum_met and (vote.present, vote.total_members) == (8, 9)
    nominee_id = next(c.id for c in candidates if c.nominated)
    assert vote.elected == (nominee_id,)  # the recorded nominee is the one the vote elected
    assert [d.days_left for d in overview.deadlines] == [4, 9]


def test_demo_is_clearly_fictional():
    from app.paths import resources_dir

    text = (resources_dir() / "demo" / "phuong-hoa-sen.toml").read_text(encoding="utf-8")
    assert "hư cấu" in text and "example.invalid" in text


def test_demo_refuses_an_existing_file(demo_path):
    with pytest.raises(StoreError, match="đã tồn tại"):
        create_demo(demo_path)


def test_demo_registers_give_the_unit_and_officer_figures(demo_store):
    """The demo's two registers go through the import: the figures every output shows."""
    db = demo_store.db
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    unit_id = unit_organisation(db).id
    unit = unit_figures(db, unit_id, campaign_id, campaign)
    counts = unit.figures.resolution
    assert (counts.carried_over, counts.new, counts.resolved) == (2, 29, 30)
    assert rate_text(counts.rate) == "96,77%"
    assert unit.has_receptions and all(p.meets_minimum for p in unit.leader_reception)
    chau = unit_figures(db, unit_id, campaign_id, campaign, officer="le minh chau")
    assert (chau.figures.resolution.resolved, chau.figures.resolution.denominator) == (9, 9)


def test_each_test_gets_its_own_copy_of_the_demo_template(demo_store, demo_templates, tmp_path):
    """The demo is built once per session and copied per test (tests/conftest.py): what one
    test writes never reaches the template, and each copy makes a signing key of its own."""
    from sqlite_utils import Database

    from app.store.unit_key import unit_key

    (hometown,) = demo_store.db.execute("SELECT hometown FROM people WHERE id = 1").fetchone()
    with demo_store.db.atomic():
        demo_store.db.execute("UPDATE people SET hometown = 'Sửa trong bản sao' WHERE id = 1")
    mine = unit_key(demo_store.db).public_key().public_bytes_raw()
    fresh = demo_templates.copy(tmp_path / "fresh" / "demo.sqlite")
    with Database(fresh) as db:
        assert db.execute("SELECT hometown FROM people WHERE id = 1").fetchone() == (hometown,)
        assert hometown != "Sửa trong bản sao"
        theirs = unit_key(db).public_key().public_bytes_raw()
    assert theirs != mine
