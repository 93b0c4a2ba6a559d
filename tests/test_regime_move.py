"""Moving a campaign to the law of 2026 (issue 19): cloned under Decree 152/2025, it asks for its
bodies and bases again instead of copying the city-level ones, and its documents cite Decree 152
and name only bodies that exist after 01/07/2025, side by side with the Decree-98 build."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from sqlite_utils import Database

from app.cli import main
from app.core.campaign import (
    BODY_FIELDS,
    CampaignError,
    campaign_from_dict,
    clone_definition,
    placeholders_left,
    stale_names,
)
from app.core.regime import RegimeError, regime_from_dict
from app.documents.regimes import load_regime
from app.services.dossier import write_documents
from app.services.dossier_check import check
from app.store.campaigns import (
    builtin_definitions,
    campaign_id_by_code,
    campaign_templates,
    load_campaign,
    set_active_campaign,
    set_campaign_value,
)
from app.ui.pages.campaign_settings import CloneDialog
from tests.gui_helpers import open_main_window
from tests.office import docx_lines

# A province Inspectorate's 2026 campaign (domain §2.1): its chief awards the Giấy khen.
BODIES = {
    "award_title": "Giấy khen của Chánh Thanh tra tỉnh Lạng Sơn",
    "awarding_authority": "Chánh Thanh tra tỉnh Lạng Sơn",
    "recipients.proposal_to": "Chánh Thanh tra tỉnh Lạng Sơn",
    "recipients.via": "Thanh tra tỉnh Lạng Sơn",
    "recipients.inspectorate_to": "Hội đồng Thi đua - Khen thưởng Thanh tra tỉnh Lạng Sơn",
    "recipients.inspectorate_via": "Văn phòng Thanh tra tỉnh Lạng Sơn",
    "plan_reference": "Kế hoạch số 15/KH-TTr ngày 10/02/2026 của Thanh tra tỉnh Lạng Sơn",
    "awarding_body": "Thanh tra tỉnh Lạng Sơn",
}
BASES = ["Căn cứ Kế hoạch số 15/KH-TTr ngày 10 tháng 02 năm 2026 của Thanh tra tỉnh Lạng Sơn"]
# bodies that ended with the district level on 01/07/2025
GONE = re.compile(r"thành phố Lạng Sơn|Thanh tra thành phố|Phòng Nội vụ", re.IGNORECASE)


def source() -> dict:
    (definition,) = [d for d in builtin_definitions() if d["code"] == "ls-tcd-2025"]
    return definition


def moved(**changes) -> dict:
    arguments = {"code": "tt-2026", "name": "Phong trào thi đua năm 2026", "year_shift": 1,
                 "legal_regime": "nd152-2025", "bodies": BODIES, "bases": BASES}  # fmt: skip
    return clone_definition(source(), **{**arguments, **changes})


def test_moving_to_another_regime_asks_for_every_body_again():
    with pytest.raises(CampaignError) as raised:
        moved(bodies={})
    message = str(raised.value)
    assert message.startswith("Đợt mới theo chế độ pháp lý khác hoặc từ mẫu cần khai lại tên")
    held = [label for path, label in BODY_FIELDS.items() if "." not in path and source().get(path)]
    assert held and all(label in message for label in held)
    assert BODY_FIELDS["awarding_body"] not in message  # the 2025 plan names none: not asked
    with pytest.raises(CampaignError, match="cần các căn cứ riêng của đợt"):
        moved(bases=["  "])
    with pytest.raises(CampaignError, match="Hãy thay “…” bằng tên cụ thể trong: hình thức"):
        moved(bodies={**BODIES, "award_title": "Giấy khen của Chánh Thanh tra tỉnh …"})


def test_the_old_bodies_are_renamed_wherever_written_and_what_remains_is_named():
    clone = moved()
    assert clone["legal_regime"] == "nd152-2025"
    assert clone["legal_bases"] == BASES  # the regime prints the law and the decree
    assert clone["deadlines"][0]["title"] == "Đơn vị nộp hồ sơ về Thanh tra tỉnh Lạng Sơn"
    # "(qua Phòng Nội vụ)" is not a whole old name: it is left for the user, and named
    assert stale_names(source(), clone) == [
        "Thanh tra trình Hội đồng Thi đua - Khen thưởng (qua Phòng Nội vụ)"
    ]
    same_regime = clone_definition(source(), code="x", name="y", legal_regime="nd98-2023")
    assert same_regime["award_title"] == source()["award_title"]  # nothing asked, nothing moved


def move_demo(path: Path) -> None:
    """The demo ward's meeting, nominees and numbers moved to a 2026 campaign under Decree
    152 (as the issue's reporter did), its parent agency the province."""
    assert main(["--db", str(path), "campaign", "clone", "ls-tcd-2025", "--code", "tt-2026",
                 "--name", "Phong trào thi đua năm 2026", "--years", "1",
                 "--regime", "nd152-2025", "--basis", BASES[0], *flags(BODIES)]) == 0  # fmt: skip
    with Database(path) as db, db.conn:
        new = campaign_id_by_code(db, "tt-2026")
        for table in ("candidates", "meetings", "dossier_settings"):
            db.execute(f"UPDATE {table} SET campaign_id = ?", [new])
        db.execute("UPDATE meetings SET started_at = '2026-11-03T08:00', "
                   "ended_at = '2026-11-03T10:30'")  # fmt: skip
        db.execute("UPDATE organisations SET parent_agency = 'UBND tỉnh Lạng Sơn'")
        set_active_campaign(db, new)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, demo_templates) -> dict[str, dict[str, list[str]]]:
    """Each document's lines, built from the demo under Decree 98 and moved under Decree 152."""
    root = tmp_path_factory.mktemp("regimes")
    found = {}
    for regime in ("nd98-2023", "nd152-2025"):
        path = demo_templates.copy(root / f"{regime}.sqlite")
        if regime == "nd152-2025":
            move_demo(path)
        with Database(path) as db:
            built = write_documents(db, root / regime, ("docx",))
        found[regime] = {d.files[0].stem: docx_lines(d.files[0]) for d in built}
    return found


