"""The Sổ vàng (issue 19, point 6): a signed decision recorded once, each award numbered in the
book with its money, and written into the unit's own prior awards, where next year's Báo cáo
thành tích lists it; refused, with nothing written, when it cannot be true."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.cli import main
from app.core.inbox import Appraisal
from app.services.awards import (
    Awardee,
    AwardsError,
    awardees,
    named,
    record_decision,
    remove_last_decision,
)
from app.services.dossier_data import dossier_data
from app.services.inbox import appraise
from app.store.awards_register import load_register
from app.store.campaigns import active_campaign_id, set_campaign_value
from app.store.database import open_store
from app.store.inbox import consolidated, set_shortlisted
from app.store.people import load_collective, load_person
from tests.package_factory import Nominee, unit_package
from tests.test_decision import shortlisted  # noqa: F401 (a fixture)
from tests.test_dossier_documents import nominate_chau
from tests.test_inbox import receive

TODAY = date(2026, 12, 10)


def record(path, *arguments) -> int:
    return main(["--db", str(path), "awards", "record", *arguments])


def sign(db, name: str = "Hoàng Văn Bình", position: str = "CHỦ TỊCH") -> None:
    """The campaign's signer of its decisions, as the settings page takes them."""
    for field, value in (("awarding_signer", name), ("awarding_position", position)):
        set_campaign_value(db, active_campaign_id(db), field, value)


@pytest.fixture
def signed(shortlisted):  # noqa: F811
    """The demo Inspectorate's shortlist, its decisions' signer known."""
    store = open_store(shortlisted, auto_backup=False)
    sign(store.db)
    store.close()
    return shortlisted


def test_the_shortlist_is_recorded_numbered_with_its_money(signed, capsys):
    assert record(signed, "--number", "12", "--date", "01/07/2026") == 0
    out = capsys.readouterr().out
    assert "Đã ghi Quyết định số 12/QĐ-UBND ngày 01/07/2026 vào Sổ vàng:" in out
    store = open_store(signed, auto_backup=False)
    rows = load_register(store.db, "ls-tcd-2025")
    store.close()
    # collectives first, then individuals, each by name: numbered 1, 2, 3, 4 in the book
    assert [(r.book_number, r.recipient) for r in rows] == [
        (1, "Tổ tiếp công dân phường Đông"), (2, "Tổ tiếp công dân phường Tây"),
        (3, "Nguyễn Văn Đông"), (4, "Nguyễn Văn Tây"),
    ]  # fmt: skip
    # 0.6 and 0.3 × 2,530,000 đ (the base salary from 01/07/2026), up to the ten thousand
    assert [r.money for r in rows] == [1_520_000, 1_520_000, 760_000, 760_000]
    assert {r.printed_number for r in rows} == {"12/QĐ-UBND"}
    assert {r.unit for r in rows} == {"UBND phường Đông", "UBND phường Tây"}
    assert "Số 01: Tổ tiếp công dân phường Đông (UBND phường Đông)" in out
    assert {r.place for r in rows} == {"Lạng Sơn"}  # the Inspectorate's own decision


def test_a_decision_is_recorded_once_and_never_in_the_future(signed, capsys):
    assert record(signed, "--number", "12", "--date", "01/07/2026") == 0
    capsys.readouterr()
    assert record(signed, "--number", "12", "--date", "01/07/2026") == 1
    assert re.search(r"đã được ghi vào Sổ vàng lúc \d\d giờ \d\d phút ngày \d\d/\d\d/20\d\d\.",
                     capsys.readouterr().err)  # fmt: skip
    store = open_store(signed, auto_backup=False)
    try:
        assert len(load_register(store.db)) == 4  # nothing written twice
        with pytest.raises(AwardsError, match="sau hôm nay"):
            record_decision(store.db, "13", date(2026, 12, 11), TODAY)
        for number, symbol, said in (
            ("12/QĐ", None, "ký hiệu như QĐ-TTr ghi riêng"), ("00", None, "bắt đầu từ 01"),
            ("13", "/QĐ-UBND", "Ký hiệu “/QĐ-UBND” không đúng dạng"),
            ("13", "QĐ UBND", "Ký hiệu “QĐ UBND” không đúng dạng"),
        ):  # fmt: skip
            with pytest.raises(AwardsError, match=re.escape(said)):
                record_decision(store.db, number, date(2026, 12, 1), TODAY, symbol=symbol)
        with pytest.raises(AwardsError, match="trước khi đợt thi đua bắt đầu"):
            record_decision(store.db, "13", date(1899, 12, 1), TODAY)
        assert len(load_register(store.db)) == 4
    finally:
        store.close()


