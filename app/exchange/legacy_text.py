"""Text typed with the legacy Vietnamese fonts (TCVN3/ABC, VNI) converted to Unicode NFC.

Excel keeps such text as the Latin-1 characters the old fonts drew as Vietnamese letters
("Céng hoµ", "Coäng hoøa"). The tables are data (resources/legacy-encodings.json).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache

from app.core.text import nfc
from app.paths import resources_dir

TCVN3, VNI = "TCVN3", "VNI"
# Latin-1 letters that Unicode Vietnamese uses itself: never a sign of legacy text.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_MARKS = set("øûïåäüëæîñöØÛÏÅÄÜËÆÎÑÖ")


@cache
def _tables() -> dict[str, dict[str, str]]:
    data = json.loads((resources_dir() / "legacy-encodings.json").read_text(encoding="utf-8"))
    return {TCVN3: data["tcvn3"], VNI: data["vni"]}


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(_tables()[encoding], key=len, reverse=True)  # "oâ" before "ô"
    return re.compile("|".join(re.escape(k) for k in keys))


@cache
def _tcvn3_only() -> frozenset[str]:
    return frozenset(_tables()[TCVN3]) - _VIETNAMESE_LATIN1 - _VNI_MARKS


def _looks_legacy(text: str) -> bool:
    return all(ord(ch) <= 0xFF for ch in text) and any(ord(ch) >= 0xA0 for ch in text)


def detect(texts: Iterable[str]) -> str | None:
    """The legacy encoding most cells of a file were typed in, or None for Unicode text."""
    votes = {TCVN3: 0, VNI: 0}
    for text in texts:
        if not _looks_legacy(text):
            continue
        chars = set(text)
        if chars & _tcvn3_only():
            votes[TCVN3] += 1
        elif chars & _VNI_MARKS:
            votes[VNI] += 1
    best = max(votes, key=votes.__getitem__)
    return best if votes[best] else None


def convert(text: str, encoding: str) -> str:
    """`text` decoded from `encoding`; text that is already Unicode Vietnamese is kept."""
    if not _looks_legacy(text):
        return text
    table = _tables()[encoding]
    return nfc(_pattern(encoding).sub(lambda m: table[m.group(0)], text))
