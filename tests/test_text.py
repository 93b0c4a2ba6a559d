import unicodedata
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.text import (
    clean,
    collation_key,
    fold,
    format_date_long,
    format_percent,
    parse_date,
    person_name_key,
)


def test_vietnamese_alphabet_order():
    words = ["Đào", "Dung", "Ân", "Ăn", "An", "Bình", "Ơn", "Ôn", "On", "Ưng", "Uyên", "Y"]
    assert sorted(words, key=collation_key) == [
        "An",
        "Ăn",
        "Ân",
        "Bình",
        "Dung",
        "Đào",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
        "Y",
    ]


def test_tones_break_ties_in_dictionary_order():
    words = ["má", "mạ", "mà", "ma", "mã", "mả"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_tone_does_not_outweigh_letters():
    # "Ánh" must sort before "Anh Tú"? No: letters first, so "Anh" < "Ánh" < "Anhs".
    assert sorted(["Anhs", "Ánh", "Anh"], key=collation_key) == ["Anh", "Ánh", "Anhs"]


def test_decomposed_input_sorts_like_composed():
    nfd = "Đ\u0301"  # not a real letter but must not crash
    assert collation_key("Dũng") == collation_key("Du\u0303ng")
    assert collation_key(nfd)


def test_people_sort_by_given_name_then_full_name():
    names = ["Trần Văn Đức", "Nguyễn Văn Dũng", "Lê Thị An", "Phạm An"]
    assert sorted(names, key=person_name_key) == [
        "Lê Thị An",
        "Phạm An",
        "Nguyễn Văn Dũng",
        "Trần Văn Đức",
    ]


def test_fold_ignores_case_diacritics_and_d_stroke():
    assert fold("Nguyễn ĐỨC Dũng") == "nguyen duc dung"
    assert fold("Hoa\u0300") == "hoa"
    assert fold("Ơ ư Ă ẫ ỵ Ỹ") == "o u a a y y"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Đức")) == "nguyen duc"


def _fold_by_decomposing(text: str) -> str:
    """The definition: lower case, đ → d, decomposed, every combining mark dropped."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F) | st.characters(
    min_codepoint=0x1E00, max_codepoint=0x1EFF
)


@settings(max_examples=500, deadline=None)
@given(st.text(_LATIN | st.characters(), max_size=40))
def test_fold_by_table_equals_folding_by_decomposition(text):
    assert fold(text) == _fold_by_decomposing(text)
    decomposed = unicodedata.normalize("NFD", text)  # as some keyboards type
    assert fold(decomposed) == _fold_by_decomposing(decomposed)


def test_counts_use_the_vietnamese_thousands_separator():
    from app.core.text import format_count

    assert (format_count(7), format_count(10_000), format_count(1_234_567)) == (
        "7",
        "10.000",
        "1.234.567",
    )


def test_clean_is_nfc_and_collapses_whitespace():
    assert clean("  Nguye\u0302\u0303n   Văn\tAn ") == "Nguyễn Văn An"
    assert clean(None) == ""


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (date(2025, 1, 31), "ngày 31 tháng 01 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (date(2025, 11, 10), "ngày 10 tháng 11 năm 2025"),
    ],
)
def test_long_date_follows_decree_30(day, text):
    assert format_date_long(day) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(17600, 221), "79,64%"),
        (Fraction(9655, 100), "96,55%"),
        (Fraction(96555, 1000), "96,56%"),  # exact half rounds up, no binary-float surprise
        (Fraction(100), "100,00%"),
        (Fraction(0), "0,00%"),
    ],
)
def test_percent_uses_decimal_comma_and_half_up(value, text):
    assert format_percent(value) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/02/2025", date(2025, 2, 5)),
        ("5/2/2025", date(2025, 2, 5)),
        ("05-02-2025", date(2025, 2, 5)),
        ("05.02.2025", date(2025, 2, 5)),
        ("2025-02-05", date(2025, 2, 5)),
        ("  ", None),
    ],
)
def test_parse_date_accepts_common_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "5/2/25", "hôm qua", "2025/02/05/1"])
def test_parse_date_refuses_in_vietnamese(text):
    with pytest.raises(ValueError, match="không phải ngày hợp lệ"):
        parse_date(text)


def test_two_digit_years_only_for_imports_and_never_in_the_future():
    today = date(2025, 11, 26)
    assert parse_date("5/2/25", century_from=today) == date(2025, 2, 5)
    assert parse_date("5/2/98", century_from=today) == date(1998, 2, 5)
    with pytest.raises(ValueError):
        parse_date("5/2/25")  # typed in the app: refused, not guessed


def test_register_dates_may_carry_a_time():
    from app.exchange.cells import read_date

    today = date(2025, 11, 26)
    assert read_date("05/02/2025 08:30", today) == date(2025, 2, 5)
    assert read_date(45693, today) == date(2025, 2, 5)  # Excel serial
    with pytest.raises(ValueError, match="“chưa rõ” không phải ngày hợp lệ"):
        read_date("chưa rõ", today)


def test_xml_safe_drops_only_what_xml_refuses():
    from app.core.text import xml_safe

    assert xml_safe("Tổ\x01 tiếp\x1b dân\ud800\ufffe\uffff") == "Tổ tiếp dân"
    assert xml_safe("a\tb\nc\rd 😀 \u200b") == "a\tb\nc\rd 😀 \u200b"


def test_a_stored_utc_time_is_written_in_vietnam_time_whatever_the_machine_clock():
    from app.core.text import format_vietnam_time

    assert format_vietnam_time("2025-11-03T03:05:00Z") == "10 giờ 05 phút ngày 03/11/2025"
    assert format_vietnam_time("2025-11-03T17:30:00Z") == "00 giờ 30 phút ngày 04/11/2025"
    assert format_vietnam_time("không phải giờ") == "không phải giờ"
    assert format_vietnam_time("2025-11-03T03:05:00") == "2025-11-03T03:05:00"  # no zone: as is