def test_only_the_named_are_recorded_from_the_paper_books_next_number(signed):
    store = open_store(signed, auto_backup=False)
    try:
        with pytest.raises(AwardsError, match="Không có trong danh sách được đề nghị: Ai Đó"):
            record_decision(store.db, "3", TODAY, TODAY, ["Ai Đó"])
        rows, _ = record_decision(
            store.db, "3", TODAY, TODAY, ["nguyễn văn đông"], first_book_number=120
        )
        assert [(r.book_number, r.recipient) for r in rows] == [(120, "Nguyễn Văn Đông")]
        rows, _ = record_decision(store.db, "4", TODAY, TODAY, ["Nguyễn Văn Tây"])
        assert [r.book_number for r in rows] == [121]  # the book goes on
        # one campaign's award is given once: the whole list again is refused, naming who
        with pytest.raises(
            AwardsError, match=r"Nguyễn Văn Đông \(Quyết định số 03/QĐ-UBND, số sổ vàng 120\)"
        ):
            record_decision(store.db, "5", TODAY, TODAY)
        assert len(load_register(store.db)) == 2
        with pytest.raises(AwardsError, match="Sổ vàng đã đến số 121, số tiếp theo từ 122"):
            record_decision(store.db, "6", TODAY, TODAY, ["Tổ tiếp công dân phường Đông"],
                            first_book_number=5)  # fmt: skip
    finally:
        store.close()


def test_namesakes_are_told_apart_by_their_unit(shortlisted, tmp_path):  # noqa: F811
    """Two units propose people of one name: both are recorded, each once; a name alone that
    is two people's is refused until the unit is given, as the lists show it."""
    store = open_store(shortlisted, auto_backup=False)
    try:
        sign(store.db)
        for n, unit in enumerate(("Nam", "Bắc")):
            package = unit_package(tmp_path / f"an{n}.zip", f"UBND xã {unit}",
                                   [Nominee("individual", "Nguyễn Văn An", votes=8)])  # fmt: skip
            receive(store, package)
        for nominee in consolidated(store.db, "ls-tcd-2025"):
            appraise(store.db, nominee.id, Appraisal.PASS)
            set_shortlisted(store.db, nominee.id, True)
        with pytest.raises(
            AwardsError,
            match=r"Có 2 người tên Nguyễn Văn An: Nguyễn Văn An "
            r"\(UBND xã Bắc\), Nguyễn Văn An \(UBND xã Nam\)",
        ):
            record_decision(store.db, "8", TODAY, TODAY, ["Nguyễn Văn An"])
        rows, _ = record_decision(store.db, "8", TODAY, TODAY, [" Nguyễn Văn  An (UBND xã Nam) "])
        assert [(r.recipient, r.unit) for r in rows] == [("Nguyễn Văn An", "UBND xã Nam")]
        rows, _ = record_decision(store.db, "9", TODAY, TODAY, ["Nguyễn Văn An (UBND xã Bắc)"])
        assert [r.unit for r in rows] == ["UBND xã Bắc"]
    finally:
        store.close()


def test_namesakes_within_a_unit_are_told_apart_by_their_position():
    one = Awardee("Nguyễn Văn An", "individual", "Chuyên viên, UBND xã Nam", "UBND xã Nam")
    two = Awardee("Nguyễn Văn An", "individual", "Phó Trưởng ban, UBND xã Nam", "UBND xã Nam")
    with pytest.raises(AwardsError, match=r"Có 2 người tên Nguyễn Văn An \(UBND xã Nam\): "
                                          r"Nguyễn Văn An "
                                          r"\(Chuyên viên, UBND xã Nam\), Nguyễn Văn An "
                                          r"\(Phó Trưởng ban, UBND xã Nam\)"):  # fmt: skip
        named([one, two], ["Nguyễn Văn An (UBND xã Nam)"])
    assert named([one, two], ["nguyen van an (pho truong ban, ubnd xa nam)"]) == [two]


