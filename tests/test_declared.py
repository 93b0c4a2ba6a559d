"""Aggregate entry (domain.md §6.4): checked like computed figures, marked as declared."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.core.declared import DeclaredFigures, declared_counts, problems
from app.core.petitions import PetitionType
from tests.register_files import register_xlsx

pytestmark = pytest.mark.demo_without_registers

KN, TC, KNPA = PetitionType.COMPLAINT, PetitionType.DENUNCIATION, PetitionType.PETITION


def figures(**changes) -> DeclaredFigures:
    values = dict(type=KN, carried_over=2, new=10, resolved=11, on_time=9, unknown_deadline=1,
                  received=15, processed=15)  # fmt: skip
    values.update(changes)
    return DeclaredFigures(**values)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"new": -1}, "Khiếu nại: số mới nhận không được âm."),
        ({"resolved": 13}, "số đã giải quyết lớn hơn tổng kỳ trước chuyển sang và mới nhận"),
        ({"on_time": 11}, "số đúng hạn cộng không rõ hạn lớn hơn số đã giải quyết"),
        ({"processed": 16}, "số đơn đã xử lý lớn hơn số đơn nhận trong kỳ"),
    ],
)
def test_impossible_totals_are_refused(changes, reason):
    assert any(reason in p for p in problems(figures(**changes)))


def test_consistent_totals_pass_and_sum_by_type():
    rows = [figures(), figures(type=TC, carried_over=0, new=4, resolved=4, on_time=4,
                               unknown_deadline=0), figures(type=KNPA)]  # fmt: skip
    assert all(problems(r) == [] for r in rows)
    kntc = declared_counts(rows, frozenset({KN, TC}))
    assert (kntc.denominator, kntc.resolved, kntc.declared) == (16, 15, True)
    assert declared_counts(rows, frozenset(PetitionType)).denominator == 28


def declare(db, kind, *numbers):
    names = ["--carried-over", "--new", "--resolved", "--on-time", "--unknown-deadline",
             "--received", "--processed"]  # fmt: skip
    args = ["--db", str(db), "register", "declare", "--type", kind]
    for name, number in zip(names, numbers, strict=True):
        args += [name, str(number)]
    return main(args)


def test_cli_declared_figures_are_marked_everywhere(demo_path, capsys):
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] is None  # nothing entered yet
    assert declare(demo_path, "KN", 2, 10, 11, 9, 1, 15, 15) == 0
    assert declare(demo_path, "tố cáo", 0, 4, 4, 4, 0, 4, 4) == 0
    assert "Đã lưu số liệu tự khai cho loại đơn Tố cáo." in capsys.readouterr().out
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "declared"
    assert (data["resolution"]["denominator"], data["resolution"]["resolved"]) == (16, 15)
    assert data["resolution"]["rate"] == round(1500 / 16, 4)
    assert data["processing"] == {"received": 19, "processed": 19, "rate": 100.0}
    assert data["by_month"] == [] and data["data_errors"] == []
    assert main(["--db", str(demo_path), "tally"]) == 0
    assert "SỐ LIỆU ĐƠN VỊ TỰ KHAI" in capsys.readouterr().out


def test_cli_refuses_impossible_totals_and_keeps_the_stored_ones(demo_path, capsys):
    assert declare(demo_path, "KN", 2, 10, 11, 9, 1, 15, 15) == 0
    capsys.readouterr()
    assert declare(demo_path, "KN", 2, 10, 20, 9, 1, 15, 16) == 1
    err = capsys.readouterr().err
    assert "số đã giải quyết lớn hơn" in err and "số đơn đã xử lý lớn hơn" in err
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["resolution"]["resolved"] == 11


def test_a_register_takes_precedence_over_declared_totals(demo_path, tmp_path, capsys):
    assert declare(demo_path, "KN", 2, 10, 11, 9, 1, 15, 15) == 0
    assert main(["--db", str(demo_path), "register", "import",
                 str(register_xlsx(tmp_path / "so.xlsx"))]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "register" and data["resolution"]["denominator"] == 28


def test_declared_rate_reaches_the_eligibility_check_marked(campaign):
    from fractions import Fraction

    from app.core.eligibility import Status, check_resolution_rate

    result = check_resolution_rate(Fraction(9375, 100), campaign, declared=True)
    assert result.status is Status.FAIL
    assert result.reason == "Tỷ lệ giải quyết 93,75% (số liệu đơn vị tự khai), dưới 96,00%."
