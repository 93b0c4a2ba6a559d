"""A dossier never proposes what its own data contradicts (issue 18, points 1–4): a vote below
the threshold, a meeting without its quorum, vote figures that cannot be true, no meeting or no
nominee at all. The nomination may have been right when it was made (votes corrected later, a
member removed, a database edited): the build and the export refuse, naming the rule, and
nothing is written or stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlite_utils import Database

from app.cli import main
from tests.gui_helpers import open_main_window, wait_for_background

NOMINEE = "(SELECT c.id FROM candidates c JOIN nominations n ON n.candidate_id = c.id)"
FIRST_MEMBERS = "(SELECT id FROM meeting_members ORDER BY id LIMIT {})"

CASES = {
    # 8 members (one left the council), 4 votes: 50 %, the rule is more than half
    "failed vote": (
        [
            "UPDATE meetings SET total_members = 8",
            f"DELETE FROM meeting_members WHERE id IN {FIRST_MEMBERS.format(1)}",
            f"UPDATE votes SET votes_for = 4 WHERE candidate_id = {NOMINEE}",
        ],
        "chưa đạt tỷ lệ phiếu yêu cầu (4/8 phiếu, 50,00%)",
    ),
    "no quorum": (  # three more away: 5 of 9 present, the rule is two thirds
        [
            "UPDATE meeting_members SET present = 0 WHERE id IN "
            "(SELECT id FROM meeting_members WHERE present = 1 ORDER BY id LIMIT 3)"
        ],
        "Không đủ số thành viên dự họp: có mặt 5/9.",
    ),
    "impossible votes": (
        [f"UPDATE votes SET votes_for = 10 WHERE candidate_id = {NOMINEE}"],
        "Số liệu họp xét không thể đúng: Số phiếu của Bộ phận Tiếp công dân phường Hoa Sen (10)",
    ),
    "ballots returned not issued": (
        ["UPDATE meetings SET ballots_issued = 5, ballots_returned = 9"],
        "Số phiếu thu vào (9) nhiều hơn số phiếu phát ra (5).",
    ),
    "ballots not adding up": (
        ["UPDATE meetings SET ballots_valid = 100, ballots_invalid = 50"],
        "Số phiếu hợp lệ (100) và không hợp lệ (50) cộng lại phải bằng số phiếu thu vào (8).",
    ),
    "more ballots than members": (
        ["UPDATE meetings SET ballots_issued = 12, ballots_returned = 12, ballots_valid = 12"],
        "Số phiếu phát ra (12) nhiều hơn tổng số thành viên (9).",
    ),
    "no nominee": (["DELETE FROM nominations"], "Đơn vị chưa đề nghị đối tượng nào"),
    "no meeting": (
        ["DELETE FROM nominations", "DELETE FROM meetings"],
        "Chưa có kết quả họp xét (trang Họp xét)",
    ),
}


def edited(path: Path, statements: list[str]) -> Path:
    with Database(path) as db, db.conn:
        for statement in statements:
            db.execute(statement)
    return path


def builds(path: Path) -> int:
    with Database(path) as db:
        return db.execute("SELECT count(*) FROM dossier_builds").fetchone()[0]


@pytest.mark.parametrize("case", CASES)
def test_the_build_refuses_data_that_contradicts_a_proposal(case, demo_path, tmp_path, capsys):
    statements, rule = CASES[case]
    db = str(edited(demo_path, statements))
    before = builds(demo_path)
    out = tmp_path / "ho-so"
    assert main(["--db", db, "dossier", "build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("thidua: Không lập được hồ sơ:") and rule in err
    assert builds(demo_path) == before and not any(out.glob("*.*"))


@pytest.mark.parametrize("case", CASES)
def test_a_stored_build_is_not_exported_once_the_data_contradicts_it(
    case, demo_templates, tmp_path, capsys
):
    path = demo_templates.copy(tmp_path / "da-lap.sqlite", built=True)
    statements, rule = CASES[case]
    edited(path, statements)
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["--db", str(path), "package", "export", "--out", str(out)]) == 1
    assert rule in capsys.readouterr().err
    assert not list(out.iterdir())
    with Database(path) as db:
        assert db.execute("SELECT count(*) FROM package_exports").fetchone()[0] == 0


def test_the_window_refuses_to_export_a_dossier_without_nominee(
    qtbot, demo_templates, tmp_path, monkeypatch
):
    """The GUI exported such a package without a word (point 4)."""
    path = edited(demo_templates.copy(tmp_path / "d.sqlite", built=True), CASES["no nominee"][0])
    window = open_main_window(qtbot, path, lambda: date(2025, 11, 1))
    window.show_page("dossier")
    wait_for_background(qtbot)
    dossier = window.page("dossier")
    dossier.tabs.setCurrentWidget(dossier.send)
    target = tmp_path / "goi.zip"
    yes = QMessageBox.StandardButton.Yes  # "the data changed since the build: export anyway?"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dossier.send.export_button.click()
    qtbot.waitUntil(lambda: not dossier.send.busy)
    assert "Đơn vị chưa đề nghị đối tượng nào" in dossier.send.status.text()
    assert not target.exists()


def test_a_meeting_before_the_campaign_ends_is_built_with_the_warning_stored(
    demo_path, tmp_path, capsys
):
    """Not a contradiction the documents would state (the date is printed as held), but the
    build says it and keeps it with the version the Inspectorate receives (point 7)."""
    edited(demo_path, ["UPDATE meetings SET started_at = '2025-10-28T08:00'"])
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 0
    warning = "Cuộc họp xét ngày 28/10/2025 diễn ra trước khi đợt thi đua kết thúc (31/10/2025)"
    assert f"Cảnh báo: Họp xét: {warning}" in capsys.readouterr().out
    with Database(demo_path) as db:
        (stored,) = db.execute("SELECT warnings FROM dossier_builds").fetchone()
    assert warning in stored