def test_the_two_builds_side_by_side_differ_where_the_law_does(builds):
    old, new = builds["nd98-2023"], builds["nd152-2025"]
    assert sorted(old) == sorted(new)  # the same documents: the forms are the same
    old_letter, new_letter = old["01_To_trinh"], new["01_To_trinh"]
    old_bases = [line for line in old_letter if line.startswith("Căn cứ")]
    new_bases = [line for line in new_letter if line.startswith("Căn cứ")]
    assert old_bases[1].startswith("Căn cứ Nghị định số 98/2023/NĐ-CP")
    assert new_bases == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
        "Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ;",
        f"{BASES[0]};",
    ]
    assert "Kính gửi: Chánh Thanh tra tỉnh Lạng Sơn." in new_letter
    assert any("tặng Giấy khen của Chánh Thanh tra tỉnh Lạng Sơn cho 01 tập thể" in line
               for line in new_letter)  # fmt: skip
    for name, lines in new.items():
        text = "\n".join(lines)
        assert "98/2023" not in text, name
        assert not GONE.search(text), (name, GONE.search(text))
    assert GONE.search("\n".join(old_letter))  # the 2025 plan's bodies, as the plan named them


def test_the_moved_dossier_passes_the_regime_check_and_the_old_one_is_flagged(
    demo_templates, tmp_path
):
    path = demo_templates.copy(tmp_path / "d.sqlite")
    with Database(path) as db:
        old = {s.title: s for s in check(db, date(2025, 11, 3), None, None)}["Chế độ pháp lý"]
    assert old.status == "fail" and "đã hết hiệu lực từ 01/07/2025" in old.detail
    move_demo(path)
    with Database(path) as db:
        new = {s.title: s for s in check(db, date(2026, 11, 3), None, None)}["Chế độ pháp lý"]
        assert (new.status, new.detail) == ("pass", "Văn bản lập theo Nghị định 152/2025/NĐ-CP. "
                                            + load_regime("nd152-2025").check_note)  # fmt: skip
        assert "đối chiếu với Phụ lục Nghị định 152/2025" in new.detail  # Mẫu 08 to verify
        # the unit's parent agency left as the abolished city's: said
        db.execute("UPDATE organisations SET parent_agency = 'UBND thành phố Lạng Sơn'")
        kept = {s.title: s for s in check(db, date(2026, 11, 3), None, None)}["Chế độ pháp lý"]
    assert kept.status == "fail"
    assert kept.detail == (
        "Từ 01/07/2025 không còn cấp huyện và thị trấn: Cơ quan cấp trên nêu “thành phố Lạng "
        "Sơn” — kiểm tra lại tên cơ quan (trang Đơn vị & đợt thi đua)."
    )


