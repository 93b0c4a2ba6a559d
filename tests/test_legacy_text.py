"""Legacy-font text (TCVN3, VNI) told from Unicode by evidence: the syllable check, a cell's
reading, a column's encoding, an 8-bit file's code page."""

from __future__ import annotations

import pytest

from app.core.syllables import is_syllable
from app.exchange.legacy_text import (
    TCVN3,
    VNI,
    alternatives,
    column_encoding,
    decode,
    reads_as_legacy,
)
from tests.register_files import legacy_form, windows_1258_form

WELL_FORMED_TEXT = (
    "Cộng hòa hoà xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc Nguyễn Văn Đỗ Thị người "
    "được quốc gì gìn già giữa nghiêng thuở khuya chuyện Lý Mỹ kỹ yêu CÔNG DÂN ngoái khuỷu "
    "kìa quá thuý thúy toán tuyết khuyến rượu muối Quảng Ngãi Huỳnh Có Không Cú"
)
# Capitals inside a word, letters or symbols Vietnamese has not, c before e, a level tone on
# a rhyme in t, a tone away from its vowel: legacy codes read as Latin-1, and foreign names.
ILL_FORMED_TEXT = (
    "thÈm NguyÔn V¨n Kh«ng ®Êt céng tèt Coù Maõ ñôn Nguyeãn Coäng hoøa Müller André Gérard "
    "Hélène François Zoë José Björk Jürgen Noël maì Mĩller"
)


@pytest.mark.parametrize("word", WELL_FORMED_TEXT.split())
def test_well_formed_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ILL_FORMED_TEXT.split())
def test_ill_formed_syllables(word):
    assert not is_syllable(word)


UNICODE = ["Có", "Không", "Müller André", "Lê Vân Hà", "Hòa", "Hélène Côté", "Zoë", "Nguyễn Văn"]


@pytest.mark.parametrize("text", UNICODE)
@pytest.mark.parametrize("column", [None, TCVN3, VNI])
def test_unicode_is_never_converted(text, column):
    """Not even in a column of legacy text: these read as well-formed as they stand ("Có",
    "Lê Vân Hà") or no better converted ("Müller André")."""
    assert decode(text, column) == (text, None)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("text", ["Nguyễn Văn An", "Không", "Đỗ Thị Lan", "Cộng hoà", "Số nhà 5"])
def test_legacy_text_is_converted_in_any_column(text, encoding):
    assert decode(legacy_form(text, encoding), None) == (text, encoding)
    other = VNI if encoding == TCVN3 else TCVN3
    assert decode(legacy_form(text, encoding), other) == (text, encoding)


@pytest.mark.parametrize(("text", "encoding"), [("Số", TCVN3), ("Số", VNI), ("Có", TCVN3)])
def test_legacy_text_well_formed_as_unicode_is_kept(text, encoding):
    """ "Sè" (TCVN3) and "Soá" (VNI) for "Số" are well-formed Unicode too: nothing tells them
    apart from text typed so, and Unicode is never converted (a value from a list is: the
    list tells, see alternatives)."""
    typed = legacy_form(text, encoding)
    assert decode(typed, encoding) == (typed, None)


def test_a_cell_only_half_read_is_converted_in_a_column_of_that_encoding():
    cell = f"{legacy_form('Nguyễn', TCVN3)} Müller"  # one word well-formed converted, one not
    assert decode(cell, None) == (cell, None)
    assert decode(cell, TCVN3) == ("Nguyễn Mỹller", TCVN3)


def test_a_column_is_legacy_when_most_of_its_telling_cells_surely_are():
    tcvn3 = [legacy_form(t, TCVN3) for t in ("Nguyễn Văn An", "Đỗ Thị Lan", "Lê Hà")]
    assert column_encoding([*tcvn3, "Có", "Lan", "Müller"]) == TCVN3
    assert column_encoding([*tcvn3, "Có", "Không", "Nguyễn Văn", "Bùi"]) is None
    assert column_encoding(["Lan", "Müller André"]) is None


def test_every_reading_of_a_value_from_a_list():
    assert alternatives("Cã") == [("Cã", None), ("Có", TCVN3)]
    assert alternatives("Lan") == [("Lan", None)]


def test_8_bit_text_is_legacy_when_it_reads_better_so():
    line = "Nguyễn Văn An;Có;Không;Khiếu nại;Đã giải quyết"
    tcvn3 = legacy_form(line, TCVN3).encode("latin-1")
    assert reads_as_legacy(tcvn3.decode("latin-1"), tcvn3.decode("cp1258"))
    windows = windows_1258_form("Müller André;Có;Không;Khiếu nại;Nguyễn").encode("cp1258")
    assert not reads_as_legacy(windows.decode("latin-1"), windows.decode("cp1258"))
