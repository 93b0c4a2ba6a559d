"""Vietnamese text: NFC normalisation, search folding, collation, number and date formats."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from app.core.digest import sha256_hex
from app.errors import InvalidValue

# Vietnamese alphabetical order (Đ after D, Ă and Â after A, …); letters outside it sort after.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Dictionary order of the tones: level, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# What XML 1.0 refuses (C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF): a
# DOCX or XLSX holding one cannot be written, so a stray one is dropped rather than fail a report.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a terminal takes as a command (ESC sequences, bell, backspace…): C0 but tab and line
# breaks, DEL, C1.
TERMINAL_CONTROLS = dict.fromkeys(
    [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed: how every typed text is stored."""
    if text is None:
        return ""
    return " ".join(nfc(text).split())


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Every precomposed Latin letter (Vietnamese and its neighbours) → its folded form, so the
# common case is one str.translate in C: a million register rows fold in seconds, not minutes.
_FOLD = {
    code: folded
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if (folded := _strip_marks(chr(code))) != chr(code)
}


def fold(text: str) -> str:
    """Lower-case, without diacritics, đ → d: for search that ignores how a user typed."""
    if text.isascii():  # codes, dates, numbers: nothing to take off
        return text.lower()
    folded = text.lower().translate(_FOLD)
    # Anything the table does not know (a combining mark typed apart, another script)
    # takes the general path, which gives the table's result on what the table folded.
    return folded if folded.isascii() else _strip_marks(folded)


# Windows refuses these as a file's name, with any extension and in any case ("con.docx" opens
# the console): a name made from user text that would be one gets "_" after its stem.
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10))]
)
# Characters of user text (a nominee's, a unit's name) in a file name. The rule: the ASCII
# name is kept whole up to the limit; a longer one keeps its first (limit - 9) characters, then
# "_" and 8 hex digits of the SHA-256 of the whole text (NFC), so two names that share their
# start still name two files, and the same name always names the same file. With 50, the
# longest document of a dossier (03_Bao_cao_thanh_tich_<name>_<n>.docx.partial) stays under 90
# characters, and its path under a long OneDrive Documents folder below MAX_PATH (260): see
# tests/test_windows_paths.py for each output's longest path.
FILE_NAME_LIMIT = 50
_DIGEST = 8


