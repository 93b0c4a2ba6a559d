"""The Inspectorate's inbox (issue 7): import with key pinning, resubmission, campaign and
deadline, the consolidated table, appraisal, ranking, the shortlist within quotas, the
consolidated documents and table, receipts — and the round trip through the command line."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cli import main
from app.core.inbox import Appraisal, InboxError, KeyChanged, ranked
from app.exchange.package import verify_package
from app.services.demo import create_inspectorate
from app.services.inbox import appraise, import_package, propose_shortlist, shortlist
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.database import open_store
from app.store.inbox import consolidated, packages
from tests.package_factory import Nominee, unit_package


@pytest.fixture
def inbox(inspectorate_path):
    # a copy of the session's template, opened as create_inspectorate leaves it: no backup yet
    store = open_store(inspectorate_path, auto_backup=False)
    yield store
    store.close()


def campaign_of(store):
    return load_campaign(store.db, active_campaign_id(store.db))


def receive(store, path: Path, accept_new_key: bool = False):
    return import_package(
        store.db, path.read_bytes(), path.name, campaign_of(store), accept_new_key
    )


def inbox_rows(store) -> dict[str, list]:
    tables = ("inbox_units", "inbox_packages", "inbox_package_contents", "inbox_nominees")
    return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_a_unit_key_is_pinned_at_first_import_and_another_key_is_refused_loudly(inbox, tmp_path):
    key = Ed25519PrivateKey.generate()
    first = receive(
        inbox,
        unit_package(
            tmp_path / "a.zip",
            "UBND xã Một",
            [Nominee("collective", "Bộ phận Một cửa xã Một")],
            key,
        ),
    )
    assert first.new_unit and "đơn vị mới" in first.message
    stranger = Ed25519PrivateKey.generate()
    later = unit_package(
        tmp_path / "b.zip",
        "UBND xã Một",
        [Nominee("individual", "Lê Văn Ba")],
        stranger,
        created=datetime(2025, 11, 2, tzinfo=UTC),
    )
    before = inbox_rows(inbox)
    with pytest.raises(KeyChanged) as refused:
        receive(inbox, later)
    message = str(refused.value)
    assert refused.value.pinned in message and refused.value.offered in message
    assert refused.value.pinned != refused.value.offered
    assert inbox_rows(inbox) == before  # nothing stored
    accepted = receive(inbox, later, accept_new_key=True)
    assert accepted.key_accepted and accepted.superseded == first.package
    assert [n.name for n in consolidated(inbox.db, "ls-tcd-2025")] == ["Lê Văn Ba"]


def test_a_resubmission_supersedes_the_earlier_package_and_both_stay(inbox, tmp_path):
    key = Ed25519PrivateKey.generate()
    unit = "UBND phường Hai"
    first = receive(
        inbox, unit_package(tmp_path / "1.zip", unit, [Nominee("collective", "Tổ A")], key)
    )
    (team_a,) = consolidated(inbox.db, "ls-tcd-2025")
    appraise(inbox.db, team_a.id, Appraisal.PASS)
    shortlist(inbox.db, team_a.id, campaign_of(inbox))
    second = receive(
        inbox,
        unit_package(
            tmp_path / "2.zip",
            unit,
            [Nominee("collective", "Tổ B")],
            key,
            created=datetime(2025, 11, 3, tzinfo=UTC),
        ),
    )
    assert second.superseded == first.package and "thay gói nộp trước" in second.message
    current = consolidated(inbox.db, "ls-tcd-2025")
    assert [(n.name, n.appraisal, n.shortlisted) for n in current] == [("Tổ B", None, False)]
    history = packages(inbox.db, "ls-tcd-2025")
    assert [(p.id, p.superseded_by) for p in history] == [
        (second.package, None),
        (first.package, second.package),
    ]
    with pytest.raises(InboxError, match="thay bằng gói nộp sau"):
        shortlist(inbox.db, team_a.id, campaign_of(inbox))
    # the first file, received again, is recognised; an older one read late goes to history
    assert receive(inbox, tmp_path / "1.zip").duplicate
    old = receive(
        inbox,
        unit_package(
            tmp_path / "0.zip",
            unit,
            [Nominee("collective", "Tổ C")],
            key,
            created=datetime(2025, 10, 30, tzinfo=UTC),
        ),
    )
    assert old.older and old.superseded is None and "lịch sử" in old.message
    assert [n.name for n in consolidated(inbox.db, "ls-tcd-2025")] == ["Tổ B"]


def test_another_campaign_is_refused_and_a_late_package_flagged(inbox, tmp_path):
    other = unit_package(
        tmp_path / "x.zip", "UBND xã Ba", [Nominee("collective", "Tổ X")], campaign="ls-tcd-2024"
    )
    before = inbox_rows(inbox)
    with pytest.raises(InboxError, match="thuộc đợt thi đua “ls-tcd-2024”"):
        receive(inbox, other)
    assert inbox_rows(inbox) == before
    # the deadline is 04/11/2025 in Vietnam (UTC+7): 23:59 that day is on time, 00:01 late
    on_time = datetime(2025, 11, 4, 16, 59, tzinfo=UTC)
    late = datetime(2025, 11, 4, 17, 1, tzinfo=UTC)
    assert not receive(
        inbox,
        unit_package(
            tmp_path / "t.zip", "UBND xã Bốn", [Nominee("collective", "Tổ T")], created=on_time
        ),
    ).late
    flagged = receive(
        inbox,
        unit_package(
            tmp_path / "m.zip", "UBND xã Năm", [Nominee("collective", "Tổ M")], created=late
        ),
    )
    assert flagged.late and "NỘP MUỘN" in flagged.message  # flagged, not refused
    assert {n.name: n.late for n in consolidated(inbox.db, "ls-tcd-2025")} == {
        "Tổ T": False,
        "Tổ M": True,
    }


LATE = datetime(2025, 11, 5, 3, tzinfo=UTC)  # the day after the 04/11/2025 deadline


def test_a_late_package_is_shortlisted_only_once_accepted_with_a_reason(inbox, tmp_path):
    """The plan: a dossier after the deadline is no proposal unless the Inspectorate decides
    otherwise; the decision and its reason are kept and printed in the danh sách."""
    from docx import Document

    from app.services.inbox import accept_late, refuse_late
    from app.services.inspectorate_report import write_report

    late = receive(
        inbox,
        unit_package(
            tmp_path / "m.zip",
            "UBND xã Muộn",
            [Nominee("collective", "Tổ M", resolved=31)],
            created=LATE,
        ),
    )
    on_time = receive(inbox, unit_package(tmp_path / "d.zip", "UBND xã Đúng",
                                          [Nominee("collective", "Tổ Đ")]))  # fmt: skip
    for n in consolidated(inbox.db, "ls-tcd-2025"):
        appraise(inbox.db, n.id, Appraisal.PASS)
    assert [n.name for n in propose_shortlist(inbox.db, campaign_of(inbox))] == ["Tổ Đ"]
    (tardy,) = [n for n in consolidated(inbox.db, "ls-tcd-2025") if n.late]
    with pytest.raises(InboxError, match="nộp muộn coi như không đề nghị"):
        shortlist(inbox.db, tardy.id, campaign_of(inbox))
    with pytest.raises(InboxError, match="ghi lý do chấp nhận"):
        accept_late(inbox.db, late.package, "  ")
    with pytest.raises(InboxError, match="nộp đúng hạn"):
        accept_late(inbox.db, on_time.package, "Lý do")
    accept_late(inbox.db, late.package, "Gửi bưu điện ngày 03/11/2025,  có dấu bưu điện")
    (accepted,) = propose_shortlist(inbox.db, campaign_of(inbox))
    assert accepted.name == "Tổ M"
    assert accepted.late_note == (
        "Nộp muộn, Thanh tra chấp nhận: Gửi bưu điện ngày 03/11/2025, có dấu bưu điện"
    )
    audited = inbox.db.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'inbox_late_acceptances'"
    ).fetchone()[0]
    assert audited == 1  # an officer's decision, in the audit log as appraisals are
    built = write_report(inbox.db, tmp_path / "out", ("docx",))
    (listing,) = [b.files[0] for b in built if "Danh_sach" in b.files[0].name]
    cells = [c.text for row in Document(listing).tables[-1].rows for c in row.cells]
    assert accepted.late_note in cells
    with pytest.raises(InboxError, match="Bỏ Tổ M khỏi danh sách chọn trước"):
        refuse_late(inbox.db, late.package)
    shortlist(inbox.db, accepted.id, campaign_of(inbox), chosen=False)
    refuse_late(inbox.db, late.package)
    assert propose_shortlist(inbox.db, campaign_of(inbox)) == []


def test_accepting_a_late_package_from_the_command_line(inspectorate_path, tmp_path, capsys):
    late = unit_package(tmp_path / "m.zip", "UBND xã Muộn", [Nominee("collective", "Tổ M")],
                        created=LATE)  # fmt: skip
    db = ["--db", str(inspectorate_path)]
    assert main([*db, "inbox", "import", str(late)]) == 0
    capsys.readouterr()
    assert main([*db, "inbox", "list", "--history"]) == 0
    history = capsys.readouterr().out
    package = history.split("\t", 1)[0]
    assert "nộp muộn (chưa chấp nhận)" in history
    assert main([*db, "inbox", "accept-late", package]) == 1
    assert "ghi lý do chấp nhận" in capsys.readouterr().err
    assert main([*db, "inbox", "accept-late", package, "--reason", "Gửi bưu điện đúng hạn"]) == 0
    assert f"Đã chấp nhận gói số {package} nộp muộn" in capsys.readouterr().out
    assert main([*db, "inbox", "list", "--history"]) == 0
    assert "nộp muộn (đã chấp nhận: Gửi bưu điện đúng hạn)" in capsys.readouterr().out
    assert main([*db, "inbox", "accept-late", package, "--undo"]) == 0
    assert "Đã bỏ chấp nhận nộp muộn" in capsys.readouterr().out


def test_ranking_puts_appraised_eligible_on_time_high_rate_then_votes_first(inbox, tmp_path):
    entries = [
        ("UBND A", Nominee("collective", "Cao tỷ lệ", resolved=31, cases=31, votes=6)),
        ("UBND B", Nominee("collective", "Nhiều phiếu", resolved=30, cases=31, votes=9)),
        ("UBND C", Nominee("collective", "Ít phiếu", resolved=30, cases=31, votes=5)),
        (
            "UBND D",
            Nominee("collective", "Chưa đủ điều kiện", resolved=31, cases=31, eligibility="fail"),
        ),
        ("UBND E", Nominee("collective", "Không đạt thẩm định", resolved=31, cases=31, votes=9)),
    ]
    for n, (unit, nominee) in enumerate(entries):
        receive(inbox, unit_package(tmp_path / f"{n}.zip", unit, [nominee]))
    by_name = {n.name: n for n in consolidated(inbox.db, "ls-tcd-2025")}
    for name, nominee in by_name.items():
        status = Appraisal.FAIL if name == "Không đạt thẩm định" else Appraisal.PASS
        appraise(
            inbox.db, nominee.id, status, "Thiếu minh chứng" if status is Appraisal.FAIL else ""
        )
    order = [n.name for n in consolidated(inbox.db, "ls-tcd-2025")]
    assert order == [
        "Cao tỷ lệ",
        "Nhiều phiếu",
        "Ít phiếu",
        "Chưa đủ điều kiện",
        "Không đạt thẩm định",
    ]
    assert ranked(list(reversed(consolidated(inbox.db, "ls-tcd-2025")))) == consolidated(
        inbox.db, "ls-tcd-2025"
    )


def test_appraisal_needs_a_reason_and_the_shortlist_keeps_within_quota(inbox, tmp_path):
    for n in range(11):
        receive(
            inbox,
            unit_package(
                tmp_path / f"{n}.zip",
                f"UBND xã {n:02d}",
                [Nominee("collective", f"Tập thể {n:02d}", votes=9 - n % 3)],
            ),
        )
    nominees = consolidated(inbox.db, "ls-tcd-2025")
    with pytest.raises(InboxError, match="cần ghi lý do"):
        appraise(inbox.db, nominees[0].id, Appraisal.MORE, "  ")
    with pytest.raises(InboxError, match="chưa được thẩm định “Đạt”"):
        shortlist(inbox.db, nominees[0].id, campaign_of(inbox))
    for nominee in nominees:
        appraise(inbox.db, nominee.id, Appraisal.PASS)
    chosen = propose_shortlist(inbox.db, campaign_of(inbox))
    assert len(chosen) == 10  # the campaign's quota of collectives
    left = next(n for n in consolidated(inbox.db, "ls-tcd-2025") if not n.shortlisted)
    assert left.name == consolidated(inbox.db, "ls-tcd-2025")[-1].name  # the lowest ranked
    with pytest.raises(InboxError, match=r"Đã chọn đủ 10/10 tập thể theo chỉ tiêu"):
        shortlist(inbox.db, left.id, campaign_of(inbox))
    with pytest.raises(InboxError, match="bỏ khỏi danh sách chọn trước"):
        appraise(inbox.db, chosen[0].id, Appraisal.FAIL, "Sai số liệu")
    shortlist(inbox.db, chosen[0].id, campaign_of(inbox), chosen=False)
    shortlist(inbox.db, left.id, campaign_of(inbox))  # a place is free again
    assert sum(n.shortlisted for n in consolidated(inbox.db, "ls-tcd-2025")) == 10


def test_the_consolidated_documents_and_table_are_built_from_the_shortlist(inbox, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from app.exchange.inbox_table import write_inbox_table
    from app.services.inspectorate_report import write_report

    receive(
        inbox,
        unit_package(
            tmp_path / "a.zip",
            "UBND phường Đông",
            [
                Nominee("collective", "Tổ tiếp dân phường Đông"),
                Nominee("individual", '=HYPERLINK("http://x")'),
            ],
        ),
    )
    receive(
        inbox,
        unit_package(
            tmp_path / "b.zip", "UBND phường Tây", [Nominee("individual", "Trần Thị Tây", votes=8)]
        ),
    )
    for n in consolidated(inbox.db, "ls-tcd-2025"):
        appraise(inbox.db, n.id, Appraisal.PASS)
    propose_shortlist(inbox.db, campaign_of(inbox))
    built = write_report(inbox.db, tmp_path / "out", ("docx",))
    names = sorted(f.name for b in built for f in b.files)
    assert names == [
        "TT01_To_trinh_tong_hop.docx",
        "TT01a_Danh_sach_tong_hop.docx",
        "TT02_Bao_cao_tham_dinh.docx",
    ]
    letter = "\n".join(p.text for p in Document(tmp_path / "out" / names[0]).paragraphs)
    assert "hồ sơ đề nghị khen thưởng của 02 đơn vị với 01 tập thể và 02 cá nhân" in letter
    assert "cho 01 tập thể và 02 cá nhân" in letter
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng thành phố." in letter
    table = Document(tmp_path / "out" / names[1]).tables
    cells = [c.text for t in table for row in t.rows for c in row.cells]
    assert "Tổ tiếp dân phường Đông" in cells and "Trần Thị Tây" in cells
    assert '=HYPERLINK("http://x")' in cells  # a unit's text printed as text
    target = write_inbox_table(consolidated(inbox.db, "ls-tcd-2025"), tmp_path / "b.xlsx", "T")
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [v[3] for v in values] == [n.name for n in consolidated(inbox.db, "ls-tcd-2025")]
    formula_cell = next(
        c for row in sheet.iter_rows(min_row=3) for c in row if c.value == '=HYPERLINK("http://x")'
    )
    assert formula_cell.data_type == "s"  # text, never a formula Excel would run
    assert values[0][4] == pytest.approx(96.77)  # the rate as a number Excel can sort
    warned = next(n for n in consolidated(inbox.db, "ls-tcd-2025") if len(n.warnings) > 1)
    cell = values[[v[3] for v in values].index(warned.name)][11]
    assert cell.count("; ") == len(warned.warnings) - 1 and ".;" not in cell  # one list


def test_the_consolidated_danh_sach_prints_birth_year_and_gender_of_individuals(inbox, tmp_path):
    """Domain §4.1: "Năm sinh (Nam/Nữ)" of each individual, as the unit printed it; a package
    made before data.json carried them prints "…" and says what is missing, never a guess."""
    from docx import Document

    from app.services.inspectorate_report import write_report

    receive(inbox, unit_package(tmp_path / "a.zip", "UBND phường Nam",
                                [Nominee("individual", "Hoàng Văn Nam", birth_year=1979,
                                         gender="Nam")]))  # fmt: skip
    receive(inbox, unit_package(tmp_path / "b.zip", "UBND phường Cũ",
                                [Nominee("individual", "Đỗ Thị Cũ", birth_year=None)]))  # fmt: skip
    for n in consolidated(inbox.db, "ls-tcd-2025"):
        appraise(inbox.db, n.id, Appraisal.PASS)
    propose_shortlist(inbox.db, campaign_of(inbox))
    built = write_report(inbox.db, tmp_path / "out", ("docx",))
    (listing,) = [b for b in built if "Danh_sach" in b.files[0].name]
    table = Document(listing.files[0]).tables[-1]  # after the head
    rows = {r.cells[1].text: r.cells[2].text for r in table.rows}
    assert " ".join(table.rows[0].cells[2].text.split()) == "Năm sinh (Nam/Nữ)"  # 2 lines
    assert rows["Hoàng Văn Nam"] == "1979 (Nam)"
    assert rows["Đỗ Thị Cũ"] == "…… (……)"  # short lines to fill by hand
    assert "năm sinh của cá nhân" in listing.missing
    (letter,) = [b for b in built if "To_trinh" in b.files[0].name]
    text = "\n".join(p.text for p in Document(letter.files[0]).paragraphs)
    assert "(khoảng 10 tập thể và 15 cá nhân)" in text  # the plan's word, not "tối đa"


def test_the_inspectorate_documents_open_in_libreoffice(inbox, tmp_path):
    """Word-compatible: LibreOffice reads every DOCX the Inspectorate writes (Tờ trình, danh
    sách, appraisal report, a printed receipt) and prints their text."""
    from app.services.inspectorate_report import write_report
    from app.services.receipts import write_receipts
    from tests.office import convert_all, pdf_text

    receive(
        inbox,
        unit_package(tmp_path / "a.zip", "UBND phường Bắc", [Nominee("individual", "Vũ Thị Bắc")]),
    )
    (nominee,) = consolidated(inbox.db, "ls-tcd-2025")
    appraise(inbox.db, nominee.id, Appraisal.PASS)
    shortlist(inbox.db, nominee.id, campaign_of(inbox))
    built = write_report(inbox.db, tmp_path / "out", ("docx",))
    receipt = write_receipts(inbox.db, "ls-tcd-2025", tmp_path / "bn", ("docx",)).printed
    pdfs = convert_all([*(b.files[0] for b in built), *receipt], "pdf", tmp_path / "lo")
    texts = {pdf.stem: " ".join(pdf_text(pdf)) for pdf in pdfs}
    letter = texts["TT01_To_trinh_tong_hop"]
    assert "TỜ TRÌNH" in letter and "CHÁNH THANH TRA" in letter and "Phạm Quốc Hưng" in letter
    listing = texts["TT01a_Danh_sach_tong_hop"]
    assert "Vũ Thị Bắc" in listing and "UBND phường Bắc" in listing and "1985 (Nữ)" in listing
    report = texts["TT02_Bao_cao_tham_dinh"]
    assert "BÁO CÁO" in report and "Vũ Thị Bắc (cá nhân)" in report
    (printed,) = [t for name, t in texts.items() if name.startswith("bien-nhan_")]
    assert "GIẤY BIÊN NHẬN" in printed and "UBND phường Bắc" in printed


def test_printed_receipts_beside_the_signed_ones_in_vietnam_time_and_all_in_one_pdf(
    inbox, tmp_path
):
    from docx import Document

    from app.exchange.receipt import read_receipt
    from app.services.receipts import MERGED, write_receipts
    from tests.office import docx_lines, pdf_text

    made = datetime(2025, 11, 3, 3, 5, tzinfo=UTC)  # 10:05 in Vietnam
    for name, unit in (("x.zip", "UBND xã Xuân"), ("a.zip", "UBND phường An")):
        receive(inbox, unit_package(tmp_path / name, unit, [Nominee("collective", f"Tổ {unit}")],
                                    created=made))  # fmt: skip
    inbox.db.execute("UPDATE inbox_packages SET received_at = '2025-11-03T17:30:00Z'")
    an = next(n for n in consolidated(inbox.db, "ls-tcd-2025") if n.unit == "UBND phường An")
    appraise(inbox.db, an.id, Appraisal.MORE, "Bổ sung bản quét Biên bản họp xét")
    written = write_receipts(inbox.db, "ls-tcd-2025", tmp_path / "bn",
                             now=datetime(2025, 11, 4, 2, tzinfo=UTC))  # fmt: skip
    stems = [p.stem for p in written.signed]
    assert [p.name for p in written.printed] == [f"{s}.{f}" for s in stems for f in ("docx", "pdf")]
    for path in written.signed:  # the signed file is kept, and still what the unit imports
        body, _ = read_receipt(path.read_bytes(), path.name)
        assert body["issued_at"] == "2025-11-04T02:00:00Z"
    first = "\n".join(docx_lines(written.printed[0]))
    assert "Lạng Sơn, ngày 04 tháng 11 năm 2025" in first
    assert "Đơn vị lập gói lúc 10 giờ 05 phút ngày 03/11/2025" in first
    assert "Thanh tra nhận lúc 00 giờ 30 phút ngày 04/11/2025 (giờ Việt Nam)" in first
    assert "2025-11-03T" not in first  # no UTC stamp reaches the paper
    cells = [c.text for t in Document(written.printed[0]).tables for r in t.rows for c in r.cells]
    assert "Yêu cầu bổ sung" in cells and "Bổ sung bản quét Biên bản họp xét" in cells
    assert written.merged == tmp_path / "bn" / MERGED
    pages = pdf_text(written.merged)
    alone = [pdf_text(p) for p in written.printed if p.suffix == ".pdf"]
    assert pages == [page for pdf in alone for page in pdf]  # every receipt, as printed alone
    assert "UBND phường An" in pages[0] and "UBND xã Xuân" in pages[-1]  # in the units' order


def test_the_appraisal_report_gives_each_unit_its_nominees_results_and_the_withdrawn(
    inbox, tmp_path
):
    from docx import Document

    from app.services.inbox import withdraw
    from app.services.inspectorate_report import write_report

    receive(inbox, unit_package(tmp_path / "d.zip", "UBND phường Đông",
                                [Nominee("collective", "Tổ Đông"),
                                 Nominee("individual", "Lý Thị Đông")]))  # fmt: skip
    receive(inbox, unit_package(tmp_path / "m.zip", "UBND xã Muộn",
                                [Nominee("individual", "Hà Văn Muộn")], created=LATE))  # fmt: skip
    gone = receive(inbox, unit_package(tmp_path / "r.zip", "UBND xã Rút",
                                       [Nominee("collective", "Tổ Rút")]))  # fmt: skip
    withdraw(inbox.db, gone.package, "Gửi nhầm hồ sơ năm trước")
    by_name = {n.name: n for n in consolidated(inbox.db, "ls-tcd-2025")}
    appraise(inbox.db, by_name["Tổ Đông"].id, Appraisal.PASS)
    appraise(inbox.db, by_name["Lý Thị Đông"].id, Appraisal.FAIL, "Tỷ lệ giải quyết dưới 96%")
    built = write_report(inbox.db, tmp_path / "out", ("docx",))
    (report,) = [b for b in built if b.files[0].name == "TT02_Bao_cao_tham_dinh.docx"]
    document = Document(report.files[0])
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "BÁO CÁO" in text and "Kết quả thẩm định: 01 đạt, 01 không đạt, 01 chưa thẩm định" in text
    )
    assert text.index("1. UBND phường Đông") < text.index("2. UBND xã Muộn")
    assert "nộp muộn, chưa được chấp nhận (coi như không đề nghị)" in text
    rows = [[c.text for c in r.cells] for t in document.tables[1:] for r in t.rows]
    assert ["1", "Tổ Đông (tập thể)", "Đạt", ""] in rows
    assert ["2", "Lý Thị Đông (cá nhân)", "Không đạt", "Tỷ lệ giải quyết dưới 96%"] in rows
    assert ["1", "Hà Văn Muộn (cá nhân)", "Chưa thẩm định", ""] in rows
    (withdrawn,) = [r for r in rows if r[1] == "UBND xã Rút"]
    assert withdrawn[2] == "r.zip" and withdrawn[3].startswith("Gửi nhầm hồ sơ năm trước (rút lúc")


def test_the_table_prints_on_a4_landscape_fit_to_width_with_its_header_on_every_page(
    inbox, tmp_path
):
    from openpyxl import load_workbook

    from app.services.inspectorate_report import write_table

    receive(inbox, unit_package(tmp_path / "a.zip", "UBND xã A", [Nominee("collective", "Tổ A")]))
    target, _ = write_table(inbox.db, tmp_path / "Bang_tong_hop.xlsx")
    sheet = load_workbook(target).active
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as long as needed
    assert sheet.print_title_rows == "$2:$2"


def test_receipts_are_checked_before_the_unit_stores_them(inbox, built_unit, tmp_path):
    from app.exchange.package_errors import PackageError
    from app.services.package import export_package
    from app.services.receipts import import_receipt
    from app.store.package_exports import latest_receipt
    from tests.package_factory import receipt_of as make_receipt

    package = export_package(built_unit.db, tmp_path, datetime(2025, 11, 1, tzinfo=UTC))
    imported = receive(inbox, package)
    name, data = make_receipt(inbox.db, imported.package, "ls-tcd-2025")
    assert name == "bien-nhan_UBND_phuong_Hoa_Sen_ls_tcd_2025_20251101.json"
    forged = json.loads(data)
    forged["receipt"]["appraisals"] = [{"name": "x", "status": "Đạt", "reason": ""}]
    with pytest.raises(PackageError, match="Chữ ký của giấy biên nhận"):
        import_receipt(built_unit.db, json.dumps(forged).encode(), name)
    with pytest.raises(PackageError, match="không phải giấy biên nhận"):
        import_receipt(built_unit.db, b"{", name)
    assert latest_receipt(built_unit.db) is None
    other = unit_package(tmp_path / "o.zip", "UBND khác", [Nominee("collective", "Tổ O")])
    other_receipt = make_receipt(inbox.db, receive(inbox, other).package, "ls-tcd-2025")[1]
    with pytest.raises(PackageError, match="không phải cho một gói hồ sơ đơn vị này đã xuất"):
        import_receipt(built_unit.db, other_receipt, "o.json")
    (nominee,) = [
        n for n in consolidated(inbox.db, "ls-tcd-2025") if n.unit == "UBND phường Hoa Sen"
    ]
    appraise(inbox.db, nominee.id, Appraisal.MORE, "Bổ sung bản quét Biên bản")
    receipt = import_receipt(
        built_unit.db, make_receipt(inbox.db, imported.package, "ls-tcd-2025")[1], name
    )
    assert receipt.appraisals == (
        ("Bộ phận Tiếp công dân phường Hoa Sen", "Yêu cầu bổ sung", "Bổ sung bản quét Biên bản"),
    )
    assert latest_receipt(built_unit.db) == receipt
    impostor = create_inspectorate(tmp_path / "gia.sqlite")  # another key, same names
    try:
        fake = receive(impostor, package)
        with pytest.raises(PackageError, match="khóa khác khóa Thanh tra đã ghi nhận"):
            import_receipt(
                built_unit.db, make_receipt(impostor.db, fake.package, "ls-tcd-2025")[1], name
            )
    finally:
        impostor.close()


def test_round_trip_through_the_command_line(demo_path, tmp_path, capsys):
    """Demo unit → build → export → verify → inbox import → appraise → shortlist → consolidated
    documents → receipt → the unit imports the receipt."""
    unit, tt = str(demo_path), str(tmp_path / "tt.sqlite")
    assert main(["--db", unit, "dossier", "build", "--out", str(tmp_path / "hs")]) == 0
    assert main(["--db", unit, "package", "export", "--out", str(tmp_path / "gui")]) == 0
    (package,) = (tmp_path / "gui").glob("*.zip")
    capsys.readouterr()
    assert main(["package", "verify", str(package), "--json", "--campaign", "ls-tcd-2025"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["--db", tt, "demo", "--thanh-tra"]) == 0
    assert main(["--db", tt, "inbox", "import", str(package)]) == 0
    assert "đơn vị mới, đã ghi nhận khóa" in capsys.readouterr().out
    assert main(["--db", tt, "inbox", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["unit"], row["name"], row["resolved"], row["cases"], row["votes"]) == (
        "UBND phường Hoa Sen",
        "Bộ phận Tiếp công dân phường Hoa Sen",
        30,
        31,
        7,
    )
    nominee = str(row["id"])
    assert main(["--db", tt, "inbox", "appraise", nominee, "--result", "dat"]) == 0
    if row["late"]:  # exported today, after the demo campaign's deadline
        assert main(["--db", tt, "inbox", "shortlist", "--add", nominee]) == 1
        assert "nộp muộn coi như không đề nghị" in capsys.readouterr().err
        reason = ["--reason", "Đã gửi bản giấy đúng hạn"]
        assert main(["--db", tt, "inbox", "accept-late", str(row["package"]), *reason]) == 0
    assert main(["--db", tt, "inbox", "shortlist", "--add", nominee]) == 0
    assert (
        main(
            [
                "--db",
                tt,
                "inbox",
                "report",
                "--out",
                str(tmp_path / "th"),
                "--number",
                "15",
                "--date",
                "08/11/2025",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    for name in (
        "TT01_To_trinh_tong_hop.pdf",
        "TT01a_Danh_sach_tong_hop.docx",
        "Bang_tong_hop.xlsx",
    ):
        assert (tmp_path / "th" / name).is_file() and name in out
    assert main(["--db", tt, "inbox", "receipts", "--out", str(tmp_path / "bn")]) == 0
    (receipt,) = (tmp_path / "bn").glob("*.json")
    capsys.readouterr()
    assert main(["--db", unit, "package", "receipt", str(receipt)]) == 0
    out = capsys.readouterr().out
    assert f"Thanh tra đã nhận gói {package.name}" in out
    assert "Bộ phận Tiếp công dân phường Hoa Sen: Đạt" in out
    # the unit's database is no inbox
    assert main(["--db", unit, "inbox", "list"]) == 1
    assert "dùng với tệp dữ liệu của Thanh tra" in capsys.readouterr().err


HOA_SEN = "UBND phường Hoa Sen"


@pytest.mark.parametrize(
    ("name", "unit_fields"),
    [
        (HOA_SEN, {"co_quan_cap_tren": ""}),
        (HOA_SEN, {"co_quan_cap_tren": "UBND thành phố Lạng Sơn."}),
        ("UBND PHƯỜNG HOA SEN", {}),
        (unicodedata.normalize("NFD", HOA_SEN), {}),
        ("UBND\u00a0phường Hoa Sen", {}),
        ("UBND phường  Hoa Sen", {}),
        ("UBND phường Hoa Sen.", {}),
        ("UBND phường Hоa Sen", {}),  # a Cyrillic о
        ("UBND phường Hòa Sen", {}),
    ],
    ids=[
        "no-parent",
        "parent-dot",
        "upper",
        "nfd",
        "nbsp",
        "double-space",
        "dot",
        "cyrillic",
        "accent",
    ],
)
def test_a_forged_package_cannot_pose_as_a_new_unit(inbox, tmp_path, name, unit_fields):
    """Another key under a spelling of a pinned unit's name is the same unit with a changed
    key: refused with both fingerprints, not filed as a new unit beside it."""
    campaign = load_campaign(inbox.db, active_campaign_id(inbox.db))
    genuine = unit_package(tmp_path / "that.zip", HOA_SEN, [Nominee("collective", "Tổ một cửa")])
    import_package(inbox.db, genuine.read_bytes(), genuine.name, campaign)
    forged = unit_package(tmp_path / "gia.zip", name, [Nominee("individual", "Kẻ mạo danh")],
                          unit_fields=unit_fields)  # fmt: skip
    with pytest.raises(KeyChanged) as refused:
        import_package(inbox.db, forged.read_bytes(), forged.name, campaign)
    assert refused.value.pinned != refused.value.offered
    assert [p.unit for p in packages(inbox.db, campaign.code)] == [HOA_SEN]


def test_the_fingerprint_shown_is_the_key_that_signed(inbox, tmp_path):
    """data.json's `unit.key` is what the sender wrote: the list and the receipt show the
    fingerprint of the key that verified the signature."""
    from app.core.fingerprint import fingerprint

    campaign = load_campaign(inbox.db, active_campaign_id(inbox.db))
    key = Ed25519PrivateKey.generate()
    lying = unit_package(tmp_path / "goi.zip", "UBND xã Thật", [Nominee("collective", "Tổ A")],
                         key=key, unit_fields={"key": "0000-0000-0000-0000"})  # fmt: skip
    import_package(inbox.db, lying.read_bytes(), lying.name, campaign)
    (stored,) = packages(inbox.db, campaign.code)
    assert stored.unit_key == fingerprint(key.public_key().public_bytes_raw())


@pytest.mark.parametrize(
    "name",
    [
        "UBND xã\u200b Một",
        "\u202eUBND xã Hai",
        "UBND xã Ba\x07",
        "UBND xã \x1b[31mBốn",
        "UBND xã Năm\ud800",
    ],
    ids=["zero-width", "bidi", "bell", "ansi", "surrogate"],
)
def test_names_hiding_characters_are_refused_at_verify(tmp_path, name):
    """Written as a forger writes JSON (escapes included: a lone surrogate has no UTF-8)."""
    from app.exchange.package import DATA, write_signed
    from tests.package_factory import demo_parts

    content, files = demo_parts()
    content = {**content, "unit": {**content["unit"], "ten": name}}
    package = tmp_path / "goi.zip"
    data = json.dumps(content, ensure_ascii=True).encode()
    write_signed({**files, DATA: data}, Ed25519PrivateKey.generate(), package)
    result = verify_package(package)
    assert not result.ok
    assert any("ký tự điều khiển hoặc ký tự ẩn" in p for p in result.problems)


LETTER = "TT01_To_trinh_tong_hop.docx"


def _two_units(inbox, tmp_path):
    for n, unit in enumerate(("UBND phường Đông", "UBND phường Tây")):
        receive(
            inbox,
            unit_package(
                tmp_path / f"{n}.zip", unit, [Nominee("collective", f"Tổ tiếp dân {unit}")]
            ),
        )
    for nominee in consolidated(inbox.db, "ls-tcd-2025"):
        appraise(inbox.db, nominee.id, Appraisal.PASS)
    propose_shortlist(inbox.db, campaign_of(inbox))
    return {p.unit: p for p in packages(inbox.db, "ls-tcd-2025")}


def test_a_withdrawn_package_leaves_the_table_shortlist_and_report_and_stays_in_history(
    inbox, tmp_path, capsys
):
    """Issue 17, point 5: one package must not break the report for good, so it can be
    withdrawn with a reason, kept in the history, and taken back."""
    from docx import Document

    from app.services.inbox import reinstate, withdraw
    from app.services.inspectorate_report import write_report

    west = _two_units(inbox, tmp_path)["UBND phường Tây"]
    with pytest.raises(InboxError, match="ghi lý do rút gói"):
        withdraw(inbox.db, west.id, "  ")
    withdraw(inbox.db, west.id, "Tên đối tượng có ký tự lạ,\n đơn vị gửi lại")
    assert [n.unit for n in consolidated(inbox.db, "ls-tcd-2025")] == ["UBND phường Đông"]
    history = {p.unit: p for p in packages(inbox.db, "ls-tcd-2025")}
    assert not history["UBND phường Tây"].in_use
    assert history["UBND phường Tây"].state == (
        "Thanh tra đã rút gói (Tên đối tượng có ký tự lạ, đơn vị gửi lại)"
    )
    with pytest.raises(InboxError, match="đã được rút lúc"):
        withdraw(inbox.db, west.id, "lần nữa")
    write_report(inbox.db, tmp_path / "out", ("docx",))
    letter = "\n".join(p.text for p in Document(tmp_path / "out" / LETTER).paragraphs)
    assert "của 01 đơn vị với 01 tập thể" in letter and "Tây" not in letter
    same_file = receive(inbox, tmp_path / "1.zip")
    assert same_file.duplicate and "đã bị rút" in same_file.message
    reinstate(inbox.db, west.id)
    back = consolidated(inbox.db, "ls-tcd-2025")
    assert len(back) == 2 and not any(n.unit.endswith("Tây") and n.shortlisted for n in back)
    with pytest.raises(InboxError, match="chưa bị rút"):
        reinstate(inbox.db, west.id)


def test_withdrawing_from_the_command_line(inspectorate_path, tmp_path, capsys):
    store = open_store(inspectorate_path, auto_backup=False)
    west = _two_units(store, tmp_path)["UBND phường Tây"]
    store.close()
    db = ["--db", str(inspectorate_path)]
    assert main([*db, "inbox", "withdraw", str(west.id)]) == 1
    assert "ghi lý do rút gói" in capsys.readouterr().err
    assert main([*db, "inbox", "withdraw", str(west.id), "--reason", "Gửi nhầm đợt"]) == 0
    assert main([*db, "inbox", "list"]) == 0
    assert "Tây" not in capsys.readouterr().out
    assert main([*db, "inbox", "list", "--history"]) == 0
    assert "Thanh tra đã rút gói (Gửi nhầm đợt)" in capsys.readouterr().out
    assert main([*db, "inbox", "receipts", "--out", str(tmp_path / "bn")]) == 0
    receipts = [json.loads(p.read_bytes()) for p in (tmp_path / "bn").glob("*.json")]
    west_receipt = next(r for r in receipts if r["receipt"]["unit"] == "UBND phường Tây")
    assert "Thanh tra đã rút gói (Gửi nhầm đợt)" in west_receipt["receipt"]["verification"]
    assert main([*db, "inbox", "withdraw", "999", "--reason", "x"]) == 1
    assert "Không có gói số 999" in capsys.readouterr().err


def test_names_with_control_characters_received_earlier_still_make_the_report(
    inbox, tmp_path, capsys
):
    """A package received before names were checked at verify (or a database from then):
    the report, the spreadsheet and the terminal never carry the characters."""
    from docx import Document
    from openpyxl import load_workbook

    from app.services.inspectorate_report import TABLE, write_report, write_table

    _two_units(inbox, tmp_path)
    with inbox.db.atomic():
        inbox.db.execute("UPDATE inbox_nominees SET name = 'Tổ\x07 tiếp\x1b[31m dân\x01'")
        inbox.db.execute("UPDATE inbox_units SET name = name || '\x1b]0;x\x07'")
    write_report(inbox.db, tmp_path / "out", ("docx",))
    table = Document(tmp_path / "out" / "TT01a_Danh_sach_tong_hop.docx").tables
    cells = [c.text for t in table for row in t.rows for c in row.cells]
    assert "Tổ tiếp[31m dân" in cells
    target, _ = write_table(inbox.db, tmp_path / "out" / TABLE)
    names = [row[3].value for row in load_workbook(target).active.iter_rows(min_row=3)]
    assert names == ["Tổ tiếp[31m dân"] * 2
    inbox.close()
    assert main(["--db", str(inbox.path), "inbox", "list", "--history"]) == 0
    out = capsys.readouterr().out
    assert "UBND phường Đông]0;x" in out and "\x1b" not in out and "\x07" not in out


def test_the_inspectorate_counts_the_vote_again_and_never_shows_a_failed_one_as_met(
    inbox, tmp_path, capsys
):
    """A unit's own "đạt" on 4 votes of 8 (50 %, the rule is more than half) was shown
    "Đạt" in the inbox (issue 18, point 1): the vote is counted again under the campaign's
    rule, whatever the unit's app said."""
    receive(
        inbox,
        unit_package(
            tmp_path / "a.zip",
            "UBND phường Đông",
            [
                Nominee("collective", "Tổ tiếp dân Đông", votes=4, members=8),
                Nominee("individual", "Trần Văn Năm", votes=5, members=8),
            ],
        ),
    )
    by_name = {n.name: n for n in consolidated(inbox.db, "ls-tcd-2025")}
    failed, passed = by_name["Tổ tiếp dân Đông"], by_name["Trần Văn Năm"]
    assert failed.eligibility.label == "Không đạt"
    assert failed.eligibility_reasons[0] == (
        "Số phiếu 4/8 (50,00%) chưa đạt tỷ lệ yêu cầu của đợt thi đua."
    )
    assert passed.eligibility.label == "Đạt"
    appraise(inbox.db, failed.id, Appraisal.PASS)  # an officer's own decision is still possible
    inbox.close()
    assert main(["--db", str(inbox.path), "inbox", "list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "Tổ tiếp dân" in line)
    assert row.split("\t")[7] == "Không đạt"
