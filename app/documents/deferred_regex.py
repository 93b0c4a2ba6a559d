"""reportlab's paragraph module compiles, as it is imported, an expression matching URLs,
case-insensitive over every letter from U+00A1 to U+FFFF: 50 ms of each PDF worker's start
(half of reportlab's import), for a pattern used only when a URL is split between lines
(`rl_config.uriWasteReduce`, off by default and in this app).

Imported, this module puts in `re`'s cache, under that exact expression, an object that
compiles the same expression the first time it is used: reportlab's `re.compile` finds it
there. Were the expression or `re`'s cache to change, the import compiles it as before —
slower, never different (tests/test_pdf_worker.py says which)."""

from __future__ import annotations

import re
from typing import Any

# reportlab 4.0–5.x, platypus/paragraph.py: uri_pat
URL_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}"
    "(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))"
    "(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)
URL_FLAGS = re.IGNORECASE


class CompiledOnFirstUse:
    """Stands for `re.compile(pattern, flags)`; each attribute is the compiled pattern's."""

    def __init__(self, pattern: str, flags: re.RegexFlag) -> None:
        self._key = (str, pattern, flags.value)
        self._pattern: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._pattern is None:  # re.compile would answer with this object: not through it
            self._pattern = re._compiler.compile(self._key[1], self._key[2])  # type: ignore[attr-defined]
        return getattr(self._pattern, name)


def defer_url_pattern() -> bool:
    """True when the next `re.compile(URL_PATTERN, URL_FLAGS)` will find the stand-in."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict) or not hasattr(getattr(re, "_compiler", None), "compile"):
        return False
    key = (str, URL_PATTERN, URL_FLAGS.value)
    cache.setdefault(key, CompiledOnFirstUse(URL_PATTERN, URL_FLAGS))
    return True


defer_url_pattern()  # pdf_renderer imports this module before reportlab