def test_a_moved_campaign_citing_the_repealed_decree_builds_nothing(
    demo_templates, tmp_path, capsys
):
    """A user who types Decree 98 back into the bases of a Decree-152 campaign: refused."""
    path = demo_templates.copy(tmp_path / "d.sqlite")
    move_demo(path)
    old_line = source()["legal_bases"][1]
    with Database(path) as db:
        set_campaign_value(db, campaign_id_by_code(db, "tt-2026"), "legal_bases",
                           [*BASES, old_line])  # fmt: skip
    out = tmp_path / "hs"
    assert main(["--db", str(path), "dossier", "build", "--out", str(out)]) == 1
    assert f"Căn cứ “{old_line}” viện dẫn 98/2023/NĐ-CP, văn bản đã bị thay thế theo " in (
        capsys.readouterr().err
    )
    assert not out.exists() or not any(out.iterdir())


def test_the_clone_dialog_asks_for_the_bodies_from_the_regimes_choices(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: date(2026, 1, 5))
    page = window.page("unit")
    dialog = CloneDialog(page.settings, page.settings.context)
    assert dialog.bodies_box.isHidden()  # the same regime: nothing to ask
    dialog.code.setText("tt-2026")
    dialog.name.setText("Phong trào thi đua năm 2026")
    dialog.regime.setText("nd152-2025")
    assert not dialog.bodies_box.isHidden()
    award = dialog.bodies["award_title"]
    offered = [award.itemText(i) for i in range(award.count())]
    assert "Giấy khen của Chánh Thanh tra tỉnh …" in offered
    assert not any(GONE.search(choice) for choice in offered)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    asked = "Đợt mới theo chế độ pháp lý khác hoặc từ mẫu cần khai lại tên"
    assert dialog.error.text().startswith(asked)
    for path, value in BODIES.items():
        dialog.bodies[path].setCurrentText(value)
    dialog.bases.setText(BASES[0])
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "(qua Phòng Nội vụ)" in dialog.note  # named for the user to fix
    new = load_campaign(window.store.db, campaign_id_by_code(window.store.db, "tt-2026"))
    assert new.legal_regime == "nd152-2025" and new.award_title == BODIES["award_title"]


# A ward's own 2026 campaign from the commune template: its chairman awards.
WARD = {
    "award_title": "Giấy khen của Chủ tịch UBND phường Hoa Sen",
    "awarding_authority": "Chủ tịch UBND phường Hoa Sen",
    "recipients.proposal_to": "Chủ tịch UBND phường Hoa Sen",
    "recipients.via": "Văn phòng HĐND và UBND phường Hoa Sen",
    "recipients.inspectorate_to": "Hội đồng Thi đua - Khen thưởng phường Hoa Sen",
    "plan_reference": "Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND phường Hoa Sen",
    "awarding_body": "UBND phường Hoa Sen",
}
WARD_BASES = [
    "Căn cứ Nghị định số 129/2025/NĐ-CP của Chính phủ",
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 20 tháng 01 năm 2026 của UBND phường Hoa Sen",
]


@pytest.mark.parametrize("code", ["xa-phuong-2026", "thanh-tra-tinh-2026"])
def test_the_2026_templates_are_decree_152_campaigns_naming_no_abolished_body(code):
    template = campaign_templates()[code]
    assert "vote" not in template  # its council's rules are its regime's
    council = load_regime("nd152-2025").council
    campaign = campaign_from_dict({**template, "vote": council})  # whole, once "…" are given
    assert campaign.legal_regime == "nd152-2025"
    text = str(template)
    assert not GONE.search(text) and "98/2023" not in text
    assert template["to_confirm"]  # its dates, quotas, rules: suggestions to confirm
    assert "…" in template["award_title"]  # the place's name is asked for


COUNCIL = {"threshold": "3/4", "threshold_strict": False, "quorum": "4/5", "quorum_strict": False,
           "of_present": True, "written_opinions": True, "secret_ballot": True}  # fmt: skip


def test_the_council_rules_default_to_the_regimes_and_a_campaigns_own_stay():
    """A template sets no council rules: the campaign made from it takes its regime's. A
    campaign moved to the regime keeps the rules its council adopted."""
    template = campaign_templates()["xa-phuong-2026"]
    made = clone_definition(template, code="hs-2026", name="Phong trào năm 2026", bodies=WARD,
                            bases=WARD_BASES, council=COUNCIL)  # fmt: skip
    rule = campaign_from_dict(made).vote
    assert (rule.threshold, rule.threshold_strict, rule.quorum) == (
        Fraction(3, 4),
        False,
        Fraction(4, 5),
    )
    assert rule.of_present and rule.written_opinions and rule.secret_ballot
    assert "nguyên tắc biểu quyết của Hội đồng" in made["unconfirmed"]  # to confirm
    plan = builtin_definitions()[0]
    moved = clone_definition(plan, code="tt-2026", name="Phong trào năm 2026",
                             legal_regime="nd152-2025", bodies=BODIES, bases=BASES,
                             council=COUNCIL)  # fmt: skip
    kept = campaign_from_dict(moved).vote
    assert (kept.threshold, kept.threshold_strict, kept.quorum) == (
        Fraction(1, 2),
        True,
        Fraction(2, 3),
    )
    assert not kept.of_present and not kept.secret_ballot  # as the plan's rule leaves them


