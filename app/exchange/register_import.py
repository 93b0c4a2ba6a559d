"""Importing a petition register from a spreadsheet: find the sheet and its header row, map
the columns by name, read every row, and list every refusal with sheet, row, column, reason.

Nothing is written here: `plan_import` returns what an import would store, for the preview and
the dry run; app.store.register stores an accepted plan in one transaction.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from msgspec import Struct, field

from app.core.gc_pause import collector_paused
from app.core.names import key_identity, visible
from app.core.petitions import (
    AUTHORITY,
    OUTCOMES,
    PETITION_TYPES,
    PROCESSINGS,
    RECEPTION_FORMS,
    YES_NO,
    Petition,
    SourceRow,
)
from app.core.tally import unclassifiable_reason
from app.core.text import fold, format_count, format_date_short
from app.exchange import legacy_text
from app.exchange.cells import category_reader, is_blank, read_count, read_date, read_text
from app.exchange.register_headers import abbreviations, headers
from app.exchange.spreadsheet import ImportFailure, Sheet, read_workbook

HEADER_SEARCH_ROWS = 30
DERIVED_KEY_PREFIX = "tự-động-"


class Field(Struct, frozen=True):
    id: str
    header: str  # the canonical header, as in the template
    synonyms: tuple[str, ...]
    read: Callable[[Any, date], Any]
    required: bool = False
    personal: bool = False  # sender's data: stays in this database, never exported
    choices: tuple[str, ...] = ()  # the template's drop-down list


def _text(value: Any, today: date) -> str:
    return read_text(value)


def _key(value: Any, today: date) -> str:
    """A register's own key, without the invisible characters a copy-paste brings along."""
    return " ".join(visible(read_text(value)).split())


def _category(vocabulary) -> Callable[[Any, date], Any]:
    read = category_reader(vocabulary)
    return lambda value, today: read(value)


def _yes_no(vocabulary) -> Callable[[Any, date], bool | None]:
    read = category_reader(vocabulary)

    def parse(value: Any, today: date) -> bool | None:
        answer = read(value)
        return None if answer is None else answer == "yes"

    return parse


def _field(kind: str, fid: str, read: Callable[[Any, date], Any], **options: Any) -> Field:
    """A column of `kind`, named as resources/registers/headers.toml names it."""
    header, synonyms = headers(kind, fid)
    return Field(fid, header, synonyms, read, **options)


def _count(value: Any, today: date) -> int | None:
    return read_count(value)


EARLIEST = date(1990, 1, 1)  # no register of today's campaigns holds older petitions


def _register_date(value: Any, today: date) -> date | None:
    return read_date(value, today, earliest=EARLIEST)


def _future_date(value: Any, today: date) -> date | None:
    return read_date(value, today, allow_future=True, earliest=EARLIEST)


PETITION_FIELDS: tuple[Field, ...] = tuple(
    _field("petitions", fid, read, **options)
    for fid, read, options in (
        ("key", _key, {}),
        ("received", _register_date, {"required": True}),
        ("sender", _text, {"personal": True}),
        ("address", _text, {"personal": True}),
        ("content", _text, {"personal": True}),
        ("signers", _count, {}),
        ("type", _category(PETITION_TYPES),
         {"required": True, "choices": tuple(PETITION_TYPES.labels)}),
        ("eligible", _yes_no(YES_NO), {"required": True, "choices": ("Có", "Không")}),
        ("in_authority", _yes_no(AUTHORITY),
         {"required": True, "choices": tuple(AUTHORITY.labels)}),
        ("processing", _category(PROCESSINGS), {"choices": tuple(PROCESSINGS.labels)}),
        ("case_key", _text, {}),
        ("officer", _text, {}),
        ("deadline", _future_date, {}),
        ("outcome", _category(OUTCOMES), {"required": True, "choices": tuple(OUTCOMES.labels)}),
        ("resolved_on", _register_date, {"required": True}),  # the rate counts by it
    )
)  # fmt: skip
RECEPTION_FIELDS: tuple[Field, ...] = tuple(
    _field("receptions", fid, read, **options)
    for fid, read, options in (
        ("key", _key, {}),
        ("day", _register_date, {"required": True}),
        ("visitor", _text, {"personal": True}),
        ("address", _text, {"personal": True}),
        ("content", _text, {"personal": True}),
        ("officer", _text, {"required": True}),
        ("by_leader", _yes_no(YES_NO), {"choices": ("Có", "Không")}),
        ("form", _category(RECEPTION_FORMS),
         {"required": True, "choices": tuple(RECEPTION_FORMS.labels)}),
        ("people", _count, {}),
        ("case_key", _text, {}),
    )
)  # fmt: skip