def ascii_file_name(text: str, limit: int = FILE_NAME_LIMIT) -> str:
    """'Lê Minh Châu' → 'Le_Minh_Chau': a file name any e-mail gateway and USB stick keeps.
    Letters, digits and "_" only (so never a trailing dot or space), at most `limit`
    characters (see FILE_NAME_LIMIT for how a longer name is cut), never a reserved name."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    name = "_".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split())
    if len(name) > limit:
        digest = sha256_hex(nfc(text).encode())[:_DIGEST]
        name = f"{name[: limit - _DIGEST - 1].rstrip('_')}_{digest}"
    return not_reserved(name)


def not_reserved(name: str) -> str:
    """A file name Windows can create: trailing dots and spaces taken off (Windows drops them,
    so "Bao cao." and "Bao cao" would be one file), and "_" after a reserved stem:
    "CON.docx" → "CON_.docx", "nul" → "nul_"."""
    name = name.rstrip(". ")
    stem, dot, rest = name.partition(".")
    if stem.rstrip(" ").upper() in RESERVED_NAMES:
        return f"{stem}_{dot}{rest}"
    return name


def _collation_tables() -> tuple[dict[int, str], dict[int, str]]:
    """str.translate tables: every Vietnamese letter (with any tone) → one character in
    alphabet order, and → its tone digit. Spaces sort before letters ("An" < "An Bình" <
    "Anh"), every other character after them, in its own order."""
    primary: dict[int, str] = {c: chr(0x100 + c) for c in range(0x21, 0x7F)}
    primary.update({ord(ch): "\x01" for ch in " \t\n\r\x0b\x0c\xa0"})
    tones: dict[int, str] = {}
    for rank, letter in enumerate(_ALPHABET):
        for mark, tone in (("", 0), *_TONE_RANK.items()):
            composed = unicodedata.normalize("NFC", letter + mark)
            if len(composed) == 1:
                primary[ord(composed)] = chr(0x02 + rank)
                tones[ord(composed)] = str(tone)
    return primary, tones


_PRIMARY, _TONES = _collation_tables()


def collation_key(text: str) -> str:
    """Sort key for Vietnamese: letters first (tone-insensitive), tones break ties. Two
    translations in C, so 100,000 register rows are keyed in a few hundredths of a second; one
    string (letters, "\x00", tones), so comparing two keys is one string comparison."""
    lowered = nfc(text).lower()
    return lowered.translate(_PRIMARY) + "\x00" + lowered.translate(_TONES)


def person_name_key(full_name: str) -> tuple:
    """Vietnamese lists sort people by given name (last word), then by the full name."""
    words = clean(full_name).split(" ")
    return (collation_key(words[-1]), collation_key(full_name))


def format_date_long(day: date) -> str:
    """'ngày 05 tháng 02 năm 2025' (Decree 30/2020: leading zero for day < 10, months 1–2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date_short(day: date | None) -> str:
    # Not strftime: it imports the time module on every call (through PySide6's import
    # hook in the app), ten times slower over a register's million dates.
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def format_count(number: int) -> str:
    """10000 → '10.000' (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def format_percent(value: Fraction | float, decimals: int = 2) -> str:
    """96.5517 → '96,55%' (Vietnamese decimal comma)."""
    # Exact half-up rounding: 96.555 must not become "96,55%" through binary floats.
    scaled = math.floor(abs(Fraction(value)) * 10**decimals + Fraction(1, 2))
    whole, part = divmod(scaled, 10**decimals)
    sign = "-" if value < 0 and scaled else ""
    text = f"{sign}{whole},{part:0{decimals}d}" if decimals else f"{sign}{whole}"
    return text + "%"


def parse_date(text: str, *, century_from: date | None = None) -> date | None:
    """A typed date: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd; '' → None.

    Two-digit years (d/m/yy) only with `century_from` (imports of old registers): this century
    unless that would be after `century_from`. Raises ValueError with a Vietnamese message.
    """
    value = text.strip()
    if not value:
        return None
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        parts = value.replace("-", "/").replace(".", "/").split("/")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError
        day, month, year = (int(p) for p in parts)
        if len(parts[2]) == 2 and century_from is not None:
            year += 2000 if year <= century_from.year % 100 else 1900
        elif len(parts[2]) != 4:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise InvalidValue(
            f"“{value}” không phải ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2025)."
        ) from None


def parse_year(text: str) -> int:
    value = text.strip()
    if not (value.isdigit() and len(value) == 4):
        raise InvalidValue(f"“{value}” không phải năm hợp lệ (4 chữ số, ví dụ 2024).")
    return int(value)


_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")


def parse_decimal(text: str) -> Fraction:
    """A number as a clerk types it, exactly: "92,5" or "92.5" (one decimal mark, no
    thousands separator: a value here is a percentage or a count)."""
    value = text.strip()
    if not _DECIMAL.fullmatch(value):
        raise InvalidValue(f"“{value}” không phải số (ví dụ 92,5).")
    return Fraction(value.replace(",", "."))


def parse_required(text: str) -> str:
    value = clean(text)
    if not value:
        raise InvalidValue("không được để trống.")
    return value


def format_local_time(utc_text: str) -> str:
    """A stored UTC time ("2025-11-01T08:30:00Z") as this machine's clock shows it:
    "15:30 ngày 01/11/2025"; a text that is no time is shown as it is."""
    try:
        moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return utc_text
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


VIETNAM = timezone(timedelta(hours=7))  # Vietnam has no daylight saving time


def vietnam_time(utc_text: str) -> datetime | None:
    """A stored UTC time ("2025-11-03T03:05:00Z") in Vietnam time; None for a text that is
    no time."""
    try:
        moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(VIETNAM) if moment.tzinfo else None


def format_vietnam_time(utc_text: str) -> str:
    """A stored UTC time as a document writes it, in Vietnam time whatever this machine's
    clock: "10 giờ 05 phút ngày 03/11/2025"; a text that is no time is shown as it is."""
    moment = vietnam_time(utc_text)
    if moment is None:
        return utc_text
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút ngày {format_date_short(moment)}"


def format_size(size: int) -> str:
    """Bytes as a clerk reads them: "850 KB", "2,4 MB"."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")
