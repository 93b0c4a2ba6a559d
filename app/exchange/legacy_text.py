"""Text typed with the legacy Vietnamese fonts (TCVN3/ABC, VNI) converted to Unicode NFC.

Excel keeps such text as the Latin-1 characters the old fonts drew as Vietnamese letters
("Céng hoµ", "Coäng hoøa"). The tables are data (resources/legacy-encodings.json).

Many Unicode words are Latin-1 too ("Có", "Không", "André") and convert to something, so
whether a cell is legacy text is decided by evidence, per cell: text whose words are
well-formed Vietnamese as they stand is Unicode and never converted. Other text is converted
when it reads as well-formed Vietnamese converted ("Kh«ng"); when it only reads better, not
well ("NguyÔn Müller"), or in either encoding, its column decides: a column whose cells are mostly
surely one encoding.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from msgspec import Struct

from app.core.syllables import is_syllable
from app.core.text import nfc
from app.paths import resources_dir

TCVN3, VNI = "TCVN3", "VNI"
ENCODINGS = (TCVN3, VNI)
# Letters (and combining marks) only Unicode has: a cell with one was not typed in a legacy font.
_UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")
# A word: letters, and the Latin-1 symbols legacy fonts drew as letters ("®Êt", "Kh«ng").
_WORD = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00ff\u0300-\u036f])+")


@cache
def _tables() -> dict[str, dict[str, str]]:
    data = json.loads((resources_dir() / "legacy-encodings.json").read_text(encoding="utf-8"))
    return {TCVN3: data["tcvn3"], VNI: data["vni"]}


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(_tables()[encoding], key=len, reverse=True)  # "oâ" before "ô"
    return re.compile("|".join(re.escape(k) for k in keys))


def may_be_legacy(text: str) -> bool:
    """Not plain ASCII, and without letters only Unicode has: what a legacy font could type."""
    return not text.isascii() and not _UNICODE_ONLY.search(text)


def convert(text: str, encoding: str) -> str:
    """`text` read as `encoding`; text with letters only Unicode has is kept."""
    if not may_be_legacy(text):
        return text
    table = _tables()[encoding]
    return nfc(_pattern(encoding).sub(lambda m: table[m.group(0)], text))


def _words(text: str) -> list[str]:
    """Its words with letters beyond ASCII: the only ones a conversion changes."""
    return [w for w in _WORD.findall(text) if not w.isascii()]


def _plausibility(text: str) -> float:
    """The share of those words that are Vietnamese syllables."""
    words = _words(text)
    return sum(map(is_syllable, words)) / len(words) if words else 1.0


class Reading(Struct, frozen=True):
    """What one cell's text is, by the evidence of its own words."""

    unicode: bool  # typed in Unicode: letters only Unicode has, or well-formed as it stands
    legacy: tuple[str, ...] = ()  # when not: the encodings it reads better in, best first
    sure: bool = False  # the first of them makes well-formed Vietnamese of every word

    @property
    def surely(self) -> str | None:
        """The encoding it was surely typed in."""
        return self.legacy[0] if self.sure else None


_NO_EVIDENCE, _UNICODE = Reading(False), Reading(True)


def reading(text: str) -> Reading:
    if text.isascii():
        return _NO_EVIDENCE
    if _UNICODE_ONLY.search(text):
        return _UNICODE
    return _latin1_reading(text)


@lru_cache(maxsize=65536)  # a register repeats its names, places and categories
def _latin1_reading(text: str) -> Reading:
    if not _words(text):  # "–", "°": nothing a conversion would read
        return _NO_EVIDENCE
    as_is = _plausibility(text)
    if as_is == 1.0:  # "Có" is Unicode, though its TCVN3 reading "Cú" is a word too
        return _UNICODE
    scores = {e: _plausibility(convert(text, e)) for e in ENCODINGS}
    better = sorted((e for e in ENCODINGS if scores[e] > as_is), key=lambda e: -scores[e])
    # none ("Müller Zoë", foreign or garbled): no evidence either way
    return Reading(False, tuple(better), bool(better) and scores[better[0]] == 1.0)


def column_encoding(texts: Iterable[str]) -> str | None:
    """The encoding most of a column's telling cells are surely typed in, or None when most
    are Unicode."""
    votes: Counter[str | None] = Counter()
    for text in texts:
        cell = reading(text)
        if cell.surely:
            votes[cell.surely] += 1
        elif cell.unicode:
            votes[None] += 1
    best = max(ENCODINGS, key=votes.__getitem__)
    return best if votes[best] > votes[None] else None


@lru_cache(maxsize=65536)
def decode(text: str, column: str | None) -> tuple[str, str | None]:
    """`text` as its typist meant it and the encoding it was converted from (None: kept).
    `column`: the column's encoding (column_encoding), which settles the cells not sure."""
    cell = reading(text)
    if column in cell.legacy:
        return convert(text, column), column
    if cell.surely:
        return convert(text, cell.surely), cell.surely
    return text, None


def alternatives(text: str) -> list[tuple[str, str | None]]:
    """Every way to read `text` (as it is first, then converted), for a value that must be one
    of a list: the list is the evidence ("Cã" is no answer, its TCVN3 reading "Có" is)."""
    readings = [(text, None)] + [(convert(text, e), e) for e in ENCODINGS]
    return [r for i, r in enumerate(readings) if r[0] not in (x for x, _ in readings[:i])]


def reads_as_legacy(latin1: str, unicode: str) -> bool:
    """Whether 8-bit bytes read as Latin-1 (`latin1`: legacy-font codes, converted per word)
    make more Vietnamese words than read as a Unicode code page (`unicode`)."""

    def words(text: str, legacy: bool) -> int:
        cells = map(reading, _words(text))
        return sum(1 for cell in cells if cell.unicode or (legacy and cell.sure))

    return words(latin1, legacy=True) > words(unicode, legacy=False)