def _norm(text: str) -> str:
    """A header as compared: folded, without notes in brackets, punctuation or extra spaces,
    its abbreviations written out ("Đủ ĐK xử lý" is "du dieu kien xu ly")."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", fold(str(text)))
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    spelled = abbreviations()
    return " ".join(spelled.get(word, word) for word in words)


def _petition_warning(record: dict[str, Any]) -> str | None:
    return unclassifiable_reason(petition_from_record(record))


def _reception_warning(record: dict[str, Any]) -> str | None:
    if not record["day"]:
        return "Thiếu ngày tiếp."
    return None if record["form"] else "Thiếu hình thức tiếp."


class RegisterKind(Struct, frozen=True, dict=True):  # dict: room for its cached lookups
    """One kind of register the app imports: its columns, what makes a row's stable id, and
    why a readable row may still be left out of the figures."""

    id: str
    name: str  # as the messages say it
    row_noun: str  # what one row is: "đơn", "lượt tiếp"
    fields: tuple[Field, ...]
    identity: tuple[str, ...]  # the fields a derived id is made of, when there is no id column
    warning: Callable[[dict[str, Any]], str | None]
    # True: one refused row refuses the file (a staff list is short and must be whole)
    all_or_nothing: bool = False

    @cached_property
    def by_id(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    @cached_property
    def _exact(self) -> dict[str, str]:
        return {_norm(s): f.id for f in self.fields for s in (f.header, *f.synonyms)}

    def match_header(self, label: str) -> tuple[str, bool] | None:
        """(field id, certain) for a column header; a contained synonym is only a guess."""
        norm = _norm(label)
        if not norm:
            return None
        if norm in self._exact:
            return self._exact[norm], True
        words = f" {norm} "
        guesses = {
            fid
            for synonym, fid in self._exact.items()
            if len(synonym) > 3 and f" {synonym} " in words
        }
        return (guesses.pop(), False) if len(guesses) == 1 else None

    def field_named(self, name: str) -> str | None:
        """The field a user names: by the template's column name, accents and case aside
        ("Ngày giải quyết", "ngay giai quyet"), or by the id older scripts used
        ("resolved_on"). Not by the other headers offices use: "Kết quả xử lý đơn" names a
        column of a file, not one field for sure."""
        if name in self.by_id:
            return name
        wanted = _norm(name)
        return next((f.id for f in self.fields if _norm(f.header) == wanted), None)

    def required_missing(self, mapping: dict[str, int]) -> list[str]:
        return [f.header for f in self.fields if f.required and f.id not in mapping]

    def duplicate_of(self, key: str) -> str:
        """What two rows share when they collide on `key`, as a refusal names it."""
        if key.startswith(DERIVED_KEY_PREFIX):
            return " và ".join(f"“{self.by_id[f].header}”" for f in self.identity)
        return f"{self.by_id['key'].header} “{key}”"


PETITIONS = RegisterKind(
    "petitions",
    "sổ theo dõi đơn",
    "đơn",
    PETITION_FIELDS,
    ("received", "type", "sender", "address", "content"),
    _petition_warning,
)
RECEPTIONS = RegisterKind(
    "receptions",
    "sổ tiếp công dân",
    "lượt tiếp",
    RECEPTION_FIELDS,
    ("day", "officer", "visitor", "address", "content"),
    _reception_warning,
)
KINDS = {kind.id: kind for kind in (PETITIONS, RECEPTIONS)}


class Rejection(Struct, frozen=True):
    sheet: str
    row: int  # as numbered in the spreadsheet
    column: str  # the header in the file
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột “{self.column}”: {self.reason}"


class ImportPlan(Struct):
    kind: RegisterKind
    file: Path
    sheet: str
    header_row: int  # as numbered in the spreadsheet
    headers: list[str]
    mapping: dict[str, int]  # field id → column index
    guesses: list[str]  # why the mapping is not certain; empty when it is
    # field id → the legacy encoding most of its column is typed in (legacy_text.decode)
    column_encodings: dict[str, str] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)  # stored, but out of the figures
    converted: list[tuple[int, str, str]] = field(default_factory=list)  # row, before, after
    # column header (None: the header row itself) → the legacy encodings converted from
    converted_columns: dict[str | None, set[str]] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)  # rows read that the file hides
    # the fields the figures need that no column is chosen for: nothing is read until they are
    missing: list[str] = field(default_factory=list)
    samples: dict[str, list[str]] = field(default_factory=dict)  # header → its first values

    @property
    def from_csv(self) -> bool:
        return self.file.suffix.lower() == ".csv"

    @property
    def where(self) -> str:
        """Where the rows were read: a workbook's sheet; a CSV file is a single table."""
        return f"Tệp {self.file.name}" if self.from_csv else f"Trang “{self.sheet}”"

    @property
    def missing_note(self) -> str | None:
        """Why this plan cannot be imported yet, in the words of the register's columns."""
        if not self.missing:
            return None
        return (
            f"{self.where} chưa có cột cho: {', '.join(self.missing)} — số liệu cần "
            "các cột này; hãy chọn cột tương ứng của tệp."
        )

    @property
    def hidden_note(self) -> str | None:
        """Rows hidden in Excel are read like the others: said so, since the clerk who hid
        them may have meant them out."""
        if not self.hidden_rows:
            return None
        count = len(self.hidden_rows)
        shown = ", ".join(map(str, self.hidden_rows[:20]))
        more = f" và {format_count(count - 20)} dòng khác" if count > 20 else ""
        return (
            f"{format_count(count)} dòng đang bị ẩn trong tệp vẫn được đọc và "
            f"tính vào số liệu (dòng {shown}{more}); nếu không muốn tính, hãy xoá các dòng đó "
            "trong tệp rồi chọn tệp lần nữa."
        )

    @property
    def certain(self) -> bool:
        return not self.guesses

    @property
    def signature(self) -> str:
        return header_signature(self.headers)

    def mapping_by_header(self) -> dict[str, str]:
        return {fid: self.headers[col] for fid, col in self.mapping.items()}

    def note_conversion(
        self, row: int, column: str | None, before: str, after: str, encoding: str
    ) -> None:
        self.converted_columns.setdefault(column, set()).add(encoding)
        if len(self.converted) < 20:
            self.converted.append((row, before, after))

    def legacy_summary(self) -> str | None:
        """Where legacy-font text was, by encoding: “TCVN3: dòng tiêu đề, cột “Người gửi””."""
        parts = []
        for encoding in legacy_text.ENCODINGS:
            used = [h for h, found in self.converted_columns.items() if encoding in found]
            places = ["dòng tiêu đề"] if None in used else []
            if columns := [f"“{h}”" for h in used if h is not None]:
                places.append(f"cột {', '.join(columns)}")
            if places:
                parts.append(f"{encoding}: {', '.join(places)}")
        return "; ".join(parts) or None