@pytest.mark.parametrize(
    ("council", "message"),
    [({"threshold": "3/2"}, "council.threshold = '3/2'"),
     ({"quorum": 0.8}, "council.quorum = 0.8"),
     ({"secret_ballot": "có"}, "council.secret_ballot = 'có'"),
     ({"majority": True}, "council.majority")],
)  # fmt: skip
def test_a_regimes_council_rules_are_checked(council, message):
    with pytest.raises(RegimeError, match=re.escape(message)):
        regime_from_dict("x", {"council": council}, "x/regime.toml")


def test_a_campaign_is_made_from_a_template_with_its_names_given_and_settings_to_confirm(
    demo_path, capsys
):
    db = ["--db", str(demo_path)]
    new = ["campaign", "new", "xa-phuong-2026", "--code", "hs-2026", "--name",
           "Phong trào thi đua chuyên đề năm 2026 của UBND phường Hoa Sen"]  # fmt: skip
    assert main([*db, *new]) == 1
    assert "cần khai lại tên các cơ quan (không chép từ đợt cũ hay từ mẫu)" in (
        capsys.readouterr().err
    )
    unfinished = {**WARD, "award_title": "Giấy khen của Chủ tịch UBND xã …"}
    assert main([*db, *new, *flags(unfinished), *bases(WARD_BASES)]) == 1
    assert "Hãy thay “…” bằng tên cụ thể trong: hình thức khen thưởng." in (capsys.readouterr().err)
    half_done = [WARD_BASES[0], "Căn cứ Kế hoạch số …"]
    assert main([*db, *new, *flags(WARD), *bases(half_done)]) == 1
    assert "Hãy thay “…” bằng số, ngày, tên cụ thể trong căn cứ" in capsys.readouterr().err
    assert main([*db, *new, *flags(WARD), *bases(WARD_BASES)]) == 0
    assert "Các thiết lập là gợi ý của mẫu: xem lại rồi xác nhận" in capsys.readouterr().out
    with Database(demo_path) as store:
        made = load_campaign(store, campaign_id_by_code(store, "hs-2026"))
    assert made.award_title == WARD["award_title"] and made.legal_regime == "nd152-2025"
    assert [d.title for d in made.deadlines] == [
        "Các bộ phận nộp hồ sơ về Văn phòng HĐND và UBND phường Hoa Sen",
        "Văn phòng trình Hội đồng Thi đua - Khen thưởng phường Hoa Sen",
    ]
    assert placeholders_left(made.definition) == []
    assert "template" not in made.definition

    assert main([*db, "campaign", "use", "hs-2026"]) == 0
    with Database(demo_path) as store:
        step = {s.title: s for s in check(store, date(2026, 3, 1), None, None)}
    assert step["Thiết lập đợt thi đua"].status == "fail"
    assert "thời gian thi đua, các hạn nộp hồ sơ" in step["Thiết lập đợt thi đua"].detail
    assert main([*db, "campaign", "confirm"]) == 0
    with Database(demo_path) as store:
        assert "Thiết lập đợt thi đua" not in {s.title for s in check(store, date(2026, 3, 1),
                                                                         None, None)}  # fmt: skip


def flags(bodies: dict[str, str]) -> list[str]:
    return [a for path, value in bodies.items()
            for a in (f"--{path.split('.')[-1].replace('_', '-')}", value)]  # fmt: skip


def bases(lines: list[str]) -> list[str]:
    return [a for line in lines for a in ("--basis", line)]


