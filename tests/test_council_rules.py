"""The council's rules per campaign (issue 19, point 5): the threshold's base (all members or
those taking part), absent members' written opinions, the usual way of voting. The Biên bản
states the rule it applied, and the Inspectorate counts again under the same rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from app.core.campaign import CampaignError, campaign_from_dict
from app.core.inbox import NomineeRecord, read_nominee
from app.core.meeting import VotingMode
from app.services.dossier import write_documents
from app.store.campaigns import (
    active_campaign_id,
    builtin_definitions,
    load_campaign,
    set_campaign_value,
)
from app.store.meeting import load_meeting
from tests.gui_helpers import open_main_window
from tests.office import docx_lines


def with_rule(path, **flags) -> None:
    with Database(path) as db:
        for key, value in flags.items():
            set_campaign_value(db, active_campaign_id(db), f"vote.{key}", value)


def minutes(path, out) -> str:
    with Database(path) as db:
        built = write_documents(db, out, ("docx",))
    (docx,) = [d.files[0] for d in built if d.files[0].stem == "02_Bien_ban_hop_xet"]
    return "\n".join(docx_lines(docx))


def test_the_bien_ban_states_the_rule_of_those_taking_part_and_the_written_opinion(
    demo_path, tmp_path
):
    """The demo: 9 members, 8 present, Dương Thị Ngọc away with a written opinion."""
    default = minutes(demo_path, tmp_path / "a")
    assert "trên một nửa tổng số thành viên Hội đồng đồng ý" in default
    assert "Số thành viên có mặt 8/9, đạt yêu cầu" in default

    with_rule(demo_path, of_present=True)
    present = minutes(demo_path, tmp_path / "b")
    assert "trên một nửa số thành viên dự họp đồng ý" in present
    assert "Bộ phận Tiếp công dân phường Hoa Sen được" not in present  # it is proposed
    assert "Lê Minh Châu được 5/8 phiếu (62,50%)" in present  # of the 8 present

    assert "Số phiếu đồng ý / số thành viên dự họp" in present  # the table's header too

    with_rule(demo_path, written_opinions=True)
    written = minutes(demo_path, tmp_path / "c")
    count = "\n".join(docx_lines(tmp_path / "c" / "02a_Bien_ban_kiem_phieu.docx"))
    assert "Tỷ lệ so với số dự họp và ý kiến bằng văn bản" in count
    assert "Số phiếu đồng ý gồm cả 1 ý kiến bằng văn bản của thành viên vắng mặt" in count
    assert "trên một nửa số thành viên dự họp và có ý kiến bằng văn bản đồng ý" in written
    assert (
        "Số thành viên có mặt 8/9, đạt yêu cầu có mặt từ hai phần ba tổng số thành viên trở "
        "lên: cuộc họp đủ điều kiện tiến hành. Ý kiến bằng văn bản của 1 thành viên vắng mặt "
        "được tính vào số phiếu theo quy chế của Hội đồng." in written
    )


@pytest.mark.parametrize("key", ["of_present", "written_opinions", "secret_ballot"])
def test_a_rule_that_is_not_true_or_false_is_refused_with_its_field(key):
    definition = builtin_definitions()[0]
    definition = {**definition, "vote": {**definition["vote"], key: "có"}}
    with pytest.raises(CampaignError, match=f"Mục “vote.{key}” của đợt thi đua phải là true"):
        campaign_from_dict(definition)


@pytest.mark.parametrize(("of_present", "verdict"), [(False, "Không đạt"), (True, "Đạt")])
def test_the_inspectorate_counts_again_under_the_campaigns_rule(of_present, verdict):
    """4 votes of 9 members, 6 present: 44 % of the members, 67 % of those present."""
    definition = builtin_definitions()[0]
    definition = {**definition, "vote": {**definition["vote"], "of_present": of_present}}
    rule = campaign_from_dict(definition).vote
    facts = {"votes": 4, "members": 9, "present": 6, "written": 0,
             "eligibility": {"status": "pass", "checks": []}}  # fmt: skip
    record = NomineeRecord(1, 1, "UBND xã Một", "individual", "Trần Văn Năm", facts, None, None,
                           False, False, "2026-11-03T01:00:00Z", {})  # fmt: skip
    nominee = read_nominee(record, rule)
    assert nominee.eligibility.label == verdict
    if not of_present:
        assert nominee.eligibility_reasons[0] == (
            "Số phiếu 4/9 (44,44%) chưa đạt tỷ lệ yêu cầu của đợt thi đua."
        )


def test_a_new_meeting_votes_the_councils_usual_way(qtbot, demo_path):
    with_rule(demo_path, secret_ballot=True)
    with Database(demo_path) as db, db.conn:
        db.execute("DELETE FROM nominations")
        db.execute("DELETE FROM meetings")
    window = open_main_window(qtbot, demo_path, lambda: date(2025, 11, 3))
    window.show_page("meeting")
    window.page("meeting").create_meeting()
    db = window.store.db
    campaign = load_campaign(db, active_campaign_id(db))
    assert campaign.vote.secret_ballot
    meeting = load_meeting(db, active_campaign_id(db), 1)
    assert meeting is not None and meeting.voting_mode is VotingMode.SECRET_BALLOT
