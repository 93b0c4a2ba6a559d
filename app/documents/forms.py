"""Official forms as data (forms/<regime>/<form>.toml), filled by a sandboxed template engine.

A form file is TOML a clerk can edit: blocks in order (header, title, paragraph, heading,
table, signatures), text with {{ placeholders }}, `for_each` to repeat blocks per item `muc`
(at the top of a form: one document per item `doi_tuong`, a Mẫu 08 per nominee), `when` to keep
a block or a whole form only when the data says so (the Biên bản kiểm phiếu of a secret ballot),
`orientation` to turn the page for a wide table. The Jinja2 sandbox means a form file can never
run code. A value the data lacks prints as a dotted line to fill by hand (its kind from
forms/labels.toml) and is listed as a warning — never invented. A
user's edited copy in the data folder overrides the shipped form; a broken one is reported with
its file and line, never silently replaced.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    ChainableUndefined,
    FileSystemBytecodeCache,
    Template,
    TemplateError,
    TemplateSyntaxError,
    Undefined,
    nodes,
)
from jinja2.bccache import Bucket
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment
from msgspec import Struct

from app import APP_NAME, __version__
from app.core import live_values
from app.core.text import ascii_file_name, format_count, nfc, not_reserved, xml_safe
from app.documents import layout
from app.documents.errors import FormError
from app.documents.model import (
    Block,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recipients,
    SignatureColumn,
    Signatures,
    Table,
    Title,
)
from app.documents.regimes import REGIME_FILE, regime_chain
from app.paths import cache_dir, forms_dir, user_forms_dir

# What a missing value prints: a dotted line to write it in by hand, of a length fitting what
# is written there (forms/labels.toml, [fill_ins], names each value's kind; a name is a line).
FILL_INS = {
    "ngày": "ngày …… tháng …… năm ……",
    "giờ": "…… giờ …… phút",
    "số": "……",
    "dòng": "………………………………",
    "đoạn": " ".join(["…" * 24] * 6),  # two or three lines, broken where Word breaks them
}


LABELS_FILE = "labels.toml"  # beside the regimes: the names of missing values, shared


def _folders(regime: str) -> list[Path]:
    """Where a regime's forms are looked for, first match wins: the user's copy, then the
    shipped form, for the regime and then each regime it is based on."""
    return [root / r for r in regime_chain(regime) for root in (user_forms_dir(), forms_dir())]


def form_path(regime: str, name: str) -> Path:
    """The user's override if there is one, else the shipped form."""
    folders = _folders(regime)
    return next(
        (f / f"{name}.toml" for f in folders if (f / f"{name}.toml").is_file()),
        forms_dir() / regime / f"{name}.toml",
    )


def form_names(regime: str, group: str = "") -> list[str]:
    """The regime's forms of the unit's dossier, or of a `group` in its subfolder (the
    Inspectorate's consolidated documents: "thanh-tra"), named as load_form takes them."""
    prefix = f"{group}/" if group else ""
    names = {
        prefix + p.stem
        for f in _folders(regime)
        for p in (f / group).glob("*.toml")
        if p.name != REGIME_FILE
    }
    if not names:
        raise FormError(
            f"Chưa có biểu mẫu nào cho chế độ pháp lý “{regime}” ({forms_dir() / regime / group})."
        )
    return sorted(names)


def load_form(regime: str, name: str, content: str = "blocks") -> tuple[dict[str, Any], Path]:
    """The form `name` of the regime (the user's copy first) and its path; refused when it has
    no `content` (its [[blocks]], a certificate's [[texts]])."""
    path = form_path(regime, name)
    if not path.is_file():
        raise FormError(f"Không có biểu mẫu “{name}” cho chế độ {regime} ({path}).")
    try:
        form = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:  # its message says "(at line N, column M)"
        raise FormError(f"Biểu mẫu {path} viết sai: {exc}.") from None
    except UnicodeDecodeError:
        raise FormError(f"Biểu mẫu {path} không phải văn bản UTF-8.") from None
    except RecursionError:
        raise FormError(f"Biểu mẫu {path} lồng quá sâu.") from None
    if not form.get(content):  # an emptied copy would print a blank document, unsaid
        raise FormError(f"Biểu mẫu {path} không có nội dung nào (không có khối [[{content}]]).")
    return form, path