def test_the_dialog_makes_a_campaign_from_a_template_and_the_page_asks_to_confirm(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: date(2026, 1, 5))
    window.show_page("unit")
    page = window.page("unit")
    assert page.settings.confirm_button.isHidden()  # the built-in campaign: nothing to confirm
    dialog = CloneDialog(page.settings, page.settings.context)
    dialog.source.setCurrentIndex(2)  # "Mẫu: Đợt thi đua chuyên đề của UBND xã, phường"
    assert not dialog.regime.isEnabled() and dialog.regime.text() == "nd152-2025"
    assert dialog.bodies["award_title"].currentText() == "Giấy khen của Chủ tịch UBND xã …"
    assert dialog.bases.text().splitlines()[0] == WARD_BASES[0]
    dialog.code.setText("hs-2026")
    dialog.name.setText("Phong trào thi đua chuyên đề năm 2026 của UBND phường Hoa Sen")
    dialog.accept()
    assert "Hãy thay “…” bằng tên cụ thể" in dialog.error.text()
    for path, value in WARD.items():
        dialog.bodies[path].setCurrentText(value)
    dialog.bases.setText("\n".join(WARD_BASES))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.settings.changed.emit()  # as CampaignSettings.clone does once the dialog is accepted
    store = window.store.db
    index = page.campaigns.findData(campaign_id_by_code(store, "hs-2026"))
    page.campaigns.setCurrentIndex(index)
    page.campaigns.activated.emit(index)  # as the user picks it
    settings = page.settings
    assert settings.confirm_button.isVisible()
    assert "Đợt này tạo từ mẫu" in settings.unconfirmed.text()
    settings.confirm_button.click()
    assert not settings.confirm_button.isVisible()
    assert (
        load_campaign(store, campaign_id_by_code(store, "hs-2026")).definition["unconfirmed"] == []
    )


def test_cloning_under_an_ended_regime_is_noted_and_confirm_says_when_nothing_waits(
    demo_path, capsys
):
    db = ["--db", str(demo_path)]
    assert main([*db, "campaign", "clone", "ls-tcd-2025", "--code", "ls-2026", "--name",
                 "Đợt năm 2026", "--years", "1"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Lưu ý: đợt mới theo Nghị định 98/2023/NĐ-CP, đã hết hiệu lực từ 01/07/2025" in out
    assert "(--regime nd152-2025)" in out
    assert main([*db, "campaign", "confirm"]) == 0
    assert "không có thiết lập nào chờ xác nhận" in capsys.readouterr().out
    for code, fragment in (("", "Mã đợt “” không dùng được"), ("Hs 2026", "chữ thường"),
                           ("LS-TCD-2025", "chữ thường")):  # fmt: skip
        assert main([*db, "campaign", "clone", "ls-tcd-2025", "--code", code, "--name", "X"]) == 1
        assert fragment in capsys.readouterr().err
    assert main([*db, "campaign", "clone", "ls-tcd-2025", "--code", "LS-2026".lower(),
                 "--name", "Y"]) == 1  # fmt: skip
    assert "Đã có đợt thi đua mang mã “ls-2026”" in capsys.readouterr().err
    assert main([*db, "campaign", "clone", "ls-tcd-2025", "--code", "x", "--name", "X",
                 "--years", "8000"]) == 1  # fmt: skip
    assert "Dời ngày 8000 năm là quá xa" in capsys.readouterr().err
    assert main([*db, "campaign", "clone", "ls-tcd-2025", "--code", "x", "--name", "X",
                 "--award-title", "Giấy khen của Chủ tịch UBND phường Hoa Sen"]) == 1  # fmt: skip
    assert "chỉ khai lại khi đổi chế độ pháp lý" in capsys.readouterr().err


def test_the_dialog_forgets_a_template_when_the_user_goes_back_to_cloning(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: date(2026, 1, 5))
    page = window.page("unit")
    dialog = CloneDialog(page.settings, page.settings.context)
    dialog.source.setCurrentIndex(2)
    assert dialog.bodies["award_title"].currentText().endswith("…")
    dialog.source.setCurrentIndex(0)
    assert dialog.regime.isEnabled() and dialog.regime.text() == "nd98-2023"
    assert dialog.years.value() == 1 and dialog.bodies_box.isHidden()
    assert all(box.currentText() == "" for box in dialog.bodies.values())
    assert dialog.bases.text() == ""


def test_a_template_placeholder_typed_back_is_flagged_by_the_check(demo_templates, tmp_path):
    path = demo_templates.copy(tmp_path / "d.sqlite")
    move_demo(path)
    with Database(path) as db:
        set_campaign_value(db, campaign_id_by_code(db, "tt-2026"), "recipients.via",
                           "Thanh tra tỉnh ...")  # fmt: skip
        step = {s.title: s for s in check(db, date(2026, 11, 3), None, None)}["Chế độ pháp lý"]
    assert step.status == "fail"
    assert "Còn “…” chưa thay bằng tên, số, ngày: “Thanh tra tỉnh ...”" in step.detail
