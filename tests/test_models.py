"""Table models checked without widgets: Qt's model tester, Vietnamese sorting, folded search,
refusal of invalid cells."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from app.core.entities import DisciplineRecord
from app.core.text import fold, format_date_short, parse_date
from app.store.people import PersonSummary
from app.ui.fast_proxy import VietnameseSortFilterProxy
from app.ui.models.people import PeopleModel
from app.ui.models.records import Column, RecordTableModel

NAMES = ["Đỗ Văn Đức", "Lê Văn Dũng", "Trần Văn Anh", "Phạm Thị Ánh", "Vũ Văn Ân", "Hà Văn Ăn"]


@pytest.fixture
def people_model():
    return PeopleModel(
        [
            PersonSummary(i + 1, n, date(1980, 1, i + 1), "", "Công chức")
            for i, n in enumerate(NAMES)
        ]
    )


def proxy_names(proxy) -> list[str]:
    return [proxy.index(r, PeopleModel.NAME).data() for r in range(proxy.rowCount())]


def test_people_model_passes_qt_model_tester(qtmodeltester, people_model):
    qtmodeltester.check(people_model)


def test_sorting_follows_the_vietnamese_alphabet_by_given_name(qtmodeltester, people_model):
    proxy = VietnameseSortFilterProxy()
    proxy.setSourceModel(people_model)
    qtmodeltester.check(proxy)
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    assert proxy_names(proxy) == [
        "Trần Văn Anh",
        "Phạm Thị Ánh",
        "Hà Văn Ăn",
        "Vũ Văn Ân",
        "Lê Văn Dũng",
        "Đỗ Văn Đức",
    ]
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.DescendingOrder)
    assert proxy_names(proxy)[0] == "Đỗ Văn Đức"


@pytest.mark.parametrize(
    ("needle", "found"),
    [
        ("duc", ["Đỗ Văn Đức"]),
        ("DŨNG", ["Lê Văn Dũng"]),
        ("van a", ["Trần Văn Anh", "Vũ Văn Ân", "Hà Văn Ăn"]),
        ("cong chuc", NAMES),
        ("không có", []),
    ],
)
def test_search_ignores_case_and_diacritics(people_model, needle, found):
    proxy = VietnameseSortFilterProxy()
    proxy.setSourceModel(people_model)
    proxy.set_search(needle)
    assert sorted(proxy_names(proxy)) == sorted(found)


def discipline_model() -> RecordTableModel:
    def required_date(text: str) -> date:
        value = parse_date(text)
        if value is None:
            raise ValueError("không được để trống.")
        return value

    model = RecordTableModel(
        [
            Column("Ngày quyết định", "decision_date", format_date_short, required_date),
            Column("Hình thức kỷ luật", "form"),
        ],
        make_row=lambda: DisciplineRecord(date(2025, 1, 1), "Khiển trách"),
    )
    model.set_rows([DisciplineRecord(date(2023, 6, 15), "Cảnh cáo")])
    return model


def test_record_model_passes_qt_model_tester(qtmodeltester):
    model = discipline_model()
    qtmodeltester.check(model)
    model.append_row()
    qtmodeltester.check(model)


def test_record_model_parses_valid_input(qtbot):
    model = discipline_model()
    with qtbot.waitSignal(model.edited):
        assert model.setData(model.index(0, 0), "01/02/2024")
    assert model.rows[0].decision_date == date(2024, 2, 1)
    assert model.index(0, 0).data() == "01/02/2024"


def test_record_model_refuses_invalid_input_and_keeps_the_value(qtbot):
    model = discipline_model()
    with qtbot.waitSignal(model.rejected) as blocker:
        assert not model.setData(model.index(0, 0), "30/02/2024")
    assert "Ngày quyết định, dòng 1" in blocker.args[0]
    assert "không phải ngày hợp lệ" in blocker.args[0]
    assert model.rows[0].decision_date == date(2023, 6, 15)


def test_record_model_add_and_remove_rows():
    model = discipline_model()
    model.append_row()
    assert model.rowCount() == 2 and model.rows[1].form == "Khiển trách"
    model.remove_row(0)
    assert [r.form for r in model.rows] == ["Khiển trách"]


def test_candidates_model_passes_qt_model_tester(qtmodeltester, campaign):
    from app.core.eligibility import evaluate
    from app.core.entities import Candidate, Person
    from app.ui.models.candidates import CandidatesModel

    model = CandidatesModel()
    person = Person(
        1, "Phạm Quốc Dũng", disciplines=(DisciplineRecord(date(2023, 6, 15), "Khiển trách"),)
    )
    model.set_rows([evaluate(Candidate.for_person(1, person, True), campaign)])
    qtmodeltester.check(model)
    assert model.index(0, CandidatesModel.STATUS).data() == "Không đạt"
    assert "Khiển trách ngày 15/06/2023" in model.index(0, CandidatesModel.REASONS).data()


# --- the fast proxy: large tables sorted and searched without a Python call per row ------


def test_a_large_table_is_sorted_in_the_background_and_keeps_the_selection(
    qtbot, qtmodeltester, people_model, monkeypatch
):
    from app.ui import fast_proxy
    from tests.gui_helpers import wait_for_background

    monkeypatch.setattr(fast_proxy, "BACKGROUND_SORT_ROWS", 3)  # six rows count as large here
    proxy = VietnameseSortFilterProxy()
    proxy.setSourceModel(people_model)
    chosen = QPersistentModelIndex(proxy.index(0, 0))  # Đỗ Văn Đức, first in source order
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    assert proxy.pending_sort == (PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    assert proxy_names(proxy) == NAMES  # nothing moved yet: the keys are being made
    wait_for_background(qtbot)
    assert proxy.pending_sort is None
    assert proxy_names(proxy)[0] == "Trần Văn Anh"
    assert chosen.data() == "Đỗ Văn Đức" and chosen.row() == 5  # the selection followed
    qtmodeltester.check(proxy)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=40))
def test_an_order_made_in_slices_is_the_stable_sort(keys):
    from app.ui import fast_proxy

    original, fast_proxy.SORT_SLICE = fast_proxy.SORT_SLICE, 4  # many slices, many ties
    try:
        assert fast_proxy.stable_order(keys) == sorted(range(len(keys)), key=keys.__getitem__)
    finally:
        fast_proxy.SORT_SLICE = original


def test_an_edited_row_stays_in_place_until_the_next_sort(people_model):
    proxy = VietnameseSortFilterProxy()
    proxy.setSourceModel(people_model)
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    first = people_model.rows[2]  # Trần Văn Anh
    people_model.update_row(PersonSummary(first.id, "Trần Văn Yến", first.birth_date, "", ""))
    assert proxy_names(proxy)[0] == "Trần Văn Yến"  # where the user was looking
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    assert proxy_names(proxy)[-1] == "Trần Văn Yến"


def test_search_and_drill_down_combine(people_model):
    proxy = VietnameseSortFilterProxy()
    proxy.setSourceModel(people_model)
    proxy.show_only(frozenset({1, 2, 3}))  # ids: Đức, Dũng, Anh
    proxy.set_search("van d")
    assert sorted(proxy_names(proxy)) == ["Lê Văn Dũng", "Đỗ Văn Đức"]
    proxy.show_only(None)
    assert len(proxy_names(proxy)) == 2  # the search still applies


def test_overlapping_collector_pauses_restore_it_once_the_last_ends():
    import gc

    from app.core.gc_pause import collector_paused

    assert gc.isenabled()
    first = collector_paused()
    second = collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # a job ends while another still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def _petition(key: str, received: date, case_key: str = "", resolved: date | None = None):
    from app.core.petitions import Outcome, Petition, PetitionType

    return Petition(
        key, received, PetitionType.COMPLAINT, True, True, None, case_key, "Lan", None,
        Outcome.RESOLVED if resolved else None, resolved,
    )  # fmt: skip


def test_the_case_tree_holds_each_case_petitions_sorts_and_searches(qtmodeltester):
    from app.core.petitions import PetitionType
    from app.core.tally import counted_cases
    from app.store.register import RegisterRow
    from app.ui.models.cases import CaseTreeModel

    petitions = [
        _petition("1", date(2025, 3, 1), resolved=date(2025, 3, 20)),
        _petition("2", date(2025, 2, 1), "VV-7"),
        _petition("3", date(2025, 4, 1), "VV-7", resolved=date(2025, 12, 20)),  # after the end
    ]
    cases = counted_cases(petitions, frozenset({PetitionType.COMPLAINT}))
    rows = {p.key: RegisterRow(p, f"Người {p.key}", "", f"Việc số {p.key}") for p in petitions}
    model = CaseTreeModel()
    search = {p.key: fold(f"Người {p.key} Việc số {p.key}") for p in petitions}
    model.set_cases(cases, rows, date(2025, 11, 30), search)
    qtmodeltester.check(model)
    assert (model.rowCount(), model.case_count, model.petition_count) == (2, 2, 3)
    shared = model.index(1, 0)
    assert shared.data() == "VV-7" and model.index(1, 1).data() == "2"
    assert model.rowCount(shared) == 2 and model.rowCount(model.index(0, 0)) == 0
    assert [model.index(r, 0, shared).data() for r in range(2)] == ["Đơn 2", "Đơn 3"]
    assert model.index(1, 0, shared).parent() == shared
    # closed after the period's end: not resolved as the figure counts it
    assert [model.index(r, 8).data() for r in range(2)] == [
        "Đã giải quyết xong", "Chưa giải quyết xong",
    ]  # fmt: skip
    model.sort(2, Qt.SortOrder.AscendingOrder)  # by received date: the case of 01/02 first
    assert model.index(0, 0).data() == "VV-7"
    model.set_search("viec so 3")  # a case matches when one of its petitions does
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["VV-7"]
    qtmodeltester.check(model)


def test_a_case_opened_or_selected_stays_so_through_sorts_and_searches(qtbot):
    """The review of issue 20: every sort and keystroke reset the tree, closing what the user
    had opened and losing the selected row."""
    from PySide6.QtWidgets import QTreeView

    from app.core.petitions import PetitionType
    from app.core.tally import counted_cases
    from app.store.register import RegisterRow
    from app.ui.models.cases import CaseTreeModel

    petitions = [
        _petition("1", date(2025, 3, 1), resolved=date(2025, 3, 20)),
        _petition("2", date(2025, 2, 1), "VV-7"),
        _petition("3", date(2025, 4, 1), "VV-7"),
        _petition("4", date(2025, 1, 9)),
    ]
    cases = counted_cases(petitions, frozenset({PetitionType.COMPLAINT}))
    rows = {p.key: RegisterRow(p, f"Người {p.key}", "", "") for p in petitions}
    model = CaseTreeModel()
    model.set_cases(cases, rows, date(2025, 11, 30), {p.key: f"nguoi {p.key}" for p in petitions})
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)

    def shared_case():
        return next(model.index(r, 0) for r in range(model.rowCount())
                    if model.index(r, 0).data() == "VV-7")  # fmt: skip

    shared = shared_case()
    view.expand(shared)
    view.setCurrentIndex(model.index(1, 0, shared))  # its second petition
    for change in (lambda: model.sort(2), lambda: model.sort(2, Qt.SortOrder.DescendingOrder),
                   lambda: model.set_search("nguoi 3"), lambda: model.set_search("")):  # fmt: skip
        change()
        assert view.isExpanded(shared_case())
        assert view.currentIndex().data() == "Đơn 3"
    model.set_search("nguoi 4")  # the opened case is filtered out: nothing points at it
    assert model.rowCount() == 1 and not view.currentIndex().isValid()