@lru_cache(maxsize=1)
def _shared() -> dict[str, Any]:
    path = forms_dir() / LABELS_FILE
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # shipped with the app: a broken install
        raise FormError(f"Không đọc được {path}: {exc}") from None


@lru_cache(maxsize=1)
def shared_labels() -> dict[str, str]:
    """What every form calls a value it lacks (forms/labels.toml); a form's [labels] win."""
    return {str(k): str(v) for k, v in _shared().items() if isinstance(v, str)}


def fill_in(name: str | None) -> str:
    """The dotted line a missing value prints as, by the kind forms/labels.toml gives it."""
    kind = _shared().get("fill_ins", {}).get(name or "", "dòng")
    return FILL_INS.get(kind, FILL_INS["dòng"])


# A dotted line then the sentence's own stop ("Chủ trì: ………….") reads as a doubled stop; the
# closing "./." of a document stays, and so does the stop after a typed "…" ("v.v…."): every
# dotted line (FILL_INS) is at least two.
_STOP_AFTER_FILL_IN = re.compile(r"(?<=…)…\.(?!/)")


_missing: ContextVar[list[str] | None] = ContextVar("missing", default=None)


def _record(name: str | None) -> None:
    found = _missing.get()
    if found is not None:
        found.append(name or "?")


def _with_live_values(text: Any, facts: Any) -> str:
    """The text with each {live value} replaced by its figure; one the figures cannot give is
    "…" and reported missing like any other value of the form."""
    text = str(text)  # an absent text prints its fill-in line and is recorded by itself
    filled = live_values.fill(text, facts if isinstance(facts, Mapping) else {})
    for name in (*filled.unknown, *filled.missing):
        _record(f"số liệu {live_values.token(name)}")
    return filled.text


class _Recorded(ChainableUndefined):
    """A missing value (even a.b.c) prints its fill-in line and is remembered by the filler
    rendering."""

    def __str__(self) -> str:
        if issubclass(self._undefined_exception, SecurityError):
            self._fail_with_undefined_error()  # code in a form: refuse, don't hide it
        _record(self._undefined_name)
        return fill_in(self._undefined_name)

    def __iter__(self):
        _record(self._undefined_name)
        return iter(())


class _TextLoader(BaseLoader):
    """A form's text is its own template name, so that the compiled code is kept in memory
    and, through Jinja's bytecode cache, on disk for the next run (a form compiles in tens of
    milliseconds, a cached one loads in a few)."""

    def get_source(self, environment, template):
        return template, None, lambda: True


class _BestEffortCache(FileSystemBytecodeCache):
    """A cache, not data: a file it cannot write (full disk, read-only profile) or read back
    (damaged) means compiling again, never an error for the user. Each entry is tied to what
    compiled it (`compiled_by`) as well as to its text: code compiled by another version of the
    app, or under another sandbox budget, is compiled again rather than run."""

    def __init__(self, directory: str, compiled_by: str) -> None:
        super().__init__(directory)
        self._compiled_by = compiled_by

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(f"{self._compiled_by}\n{source}")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # any damage to a cache file: compile instead
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, CodeType):
            bucket.reset()  # a file that unmarshals to something else than code

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


RANGE_LIMIT = 10_000  # items a form's range() may give; the forms' real loops are over data
POWER_LIMIT = 10_000  # digits a form's arithmetic may reach
TIME_LIMIT = 5.0  # seconds a form's loops may run
_deadline: ContextVar[float] = ContextVar("deadline", default=float("inf"))


