"""The register import end to end: the hand-computed register through a real spreadsheet, and
a corpus of awkward files, each with its expected report or refusal. A refused import leaves
the database exactly as it was."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.core.tally import tally
from app.exchange.register_import import plan_import
from app.exchange.spreadsheet import ImportFailure
from app.store.organisation import unit_organisation
from app.store.register import load_petitions, save_import
from tests.office import convert
from tests.register_files import (
    HEADERS,
    address,
    content,
    legacy_form,
    legacy_row,
    petition_row,
    register_rows,
    register_xlsx,
    sender,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.demo_without_registers

TODAY = date(2025, 11, 26)
# A complaint counted in the figures: eligible, within authority, accepted for resolution.
COUNTED_KN = dict(
    Mã_đơn="1",
    Loại_đơn="Khiếu nại",
    Đủ_điều_kiện_xử_lý="Có",
    Thẩm_quyền="Thuộc thẩm quyền",
    Hướng_xử_lý="Thụ lý",
    Cán_bộ_xử_lý="Lan",
)
FROM, TO = date(2025, 1, 1), date(2025, 10, 31)


def import_file(store, path: Path, **kwargs):
    plan = plan_import(path, today=TODAY, **kwargs)
    org = unit_organisation(store.db).id
    counts = save_import(store.db, org, plan.records, file_name=path.name, sheet=plan.sheet)
    return plan, counts


def figures(store):
    petitions = load_petitions(store.db, unit_organisation(store.db).id)
    t = tally(petitions, [], FROM, TO, frozenset(p.type for p in petitions if p.type))
    return t


def db_digest(store) -> str:
    rows = store.db.execute("SELECT * FROM petitions ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_hand_computed_register_through_a_spreadsheet(demo_store, tmp_path):
    plan, counts = import_file(demo_store, register_xlsx(tmp_path / "so.xlsx"))
    assert plan.certain and plan.header_row == 1 and plan.rejected == []
    assert (counts.inserted, counts.updated, counts.unchanged) == (42, 0, 0)
    assert [w.row for w in plan.warnings] == [37, 38, 39, 40]  # register rows 36–39
    t = figures(demo_store)
    assert (t.resolution.denominator, len(t.resolution.resolved)) == (28, 22)
    assert (t.resolution_kntc.denominator, len(t.resolution_kntc.resolved)) == (13, 10)
    assert (len(t.processing.received), len(t.processing.processed)) == (31, 30)
    assert [e.petition.source.row for e in t.errors] == [37, 38, 39, 40]


def test_reimport_duplicates_nothing_and_updates_what_changed(demo_store, tmp_path):
    import_file(demo_store, register_xlsx(tmp_path / "so.xlsx"))
    _, again = import_file(demo_store, register_xlsx(tmp_path / "so.xlsx"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 42)
    rows = register_rows()
    rows[2][12] = "Đã giải quyết"  # petition 3 resolved since
    rows[2][13] = date(2025, 11, 20)
    rows.append(
        [
            "43",
            date(2025, 11, 1),
            "Người mới",
            "",
            "",
            "Tố cáo",
            "Có",
            "Thuộc thẩm quyền",
            "Thụ lý",
            "",
            "Lan",
            "",
            "Chưa giải quyết",
            "",
        ]
    )
    _, updated = import_file(demo_store, write_xlsx(tmp_path / "so2.xlsx", {"S": [HEADERS, *rows]}))
    assert (updated.inserted, updated.updated, updated.unchanged) == (1, 1, 41)
    count = demo_store.db.execute("SELECT count(*) FROM petitions").fetchone()[0]
    assert count == 43


# --- the corpus: files that must be refused as a whole ------------------------------------


def corrupt_xlsx(tmp_path: Path) -> Path:
    path = register_xlsx(tmp_path / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


REFUSED = {
    "empty file": (lambda p: _bytes(p / "rong.xlsx", b""), "rỗng"),
    "csv named xlsx": (
        lambda p: _bytes(p / "sai-duoi.xlsx", "Mã đơn,Ngày nhận\n1,05/02/2025\n".encode()),
        "đuôi tệp",
    ),
    "password-protected xlsx": (
        lambda p: _bytes(p / "mat-khau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048),
        "mật khẩu",
    ),
    "truncated xlsx": (corrupt_xlsx, "bị hỏng"),
    "unsupported extension": (lambda p: _bytes(p / "so.docx", b"PK\x03\x04"), "chỉ nhận"),
    "no header row": (
        lambda p: write_xlsx(p / "khong-tieu-de.xlsx", {"S": [[1, 2, 3], [4, 5, 6]]}),
        "Không tìm thấy dòng tiêu đề.*Đã xem: “S” \\(không có dòng tiêu đề nhận ra được\\)",
    ),
    "a header of unknown words": (  # the wizard lets the user map them: refused only here
        lambda p: write_xlsx(p / "tieu-de-la.xlsx", {"S": [["a", "b", "c"], [1, 2, 3]]}),
        "Trang “S” chưa có cột cho: Ngày nhận, Loại đơn",
    ),
    "a required column missing": (
        lambda p: write_xlsx(
            p / "thieu-cot.xlsx",
            {"S": [["Mã đơn", "Ngày nhận", "Loại đơn"], ["1", date(2025, 2, 1), "KN"]]},
        ),
        "Trang “S” chưa có cột cho: Đủ điều kiện xử lý, Thẩm quyền, Kết quả, Ngày giải quyết",
    ),
    "binary junk named csv": (lambda p: _bytes(p / "rac.csv", b"\x00\x01\x02" * 100), "CSV"),
}


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_files_leave_the_database_untouched(demo_store, tmp_path, make, message):
    import_file(demo_store, register_xlsx(tmp_path / "truoc.xlsx"))
    before = db_digest(demo_store)
    path = make(tmp_path)
    with pytest.raises(ImportFailure, match=message) as info:
        import_file(demo_store, path)
    assert path.name in str(info.value)
    assert db_digest(demo_store) == before


# --- the corpus: awkward files that import, with the right report ----------------------------


def test_title_rows_and_a_merged_group_header(demo_store, tmp_path):
    group = [""] * 12 + ["Kết quả giải quyết", ""]
    sub = [*HEADERS[:12], "Kết quả", "Ngày giải quyết"]
    top = [h if i < 12 else "" for i, h in enumerate(sub)]
    rows = [
        ["ỦY BAN NHÂN DÂN PHƯỜNG HOA SEN"],
        ["SỔ THEO DÕI ĐƠN THƯ NĂM 2025"],
        [],
        [*top[:12], *group[12:]],
        ["", *[""] * 11, *sub[12:]],
        *register_rows(),
    ]
    path = write_xlsx(tmp_path / "tieu-de.xlsx", {"Sổ": rows}, merges={"Sổ": ["M4:N4"]})
    plan = plan_import(path, today=TODAY)
    assert plan.header_row == 5 and plan.certain
    assert plan.headers[12:14] == ["Kết quả", "Ngày giải quyết"]
    assert len(plan.records) == 42 and plan.rejected == []


def test_header_variants_case_and_accents(demo_store, tmp_path):
    headers = [
        "SỐ ĐƠN",
        "ngay nhan don",
        "Họ tên người gửi",
        "Địa chỉ",
        "Tóm tắt nội dung",
        "Loại đơn thư",
        "Đủ điều kiện",
        "Thuộc thẩm quyền",
        "Xử lý đơn",
        "Vụ việc",
        "Cán bộ thụ lý",
        "Thời hạn giải quyết",
        "KẾT QUẢ GIẢI QUYẾT",
        "Ngày hoàn thành",
    ]
    plan = plan_import(
        write_xlsx(tmp_path / "bien-the.xlsx", {"S": [headers, *register_rows()]}), today=TODAY
    )
    assert plan.certain and len(plan.mapping) == 14 and len(plan.records) == 42


def test_abbreviations_and_unaccented_categories(demo_store, tmp_path):
    common = {"Người_gửi": "", "Cán_bộ_xử_lý": "Lan"}
    rows = [
        HEADERS,
        petition_row(**common, Mã_đơn="1", Ngày_nhận="05/02/2025", Loại_đơn="KN",
                     Đủ_điều_kiện_xử_lý="co", Thẩm_quyền="TTQ", Hướng_xử_lý="thu ly",
                     Kết_quả="da", Ngày_giải_quyết="2025-02-10"),
        petition_row(**common, Mã_đơn="2", Ngày_nhận="5/2/25", Loại_đơn="khieu nai",
                     Đủ_điều_kiện_xử_lý="x", Thẩm_quyền="thuoc", Hướng_xử_lý="Chuyển",
                     Kết_quả="Chưa"),
        petition_row(Mã_đơn="3", Ngày_nhận=45693, Loại_đơn="KNPA", Đủ_điều_kiện_xử_lý="Có",
                     Thẩm_quyền="Thuộc thẩm quyền", Hướng_xử_lý="Lưu"),
    ]  # fmt: skip
    plan = plan_import(write_xlsx(tmp_path / "viet-tat.xlsx", {"S": rows}), today=TODAY)
    assert plan.rejected == []
    received = [r["received"] for r in plan.records]
    assert received == [date(2025, 2, 5), date(2025, 2, 5), date(2025, 2, 5)]  # serial 45693 too
    assert [r["type"].value for r in plan.records] == ["KN", "KN", "KNPA"]


def test_rejected_rows_name_sheet_row_column_and_reason(demo_store, tmp_path):
    rows = register_rows()
    rows[0][1] = "chưa rõ"  # text in a date column
    rows[1][1] = date(2026, 3, 1)  # in the future
    rows[2][5] = "Thư khen"  # not a petition type
    rows[3][0] = rows[4][0]  # duplicate id, different content
    path = write_xlsx(tmp_path / "loi.xlsx", {"Sổ": [HEADERS, *rows]})
    plan = plan_import(path, today=TODAY)
    reasons = {(r.row, r.column): r.reason for r in plan.rejected}
    assert "“chưa rõ” không phải ngày" in reasons[(2, "Ngày nhận")]
    assert "ngày 01/03/2026 ở tương lai" in reasons[(3, "Ngày nhận")]
    assert "“Thư khen” không phải giá trị hợp lệ" in reasons[(4, "Loại đơn")]
    assert "trùng với dòng 5 nhưng nội dung khác" in reasons[(6, "Mã đơn")]
    assert str(plan.rejected[0]).startswith("Sổ, dòng 2, cột “Ngày nhận”: ")
    assert len(plan.records) == 38
    before = db_digest(demo_store)
    _, counts = import_file(demo_store, path)
    assert counts.inserted == 38 and db_digest(demo_store) != before


def test_resolved_before_received_is_stored_but_out_of_the_figures(demo_store, tmp_path):
    rows = [
        HEADERS,
        petition_row(**COUNTED_KN, Ngày_nhận=date(2025, 3, 1),
                     Kết_quả="Đã giải quyết", Ngày_giải_quyết=date(2025, 2, 1)),
    ]  # fmt: skip
    plan, counts = import_file(demo_store, write_xlsx(tmp_path / "nguoc.xlsx", {"S": rows}))
    assert counts.inserted == 1
    assert [w.reason for w in plan.warnings] == ["Ngày giải quyết trước ngày nhận đơn."]
    assert figures(demo_store).resolution.denominator == 0


def test_formula_without_a_stored_value_is_reported_not_guessed(demo_store, tmp_path):
    # A formula saved by a program that does not compute it has no value to read.
    rows = [
        HEADERS,
        petition_row(**COUNTED_KN, Ngày_nhận="=DATE(2025,3,1)",
                     Kết_quả="Chưa giải quyết"),
    ]  # fmt: skip
    plan = plan_import(write_xlsx(tmp_path / "cong-thuc.xlsx", {"S": rows}), today=TODAY)
    assert plan.rejected == [] and plan.records[0]["received"] is None
    assert [(w.row, w.reason) for w in plan.warnings] == [(2, "Thiếu ngày nhận đơn.")]


def test_instructions_sheet_first_and_a_hidden_sheet(demo_store, tmp_path):
    sheets = {
        "Hướng dẫn": [["Cách ghi sổ"], ["Mỗi dòng một đơn"]],
        "Cũ": [HEADERS, *register_rows()[:5]],
        "Sổ 2025": [HEADERS, *register_rows()],
    }
    path = write_xlsx(tmp_path / "nhieu-trang.xlsx", sheets, hidden=("Cũ",))
    assert plan_import(path, today=TODAY).sheet == "Sổ 2025"
    assert len(plan_import(path, today=TODAY, sheet="Cũ").records) == 5
    with pytest.raises(ImportFailure, match="không có trang “Khác”"):
        plan_import(path, today=TODAY, sheet="Khác")


def test_blank_lines_between_rows_are_not_petitions(tmp_path):
    rows = register_rows()
    plan = plan_import(
        write_xlsx(tmp_path / "trong.xlsx", {"S": [HEADERS, rows[0], [], ["", ""], rows[1]]}),
        today=TODAY,
    )
    assert len(plan.records) == 2 and plan.rejected == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(
        tmp_path / f"so-{encoding}.csv",
        [HEADERS, *register_rows()],
        encoding,
        delimiter=";" if encoding == "cp1258" else ",",
    )
    plan = plan_import(path, today=TODAY)
    assert len(plan.records) == 42 and plan.rejected == []
    assert plan.records[0]["sender"] == sender("1")
    assert plan.records[0]["officer"] == "Lan"


def test_tcvn3_text_is_converted_and_shown(tmp_path):
    rows = [
        HEADERS,
        [
            "1",
            date(2025, 2, 5),
            "NguyÔn V¨n An",
            "",
            "Khiếu nại về đất",
            "KhiÕu n¹i",
            "Cã",
            "Thuéc thÈm quyÒn",
            "Thô lý",
            "",
            "§ç ThÞ Lan",
            "",
            "§· gi¶i quyÕt",
            date(2025, 3, 1),
        ],
    ]
    plan = plan_import(write_xlsx(tmp_path / "tcvn3.xlsx", {"S": rows}), today=TODAY)
    assert plan.rejected == []
    assert plan.legacy_summary() == (
        "TCVN3: cột “Người gửi”, “Loại đơn”, “Đủ điều kiện xử lý”, “Thẩm quyền”, "
        "“Hướng xử lý”, “Cán bộ xử lý”, “Kết quả”"
    )
    record = plan.records[0]
    assert (record["sender"], record["officer"]) == ("Nguyễn Văn An", "Đỗ Thị Lan")
    assert record["type"].value == "KN" and record["outcome"].value == "da"
    assert (2, "NguyÔn V¨n An", "Nguyễn Văn An") in plan.converted


def test_a_value_repeated_in_a_column_of_choices_reads_the_same_in_every_row(tmp_path):
    """Each value of a column of choices is read once per import (app.exchange.register_import
    `_RowReader`): every row still gets its conversion noted and its refusal said, and a row
    shorter than the header reads its missing cells as empty."""

    def row(key: str, received: date, eligible: str, outcome: str, *, short=False) -> list:
        full = [key, received, "Lê Văn Bình", "", "Khiếu nại về đất", "Khiếu nại", eligible,
                "Thuộc thẩm quyền", "Thụ lý", "", "Lan", "", outcome, date(2025, 3, 1)]  # fmt: skip
        return full[:13] if short else full

    rows = [
        HEADERS,
        row("1", date(2025, 2, 5), "Cã", "Đã giải quyết"),
        row("2", date(2025, 2, 6), "Cã", "Đã giải quyết"),
        row("3", date(2025, 2, 7), "Có lẽ", "Đã giải quyết"),
        row("4", date(2025, 2, 8), "Có lẽ", "Đã giải quyết"),
        row("5", date(2025, 2, 9), "Không", "Đang giải quyết", short=True),
    ]
    plan = plan_import(write_xlsx(tmp_path / "lap-lai.xlsx", {"S": rows}), today=TODAY)
    assert [r["key"] for r in plan.records] == ["1", "2", "5"]
    assert [r["eligible"] for r in plan.records] == [True, True, False]
    assert plan.records[2]["resolved_on"] is None  # the short row's last cell
    assert [(row, before, after) for row, before, after in plan.converted] == [
        (2, "Cã", "Có"),
        (3, "Cã", "Có"),
    ]
    refused = [(r.row, r.column) for r in plan.rejected]
    assert refused == [(4, "Đủ điều kiện xử lý"), (5, "Đủ điều kiện xử lý")]
    assert plan.rejected[0].reason == plan.rejected[1].reason != ""


def test_vni_text_in_csv_is_converted(tmp_path):
    rows = [
        HEADERS,
        [
            "1",
            "05/02/2025",
            "Nguyeãn Vaên Bình",
            "",
            "",
            "Toá caùo",
            "Coù",
            "Thuoäc thaåm quyeàn",
            "Thuï lyù",
            "",
            "Ñoã Thò Lan",
            "",
            "Ñaõ giaûi quyeát",
            "01/03/2025",
        ],
    ]
    # A file once typed with VNI fonts, later saved as UTF-8: the letters are still VNI's.
    plan = plan_import(write_csv(tmp_path / "vni.csv", rows, "utf-8"), today=TODAY)
    assert plan.rejected == [] and plan.legacy_summary().startswith("VNI: cột “Người gửi”")
    assert plan.records[0]["sender"] == "Nguyễn Văn Bình"
    assert plan.records[0]["officer"] == "Đỗ Thị Lan"
    assert plan.records[0]["type"].value == "TC"


def _unicode_plan(tmp_path, rows):
    """The plan of the same register typed in Unicode, to compare a legacy file's with."""
    return plan_import(write_xlsx(tmp_path / "unicode.xlsx", {"S": [HEADERS, *rows]}), today=TODAY)