def test_the_decision_needs_its_signer_and_the_last_one_can_be_taken_back(shortlisted, capsys):  # noqa: F811
    assert record(shortlisted, "--number", "12", "--date", "01/12/2026") == 1
    assert "Chưa có họ tên người ký Quyết định" in capsys.readouterr().err
    store = open_store(shortlisted, auto_backup=False)
    sign(store.db)
    store.close()
    assert record(shortlisted, "--number", "12", "--date", "01/12/2026",
                  "--name", "Nguyễn Văn Đông") == 0  # fmt: skip
    assert record(shortlisted, "--number", "21", "--date", "02/12/2026",
                  "--name", "Nguyễn Văn Tây") == 0  # a typo: 21 for 12  # fmt: skip
    command = ["--db", str(shortlisted), "awards", "remove"]
    assert main([*command, "--number", "12", "--date", "01/12/2026"]) == 1  # not the last
    assert "Chỉ bỏ được Quyết định ghi sau cùng" in capsys.readouterr().err
    assert main([*command, "--number", "21", "--date", "02/12/2026"]) == 0
    assert "Đã bỏ Quyết định số 21/QĐ-UBND ngày 02/12/2026 khỏi Sổ vàng (1 số sổ vàng)." in (
        capsys.readouterr().out
    )
    assert record(shortlisted, "--number", "12", "--date", "02/12/2026",
                  "--name", "Nguyễn Văn Tây", "--symbol", "QĐ-UBND") == 0  # fmt: skip
    store = open_store(shortlisted, auto_backup=False)
    rows = load_register(store.db)
    store.close()
    assert [(r.book_number, r.printed_number, r.recipient) for r in rows] == [
        (1, "12/QĐ-UBND", "Nguyễn Văn Đông"), (2, "12/QĐ-UBND", "Nguyễn Văn Tây"),
    ]  # fmt: skip


def test_nobody_chosen_nothing_recorded(inspectorate_path):
    store = open_store(inspectorate_path, auto_backup=False)
    try:
        with pytest.raises(AwardsError, match="Chưa có ai để ghi vào Sổ vàng"):
            record_decision(store.db, "1", TODAY, TODAY)
        assert load_register(store.db) == []
    finally:
        store.close()


def test_a_units_own_award_becomes_a_prior_award_in_next_years_report(demo_store):
    """A commune records the decision awarding the nominees its council proposed: each
    person's and collective's prior awards list it, and the Báo cáo thành tích shows it."""
    db = demo_store.db
    nominate_chau(db)  # a person beside the demo's collective (5/9 votes), both within quota
    set_campaign_value(db, active_campaign_id(db), "quota.per_unit", 2)
    chosen = awardees(db)
    assert {a.kind for a in chosen} == {"collective", "individual"}
    sign(db)
    rows, _ = record_decision(db, "7", date(2026, 1, 15), TODAY, symbol="QĐ-UBND")
    assert [r.recipient for r in rows] == [a.name for a in chosen]
    decision = "Quyết định số 07/QĐ-UBND ngày 15/01/2026 của Chủ tịch UBND thành phố Lạng Sơn"
    # the city's decision, not the ward's own: the ward's place is not the issuer's
    assert {r.place for r in rows} == {""}
    for row in rows:
        owner = (
            load_person(db, row.person_id) if row.person_id
            else load_collective(db, row.collective_id)
        )  # fmt: skip
        assert any(
            a.year == 2026 and a.title == row.award and a.decision == decision for a in owner.awards
        ), owner.awards
    reports = dossier_data(db)["bao_cao"]
    listed = [r for r in reports if any(k.get("nam") == 2026 for k in r.get("khen_thuong", []))]
    assert {r["ten"] for r in listed} == {a.name for a in chosen}
    assert all(any(k["quyet_dinh"] == decision for k in r["khen_thuong"]) for r in listed)
    # taken back (a typo), the prior awards it wrote go with it — not one typed by hand
    typed = next(r for r in rows if r.person_id)
    db["awards"].insert({"person_id": typed.person_id, "year": 2026, "title": typed.award,
                         "decision": decision})  # fmt: skip
    remove_last_decision(db, "7", date(2026, 1, 15))
    assert [a.decision for a in load_person(db, typed.person_id).awards].count(decision) == 1
    db.execute("DELETE FROM awards WHERE decision = ?", [decision])
    for row in rows:
        owner = (
            load_person(db, row.person_id) if row.person_id
            else load_collective(db, row.collective_id)
        )  # fmt: skip
        assert not any(a.decision == decision for a in owner.awards)
