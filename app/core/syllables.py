"""Whether a word is a well-formed Vietnamese syllable: an initial, a rhyme of the language, at
most one tone, the spelling rules (k/gh/ngh before e, ê, i) and no level or falling tone on a
rhyme that ends in p, t, c or ch. Not a dictionary: "cú" and "khụng" pass, "céng", "tèt",
"Müller" and "thÈm" do not. It tells text typed in Unicode from legacy-font text read as
Latin-1 letters (app.exchange.legacy_text)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_STOP_TONES = {"\u0301", "\u0323"}  # the only tones of a rhyme ending in p, t, c, ch
_LETTERS = set("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_VOWELS = set("aăâeêioôơuưy")
_MARKED = set("ăâêôơư")
_INITIAL_TABLE = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_INITIALS = sorted(_INITIAL_TABLE.split(), key=len, reverse=True)  # "ngh" before "ng"
_RHYME_TABLE = """
    a ai ao au ay am an ang anh ap at ac ach
    ăm ăn ăng ăp ăt ăc
    âu ây âm ân âng âp ât âc
    e eo em en eng ep et ec
    ê êu êm ên ênh êp êt êch
    i ia iu im in inh ip it ich
    iêu iêm iên iêng iêp iêt iêc
    y yêu yêm yên yêt
    o oi om on ong op ot oc
    ô ôi ôm ôn ông ôp ôt ôc
    ơ ơi ơm ơn ơp ơt
    u ua ui um un ung up ut uc
    uôi uôm uôn uông uôt uôc
    ư ưa ưi ưu ưm ưn ưng ưt ưc
    ươi ươu ươm ươn ương ươp ươt ươc
    oa oai oay oao oam oan oang oanh oap oat oac oach
    oăm oăn oăng oăt oăc
    oe oeo oen oet
    uân uâng uât uây
    uê uên uênh uêt uêch
    uy uya uyu uyn uynh uyt uych uyên uyêt
    uơ
"""
_RHYMES = frozenset(_RHYME_TABLE.split())
_FRONT = ("e", "ê", "i", "y")  # k, gh, ngh before these; c, g, ng before the others


def _spelled_right(initial: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if initial in ("c", "ng"):
        return not front
    if initial == "g":  # "gì", "giết": g before i; "ghế", not "gế"
        return not rhyme.startswith(("e", "ê", "y"))
    if initial in ("k", "gh", "ngh"):
        return front
    if initial == "qu":  # the u is the glide: "quốc", "quyết", never "quu"
        return not rhyme.startswith(("u", "ư"))
    return True


def _tone_in_place(rhyme: str, at: int) -> bool:
    """The tone sits where Vietnamese writes it, old style ("hòa") or new ("hoà")."""
    vowels = [i for i, c in enumerate(rhyme) if c in _VOWELS]
    marked = [i for i in vowels if rhyme[i] in _MARKED]
    if marked:  # "người", "tiếng", "chuyện": on the last vowel with a mark of its own
        return at == marked[-1]
    if rhyme[-1] not in _VOWELS or len(vowels) == 1:  # "toán", "thuýt", "má"
        return at == vowels[-1]
    if len(vowels) == 3:  # "ngoái", "khuỷu"
        return at == vowels[1]
    return at == vowels[0] or rhyme in ("oa", "oe", "uy")  # "mái", "kìa"; "hòa" or "hoà"


@lru_cache(maxsize=16384)
def is_syllable(word: str) -> bool:
    """`word` (one word, any Unicode normal form) is a well-formed Vietnamese syllable, written
    in lower case, capitalised or all in capitals."""
    if word not in (word.lower(), word.upper(), word[:1].upper() + word[1:].lower()):
        return False  # "thÈm": a capital inside a word is a legacy-font letter, not Unicode
    letters: list[str] = []
    tones: list[tuple[int, str]] = []  # (letter index, tone)
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONES and letters:
            tones.append((len(letters) - 1, c))
        elif unicodedata.combining(c) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + c)
        else:
            letters.append(c)
    base = "".join(letters)
    if len(tones) > 1 or not base or not set(letters) <= _LETTERS:
        return False
    for initial in ("", *_INITIALS):
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial) :]
        if rhyme not in _RHYMES or not _spelled_right(initial, rhyme):
            continue
        if not tones:
            if not rhyme.endswith(("p", "t", "c", "ch")):
                return True
            continue
        at, tone = tones[0]
        stop = rhyme.endswith(("p", "t", "c", "ch"))
        if (not stop or tone in _STOP_TONES) and _tone_in_place(rhyme, at - len(initial)):
            return True
    return False