def test_a_few_legacy_rows_leave_the_unicode_rows_as_typed(tmp_path):
    # 42 rows typed in Unicode ("Có", "Không", an officer "Lê Vân Hà" whose TCVN3 reading
    # "Lờ Võn Hà" is well-formed too) and 10 typed in TCVN3: only the 10 are converted.
    unicode_rows = [[*row[:10], "Lê Vân Hà", *row[11:]] for row in register_rows()]
    typed = [[f"T{row[0]}", *row[1:]] for row in unicode_rows[:10]]
    path = write_xlsx(
        tmp_path / "tron.xlsx",
        {"S": [HEADERS, *unicode_rows, *(legacy_row(r, "TCVN3") for r in typed)]},
    )
    plan = plan_import(path, today=TODAY)
    assert plan.rejected == [] and len(plan.records) == 52
    expected = _unicode_plan(tmp_path, [*unicode_rows, *typed]).records
    assert plan.records == expected
    unicode_cells = {v for row in unicode_rows for v in row if isinstance(v, str)}
    assert not unicode_cells & {before for _, before, _ in plan.converted}
    assert {row for row, _, _ in plan.converted} <= set(range(44, 54))


FOREIGN_NAMES = (
    "Müller André",
    "François Gérard",
    "Zoë Noël",
    "José Núñez",
    "Hélène Côté",
    "Jürgen Björk",
    "Renée Lê",
)


