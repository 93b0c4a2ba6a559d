import copy
from datetime import date
from fractions import Fraction

import pytest

from app.core.campaign import CampaignError, campaign_from_dict, clone_definition
from app.core.petitions import PetitionType
from app.store.campaigns import (
    active_campaign_id,
    builtin_definitions,
    clone_campaign,
    list_campaigns,
    load_campaign,
    set_active_campaign,
)


def test_builtin_campaign_carries_the_2025_plan(campaign):
    assert campaign.code == "ls-tcd-2025"
    assert campaign.legal_regime == "nd98-2023"
    assert (campaign.period_start, campaign.period_end) == (date(2025, 1, 1), date(2025, 10, 31))
    assert campaign.deadline("unit_submission").date == date(2025, 11, 4)
    assert campaign.deadline("inspectorate_submission").date == date(2025, 11, 9)
    assert campaign.resolution_rate_min == Fraction(96)
    assert campaign.counted_types == frozenset(PetitionType)  # "đơn đề nghị, khiếu nại, tố cáo"
    assert campaign.rating_years == (2020, 2021, 2022, 2023, 2024, 2025)
    assert campaign.rating_floor == "Hoàn thành tốt nhiệm vụ"
    assert campaign.quota_per_unit == 1
    assert set(campaign.quota_kinds) == {"collective", "individual"}
    assert campaign.definition["quota"]["inspectorate_collectives"] == 10
    assert campaign.definition["quota"]["inspectorate_individuals"] == 15
    assert campaign.vote.threshold == Fraction(1, 2) and campaign.vote.threshold_strict
    assert campaign.vote.quorum == Fraction(2, 3) and not campaign.vote.quorum_strict
    assert [c.id for c in campaign.criteria] == [
        "tiep_cong_dan",
        "giai_quyet_don",
        "phong_chong_tham_nhung",
        "hoc_tap_lam_theo_bac",
    ]


def test_no_campaign_value_is_written_in_python():
    import pathlib

    app_dir = pathlib.Path(__file__).resolve().parent.parent / "app"
    sources = "\n".join(p.read_text(encoding="utf-8") for p in app_dir.rglob("*.py"))
    for literal in ("Lạng Sơn", "2025-11-04", '"96"', "ls-tcd-2025"):
        assert literal not in sources


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("period.end", "2024-01-01", "đứng trước"),
        ("period.start", "01/01/2025", "không phải ngày hợp lệ"),
        ("eligibility.rating_floor", "Xuất sắc", "không có trong thang"),
        ("vote.threshold", "một nửa", "không phải số"),
        ("quota.per_unit", 0, "từ 1 trở lên"),
        ("eligibility.counted_petition_types", ["Khiếu nại", "Thư tay"], "Thư tay"),
        ("eligibility.counted_petition_types", [], "ít nhất một loại đơn"),
    ],
)
def test_invalid_definitions_are_refused_in_vietnamese(path, value, message):
    definition = copy.deepcopy(builtin_definitions()[0])
    section, key = path.split(".")
    definition[section][key] = value
    with pytest.raises(CampaignError, match=message):
        campaign_from_dict(definition)


def test_missing_field_is_named():
    definition = copy.deepcopy(builtin_definitions()[0])
    del definition["vote"]["quorum"]
    with pytest.raises(CampaignError, match=r"vote\.quorum"):
        campaign_from_dict(definition)


def test_clone_shifts_every_date_and_rating_year():
    source = builtin_definitions()[0]
    clone = campaign_from_dict(
        clone_definition(source, code="ls-tcd-2026", name="Đợt 2026", year_shift=1)
    )
    assert clone.code == "ls-tcd-2026"
    assert clone.period_start == date(2026, 1, 1)
    assert clone.deadline("unit_submission").date == date(2026, 11, 4)
    assert clone.window_end == date(2026, 12, 31)
    assert clone.rating_years[-1] == 2026
    assert campaign_from_dict(source).period_start == date(2025, 1, 1)  # source untouched


def test_clone_in_store_and_switch_active(empty_store):
    db = empty_store.db
    original = active_campaign_id(db)
    new_id = clone_campaign(db, original, code="moi", name="Đợt mới", year_shift=1)
    assert [code for _, code, _ in list_campaigns(db)] == ["ls-tcd-2025", "moi"]
    set_active_campaign(db, new_id)
    assert active_campaign_id(db) == new_id
    assert load_campaign(db, new_id).period_end == date(2026, 10, 31)


def test_clone_with_taken_code_is_refused(empty_store):
    db = empty_store.db
    with pytest.raises(CampaignError, match="Đã có đợt thi đua"):
        clone_campaign(db, active_campaign_id(db), code="ls-tcd-2025", name="Trùng")
    assert len(list_campaigns(db)) == 1
