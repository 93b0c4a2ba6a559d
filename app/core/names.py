"""Names as the Inspectorate compares them: which unit a package comes from is decided by a
name no spelling trick can make look new (case, accents, spacing, punctuation, invisible
characters, letters of other alphabets that look Latin), and a name may not hide characters
a reader cannot see."""

from __future__ import annotations

import unicodedata

from app.core.text import fold

# Letters of other scripts drawn like Latin ones (Unicode's confusables for the letters a
# Vietnamese name uses), as their Latin twin, after case folding.
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ѵ": "v",
    }
)  # fmt: skip
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # control, format (zero-width, bidi)…


def hidden_characters(text: str) -> list[str]:
    """The code points in `text` a reader cannot see or that steer the display ("U+200B"),
    in order, each once."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in _HIDDEN)
    return list(found)


def visible(text: str) -> str:
    """`text` without the characters a reader cannot see (zero-width, bidi, controls)."""
    if text.isprintable():  # none of them is printable: the common case, checked in C
        return text
    return "".join(c for c in text if unicodedata.category(c) not in _HIDDEN)


def key_identity(key: str) -> str:
    """What two spellings of one register key ("Đ-01", "đ-01 ", "Đ-\u200b01") share: a row
    re-imported with its keys typed differently updates its petition instead of adding one."""
    return " ".join(visible(key).split()).casefold()


def unit_identity(name: str) -> str:
    """What two names of the same unit have in common, however written: "UBND phường Hoa Sen",
    "ubnd  PHƯỜNG hoà sen.", "UBND phường Hоa Sen" (Cyrillic о) and the same with a zero-width
    space all give the same identity."""
    latin = visible(unicodedata.normalize("NFKC", name)).casefold().translate(_LOOK_ALIKES)
    words = "".join(c if c.isalnum() else " " for c in fold(latin))
    return " ".join(words.split())