def test_foreign_names_in_a_unicode_register_are_kept(tmp_path):
    rows = register_rows()
    for row, name in zip(rows, FOREIGN_NAMES, strict=False):
        row[2] = row[10] = name  # sender and officer
    plan = plan_import(write_xlsx(tmp_path / "ngoai.xlsx", {"S": [HEADERS, *rows]}), today=TODAY)
    assert plan.rejected == [] and len(plan.records) == 42
    assert [r["sender"] for r in plan.records[: len(FOREIGN_NAMES)]] == list(FOREIGN_NAMES)
    assert [r["officer"] for r in plan.records[: len(FOREIGN_NAMES)]] == list(FOREIGN_NAMES)
    assert plan.converted == [] and plan.legacy_summary() is None


def test_vni_rows_leave_unicode_co_as_typed(tmp_path):
    # Mostly VNI, a few rows typed in Unicode: "Có" is not VNI "Cĩ", "Hòa" not VNI "Hịa".
    rows = register_rows()
    unicode_rows = [[*row[:10], "Hòa", *row[11:]] for row in rows[:3]]
    vni = [legacy_row([f"V{row[0]}", *row[1:]], "VNI") for row in rows[3:15]]
    path = write_xlsx(tmp_path / "vni-tron.xlsx", {"S": [HEADERS, *vni, *unicode_rows]})
    plan = plan_import(path, today=TODAY)
    assert plan.rejected == [] and len(plan.records) == 15
    assert [(r["eligible"], r["officer"]) for r in plan.records[12:]] == [
        (row[6] == "Có", "Hòa") for row in unicode_rows
    ]
    assert [r["sender"] for r in plan.records[:12]] == [sender(row[0]) for row in rows[3:15]]
    assert plan.legacy_summary().startswith("VNI: cột “Người gửi”")


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("form", ["xlsx", "utf-8", "8-bit"])
def test_a_legacy_header_row_is_recognised(tmp_path, encoding, form):
    rows = [legacy_row(r, encoding) for r in [HEADERS, *register_rows()]]
    if form == "xlsx":
        path = write_xlsx(tmp_path / "so.xlsx", {"S": rows})
    else:  # "8-bit": saved from the workbook as CSV, the bytes are the font's codes
        path = write_csv(tmp_path / "so.csv", rows, "utf-8" if form == "utf-8" else "latin-1")
    plan = plan_import(path, today=TODAY)
    assert plan.headers == HEADERS and plan.rejected == []
    assert plan.records == _unicode_plan(tmp_path, register_rows()).records
    assert (1, legacy_form("Mã đơn", encoding), "Mã đơn") in plan.converted
    assert plan.legacy_summary() == (
        f"{encoding}: dòng tiêu đề, cột “Người gửi”, “Địa chỉ”, “Nội dung”, “Loại đơn”, "
        "“Đủ điều kiện xử lý”, “Thẩm quyền”, “Hướng xử lý”, “Kết quả”"
    )


