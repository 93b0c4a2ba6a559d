"""A legal regime as data (issue 19): the days it is in force, the texts it repealed, the bases
its documents cite, and the award money it sets, read from forms/<regime>/regime.toml."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.regime import (
    RegimeError,
    abolished_bodies,
    award_money,
    expiry_problem,
    merged_bases,
    regime_from_dict,
    repealed_citations,
)
from app.documents.regimes import load_regime

ND98, ND152 = load_regime("nd98-2023"), load_regime("nd152-2025")


@pytest.mark.parametrize(
    ("regime", "dated", "flagged"),
    [
        (ND98, date(2025, 6, 30), False),  # its last day in force
        (ND98, date(2025, 7, 1), True),  # Decree 152 from that day
        (ND98, date(2025, 11, 3), True),  # the 2025 plan's review meeting
        (ND152, date(2025, 7, 1), False),
        (ND152, date(2026, 12, 6), False),
    ],
)
def test_a_document_dated_after_its_regime_ended_is_flagged(regime, dated, flagged):
    problem = expiry_problem(regime, dated, ND152.name)
    assert (problem is not None) is flagged
    if flagged:
        assert f"Văn bản ngày {dated:%d/%m/%Y} lập theo Nghị định 98/2023/NĐ-CP" in problem
        assert "đã hết hiệu lực từ 01/07/2025" in problem
        assert "sang chế độ Nghị định 152/2025/NĐ-CP (trang Đơn vị" in problem  # by its name


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ", True),
        ("Căn cứ Nghị định số 98/2023/nđ-cp của Chính phủ", True),  # case
        ("Căn cứ Nghị định 98 / 2023 / NĐ-CP", True),  # spaces
        ("Căn cứ Thông tư số 01/2024/TT-BNV", True),
        ("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ", False),
        ("Căn cứ Kế hoạch số 98/KH-UBND ngày 05/02/2026", False),  # another text numbered 98
        ("Căn cứ Nghị định số 98/2023/ND-CP", True),  # typed without diacritics
        ("Căn cứ Nghị định số 98/2023 của Chính phủ", True),  # without its suffix
        ("Căn cứ Nghị định số 128/2024/NĐ-CP", False),  # not 28/2024/NĐ-CP
        ("Căn cứ Thông tư số 98/2023/TT-BTC", False),  # the same number, another kind
        ("Căn cứ Nghị định số 98/2023/NĐ CP", True),
        ("Căn cứ Nghị định số 98/2023/NĐCP", True),
        ("Căn cứ Nghị định số 98/2023/NÐ-CP", True),  # an Eth, from a TCVN3 conversion
        ("Căn cứ Nghị định số 98/2023/ND–CP", True),  # an en dash
        ("Căn cứ Nghị định số 98-2023-NĐ-CP", True),
        ("Căn cứ Nghị định số 98／2023／NĐ-CP", True),  # full-width slashes
        ("Căn cứ Thông tư số 01/2024/TT BNV", True),
        ("Căn cứ Nghị định số 98/2023/NĐ-CP; Kế hoạch 5/2023", True),
    ],
)
def test_a_text_the_regime_repealed_is_found_however_it_is_spelled(text, cited):
    found = repealed_citations(ND152, {"Căn cứ số 2": text})
    assert bool(found) is cited
    if cited:
        assert found[0].startswith("Căn cứ số 2 viện dẫn ")
        assert found[0].endswith("văn bản đã bị thay thế theo Nghị định 152/2025/NĐ-CP.")
    assert repealed_citations(ND98, {"Căn cứ số 2": text}) == []  # its own decree


def test_bases_are_ordered_by_rank_once_each_however_the_user_ended_them():
    own = [
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND phường Hoa Sen.",
        "Căn cứ Nghị định số 129/2025/NĐ-CP của Chính phủ;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; ",
    ]
    assert merged_bases(ND152, own) == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ",
        "Căn cứ Nghị định số 129/2025/NĐ-CP của Chính phủ",  # decrees before circulars
        "Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ",
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND phường Hoa Sen",
    ]


def test_the_regimes_bases_come_first_then_the_campaigns_own_once_each():
    own = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",  # also the regime's
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND phường Hoa Sen",
    ]
    bases = merged_bases(ND152, own)
    assert bases[:3] == list(ND152.legal_bases)
    assert bases[3:] == [own[1]]
    assert any("152/2025/NĐ-CP" in line for line in bases)
    assert not any("98/2023" in line for line in bases)


@pytest.mark.parametrize(
    ("kind", "decided_on", "amount"),
    [
        # 0.6 × 2,340,000 = 1,404,000, rounded up to the ten thousand
        ("collective", date(2026, 6, 30), 1_410_000),
        ("collective", date(2026, 7, 1), 1_520_000),  # 0.6 × 2,530,000 = 1,518,000
        ("individual", date(2026, 6, 30), 710_000),  # 0.3 × 2,340,000 = 702,000
        ("individual", date(2026, 7, 1), 760_000),  # 0.3 × 2,530,000 = 759,000
        ("individual", date(2024, 7, 1), 710_000),  # the first day of 2,340,000
        ("individual", date(2024, 6, 30), 540_000),  # 0.3 × 1,800,000 đ, the rate before
        ("individual", date(2023, 6, 30), None),  # before any base salary the app knows
        ("family", date(2026, 7, 1), None),  # no coefficient for it
    ],
)
def test_the_award_money_follows_the_base_salary_on_the_decision_date(kind, decided_on, amount):
    assert award_money(ND152, "Giấy khen", kind, decided_on) == amount


def test_an_award_the_regime_sets_no_money_for_has_none():
    assert award_money(ND152, "Bằng khen", "individual", date(2026, 7, 1)) is None
    assert award_money(ND152, "giấy khen", "individual", date(2026, 7, 1)) == 760_000


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"in_force_until": "30/06/2025"}, "“in_force_until” không phải ngày"),
        ({"legal_bases": "Căn cứ …"}, "“legal_bases” phải là danh sách"),
        ({"money": {"base_salary": [{"from": "2026-07-01", "amount": 2530000},
                                    {"from": "2024-07-01", "amount": 2340000}]}},
         "xếp theo ngày"),
        ({"money": {"awards": [{"award": "Giấy khen", "individual": "-0.3"}]}},
         "“money.awards số 1.individual” phải là số không âm"),
        ({"money": {"awards": [{"award": "Giấy khen", "individual": "ba phần mười"}]}},
         "không phải số"),
        ({"money": {"base_salary": [{"from": "2024-07-01", "amount": "nhiều"}]}},
         "“money.base_salary số 1.amount” không phải số"),
        ({"money": {"base_salary": "2340000"}}, r"mục \[money\] viết sai"),
        ({"money": 5}, r"mục \[money\] viết sai"),
    ],
)  # fmt: skip
def test_a_broken_regime_file_names_its_file_and_field(data, fragment):
    with pytest.raises(RegimeError, match=fragment) as raised:
        regime_from_dict("thu", data, "forms/thu/regime.toml")
    assert str(raised.value).startswith("forms/thu/regime.toml: ")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("UBND thành phố Lạng Sơn", "thành phố Lạng Sơn"),  # a city of a province: gone
        ("Thanh tra thành phố", "thành phố"),
        ("Phòng Nội vụ huyện Chi Lăng", "huyện Chi Lăng"),
        ("UBND thị trấn Đồng Mỏ", "thị trấn Đồng Mỏ"),
        ("UBND Quận 1", "Quận 1"),
        ("UBND thành phố Hà Nội", None),  # a city under the central government stays
        ("UBND TP. Lạng Sơn", "thành phố Lạng Sơn"),  # the plan's own abbreviation
        ("UBND TP Lạng Sơn", "thành phố Lạng Sơn"),
        ("UBND TP. Hồ Chí Minh", None),
        ("UBND xã Thị Trấn", None),  # a commune named so
        ("Sở Nội vụ thành phố Hồ Chí Minh", None),
        ("UBND phường Hoa Sen", None),
        ("Thanh tra tỉnh Lạng Sơn", None),
    ],
)
def test_a_local_level_the_two_tier_state_abolished_is_named(text, flagged):
    found = abolished_bodies(ND152, {"Cơ quan cấp trên": text})
    assert found == ([f"Cơ quan cấp trên nêu “{flagged}”"] if flagged else [])
    assert abolished_bodies(ND98, {"Cơ quan cấp trên": text}) == []  # before 01/07/2025


def test_the_base_salary_follows_the_date_whatever_the_regime():
    """Decree 161/2026 raised it for everyone: a decision dated 15/07/2026 under the 2025
    plan's regime pays 0.3 × 2,530,000 đ too (it was 2,340,000 from the Decree-98 file)."""
    assert award_money(ND98, "Giấy khen", "individual", date(2026, 7, 15)) == 760_000
    assert award_money(ND98, "Giấy khen", "collective", date(2026, 6, 30)) == 1_410_000
