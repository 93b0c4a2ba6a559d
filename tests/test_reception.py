"""The reception log (sổ tiếp công dân): figures of domain.md §6.3, the leaders' periodic
reception against the legal minimum, its import and its place in `tally --json`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.cli import main
from app.core.petitions import Reception, ReceptionForm
from app.core.reception import leader_periodic_reception, reception
from tests.register_files import write_xlsx

pytestmark = pytest.mark.demo_without_registers

PERIODIC, REGULAR = ReceptionForm.PERIODIC, ReceptionForm.REGULAR


def visit(key, day, *, leader=False, form=REGULAR, people=1, case=""):
    return Reception(key, date.fromisoformat(day), "Nguyễn Văn An" if leader else "Đỗ Thị Lan",
                     leader, form, people, case)  # fmt: skip


def test_reception_figures():
    sessions = [
        visit("1", "2025-03-03", people=1, case="VV1"),
        visit("2", "2025-03-10", people=6, case="VV1"),  # a mass delegation, same case
        visit("3", "2025-03-12", people=5),  # exactly 5 people: a mass delegation
        visit("4", "2025-03-14", people=4),
        visit("5", "2024-12-31", people=9),  # before the period
    ]
    figures = reception(sessions, date(2025, 1, 1), date(2025, 10, 31))
    assert len(figures.sessions) == 4
    assert figures.people == 16
    assert figures.cases == 3  # VV1, and 3 and 4 each their own case
    assert [r.key for r in figures.mass_delegations] == ["2", "3"]


def test_leader_periodic_reception_per_week():
    sessions = [
        visit("1", "2025-03-03", leader=True, form=PERIODIC),  # week 10
        visit("2", "2025-03-04", leader=True, form=PERIODIC),  # week 10 again
        visit("3", "2025-03-11", leader=False, form=PERIODIC),  # week 11: not a leader
        visit("4", "2025-03-19", leader=True, form=REGULAR),  # week 12: not periodic
        visit("5", "2025-03-27", leader=True, form=PERIODIC),  # week 13
    ]
    weeks = leader_periodic_reception(sessions, date(2025, 3, 3), date(2025, 3, 30), 1, "week")
    assert [(w.label, len(w.days), w.meets_minimum) for w in weeks] == [
        ("Tuần 10/2025", 2, True),
        ("Tuần 11/2025", 0, False),
        ("Tuần 12/2025", 0, False),
        ("Tuần 13/2025", 1, True),
    ]


def test_leader_periodic_reception_per_month():
    sessions = [
        visit("1", "2025-01-06", leader=True, form=PERIODIC),
        visit("2", "2025-01-20", leader=True, form=PERIODIC),
        visit("3", "2025-02-03", leader=True, form=PERIODIC),
    ]
    months = leader_periodic_reception(sessions, date(2025, 1, 1), date(2025, 2, 28), 2, "month")
    assert [(m.label, m.meets_minimum) for m in months] == [
        ("Tháng 01/2025", True),
        ("Tháng 02/2025", False),
    ]


HEADERS = ["STT", "Ngày tiếp", "Họ tên công dân", "Địa chỉ", "Nội dung", "Người tiếp",
           "Lãnh đạo tiếp", "Hình thức tiếp", "Số người", "Mã vụ việc"]  # fmt: skip
ROWS = [
    ["1", date(2025, 3, 3), "Công dân Bí Mật Một", "Tổ 1 Giả Định", "Việc riêng một",
     "Nguyễn Văn An", "Có", "Định kỳ", 1, "VV1"],
    ["2", date(2025, 3, 10), "Công dân Bí Mật Hai", "Tổ 2 Giả Định", "Việc riêng hai",
     "Đỗ Thị Lan", "Không", "Thường xuyên", 7, "VV1"],
    ["3", "12/03/2025", "Công dân Bí Mật Ba", "", "", "Đỗ Thị Lan", "", "Đột xuất", "", ""],
    ["4", "32/03/2025", "Công dân Bí Mật Bốn", "", "", "Đỗ Thị Lan", "", "TX", 1, ""],
]  # fmt: skip


def test_reception_log_import_and_tally_json(demo_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "tiep-dan.xlsx", {"Sổ tiếp công dân": [HEADERS, *ROWS]})
    db = ["--db", str(demo_path)]
    assert main([*db, "tally", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reception"] is None  # no log: no figure
    assert main([*db, "register", "import", str(path), "--reception"]) == 0
    out = capsys.readouterr().out
    assert "Thêm mới: 3 · Cập nhật: 0 · Không đổi: 0 · Từ chối: 1" in out
    assert "dòng 5, cột “Ngày tiếp”: “32/03/2025” không phải ngày" in out
    assert main([*db, "tally", "--json"]) == 0
    output = capsys.readouterr().out
    data = json.loads(output)["reception"]
    assert (data["sessions"], data["people"], data["cases"]) == (3, 9, 2)
    assert (data["mass_delegations"], data["mass_delegation_people"]) == (1, 7)
    leader = data["leader_periodic"]
    assert (leader["minimum_days"], leader["per"]) == (1, "week")
    assert "Tuần 10/2025" not in leader["periods_below_minimum"]  # 03/03, periodic, leader
    assert "Tuần 11/2025" in leader["periods_below_minimum"]
    for row in ROWS:
        for personal in row[2:5]:
            assert not personal or personal not in output
    assert main([*db, "tally"]) == 0
    assert "Tiếp công dân: 3 lượt, 9 người, 2 vụ việc, 1 đoàn đông người" in capsys.readouterr().out


def test_reception_template(tmp_path):
    from python_calamine import CalamineWorkbook

    target = tmp_path / "mau-tiep-dan.xlsx"
    assert main(["register", "template", str(target), "--reception"]) == 0
    with CalamineWorkbook.from_path(str(target)) as book:
        assert book.sheet_names[0] == "Sổ tiếp công dân"
        header = book.get_sheet_by_index(0).to_python()[0]
    assert header[:3] == ["Số thứ tự", "Ngày tiếp", "Họ tên công dân"]