def test_tcvn3_and_vni_in_different_columns(tmp_path, demo_path, capsys):
    rows = register_rows()
    for row in rows:
        row[2] = legacy_form(row[2], "TCVN3")
        row[10] = legacy_form("Đỗ Thị Lan", "VNI")
    path = write_xlsx(tmp_path / "hai-bang-ma.xlsx", {"S": [HEADERS, *rows]})
    plan = plan_import(path, today=TODAY)
    assert plan.rejected == []
    assert [r["sender"] for r in plan.records] == [sender(row[0]) for row in register_rows()]
    assert {r["officer"] for r in plan.records} == {"Đỗ Thị Lan"}
    summary = "TCVN3: cột “Người gửi”; VNI: cột “Cán bộ xử lý”"
    assert plan.legacy_summary() == summary
    assert main(["--db", str(demo_path), "register", "import", str(path), "--dry-run"]) == 0
    assert f"Văn bản gõ bằng bảng mã cũ đã được chuyển sang Unicode ({summary}):" in (
        capsys.readouterr().out
    )


def test_a_single_legacy_cell_is_converted(tmp_path):
    rows = register_rows()
    rows[5][2] = "NguyÔn V¨n An"
    plan = plan_import(write_xlsx(tmp_path / "mot-o.xlsx", {"S": [HEADERS, *rows]}), today=TODAY)
    assert plan.rejected == [] and plan.records[5]["sender"] == "Nguyễn Văn An"
    assert plan.converted == [(7, "NguyÔn V¨n An", "Nguyễn Văn An")]
    assert plan.legacy_summary() == "TCVN3: cột “Người gửi”"
    rows[5][2] = "Nguyễn Văn An"
    assert plan.records == _unicode_plan(tmp_path, rows).records


