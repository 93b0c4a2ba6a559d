"""Live figures in achievement text: typed once as {name}, printed as the register's current
figure in every document, "…" and reported when the register cannot give it."""

from __future__ import annotations

from docx import Document as open_docx
from sqlite_utils import Database

from app.cli import main
from app.core.live_values import LIVE_VALUES, MISSING, available, fill, token, value_of

FACTS = {"da_giai_quyet": "30", "tong_so": "31", "ty_le": "96,77%", "tiep": {"luot": "87"}}


def test_names_in_braces_become_the_figures():
    filled = fill("Giải quyết {Đã giải quyết}/{Tổng số vụ việc}, đạt {Tỷ lệ giải quyết}.", FACTS)
    assert filled.text == "Giải quyết 30/31, đạt 96,77%."
    assert filled.unknown == filled.missing == ()
    assert value_of("Lượt tiếp công dân", FACTS) == "87"  # a nested figure


def test_an_unknown_name_or_a_figure_not_there_yet_prints_the_missing_mark():
    filled = fill("{Tỷ lệ đúng hạn} và {Số bò} và {Tỷ lệ đúng hạn}; {không phải số liệu", FACTS)
    assert filled.text == f"{MISSING} và {MISSING} và {MISSING}; {{không phải số liệu"
    assert filled.unknown == ("Số bò",) and filled.missing == ("Tỷ lệ đúng hạn",)


def test_what_is_offered_follows_the_figures_in_a_fixed_order():
    assert available(FACTS) == [
        ("Tổng số vụ việc", "31"),
        ("Đã giải quyết", "30"),
        ("Tỷ lệ giải quyết", "96,77%"),
        ("Lượt tiếp công dân", "87"),
    ]
    assert available({}) == []
    assert len({name for name, _ in LIVE_VALUES}) == len(LIVE_VALUES)
    assert token("Tỷ lệ giải quyết") == "{Tỷ lệ giải quyết}"


def test_the_dossier_prints_the_registers_figures_where_the_text_names_them(
    demo_path, tmp_path, capsys
):
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out),
                 "--format", "docx"]) == 0  # fmt: skip
    report = "\n".join(
        p.text
        for p in open_docx(
            out / "03_Bao_cao_thanh_tich_Bo_phan_Tiep_cong_dan_phuong_Hoa_Sen.docx"
        ).paragraphs
    )
    assert "giải quyết 30/31 vụ việc thuộc thẩm quyền, đạt 96,77%;" in report
    assert "{" not in report

    with Database(demo_path) as db:  # the register changes: the same text, new figures
        db.execute(
            "UPDATE petitions SET outcome = 'dang', resolved_on = NULL WHERE rowid IN "
            "(SELECT rowid FROM petitions WHERE outcome = 'da' LIMIT 1)"
        )
        db.execute("UPDATE achievements SET text = text || ' {Số bò}' "
                   "WHERE criterion_id = 'giai_quyet_don' AND candidate_id = 1")  # fmt: skip
    capsys.readouterr()
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(tmp_path / "lan-2"),
                 "--format", "docx"]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    report = "\n".join(
        p.text
        for p in open_docx(
            tmp_path / "lan-2" / "03_Bao_cao_thanh_tich_Bo_phan_Tiep_cong_dan_phuong_Hoa_Sen.docx"
        ).paragraphs
    )
    assert "giải quyết 29/31 vụ việc thuộc thẩm quyền, đạt 93,55%;" in report
    assert "số liệu {Số bò}" in printed  # reported with the other missing values


# --- figures typed by hand ---------------------------------------------------------------

REGISTER = {"da_giai_quyet": "30", "tong_so": "31", "ty_le": "96,77%", "dung_han": "30",
            "ty_le_dung_han": "100,00%", "kntc_tong_so": "0", "kntc_da_giai_quyet": "0",
            "kntc_ty_le": "không phát sinh", "don_nhan": "1.204", "don_xu_ly": "1.200"}  # fmt: skip


def test_typed_figures_that_match_the_register_pass():
    from app.core.live_values import contradictions

    text = "Giải quyết 30/31 vụ việc (96,77%), đúng hạn 100,00%; xử lý 1.200/1.204 đơn."
    assert contradictions(text, REGISTER) == []


def test_typed_figures_that_differ_are_named_with_the_registers():
    from app.core.live_values import contradictions

    found = contradictions("Đạt 98% (29/31 vụ việc), {Tỷ lệ giải quyết} theo sổ.", REGISTER)
    assert found == [
        "“98%” (sổ: 96,77%, 100,00%)",
        "“29/31” (sổ: 30/31, 0/0, 1.200/1.204)",
    ]


def test_dates_and_document_numbers_are_not_figures():
    from app.core.live_values import contradictions

    text = "Theo Nghị định 98/2023/NĐ-CP ngày 31/12/2023, Quyết định số 1234/QĐ-UBND."
    assert contradictions(text, REGISTER) == []
    assert contradictions("Đạt 50%.", {}) == []  # nothing to compare with: not judged