def header_signature(headers: list[str]) -> str:
    joined = "\x1f".join(_norm(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def _labels(rows: list[list[Any]], r: int) -> list[str]:
    """Column labels of row r; a blank cell under a merged group title takes the title."""
    row = rows[r]
    above = rows[r - 1] if r > 0 else []
    out = []
    for c, value in enumerate(row):
        text = read_text(value)
        if not text and c < len(above):
            text = read_text(above[c])
        out.append(text)
    return out


def _read_label(kind: RegisterKind, text: str) -> tuple[str, str | None]:
    """A header as its typist meant it, and the legacy encoding it was typed in: by its own
    words ("Ng­êi göi"), or, when they read well both ways, by being a header."""
    label, encoding = legacy_text.decode(text, None)
    if encoding is None and not _is_header(kind, text):
        for other, other_encoding in legacy_text.alternatives(text)[1:]:
            if _is_header(kind, other):
                return other, other_encoding
    return label, encoding


def _is_header(kind: RegisterKind, label: str) -> bool:
    matched = kind.match_header(label)
    return matched is not None and matched[1]


class _Header(Struct, frozen=True):
    row: int  # index in the sheet's rows
    labels: list[str]  # as meant: legacy-font labels converted
    typed: list[str]  # as in the file
    encodings: list[str | None]  # what each label was converted from


def _find_header(kind: RegisterKind, rows: list[list[Any]]) -> _Header | None:
    best: tuple[int, _Header] | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        typed = _labels(rows, r)
        read = [_read_label(kind, t) for t in typed]
        labels = [label for label, _ in read]
        found = {m[0] for m in map(kind.match_header, labels) if m}
        if best is None or len(found) > best[0]:
            best = (len(found), _Header(r, labels, typed, [e for _, e in read]))
    if best is not None and best[0] > 0:
        return best[1]
    # no header names a field: the first row of words is taken, for the user to map by hand
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        typed = _labels(rows, r)
        words = [t for t in typed if t and not t.replace(".", "").replace(",", "").isdigit()]
        if len(words) >= 2:
            return _Header(r, typed, typed, [None] * len(typed))
    return None


def _map_columns(
    kind: RegisterKind, headers: list[str], override: dict[str, str] | None
) -> tuple[dict[str, int], list[str]]:
    """Field → column by header name; `override` (the user's choice) wins over the guess.
    Returns the mapping and what is only guessed (empty when the mapping is certain)."""
    mapping: dict[str, int] = {}
    guesses: dict[str, str] = {}
    candidates: dict[str, list[tuple[int, bool]]] = {}
    for col, label in enumerate(headers):
        matched = kind.match_header(label)
        if matched:
            candidates.setdefault(matched[0], []).append((col, matched[1]))
    for fid, found in candidates.items():
        exact = [c for c, certain in found if certain]
        chosen = exact or [c for c, _ in found]
        mapping[fid] = chosen[0]
        name = kind.by_id[fid].header
        if len(chosen) > 1:
            columns = ", ".join(f"“{headers[c]}”" for c in chosen)
            guesses[fid] = f"{name}: nhiều cột phù hợp ({columns}), đã chọn “{headers[chosen[0]]}”."
        elif not exact:
            guesses[fid] = f"{name}: đoán là cột “{headers[chosen[0]]}”."
    by_norm = {_norm(h): i for i, h in enumerate(headers) if h}
    named: dict[str, str] = {}
    for name, header in (override or {}).items():
        fid = kind.field_named(name)
        if fid is None:
            known = ", ".join(f.header for f in kind.fields)
            raise ImportFailure(f"Không có trường “{name}” (các trường: {known}).")
        if fid in named:
            raise ImportFailure(
                f"Trường “{kind.by_id[fid].header}” được chỉ hai lần (“{named[fid]}” và "
                f"“{name}”): mỗi trường một cột."
            )
        named[fid] = name
        guesses.pop(fid, None)
        if not header:  # the user says: this file has no such column
            mapping.pop(fid, None)
            continue
        if _norm(header) not in by_norm:
            raise ImportFailure(f"Tệp không có cột “{header}” để gán cho {kind.by_id[fid].header}.")
        mapping[fid] = by_norm[_norm(header)]
    return mapping, list(guesses.values())


def _choose_sheet(
    kind: RegisterKind, sheets: list[Sheet], wanted: str | None, name: str
) -> tuple[Sheet, _Header]:
    """The sheet asked for, else the one whose header row names the most of the register's
    fields (visible sheets first on a tie: an instructions sheet may come before it)."""
    csv = name.lower().endswith(".csv")
    if wanted is not None:
        # a CSV is one table: named by its file ("so.csv"), as it was by its stem ("so")
        sheet = next((s for s in sheets if wanted in (s.name, Path(s.name).stem if csv else "")),
                     None)  # fmt: skip
        if sheet is None and csv:
            raise ImportFailure(f"Tệp {name} là tệp CSV, chỉ có một bảng: bỏ --sheet “{wanted}”.")
        if sheet is None:
            names = ", ".join(f"“{s.name}”" for s in sheets)
            raise ImportFailure(f"Tệp {name} không có trang “{wanted}” (có: {names}).")
        candidates = [sheet]
    else:
        candidates = [s for s in sheets if not s.hidden] + [s for s in sheets if s.hidden]
    looked: list[str] = []
    best: tuple[int, Sheet, _Header] | None = None
    for sheet in candidates:
        found = _find_header(kind, sheet.rows)
        if found is None:
            said = (
                "trống"
                if not any(any(read_text(v) for v in r) for r in sheet.rows)
                else ("không có dòng tiêu đề nhận ra được")
            )
            looked.append(f"“{sheet.name}” ({said})")
            continue
        mapping, _ = _map_columns(kind, found.labels, None)
        looked.append(f"“{sheet.name}” (nhận ra {len(mapping)} cột)")
        if best is None or len(mapping) > best[0]:
            best = (len(mapping), sheet, found)
    if best is not None:
        return best[1], best[2]
    needed = ", ".join(f.header for f in kind.fields if f.required)
    raise ImportFailure(
        f"Không tìm thấy dòng tiêu đề của {kind.name} trong tệp {name} (cần các cột: {needed}). "
        f"Đã xem: {'; '.join(looked)}."
    )


Progress = Callable[[int, int], None]  # rows done, rows in all; may raise to cancel


def plan_import(
    path: Path,
    *,
    today: date,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    kind: RegisterKind = PETITIONS,
    partial: bool = False,
) -> ImportPlan:
    """What importing `path` would store, and every row it would refuse with the reason.
    A sheet without a column for a field the figures need is refused, unless `partial`: then
    the plan says which (`missing`) and reads no row, for the user to choose the columns."""
    with collector_paused():
        plan = _plan(kind, path, today, sheet, mapping, progress)
    if plan.missing and not partial:
        raise ImportFailure(f"Tệp {path.name}: {plan.missing_note}")
    return plan


def sheet_names(path: Path) -> list[str]:
    return [s.name for s in read_workbook(path)]


def _plan(
    kind: RegisterKind,
    path: Path,
    today: date,
    sheet: str | None,
    mapping: dict[str, str] | None,
    progress: Progress | None,
) -> ImportPlan:
    sheets = read_workbook(path)
    chosen, header = _choose_sheet(kind, sheets, sheet, path.name)
    header_index, headers = header.row, header.labels
    column_map, guesses = _map_columns(kind, headers, mapping)
    data_rows = chosen.rows[header_index + 1 :]
    plan = ImportPlan(
        kind=kind,
        file=path,
        sheet=chosen.name,
        header_row=header_index + 1,
        headers=headers,
        mapping=column_map,
        guesses=guesses,
        missing=kind.required_missing(column_map),
        samples={
            h: [_sample(r[c]) for r in data_rows[:50] if c < len(r) and read_text(r[c])][:3]
            for c, h in enumerate(headers) if h
        },
    )  # fmt: skip
    if plan.missing:  # nothing is read until every column the figures need has its field
        return plan
    for typed, label, encoding in zip(header.typed, headers, header.encodings, strict=True):
        if encoding:
            plan.note_conversion(plan.header_row, None, typed, label, encoding)
    for fid, col in column_map.items():
        sample = (row[col] for row in data_rows[:2000] if col < len(row))
        encoding = legacy_text.column_encoding(v for v in sample if isinstance(v, str))
        if encoding:
            plan.column_encodings[fid] = encoding
    reader = _RowReader(plan, today)
    first_row_of_key: dict[str, tuple[int, dict[str, Any]]] = {}
    for offset, row in enumerate(data_rows):
        if progress is not None and offset % 2000 == 0:
            progress(offset, len(data_rows))
        row_number = header_index + 2 + offset
        record = reader.read(row, row_number)
        if record is None:
            continue
        key = key_identity(record["key"])  # "Đ-01" and "đ-01" are one row's key
        if key in first_row_of_key:
            first, earlier = first_row_of_key[key]
            same = {k: v for k, v in earlier.items() if k != "source_row"} == {
                k: v for k, v in record.items() if k != "source_row"
            }
            reason = (
                f"trùng hoàn toàn với dòng {first}."
                if same
                else f"{kind.duplicate_of(record['key'])} trùng với dòng {first} nhưng nội dung "
                "khác."
            )
            column = kind.by_id["key" if "key" in column_map else kind.identity[0]].header
            plan.rejected.append(Rejection(chosen.name, row_number, column, reason))
            continue
        first_row_of_key[key] = (row_number, record)
        plan.records.append(record)
        if row_number in chosen.hidden_rows:
            plan.hidden_rows.append(row_number)
        reason = kind.warning(record)
        if reason:
            plan.warnings.append(Rejection(chosen.name, row_number, "", reason))
    return plan


def _sample(value: Any) -> str:
    """A cell as the wizard shows it under a column: a date as typed in Vietnam, text from a
    legacy font converted."""
    if isinstance(value, date):  # a datetime too
        return format_date_short(value)
    return legacy_text.decode(read_text(value), None)[0]


_Cell = tuple[Any, str, str | None]  # the value read, its text, the encoding converted from


class _Column(NamedTuple):
    """A mapped column as each row reads it: its field, index, header, reader and the legacy
    encoding most of it is typed in; for a column of choices, what each value read as (a few
    values, repeated in every row: each is read once)."""

    field: str
    index: int
    header: str
    read: Callable[[Any, date], Any]
    encoding: str | None
    seen: dict[Any, _Cell | ValueError] | None


class _RowReader:
    """Each row of a plan's sheet read into its record (None for an empty line). Run for each
    of a register's 100,000 rows: what does not change from row to row is looked up once."""

    def __init__(self, plan: ImportPlan, today: date) -> None:
        self.plan, self.today = plan, today
        by_id, encodings = plan.kind.by_id, plan.column_encodings
        self.columns = [
            _Column(fid, col, plan.headers[col], by_id[fid].read, encodings.get(fid),
                    {} if by_id[fid].choices else None)
            for fid, col in plan.mapping.items()
        ]  # fmt: skip
        # what a field without a column reads as
        self.unmapped = {f.id: "" if f.read is _text else None for f in plan.kind.fields}
        indexes = [c.index for c in self.columns]
        self.width = max(indexes) + 1
        take = itemgetter(*indexes)  # one value, not a tuple, for a single column
        self.take = take if len(indexes) > 1 else lambda row: (take(row),)

    def read(self, row: list[Any], row_number: int) -> dict[str, Any] | None:
        if len(row) >= self.width:
            values = self.take(row)
        else:  # a short row: the cells past its end are empty
            values = tuple(row[c.index] if c.index < len(row) else "" for c in self.columns)
        if not any(values) or all(is_blank(v) for v in values):
            return None  # an empty line between rows, not a petition
        plan, today = self.plan, self.today
        record: dict[str, Any] = {"source_row": row_number, **self.unmapped}
        problems = []
        for column, value in zip(self.columns, values, strict=True):
            try:
                if column.seen is not None:
                    cell = column.seen.get(value)
                    if cell is None:
                        cell = column.seen[value] = _read_once(column, value, today)
                    if isinstance(cell, ValueError):
                        raise ValueError(*cell.args)
                    record[column.field], text, encoding = cell
                elif type(value) is str and legacy_text.may_be_legacy(value):
                    record[column.field], text, encoding = _read_text(
                        column.read, value, column.encoding, today
                    )
                else:
                    record[column.field] = column.read(value, today)
                    continue
                if encoding:
                    plan.note_conversion(row_number, column.header, value, text, encoding)
            except ValueError as exc:
                problems.append(Rejection(plan.sheet, row_number, column.header, str(exc)))
        if problems:
            plan.rejected.extend(problems)
            return None
        for count in ("signers", "people"):  # blank: one person
            if count in record:
                record[count] = record[count] or 1
        record["key"] = record["key"] or _derived_key(plan.kind, record)
        return record


def _read_once(column: _Column, value: Any, today: date) -> _Cell | ValueError:
    """A value of a column of choices as `_RowReader.read` reads any other; its refusal is kept
    too, to be said again for each row that holds it."""
    try:
        if type(value) is str and legacy_text.may_be_legacy(value):
            return _read_text(column.read, value, column.encoding, today)
        return column.read(value, today), "", None
    except ValueError as refusal:
        return refusal


def _read_text(
    read: Callable[[Any, date], Any], value: str, column: str | None, today: date
) -> tuple[Any, str, str | None]:
    """A text cell read as its typist meant it (legacy_text.decode, `column` the column's
    encoding): the value, the text and the encoding it was converted from. A value from a list
    that is not in it may be in another reading: the list tells which was meant ("Cã" is
    TCVN3 for "Có"; "Có" in a VNI column is Unicode)."""
    text, encoding = legacy_text.decode(value, column)
    try:
        return read(text, today), text, encoding
    except ValueError as refusal:
        for other, other_encoding in legacy_text.alternatives(value):
            try:
                return read(other, today), other, other_encoding
            except ValueError:
                continue
        raise refusal from None


def _derived_key(kind: RegisterKind, record: dict[str, Any]) -> str:
    """A stable id for a register without an id column: from what never changes about a row."""
    parts = [str(record[k] or "") for k in kind.identity]
    return DERIVED_KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def petition_from_record(record: dict[str, Any]) -> Petition:
    return Petition(
        key=record["key"],
        received=record["received"],
        type=record["type"],
        eligible=record["eligible"],
        in_authority=record["in_authority"],
        processing=record["processing"],
        case_key=record["case_key"],
        officer=record["officer"],
        deadline=record["deadline"],
        outcome=record["outcome"],
        resolved_on=record["resolved_on"],
        signers=record["signers"],
        source=SourceRow("", record["source_row"]),
    )