def test_a_register_without_ids_gets_stable_ones(demo_store, tmp_path):
    rows = [[h for h in HEADERS if h != "Mã đơn"], *[r[1:] for r in register_rows()]]
    path = write_xlsx(tmp_path / "khong-ma.xlsx", {"S": rows})
    _, first = import_file(demo_store, path)
    _, second = import_file(demo_store, path)
    assert first.inserted == 42 and (second.inserted, second.unchanged) == (0, 42)


def test_200k_rows(demo_store, tmp_path):
    base = register_rows(dates_as="text")[6]  # petition 7: resolved on time
    rows = [HEADERS] + [[str(i), *base[1:]] for i in range(200_000)]
    path = write_csv(tmp_path / "lon.csv", rows, "utf-8")
    plan, counts = import_file(demo_store, path)
    assert counts.inserted == 200_000 and plan.rejected == []
    assert figures(demo_store).resolution.denominator == 200_000


# --- the command line -------------------------------------------------------------------------


def test_cli_import_dry_run_then_import_then_tally_json(demo_path, tmp_path, capsys):
    path = register_xlsx(tmp_path / "so.xlsx")
    assert main(["--db", str(demo_path), "register", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Thêm mới: 42 · Cập nhật: 0 · Không đổi: 0 · Từ chối: 0" in out
    assert "Chạy thử: chưa ghi gì" in out
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["resolution"]["denominator"] == 0
    assert main(["--db", str(demo_path), "register", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(demo_path), "tally", "--json"]) == 0
    output = capsys.readouterr().out
    data = json.loads(output)
    assert data["period"] == {"from": "2025-01-01", "to": "2025-10-31"}
    assert data["resolution"] == {
        "carried_over": 4,
        "new": 24,
        "denominator": 28,
        "resolved": 22,
        "rate": round(2200 / 28, 4),
        "on_time": 16,
        "unknown_deadline": 2,
        "on_time_rate": 80.0,
    }
    assert data["resolution_kntc"]["denominator"] == 13
    officers = data["by_officer"]  # hand-computed in tests/test_tally_register.py
    assert (officers["Lan"]["denominator"], officers["Lan"]["resolved"]) == (17, 16)
    assert (officers["Khang"]["denominator"], officers["Khang"]["resolved"]) == (11, 6)
    assert data["processing"] == {"received": 31, "processed": 30, "rate": round(3000 / 31, 4)}
    assert [e["row"] for e in data["data_errors"]] == [37, 38, 39, 40]
    # Privacy: none of the register's personal values in any aggregate output.
    for key in [str(i) for i in range(1, 43)]:
        for personal in (sender(key), address(key), content(key)):
            assert personal not in output
    assert main(["--db", str(demo_path), "tally"]) == 0
    text = capsys.readouterr().out
    assert "Tỷ lệ giải quyết (các loại đơn của đợt): 78,57% — 22/28 vụ việc" in text
    assert all(sender(str(i)) not in text for i in range(1, 43))


def test_cli_uncertain_mapping_needs_map_then_remembers_it(demo_path, tmp_path, capsys):
    headers = [*HEADERS[:12], "Tình trạng đơn (ghi rõ)", "Ngày giải quyết"]
    headers[1] = "Ngày nhận/đến"
    path = write_xlsx(tmp_path / "doan.xlsx", {"S": [headers, *register_rows()]})
    assert main(["--db", str(demo_path), "register", "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Cần xác nhận" in out and "Chưa ghi gì" in out
    # the example is this file's own guess, ready to paste (straight quotes)
    assert '(ví dụ --map "Ngày nhận=Ngày nhận/đến")' in out
    assert "Nếu nhập, tỷ lệ giải quyết kỳ 01/01/2025 – 31/10/2025:" in out  # as the wizard
    args = [
        "--db",
        str(demo_path),
        "register",
        "import",
        str(path),
        "--map",
        "received=Ngày nhận/đến",
        "--map",
        "outcome=Tình trạng đơn (ghi rõ)",
    ]
    assert main(args) == 0
    assert "Thêm mới: 42" in capsys.readouterr().out
    # The same headers again, without --map: the confirmed mapping is remembered.
    assert main(["--db", str(demo_path), "register", "import", str(path)]) == 0
    assert "Không đổi: 42" in capsys.readouterr().out


def test_cli_refused_file_exits_1_with_the_reason(demo_path, tmp_path, capsys):
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    assert main(["--db", str(demo_path), "register", "import", str(empty)]) == 1
    assert capsys.readouterr().err.strip() == "thidua: Tệp rong.csv rỗng (0 byte)."


def test_cli_template_is_importable(demo_path, tmp_path, capsys):
    from openpyxl import load_workbook

    template = tmp_path / "mau.xlsx"
    assert main(["register", "template", str(template)]) == 0
    book = load_workbook(template)
    sheet = book["Sổ theo dõi đơn"]
    assert [c.value for c in sheet[1]][:2] == ["Mã đơn", "Ngày nhận"]
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert "Khiếu nại" in lists["G"] and "Đã giải quyết" in lists["N"]
    for row in register_rows()[:3]:
        sheet.append([row[0], row[1], row[2], row[3], row[4], None, *row[5:]])
    book.save(template)
    plan = plan_import(template, today=TODAY)
    assert plan.certain and len(plan.records) == 3 and plan.rejected == []


@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_ods_and_xls_registers(demo_store, tmp_path, fmt):
    path = convert(register_xlsx(tmp_path / "so.xlsx"), fmt, tmp_path)
    plan, counts = import_file(demo_store, path)
    assert plan.sheet == "Sổ theo dõi đơn" and plan.rejected == []
    assert counts.inserted == 42
    assert plan.records[0]["sender"] == sender("1")
    t = figures(demo_store)
    assert (t.resolution.denominator, len(t.resolution.resolved)) == (28, 22)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (",".join(HEADERS) + '\n1,"' + "x" * 200_000 + '"\n', "dài quá"),
        (",".join(HEADERS) + '\n1,"05/03/2025,Nguyễn Văn A\n', "ngoặc kép"),
    ],
    ids=["huge-cell", "unbalanced-quote"],
)
def test_a_broken_csv_is_refused_with_its_line(tmp_path, content, expected):
    """Not a traceback: the line and the reason, in Vietnamese."""
    path = tmp_path / "so.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailure) as refused:
        plan_import(path, today=TODAY)
    assert "so.csv, dòng" in str(refused.value) and expected in str(refused.value)


def test_a_csv_with_old_mac_line_endings_reads(tmp_path):
    rows = [HEADERS, *register_rows()[:3]]
    text = "\r".join(",".join(f'"{c}"' for c in row) for row in rows) + "\r"
    path = tmp_path / "so.csv"
    path.write_text(text, encoding="utf-8", newline="")
    plan = plan_import(path, today=TODAY)
    assert len(plan.records) == 3


def test_keys_typed_differently_are_the_same_rows(demo_path, tmp_path):
    """The same register with its keys in lower case, padded, or carrying a zero-width space
    from a copy-paste: every row updates its petition, none is added."""
    from app.services import register
    from app.store.database import open_store

    rows = [[f"ĐƠN-{r[0]}", *r[1:]] for r in register_rows()]
    first = write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *rows]})
    again = [[f" {r[0].lower()}\u200b ", *r[1:]] for r in rows]
    second = write_xlsx(tmp_path / "so-lai.xlsx", {"S": [HEADERS, *again]})
    store = open_store(demo_path)
    try:
        db, unit = store.db, 1
        register.store(db, unit, register.plan(db, first, TODAY))
        (before,) = db.execute("SELECT count(*) FROM petitions").fetchone()
        counts = register.store(db, unit, register.plan(db, second, TODAY))
        assert counts.inserted == 0
        assert db.execute("SELECT count(*) FROM petitions").fetchone() == (before,)
        keys = [k for (k,) in db.execute("SELECT petition_key FROM petitions")]
        assert not any("\u200b" in k for k in keys)
    finally:
        store.close()