class _Budget(SandboxedEnvironment):
    """The sandbox with budgets: a form file is text a user may edit, so no expression in it
    may run for minutes or take the memory (nested ranges, 9**9**9, [1]*10**9)."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _digits(left) * abs(_number(right)) > POWER_LIMIT:
            raise SecurityError(f"phép lũy thừa quá lớn ({left} ** {right})")
        if operator == "*" and isinstance(left, str | list | tuple) | isinstance(
            right, str | list | tuple
        ):
            count = right if isinstance(left, str | list | tuple) else left
            if isinstance(count, int) and count > RANGE_LIMIT:
                raise SecurityError(f"phép nhân lặp quá {format_count(RANGE_LIMIT)} lần")
        return super().call_binop(context, operator, left, right)


def _number(value: Any) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _digits(value: Any) -> int:
    return len(str(int(abs(_number(value))))) if abs(_number(value)) > 1 else 0


def _range(*args: int) -> Iterator[int]:
    """range() for forms: at most RANGE_LIMIT items, and stopped when the form's time is up
    (nested loops multiply)."""
    values = range(*args)
    if len(values) > RANGE_LIMIT:
        raise SecurityError(f"range() dài quá {format_count(RANGE_LIMIT)} phần tử")
    for value in values:
        if time.monotonic() > _deadline.get():
            raise SecurityError(f"biểu mẫu chạy quá {TIME_LIMIT:.0f} giây")
        yield value


@cache
def _environment() -> SandboxedEnvironment:
    compiled = cache_dir() / "bieu-mau"
    bytecode = None
    with suppress(OSError):  # no cache folder: compile on every run, nothing else changes
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = _BestEffortCache(str(compiled), _compiled_by())
    env = _Budget(
        undefined=_Recorded,
        autoescape=False,
        loader=_TextLoader(),
        bytecode_cache=bytecode,
        cache_size=4096,
    )
    env.globals["range"] = _range
    # "Phong trào thi đua…" inside a sentence: {{ dot.ten | thuong_dau }}
    env.filters["thuong_dau"] = _lower_first
    # "có thành tích xuất sắc trong {{ dot.ten | thuong_dau }}" without saying it twice
    env.filters["thanh_tich_trong"] = _achievement_in
    env.filters["ten_tep"] = lambda text: ascii_file_name(str(text))
    # achievement text with its live figures: {{ muc.noi_dung | so_lieu(doi_tuong.so_lieu) }}
    env.filters["so_lieu"] = _with_live_values
    return env


def _compiled_by() -> str:
    """What a form's compiled code depends on besides its text: the app (its filters, folded
    into the code where their input is constant), Jinja, and the operators the sandbox checks
    (code compiled without a check never calls it)."""
    budgeted = " ".join(sorted(_Budget.intercepted_binops))
    return f"{APP_NAME} {__version__}; Jinja {getattr(jinja2, '__version__', '?')}; {budgeted}"


def _lower_first(text: object) -> str:
    """ "Phong trào …" → "phong trào …" inside a sentence; a first word in capitals is a name
    or an abbreviation and stays ("UBND tỉnh …", "ĐHĐCĐ …")."""
    text = str(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _achievement_in(campaign: object) -> str:
    """ "có thành tích xuất sắc trong phong trào thi đua …", unless the campaign's own name
    already says "thành tích xuất sắc" (the 2025 plan's does): then "có thành tích trong …"."""
    name = _lower_first(campaign)
    said = "thành tích xuất sắc" in name.casefold()
    return f"có thành tích {'' if said else 'xuất sắc '}trong {name}"


def _template(source: str) -> Template:
    return _environment().get_template(source)


@lru_cache(maxsize=1024)
def _expression(source: str) -> Callable[..., Any]:
    """`compile_expression(source, undefined_to_none=False)`, its code kept in the bytecode
    cache as the texts' is (Jinja compiles an expression on every run: 13 ms of a dossier)."""
    env = _environment()
    cache = env.bytecode_cache
    bucket = cache.get_bucket(env, f"biểu thức: {source}", None, source) if cache else None
    code = bucket.code if bucket is not None else None
    if code is None:
        code = env.compile(_expression_tree(env, source))
        if cache is not None and bucket is not None:
            bucket.code = code
            cache.set_bucket(bucket)
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return TemplateExpression(template, undefined_to_none=False)


def _expression_tree(env: SandboxedEnvironment, source: str) -> nodes.Template:
    """The template `compile_expression` makes of an expression: `result = <expression>`."""
    parser = Parser(env, source, state="variable")
    try:
        expression = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError(
                "chunk after expression", parser.stream.current.lineno, None, None
            )
        expression.set_environment(env)
    except TemplateSyntaxError:
        env.handle_exception(source=source)
    body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
    return nodes.Template(body, lineno=1)


class Filler:
    """Renders one form's texts with one set of data, collecting what was missing."""

    def __init__(self, path: Path, data: Mapping[str, Any]):
        self.path, self.missing, self.data = path, [], dict(data)

    def _run(self, render: Callable[[], Any], where: str) -> Any:
        token = _missing.set(self.missing)
        clock = _deadline.set(time.monotonic() + TIME_LIMIT)
        try:
            return render()
        except TemplateError as exc:
            raise FormError(f"Biểu mẫu {self.path}, {where}: {exc}") from None
        except RecursionError:  # a macro calling itself
            raise FormError(f"Biểu mẫu {self.path}, {where}: lời gọi lồng quá sâu.") from None
        except MemoryError:
            raise FormError(f"Biểu mẫu {self.path}, {where}: cần quá nhiều bộ nhớ.") from None
        finally:
            _deadline.reset(clock)
            _missing.reset(token)

    def text(self, template: str, where: str, extra: Mapping[str, Any] | None = None) -> str:
        if "{" not in template:  # most of a form is fixed wording
            return xml_safe(nfc(template))
        context = {**self.data, **(extra or {})}
        text = self._run(lambda: _template(template).render(context), where)
        # control characters (pasted from another program) are dropped here, for both files:
        # a DOCX cannot hold them, a PDF printed them as spaces
        return xml_safe(nfc(_STOP_AFTER_FILL_IN.sub("…", text)))

    def value(self, expression: str, where: str, extra: Mapping[str, Any]) -> Any:
        context = {**self.data, **extra}
        return self._run(lambda: _expression(expression)(context), where)

    def holds(self, spec: Mapping[str, Any], where: str, extra: Mapping[str, Any]) -> bool:
        """A `when` condition; absent data makes it false without being reported missing."""
        return "when" not in spec or bool(self.value(str(spec["when"]), f"{where}, “when”", extra))

    def items(self, expression: str, where: str, extra: Mapping[str, Any]) -> list[Any]:
        value = self.value(expression, where, extra)
        if isinstance(value, Undefined):
            self.missing.append(expression)
            return []
        return list(value)


class FilledForm(Struct, frozen=True):
    document: Document
    missing: tuple[str, ...]  # the data the form asked for and did not get


def fill_form(form: dict[str, Any], path: Path, data: Mapping[str, Any]) -> list[FilledForm]:
    """The documents one form makes: none when its `when` fails, one per item with a top-level
    `for_each`, else one."""
    filler = Filler(path, data)
    if not filler.holds(form, "đầu biểu mẫu", {}):
        return []
    if "for_each" in form:
        items = filler.items(str(form["for_each"]), "đầu biểu mẫu, “for_each”", {})
        return [_fill_document(form, path, data, {"doi_tuong": item}) for item in items]
    return [_fill_document(form, path, data, {})]


def _fill_document(
    form: dict[str, Any], path: Path, data: Mapping[str, Any], extra: dict[str, Any]
) -> FilledForm:
    filler = Filler(path, data)
    orientation = form.get("orientation", "portrait")
    if orientation not in ("portrait", "landscape"):
        raise FormError(
            f"Biểu mẫu {path}: orientation = “{orientation}” không hợp lệ (portrait, landscape)."
        )
    landscape = orientation == "landscape"
    blocks = _blocks(filler, form.get("blocks", []), "blocks", extra)
    _check_widths(path, blocks, landscape)
    name = checked_file_name(filler.text(str(form.get("file", path.stem)), "file", extra), path)
    labels = {**shared_labels(), **form.get("labels", {})}  # a missing value's name, for the clerk
    missing = (str(labels.get(m, m)) for m in filler.missing)
    campaign = data.get("dot", {}).get("ten", "")  # the files' subject property
    document = Document(name, tuple(blocks), landscape, str(campaign))
    return FilledForm(document, tuple(dict.fromkeys(missing)))


_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")


def checked_file_name(name: str, path: Path) -> str:
    """A form's `file` as filled: a plain name for the file in the output folder, never a path
    out of it (a user's copy of a form is data, not a place to write to), and one Windows can
    create (`file = "con"` writes CON_.docx: see not_reserved)."""
    if not _FILE_NAME.fullmatch(name) or len(name) > 150:
        raise FormError(
            f"Biểu mẫu {path}: file = {name!r} không dùng được làm tên tệp (chỉ chữ không dấu, "
            "số, dấu - và _)."
        )
    return not_reserved(name)


def _check_widths(path: Path, blocks: list[Block], landscape: bool) -> None:
    room = layout.text_area_mm(landscape)
    for block in blocks:
        if isinstance(block, Table) and sum(block.widths_mm) > room + 0.5:
            raise FormError(
                f"Biểu mẫu {path}: bảng “{block.headers[0] if block.headers else ''}…” rộng "
                f"{sum(block.widths_mm):g} mm, quá {room:g} mm giữa hai lề"
                + ("." if landscape else ' (đặt orientation = "landscape" để xoay ngang trang).')
            )


def _blocks(
    filler: Filler, specs: Iterable[dict[str, Any]], where: str, extra: dict[str, Any]
) -> list[Block]:
    out: list[Block] = []
    for index, spec in enumerate(specs, start=1):
        here = f"{where} số {index}"
        if not filler.holds(spec, here, extra):
            continue
        if "for_each" in spec:
            for n, item in enumerate(filler.items(spec["for_each"], here, extra), 1):
                inner = {**extra, "muc": item, "stt": n}
                out += _blocks(filler, spec.get("blocks", []), here, inner)
            continue
        out.append(_block(filler, spec, here, extra))
    return out


def _block(filler: Filler, spec: dict[str, Any], where: str, extra: dict[str, Any]) -> Block:
    def t(key: str, default: str = "") -> str:
        return filler.text(str(spec.get(key, default)), f"{where}, mục “{key}”", extra)

    def ts(key: str) -> tuple[str, ...]:
        """A list of lines; a line that fills to nothing is left out (a chief who signs in
        his own name has no "TM."/"KT." line above his title)."""
        lines = (filler.text(str(v), f"{where}, mục “{key}”", extra) for v in spec.get(key, []))
        return tuple(line for line in lines if line)

    def signer(side: str) -> SignatureColumn:
        """`<side>_name`, one signer, or `<side>_names`, an expression listing several who sign
        under one title (the Ban kiểm phiếu), each given a space of their own."""
        if f"{side}_names" in spec:
            listed = str(spec[f"{side}_names"])
            names = tuple(map(str, filler.items(listed, where, extra))) or (fill_in(listed),)
        else:
            names = (t(f"{side}_name"),)
        return SignatureColumn(ts(f"{side}_lines"), tuple(filter(None, names)), t(f"{side}_note"))

    kind = spec.get("type")
    if kind == "header":
        number = t("number") if "number" in spec else None
        place_date = t("place_date") if "place_date" in spec else None
        return HeaderBlock(t("parent_agency"), t("unit"), number, place_date)
    if kind == "title":
        return Title(t("kind"), ts("lines"))
    if kind == "paragraph":
        flags = {k: bool(spec[k]) for k in ("italic", "bold", "centred", "indent") if k in spec}
        return Paragraph(t("text"), **flags)
    if kind == "heading":
        return Heading(t("text"))
    if kind == "table":
        columns = spec.get("columns", [])
        rows = tuple(
            tuple(
                filler.text(
                    str(c.get("value", "")),
                    f"{where}, cột “{c.get('header')}”",
                    {**extra, "dong": row, "stt": n},
                )
                for c in columns
            )
            for n, row in enumerate(filler.items(str(spec.get("rows", "[]")), where, extra), 1)
        )
        return Table(
            tuple(  # a header may name what the rule counts: "Tỷ lệ so với {{ … }}"
                filler.text(str(c.get("header", "")), f"{where}, tiêu đề cột", extra)
                for c in columns
            ),
            rows,
            tuple(float(c.get("width_mm", 20)) for c in columns),
        )
    if kind == "signatures":
        left: SignatureColumn | Recipients | None = None
        if "recipients" in spec:
            left = Recipients(ts("recipients"))
        elif "left_lines" in spec:
            left = signer("left")
        below = Recipients(ts("recipients_below")) if "recipients_below" in spec else None
        return Signatures(left, signer("right"), below)
    raise FormError(
        f"Biểu mẫu {filler.path}, {where}: loại khối “{kind}” không có (header, title, paragraph, "
        "heading, table, signatures)."
    )
