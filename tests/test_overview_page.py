"""Tổng quan as the unit's checklist: each candidate against each criterion, and the steps left
before the dossier can be built, each opening the page where it is done."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from msgspec.structs import replace
from PySide6.QtCore import Qt
from sqlite_utils import Database

from app.core.eligibility import Status
from app.core.overview import build_overview
from app.core.readiness import readiness
from app.services.figures import unit_resolution_rate
from app.store.achievements import load_achievements
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.meeting import load_meeting
from app.store.organisation import unit_organisation
from app.ui.models.candidates import CandidatesModel
from app.ui.models.dossier import StepsModel
from tests.gui_helpers import open_main_window, wait_for_background

TODAY = date(2025, 10, 30)


def demo_steps(db, today=TODAY, **changes):
    """The readiness steps of the demo, with `changes` made to what the database holds."""
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    organisation = changes.get("organisation", unit_organisation(db))
    candidates = changes.get("candidates", load_candidates(db, campaign_id))
    meeting = changes.get("meeting", load_meeting(db, campaign_id, organisation.id))
    rate = unit_resolution_rate(db, 1, campaign_id, campaign)
    overview = build_overview(campaign, candidates, meeting, today, *rate)
    texts = changes.get(
        "texts", {c.id: load_achievements(db, c.id) for c in candidates if c.nominated}
    )
    sent_on = changes.get("sent_on")
    return {
        s.title: s for s in readiness(organisation, overview, rate[0] is not None, texts, sent_on)
    }


def test_the_demo_is_ready_but_for_what_the_dossier_page_will_hold(demo_store):
    steps = demo_steps(demo_store.db)
    assert {t: s.status for t, s in steps.items()} == {t: Status.PASS for t in steps}
    assert steps["Thời hạn nộp hồ sơ"].detail.endswith(
        "hạn 04/11/2025 — còn 5 ngày; chưa gửi gói hồ sơ (Hồ sơ › Gửi Thanh tra)."
    )
    assert steps["Họp xét"].detail == "Có mặt 8/9, đủ số lượng; đã biểu quyết."
    # issue 20.11: "Đề nghị 01/01 theo chỉ tiêu" read as a date
    assert steps["Đối tượng đề nghị"].detail == "Đề nghị 1 trên chỉ tiêu 1 của đơn vị."


def test_each_gap_is_named_with_what_to_do_and_where(demo_store):
    db = demo_store.db
    organisation = replace(unit_organisation(db), signer_name="", place_name="")
    steps = demo_steps(db, organisation=organisation)
    unit = steps["Thông tin đơn vị và người ký"]
    assert (unit.status, unit.page) == (Status.FAIL, "unit")
    assert unit.detail == "Còn thiếu: địa danh, họ tên người ký."

    candidates = [replace(c, nominated=False) for c in load_candidates(db, 1)]
    steps = demo_steps(db, candidates=candidates)
    assert steps["Đối tượng đề nghị"].status is Status.MISSING
    assert steps["Đối tượng đề nghị"].page == "meeting"

    meeting = load_meeting(db, 1, 1)
    away = tuple(replace(m, present=False) for m in meeting.members[:3])
    meeting = replace(meeting, members=away + meeting.members[3:])
    step = demo_steps(db, meeting=meeting)["Họp xét"]
    assert step.status is Status.FAIL
    assert step.detail == "Không đủ số thành viên dự họp: có mặt 5/9."

    step = demo_steps(db, texts={1: {"tiep_cong_dan": "Có nội dung."}})["Thành tích theo tiêu chí"]
    assert step.page == "achievements"
    assert "Bộ phận Tiếp công dân phường Hoa Sen: chưa có nội dung “Công tác phòng" in step.detail

    late = demo_steps(db, today=date(2025, 11, 6))["Thời hạn nộp hồ sơ"]
    assert late.status is Status.FAIL and "đã quá hạn 2 ngày" in late.detail


def test_nothing_is_done_on_nobody_nor_voted_before_a_vote(demo_store):
    """Issue 20.4: without a nominee, the nominees' conditions and achievements are not
    "done"; a meeting with no vote typed has not voted."""
    db = demo_store.db
    candidates = [replace(c, nominated=False) for c in load_candidates(db, 1)]
    steps = demo_steps(db, candidates=candidates, texts={})
    for title in ("Điều kiện của đối tượng đề nghị", "Thành tích theo tiêu chí"):
        assert steps[title].status is Status.MISSING, title
        assert steps[title].detail == "Chưa có đối tượng đề nghị (chọn ở trang Họp xét)."
    meeting = replace(load_meeting(db, 1, 1), votes={})
    step = demo_steps(db, meeting=meeting)["Họp xét"]
    assert step.status is Status.MISSING
    assert step.detail == "Chưa nhập số phiếu đồng ý của đối tượng nào."


@pytest.mark.parametrize(
    ("held", "flagged"),
    [(datetime(2025, 10, 28, 8), True), (datetime(2025, 10, 31, 14), True),
     (datetime(2025, 11, 1, 8), False)],
)  # fmt: skip
def test_a_meeting_held_before_the_campaign_ends_is_flagged(demo_store, held, flagged):
    """The period runs to 31/10/2025: a council meeting on its last day or before judges
    achievements the period has not finished producing (issue 18, point 7)."""
    meeting = replace(load_meeting(demo_store.db, 1, 1), started_at=held)
    step = demo_steps(demo_store.db, meeting=meeting)["Họp xét"]
    assert (step.status is Status.FAIL) is flagged
    warning = f"Cuộc họp xét ngày {held:%d/%m/%Y} diễn ra trước khi đợt thi đua kết thúc"
    assert (warning in step.detail) is flagged


def test_a_nominee_who_fails_a_criterion_blocks_the_dossier(demo_store):
    db = demo_store.db
    db.execute(
        "INSERT INTO discipline_records (person_id, decision_date, form) "
        "VALUES (1, '2024-05-02', 'Khiển trách')"
    )  # fmt: skip — Nguyễn Văn An, a member
    step = demo_steps(db)["Điều kiện của đối tượng đề nghị"]
    assert step.status is Status.FAIL
    assert step.detail.startswith("Bộ phận Tiếp công dân phường Hoa Sen: Bị kỷ luật")


@pytest.fixture
def window(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    wait_for_background(qtbot)
    return window


def steps_shown(window) -> dict[str, tuple[str, str]]:
    model = window.overview_page.steps
    return {
        model.index(r, StepsModel.TITLE).data(): (
            model.index(r, StepsModel.STATUS).data(),
            model.index(r, StepsModel.DETAIL).data(),
        )
        for r in range(model.rowCount())
    }


def test_the_page_lists_the_steps_and_the_values_the_forms_lack(window):
    steps = steps_shown(window)
    assert steps["Số liệu giải quyết đơn"] == ("Xong", "Đã có số liệu trong thời gian thi đua.")
    status, detail = steps["Nội dung các văn bản"]
    assert status == "Chưa làm"
    assert detail.startswith("Còn thiếu (in thành dòng chấm để viết tay): ")
    assert "số Tờ trình" in detail and "số Biên bản" in detail


def test_each_criterion_has_its_column_and_its_reason(window):
    model = window.overview_page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Phạm Quốc Dũng")
    discipline = CandidatesModel.STATUS + 2
    assert model.headerData(discipline, Qt.Orientation.Horizontal) == "Kỷ luật"
    assert model.index(row, discipline).data() == "Không đạt"
    assert "Khiển trách ngày 15/06/2023" in model.index(row, discipline).data(
        Qt.ItemDataRole.ToolTipRole
    )
    rate = CandidatesModel.STATUS + 4
    assert model.index(row, rate).data() == "Đạt"
    assert "96,77%" in model.index(row, rate).data(Qt.ItemDataRole.ToolTipRole)


def test_a_step_opens_the_page_where_it_is_done(window, qtbot):
    with Database(window.store.path) as db:
        db.execute("UPDATE organisations SET signer_name = ''")
    window.load_store()  # as after the unit page saved
    wait_for_background(qtbot)
    page = window.overview_page
    view = page.steps_view
    row = next(r for r in range(page.steps.rowCount()) if page.steps.rows[r].page == "unit")
    assert page.steps.rows[row].status is Status.FAIL
    view.setCurrentIndex(page.steps.index(row, 0))
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)  # or a double click
    assert window.stack.currentWidget() is window.page("unit")


def test_the_models_pass_the_qt_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.overview_page.model)
    qtmodeltester.check(window.overview_page.steps)


def test_a_figure_typed_into_the_text_that_differs_from_the_register_is_flagged(window, qtbot):
    with Database(window.store.path) as db:
        db.execute("UPDATE achievements SET text = text || ' Tỷ lệ giải quyết đạt 98%.' "
                   "WHERE candidate_id = 1 AND criterion_id = 'giai_quyet_don'")  # fmt: skip
    window.load_store()
    wait_for_background(qtbot)
    status, detail = steps_shown(window)["Số liệu trong thành tích"]
    assert status == "Cần sửa"
    assert "Bộ phận Tiếp công dân phường Hoa Sen — Công tác giải quyết đơn" in detail
    assert "“98%” (sổ: 96,77%" in detail


def test_the_demo_has_no_typed_figure_against_the_register(window):
    assert steps_shown(window)["Số liệu trong thành tích"][0] == "Xong"


def test_no_achievement_text_is_no_figure_checked(demo_store):
    """Issue 20.4 (second look): "Số liệu trong thành tích — Xong" said of no text at all."""
    from app.services.dossier_check import TYPED_STEP, check, forms_review, review_forms_of

    db = demo_store.db
    steps = {s.title: s for s in check(db, TODAY, None, review_forms_of(db))}
    assert steps[TYPED_STEP].status is Status.PASS  # the demo's texts, compared
    empty = forms_review([], {"bao_cao": [{"ten": "A", "thanh_tich": [{"noi_dung": " "}]}]})
    steps = {s.title: s for s in check(db, TODAY, None, empty)}
    assert steps[TYPED_STEP].status is Status.MISSING
    assert steps[TYPED_STEP].detail == "Chưa có nội dung thành tích để đối chiếu với sổ."


def test_the_deadline_is_met_by_sending_not_by_waiting(demo_store):
    """Issue 20.4: before a package is sent the deadline step is not "Xong" (it says the
    days left); once sent it is, even after the day has passed; unsent and late it fails."""
    db = demo_store.db
    waiting = demo_steps(db)["Thời hạn nộp hồ sơ"]
    assert (waiting.status, waiting.label) == (Status.PASS, "Còn 5 ngày")
    today = demo_steps(db, today=date(2025, 11, 4))["Thời hạn nộp hồ sơ"]
    assert today.label == "Hôm nay là hạn cuối"
    sent = demo_steps(db, today=date(2025, 11, 20), sent_on=date(2025, 11, 3))
    step = sent["Thời hạn nộp hồ sơ"]
    assert (step.status, step.label) == (Status.PASS, "Đã gửi")
    assert step.detail.startswith("Đã gửi gói hồ sơ ngày 03/11/2025 (")
    assert "muộn" not in step.detail
    late = demo_steps(db, today=date(2025, 11, 20), sent_on=date(2025, 11, 7))
    assert late["Thời hạn nộp hồ sơ"].detail.endswith("gửi muộn 3 ngày).")
    unsent = demo_steps(db, today=date(2025, 11, 20))["Thời hạn nộp hồ sơ"]
    assert (unsent.status, unsent.label) == (Status.FAIL, "Quá hạn")


def test_a_campaign_without_a_deadline_says_sent_once_sent(demo_store):
    from app.core.overview import Overview

    steps = demo_steps(demo_store.db, sent_on=date(2025, 11, 3))
    assert steps["Thời hạn nộp hồ sơ"].label == "Đã gửi"
    overview = build_overview(
        load_campaign(demo_store.db, 1), load_candidates(demo_store.db, 1), None, TODAY, None
    )
    undated = replace(overview, deadlines=())
    assert isinstance(undated, Overview)
    by_title = {s.title: s for s in readiness(None, undated, None, {}, date(2025, 11, 3))}
    assert by_title["Thời hạn nộp hồ sơ"].label == "Đã gửi"
    assert by_title["Thời hạn nộp hồ sơ"].detail == "Đã gửi gói hồ sơ ngày 03/11/2025."
    waiting = {s.title: s for s in readiness(None, undated, None, {})}["Thời hạn nộp hồ sơ"]
    assert (waiting.label, waiting.page) == ("Không đặt hạn", "dossier")


def test_the_first_screen_paints_before_the_overview_is_counted_off_the_ui_thread(
    qtbot, demo_path, monkeypatch
):
    """Issue 22: the window paints at once with the campaign's name and "Đang tính…" where
    the counting goes; the overview is counted on a worker thread, then shown."""
    import threading

    from app.services import dossier_check

    threads = []
    counted = dossier_check.overview_and_check

    def recording(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return counted(*args, **kwargs)

    monkeypatch.setattr(dossier_check, "overview_and_check", recording)
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    page = window.overview_page
    assert "Phong trào thi đua" in page.campaign_name.text()  # known at once
    assert "Đang tính" in page.deadlines.text() and "Đang tính" in page.meeting.text()
    assert page.model.rowCount() == 0 and page.busy
    with qtbot.waitSignal(page.updated, timeout=10_000):
        pass
    assert threads and not any(threads)
    assert page.model.rowCount() == 4 and "hạn 04/11/2025" in page.deadlines.text()
    assert "Có mặt 8/9" in page.meeting.text()


def test_a_refresh_keeps_the_overview_shown_until_the_new_one_arrives(window, qtbot):
    page = window.overview_page
    before = page.deadlines.text()
    resets = []
    page.model.modelReset.connect(lambda: resets.append(True))
    window.load_store()  # as after a save: counted again, in the background
    assert page.checklist.computing and page.deadlines.text() == before  # no "Đang tính" flash
    assert not resets  # nor the same rows laid out again while the new count runs
    wait_for_background(qtbot)
    assert not page.checklist.computing and page.deadlines.text() == before


def test_an_overview_that_cannot_be_counted_says_why_and_is_not_left_counting(
    window, qtbot, monkeypatch
):
    from app.services import dossier_check
    from app.store.errors import StoreError

    def locked(*args, **kwargs):
        raise StoreError("Tệp dữ liệu đang được một cửa sổ Hồ sơ Thi đua khác ghi.")

    monkeypatch.setattr(dossier_check, "overview_and_check", locked)
    page = window.overview_page
    page.checklist.refresh(replace(window.context, campaign_id=-1))  # another one
    wait_for_background(qtbot)
    assert not page.checklist.computing
    assert "Không tính được: Tệp dữ liệu đang được một cửa sổ" in page.deadlines.text()


def test_another_campaign_shows_none_of_the_old_one_s_steps_while_counted(window):
    page = window.overview_page
    assert page.steps.rowCount() > 0
    page.checklist.refresh(replace(window.context, campaign_id=-1))
    assert page.checklist.computing and page.steps.rowCount() == 0
    assert "Đang tính" in page.quota.text()


def test_a_date_no_calendar_has_says_where_it_is_instead_of_steps_counted_without_it(
    qtbot, demo_path
):
    """A file edited by another program with "2025-02-30" in the register: the figures and the
    forms cannot be read, so no step is counted as if the register were empty ("nhập sổ");
    the one step says which table, column and value, and how to get the data back; the
    register's page says it cannot read the register rather than that it is empty."""
    with Database(demo_path) as db, db.conn:
        db.execute("UPDATE petitions SET received = '2025-02-30' WHERE id = "
                   "(SELECT min(id) FROM petitions)")  # fmt: skip
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: not window.overview_page.checklist.busy)
    ((status, detail),) = steps_shown(window).values()
    assert list(steps_shown(window)) == ["Đọc tệp dữ liệu"] and status == "Cần sửa"
    assert "bảng “petitions”, cột “received” ghi “2025-02-30”" in detail
    assert "Khôi phục từ bản sao lưu" in detail
    assert window.overview_page.checklist.error == detail
    window.show_page("register")  # the register's own page: not "empty, import one"
    wait_for_background(qtbot)
    page = window.register_page
    assert page.table_hint.isVisibleTo(page.table)
    assert page.table_hint.text().startswith("Không đọc được sổ theo dõi đơn. Tệp dữ liệu")
    assert "2025-02-30" in page.threshold.text()
