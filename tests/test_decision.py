"""The decision after the council (issue 19, point 6): from the Inspectorate's shortlist, a
draft Quyết định khen thưởng — căn cứ, Điều 1 with the awardees, Điều 2 with the money of the
regime's coefficients × the base salary on the decision's date, Điều 3 its execution."""

from __future__ import annotations

import pytest

from app.cli import main
from app.core.inbox import Appraisal
from app.services.inbox import appraise, propose_shortlist
from app.store.database import open_store
from app.store.inbox import consolidated
from tests.office import docx_lines
from tests.package_factory import Nominee, unit_package
from tests.test_inbox import campaign_of, receive


@pytest.fixture
def shortlisted(inspectorate_path, tmp_path):
    """The demo Inspectorate with two units' packages appraised and their best chosen."""
    store = open_store(inspectorate_path, auto_backup=False)
    for n, unit in enumerate(("Đông", "Tây")):
        nominees = [
            Nominee("collective", f"Tổ tiếp công dân phường {unit}"),
            Nominee("individual", f"Nguyễn Văn {unit}", votes=8),
        ]
        receive(store, unit_package(tmp_path / f"{n}.zip", f"UBND phường {unit}", nominees))
    for nominee in consolidated(store.db, "ls-tcd-2025"):
        appraise(store.db, nominee.id, Appraisal.PASS)
    propose_shortlist(store.db, campaign_of(store))
    store.close()
    return inspectorate_path


def decision_lines(path, out, *arguments) -> list[str]:
    assert main(["--db", str(path), "inbox", "decision", "--out", str(out),
                 "--format", "docx", *arguments]) == 0  # fmt: skip
    return docx_lines(out / "QD_Quyet_dinh_khen_thuong.docx")


def test_the_draft_decision_awards_the_shortlist_with_its_money(shortlisted, tmp_path, capsys):
    lines = decision_lines(shortlisted, tmp_path / "qd", "--number", "5", "--date", "20/11/2025")
    text = "\n".join(lines)
    assert "Số: 05/QĐ-UBND" in text and "Lạng Sơn, ngày 20 tháng 11 năm 2025" in text
    assert "UBND THÀNH PHỐ LẠNG SƠN" in text and "QUYẾT ĐỊNH" in lines
    assert "CHỦ TỊCH UBND THÀNH PHỐ LẠNG SƠN" in lines  # who decides, before the bases
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in text  # the campaign's regime
    assert "Điều 1. Tặng Giấy khen của Chủ tịch UBND thành phố Lạng Sơn cho 02 tập thể và 02 " \
           "cá nhân có thành tích trong phong trào thi đua" in text  # fmt: skip
    for name in ("Tổ tiếp công dân phường Đông", "Nguyễn Văn Tây"):
        assert name in lines
    # 0.6 and 0.3 × 2,340,000 đ (the base salary on 20/11/2025), up to the ten thousand
    assert lines.count("1.410.000") == 2 and lines.count("710.000") == 2
    assert "mỗi tập thể được thưởng 1.410.000 đồng, mỗi cá nhân được thưởng 710.000 đồng" in text
    assert "tổng số tiền 4.240.000 đồng" in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND" in text
    # signed after Decree 98 ended: said, as the unit's check says it
    assert "Cảnh báo: Văn bản ngày 20/11/2025 lập theo Nghị định 98/2023/NĐ-CP" in (
        capsys.readouterr().out
    )


def test_without_a_date_the_money_is_a_line_to_fill_and_is_named(shortlisted, tmp_path, capsys):
    lines = decision_lines(shortlisted, tmp_path / "qd")
    out = capsys.readouterr().out
    assert "tiền thưởng (theo mức lương cơ sở áp dụng vào ngày ký Quyết định)" in out
    assert "số Quyết định" in out and "ngày ký Quyết định" in out
    assert "số Tờ trình của cơ quan tổng hợp" in out  # not the raw key, nor "số Quyết định"
    assert ", ngay" not in out and ": ngay" not in out
    assert "710.000" not in "\n".join(lines) and lines.count("……") >= 4


def test_no_decision_without_a_shortlist(inspectorate_path, tmp_path, capsys):
    assert main(["--db", str(inspectorate_path), "inbox", "decision", "--out",
                 str(tmp_path / "qd")]) == 1  # fmt: skip
    assert "Chưa lập được Quyết định: danh sách chọn đang trống" in capsys.readouterr().err
    assert not (tmp_path / "qd").exists() or not any((tmp_path / "qd").iterdir())
