"""A campaign's scoring table read from a TOML file (bang-diem.toml: what an officer types from
the plan they received), every refusal naming the file and its line.

tomllib gives no positions for values, so the item a refusal names ("scoring.criteria.2.base")
is found again in the text: the table headers in order ([[scoring.criteria]] counted as the
items of the list), then the key's line inside that table."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from app.core.scoring import Scoring, ScoringError, scoring_from_dict

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_scoring(path: Path) -> Scoring:
    """The [scoring] table of the file; ScoringError says what is wrong, where."""
    return scoring_from_dict(scoring_table(path))


def scoring_table(path: Path) -> dict[str, Any]:
    """The [scoring] table of the file as data (what a campaign stores), checked."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ScoringError(f"Không đọc được tệp {name}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise ScoringError(
            f"Tệp {name} không phải văn bản UTF-8 (hãy lưu lại bằng UTF-8)."
        ) from None
    return table_from_text(text, name)


def scoring_from_text(text: str, name: str) -> Scoring:
    return scoring_from_dict(table_from_text(text, name))


def table_from_text(text: str, name: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _AT.search(str(exc))
        where = f", dòng {at.group(1)}, cột {at.group(2)}" if at else ""
        raise ScoringError(
            f"Tệp {name}{where}: sai cú pháp TOML (thiếu dấu =, dấu ngoặc hay dấu nháy?)."
        ) from None
    if "scoring" not in data:
        raise ScoringError(f"Tệp {name} không có bảng [scoring].")
    try:
        scoring_from_dict(data["scoring"])
    except ScoringError as exc:
        line = line_of(text, exc.path) if exc.path else None
        where = f", dòng {line}" if line else ""
        raise ScoringError(f"Tệp {name}{where}: {exc}", exc.path) from None
    return data["scoring"]


def _tables(text: str) -> list[tuple[int, str]]:
    """(line, path with list indexes) of every table header: [[scoring.criteria]] twice gives
    "scoring.criteria.1" and "scoring.criteria.2"; a [[….bands]] inside the second,
    "scoring.criteria.2.bands.1"."""
    counts: dict[str, int] = {}  # indexed path of a list → items seen
    lists: set[str] = set()  # dotted names (without indexes) that are lists of tables
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _HEADER.match(line)
        if not match:
            continue
        is_list, dotted = match.group(1) == "[[", match.group(2).replace(" ", "")
        parts, indexed = dotted.split("."), []
        for i, part in enumerate(parts):
            indexed.append(part)
            prefix = ".".join(parts[: i + 1])
            if prefix in lists and i < len(parts) - 1:  # an enclosing list: its current item
                indexed.append(str(counts.get(".".join(indexed), 0)))
        table = ".".join(indexed)
        if is_list:
            lists.add(dotted)
            counts[table] = counts.get(table, 0) + 1
            table = f"{table}.{counts[table]}"
        out.append((number, table))
    return out


def line_of(text: str, item: str) -> int | None:
    """The line of `item` ("scoring.criteria.2.base"): its key inside the nearest table, else
    that table's header."""
    tables = _tables(text)
    best: tuple[int, str] | None = None
    for number, table in tables:
        if (item == table or item.startswith(table + ".")) and (
            best is None or len(table) >= len(best[1])
        ):
            best = (number, table)
    lines = text.splitlines()
    if best is None:
        start, rest = 0, item
    else:
        start, rest = best[0], item[len(best[1]) + 1 :]
    if not rest:
        return best[0] if best else None
    key = rest.split(".")[0]
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*[.=]')
    ends = [n for n, _ in tables if n > start]
    end = ends[0] - 1 if ends else len(lines)
    for number in range(start + 1, end + 1):
        if pattern.match(lines[number - 1]):
            return number
    inside = next((n for n, table in tables if table.startswith(item + ".")), None)
    return inside or (best[0] if best else None)  # a list of tables: its first one