def test_a_key_repeated_in_another_case_in_one_file_is_a_duplicate(tmp_path):
    rows = [[f"ĐƠN-{r[0]}", *r[1:]] for r in register_rows()[:2]]
    rows[1] = [rows[0][0].lower(), *rows[1][1:]]
    path = write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *rows]})
    plan = plan_import(path, today=TODAY)
    assert len(plan.records) == 1 and "trùng" in plan.rejected[0].reason


@pytest.mark.parametrize("received", ["01/01/1900", "15/03/1925", "31/12/1989"])
def test_a_date_before_1990_is_refused_with_its_row(tmp_path, received):
    """1900-01-01 is what an empty date cell shows once typed over, 1925 a mistyped year: the
    row is refused with the reason, not counted as a petition of a century ago."""
    rows = register_rows()[:2]
    rows[1] = [rows[1][0], received, *rows[1][2:]]
    path = write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *rows]})
    plan = plan_import(path, today=TODAY)
    assert len(plan.records) == 1
    (refused,) = plan.rejected
    assert refused.row == 3 and "trước năm 1990" in refused.reason


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_hidden_rows_are_read_and_said_in_the_preview(tmp_path, suffix, capsys, demo_path):
    """Issue 17, point 12: rows hidden in Excel were imported without a word."""
    from openpyxl import load_workbook

    from tests.office import convert

    path = write_xlsx(tmp_path / "so.xlsx", {"S": [HEADERS, *register_rows()[:6]]})
    book = load_workbook(path)
    for row in (3, 6):
        book["S"].row_dimensions[row].hidden = True
    book.save(path)
    if suffix == "ods":
        path = convert(path, "ods", tmp_path)
    plan = plan_import(path, today=TODAY)
    assert len(plan.records) == 6 and plan.hidden_rows == [3, 6]
    assert plan.hidden_note.startswith("2 dòng đang bị ẩn trong tệp vẫn được đọc và tính")
    assert "(dòng 3, 6)" in plan.hidden_note
    assert main(["--db", str(demo_path), "register", "import", str(path), "--dry-run"]) == 0
    assert "(dòng 3, 6)" in capsys.readouterr().out
