"""What a package may hold, beyond a valid signature (a unit's own app can be modified, so its
signature proves who sent a package, not that what it says can be true): document files of the
allowed kinds under plain names, names without hidden characters, figures that can be true.
Each problem is a Vietnamese sentence naming what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from app.core.names import hidden_characters

# what a unit's app writes: van-ban/<ASCII name>.pdf|.docx, ban-ky/<ASCII name>_ky.pdf and, in
# a campaign that ranks by points, minh-chung/<ASCII name> (a criterion's evidence file)
_ALLOWED_FILE = re.compile(
    r"(van-ban/[A-Za-z0-9][A-Za-z0-9_.-]*\.(pdf|docx)"
    r"|ban-ky/[A-Za-z0-9][A-Za-z0-9_.-]*_ky\.pdf"
    r"|minh-chung/[A-Za-z0-9][A-Za-z0-9_.-]*\.(pdf|jpg|jpeg|png|docx|xlsx))"
)


def file_name_problems(names: Iterable[str]) -> list[str]:
    """Files a package may not carry: other kinds (.exe, .docm, .js…), other folders, names
    that are not plain ASCII (a right-to-left override makes "fdp.exe" read "exe.pdf")."""
    return [
        f"Gói chứa tệp không được phép: “{name.encode('unicode_escape').decode('ascii')}” "
        "(chỉ nhận văn bản .pdf, .docx trong van-ban/, bản ký .pdf trong ban-ky/ và minh chứng "
        ".pdf, .jpg, .png, .docx, .xlsx trong minh-chung/, tên không dấu)."
        for name in sorted(names)
        if not _ALLOWED_FILE.fullmatch(name)
    ]


def content_problems(data: dict[str, Any]) -> list[str]:
    return _names_hiding_characters(data) + _unprintable_texts(data) + figure_problems(data)


def _unprintable(text: str) -> list[str]:
    """Characters no document may hold (XML 1.0 refuses them: a DOCX or XLSX with one cannot
    be written) and terminal escapes: C0 controls but tab and line breaks, DEL, surrogates,
    U+FFFE/U+FFFF."""
    return [
        f"U+{ord(c):04X}" for c in text
        if (ord(c) < 0x20 and c not in "\t\n\r") or ord(c) == 0x7F
        or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff"
    ]  # fmt: skip


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(str(key), path)
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _unprintable_texts(data: dict[str, Any]) -> list[str]:
    """Any text of data.json with such characters: the Inspectorate's report and table would
    fail on it for good, and a terminal would obey its escapes."""
    return [
        f"data.json chứa ký tự điều khiển ({', '.join(dict.fromkeys(found))}) ở mục {path}."
        for path, text in _strings(data, "")
        if (found := _unprintable(text))
    ]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def figure_problems(data: dict[str, Any]) -> list[str]:
    """Figures no register or meeting can give: more resolved than to resolve, more on time
    than resolved, votes beyond the members, negative counts."""
    problems = []
    entries = data.get("assessment") if isinstance(data.get("assessment"), list) else []
    for entry in (e for e in entries if isinstance(e, dict)):
        who = str(entry.get("name", "?"))
        votes, members, present = (_count(entry.get(k)) for k in ("votes", "members", "present"))
        if any(v is not None and v < 0 for v in (votes, members, present)):
            problems.append(f"{who}: số phiếu hoặc số thành viên âm.")
        if votes is not None and members is not None and votes > members:
            problems.append(f"{who}: {votes} phiếu nhiều hơn {members} thành viên hội đồng.")
        if present is not None and members is not None and present > members:
            problems.append(f"{who}: {present} người có mặt nhiều hơn {members} thành viên.")
        if votes is not None and present is not None and votes > present:
            problems.append(f"{who}: {votes} phiếu nhiều hơn {present} người có mặt.")
        figures = entry.get("figures") if isinstance(entry.get("figures"), dict) else {}
        for key in ("resolution", "resolution_kntc"):
            counts = figures.get(key) if isinstance(figures.get(key), dict) else {}
            problems += _resolution_problems(who, counts)
        processing = (
            figures.get("processing") if isinstance(figures.get("processing"), dict) else {}
        )
        received, processed = (
            _count(processing.get("received")),
            _count(processing.get("processed")),
        )
        if received is not None and processed is not None and not 0 <= processed <= received:
            problems.append(f"{who}: {processed} đơn đã xử lý trên {received} đơn nhận.")
    return problems


def _resolution_problems(who: str, counts: dict[str, Any]) -> list[str]:
    carried, new, total, resolved, on_time = (
        _count(counts.get(k)) for k in ("carried_over", "new", "denominator", "resolved", "on_time")
    )
    problems = []
    if any(v is not None and v < 0 for v in (carried, new, total, resolved, on_time)):
        problems.append(f"{who}: số vụ việc âm.")
    if resolved is not None and total is not None and resolved > total:
        problems.append(f"{who}: {resolved} vụ việc đã giải quyết trên {total} phải giải quyết.")
    if on_time is not None and resolved is not None and on_time > resolved:
        problems.append(f"{who}: {on_time} vụ việc đúng hạn trên {resolved} đã giải quyết.")
    if carried is not None and new is not None and total is not None and carried + new != total:
        problems.append(f"{who}: {carried} chuyển sang và {new} mới nhận không thành {total}.")
    return problems


def _names(data: dict[str, Any]) -> list[str]:
    """Every name data.json gives: the unit's, its superior agency's, each nominee's."""
    unit = data.get("unit") if isinstance(data.get("unit"), dict) else {}
    listed = data.get("nominees") if isinstance(data.get("nominees"), dict) else {}
    rows = [r for group in listed.values() if isinstance(group, list) for r in group]
    entries = data.get("assessment") if isinstance(data.get("assessment"), list) else []
    names = [unit.get("ten"), unit.get("co_quan_cap_tren")]
    names += [r.get("ten") for r in rows if isinstance(r, dict)]
    names += [e.get("name") for e in entries if isinstance(e, dict)]
    return [n for n in names if isinstance(n, str)]


def _names_hiding_characters(data: dict[str, Any]) -> list[str]:
    """A name with control or invisible characters could pose as another one, or break the
    documents and the terminal that show it: refused, naming the characters."""
    problems = []
    for name in dict.fromkeys(_names(data)):
        hidden = hidden_characters(name)
        if hidden:
            shown = "".join(c if not hidden_characters(c) else "�" for c in name)
            problems.append(
                f"Tên “{shown}” trong data.json chứa ký tự điều khiển hoặc ký tự ẩn "
                f"({', '.join(hidden)}): gói không được nhận."
            )
    return problems
