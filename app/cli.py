"""Command-line interface: the same core as the desktop app, and no Qt unless the GUI is asked for.

The contract (commands, options, exit codes) is documented in resources/docs/cli.md.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from app import APP_NAME, __version__, paths, settings
from app.cli_json import add_json_options, emit_json
from app.cli_words import early_pdf_worker, formats_option
from app.core.bodies import BODY_FIELDS
from app.store.integrity import IntegrityCheck

if TYPE_CHECKING:
    from app.documents.pdf_batch import PdfWorker

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# What a terminal takes as a command (ESC sequences, bell, backspace…): C0 but tab and line
# breaks, DEL, C1. A name in a package or a register cell is printed, never obeyed.
_TERMINAL_CONTROLS = dict.fromkeys([*range(9), 11, 12, *range(14, 32), *range(127, 160)])


class _Printable:
    """`stream` with terminal controls dropped from what is written to it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_TERMINAL_CONTROLS))

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty… of the real stream
        return getattr(self._stream, name)


def _utf8_when_redirected() -> None:
    """Output sent to a file or a pipe is UTF-8, whatever the code page: Windows gives it the
    ANSI one (cp1258, cp1252), which has no "ố" — `thidua tally > so-lieu.txt` crashed. A
    console keeps its own encoding (Windows writes to it in UTF-16 anyway), readable there.
    Neither can fail on a character: one the encoding lacks, or a lone surrogate from a file
    name, is written as its \\u escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None: no console (packaged GUI)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="backslashreplace")
            else:
                reconfigure(encoding="utf-8", errors="backslashreplace")
        except (OSError, ValueError):  # a closed stream: nothing will be said on it
            continue


@contextmanager
def _printable_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


# argparse's own usage errors, said in Vietnamese (its words are English and not translated)
_USAGE_ERRORS = (
    (r"the following arguments are required: (.+)", r"thiếu \1"),
    (r"argument (\S+): expected one argument", r"\1 cần một giá trị"),
    (r"argument (\S+): invalid int value: (.+)", r"\1 cần một số nguyên, không phải \2"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"\1: không có \2 (chọn \3)"),
    (r"unrecognized arguments: (.+)", r"không hiểu: \1"),
    (r"one of the arguments (.+) is required", r"cần một trong: \1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 không dùng cùng \2"),
    (r"argument (\S+): (.+)", r"\1: \2"),  # a value our own type refused, said in Vietnamese
)


class _Parser(argparse.ArgumentParser):
    """argparse in Vietnamese: its own help option, section titles and "usage:" said in the
    app's words (argparse's are English and not translated)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "cách dùng:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "cách dùng:", 1)

    def error(self, message: str) -> None:  # argparse's English usage errors, in Vietnamese
        for pattern, said in _USAGE_ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, said, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"thidua: lỗi cú pháp lệnh: {message}\n")


def _check_json_out(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """`--out` saves the JSON: alone it would save nothing the user could guess (the text
    report? JSON?), so it is refused in words rather than chosen for them."""
    if getattr(args, "json_out", None) is None:
        return
    if getattr(args, "history", False):
        parser.error("--out không dùng cùng --history (chỉ bảng tổng hợp có dạng JSON)")
    if not args.json:
        command = " ".join(filter(None, _words(args)))
        parser.error(f"--out lưu kết quả dạng JSON, cần có --json: thidua {command} --json "
                     "--out TỆP (muốn lưu bảng chữ thì chuyển hướng: > TỆP)")  # fmt: skip
    read = [args.db or paths.default_database(), getattr(args, "file", None)]
    if any(path is not None and _same_file(args.json_out, path) for path in read):
        parser.error(f"--out {args.json_out} là tệp lệnh đang đọc (tệp dữ liệu hoặc gói): "
                     "hãy chọn tên tệp khác để lưu JSON")  # fmt: skip


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (case aside where the file system ignores it)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


# `campaign clone --regime`: the bodies a campaign names, asked for again (core.campaign).
CLONE_BODY_FLAGS = {
    f"--{path.split('.')[-1].replace('_', '-')}": (path, label)
    for path, label in BODY_FIELDS.items()
}


def _body_arguments(parser: argparse.ArgumentParser) -> None:
    """The bodies and bases a campaign under a new regime, or from a template, is given."""
    for flag, (path, label) in CLONE_BODY_FLAGS.items():
        parser.add_argument(flag, dest=path, metavar="TÊN", help=label)
    parser.add_argument("--basis", action="append", default=[], metavar="CĂN_CỨ",
                        help="một căn cứ riêng của đợt (kế hoạch, quy định của tỉnh); "
                        "lặp lại cho mỗi dòng")  # fmt: skip


def _bodies(args: argparse.Namespace) -> dict[str, str]:
    given = {path: getattr(args, path) for path, _ in CLONE_BODY_FLAGS.values()}
    return {path: value for path, value in given.items() if value}


def _window_options(parser: argparse.ArgumentParser) -> None:
    """The options of the window's start, which every command accepts too."""
    parser.add_argument(
        "--db", type=Path, help="tệp dữ liệu (mặc định: trong thư mục dữ liệu của người dùng)"
    )
    parser.add_argument(
        "--demo-when-new",
        action="store_true",
        help="lần đầu chạy (chưa có tệp dữ liệu): mở dữ liệu mẫu thay cho các bước khai báo",
    )
    parser.add_argument(
        "--quit-after-show",
        action="store_true",
        help="mở cửa sổ chính rồi thoát ngay (đo thời gian khởi động, kiểm thử)",
    )


class _NotWindowStart(Exception):
    pass


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotWindowStart(message)


def window_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's start (no command, only its options) read without building the parsers
    of ~40 commands (10–20 ms of each start); None for anything else — a command, --help,
    --version, a mistake — which the whole parser reads and answers."""
    parser = _WindowParser(add_help=False)
    _window_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotWindowStart:
        return None
    if rest:
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="thidua",
        description=f"{APP_NAME}: lập hồ sơ đề nghị khen thưởng phong trào thi đua.",
    )
    parser.add_argument("--version", action="version", version=f"thidua {__version__}",
                        help="in số phiên bản rồi thoát")  # fmt: skip
    _window_options(parser)
    # --db is accepted after a command too (`thidua demo --db PATH`); SUPPRESS keeps a value
    # given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    def command(name: str, help: str, into=commands) -> argparse.ArgumentParser:
        return into.add_parser(name, help=help, parents=[common])

    demo = command("demo", help="tạo tệp dữ liệu mới chứa đơn vị mẫu (hư cấu)")
    demo.add_argument(
        "--thanh-tra",
        dest="inspectorate",
        action="store_true",
        help="tệp dữ liệu của Thanh tra (hộp hồ sơ trống) thay cho đơn vị mẫu",
    )
    role = command("role", help="vai trò của tệp dữ liệu: đơn vị hoặc Thanh tra")
    role.add_argument("role", choices=["don-vi", "thanh-tra"], help="don-vi hoặc thanh-tra")
    command("selftest", help="tự kiểm tra toàn bộ ứng dụng trong thư mục tạm (bản cài đặt)")
    guide = command("guide", help="mở hướng dẫn sử dụng, hoặc lưu thành PDF")
    guide.add_argument("--pdf", type=Path, help="lưu toàn bộ hướng dẫn thành tệp PDF này")
    backup = command("backup", help="sao lưu tệp dữ liệu")
    backup.add_argument("--out", type=Path, help="tệp sao lưu (mặc định: thư mục sao lưu)")
    restore = command("restore", help="khôi phục tệp dữ liệu từ một bản sao lưu")
    restore.add_argument("backup", type=Path, help="tệp sao lưu")
    campaign = command("campaign", help="đợt thi đua")
    campaign_cmds = campaign.add_subparsers(
        dest="campaign_command", metavar="LỆNH", required=True, parser_class=_Parser
    )
    command("list", help="liệt kê các đợt thi đua", into=campaign_cmds)
    clone = command("clone", help="nhân bản một đợt thi đua", into=campaign_cmds)
    clone.add_argument("source", help="mã đợt thi đua gốc")
    clone.add_argument("--code", required=True, help="mã đợt mới")
    clone.add_argument("--name", required=True, help="tên đợt mới")
    clone.add_argument("--years", type=int, default=0, help="dời mọi ngày đi N năm")
    clone.add_argument("--regime", help="chế độ pháp lý của đợt mới (thư mục biểu mẫu), ví "
                       "dụ nd152-2025; khi đổi chế độ, khai lại các cơ quan và căn cứ")  # fmt: skip
    _body_arguments(clone)
    command("templates", help="liệt kê các mẫu đợt thi đua năm 2026", into=campaign_cmds)
    new = command("new", help="tạo đợt thi đua từ một mẫu", into=campaign_cmds)
    new.add_argument("template", help="mã mẫu (lệnh campaign templates)")
    new.add_argument("--code", required=True, help="mã đợt mới")
    new.add_argument("--name", required=True, help="tên đợt mới")
    _body_arguments(new)
    command("confirm", help="xác nhận các thiết lập mẫu gợi ý của đợt đang làm",
            into=campaign_cmds)  # fmt: skip
    use = command("use", help="chọn đợt thi đua đang làm việc", into=campaign_cmds)
    use.add_argument("code", help="mã đợt thi đua")
    scoring = command("scoring", help="bảng điểm của đợt đang làm (đợt xếp hạng theo điểm)",
                      into=campaign_cmds)  # fmt: skip
    scoring_choice = scoring.add_mutually_exclusive_group(required=True)
    scoring_choice.add_argument("file", nargs="?", type=Path, metavar="TỆP",
                                help="tệp bảng điểm (.toml) để nạp")  # fmt: skip
    scoring_choice.add_argument("--none", action="store_true", help="bỏ chấm điểm")
    scoring_choice.add_argument("--example", type=Path, metavar="TỆP",
                                help="lưu bảng điểm mẫu ra tệp này để sửa")  # fmt: skip
    register = command("register", help="sổ theo dõi đơn")
    register_cmds = register.add_subparsers(
        dest="register_command", metavar="LỆNH", required=True, parser_class=_Parser
    )
    imports = command("import", help="nhập sổ theo dõi đơn từ Excel/ODS/CSV", into=register_cmds)
    imports.add_argument("file", type=Path, help="tệp .xlsx, .xls, .ods hoặc .csv")
    imports.add_argument("--sheet", help="tên trang (mặc định: trang có dòng tiêu đề nhận ra)")
    imports.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    imports.add_argument(
        "--reception",
        action="store_true",
        help="tệp là sổ tiếp công dân (mặc định: sổ theo dõi đơn)",
    )
    imports.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TRƯỜNG=TIÊU_ĐỀ",
        help='chỉ rõ cột của tệp cho một trường, ví dụ "Ngày nhận=Ngày đến" (ghi nhớ cho '
        "tệp cùng tiêu đề)",
    )
    template = command("template", help="tạo tệp mẫu sổ theo dõi đơn (.xlsx)", into=register_cmds)
    template.add_argument("out", type=Path, help="tệp .xlsx sẽ tạo")
    template.add_argument("--reception", action="store_true", help="mẫu sổ tiếp công dân")
    declare = command(
        "declare", help="khai số liệu tổng hợp khi đơn vị không có sổ (một loại đơn)",
        into=register_cmds,
    )  # fmt: skip
    declare.add_argument("--type", required=True, help="loại đơn: KN, TC hoặc KNPA")
    for option, label in (
        ("carried-over", "vụ việc kỳ trước chuyển sang"), ("new", "vụ việc mới nhận"),
        ("resolved", "vụ việc đã giải quyết"), ("on-time", "giải quyết đúng hạn"),
        ("unknown-deadline", "không rõ hạn"), ("received", "đơn nhận trong kỳ (mọi loại)"),
        ("processed", "đơn đã xử lý"),
    ):  # fmt: skip
        declare.add_argument(f"--{option}", type=int, required=True, help=label)
    dossier = command("dossier", help="hồ sơ đề nghị khen thưởng")
    dossier_cmds = dossier.add_subparsers(
        dest="dossier_command", metavar="LỆNH", required=True, parser_class=_Parser
    )
    build = command("build", help="lập các văn bản của hồ sơ (DOCX, PDF)", into=dossier_cmds)
    build.add_argument("--out", type=Path, required=True, help="thư mục ghi văn bản")
    build.add_argument("--format", default="docx,pdf", help="docx, pdf hoặc docx,pdf")
    package = command("package", help="gói hồ sơ gửi Thanh tra")
    package_cmds = package.add_subparsers(
        dest="package_command", metavar="LỆNH", required=True, parser_class=_Parser
    )
    export = command("export", help="xuất gói hồ sơ đã lập (.zip, có chữ ký)", into=package_cmds)
    export.add_argument("--out", type=Path, required=True, help="tệp .zip hoặc thư mục")
    verify = command("verify", help="kiểm tra một gói hồ sơ nhận được", into=package_cmds)
    verify.add_argument("file", type=Path, help="tệp .zip")
    add_json_options(verify, help="in kết quả dạng JSON")
    verify.add_argument("--campaign", help="mã đợt thi đua gói phải thuộc về")
    receipt = command("receipt", help="nhập giấy biên nhận của Thanh tra", into=package_cmds)
    receipt.add_argument("file", type=Path, help="tệp giấy biên nhận (.json)")
    receipt.add_argument(
        "--accept-new-key",
        action="store_true",
        help="chấp nhận khóa mới của Thanh tra (sau khi đã gọi điện đối chiếu)",
    )
    from app.cli_awards import add_awards_commands
    from app.cli_inbox import add_inbox_commands

    add_inbox_commands(command, commands)
    add_awards_commands(command)
    tally = command("tally", help="tổng hợp số liệu giải quyết đơn")
    tally.add_argument("--from", dest="period_from", help="từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
    tally.add_argument("--to", dest="period_to", help="đến ngày")
    tally.add_argument("--officer", help="chỉ số liệu của một cán bộ xử lý")
    add_json_options(tally, help="in JSON (xem resources/docs)")
    return parser


def gui_database(args: argparse.Namespace) -> Path | None:
    """The database the desktop app opens: --db, else the last used, else the usual one, else
    the demo explored before; None on the very first start (the setup asks), unless
    --demo-when-new asks for the demo then."""
    if args.db is not None:
        return args.db
    last = settings.last_database()
    if last is not None and last.exists():
        return last
    for known in (paths.default_database(), paths.demo_database()):
        if known.exists():
            return known
    return paths.demo_database() if args.demo_when_new else None


def _verify_package(args: argparse.Namespace) -> int:
    from app.exchange.package import verify_package

    result = verify_package(args.file, campaign_code=args.campaign)
    if args.json:
        report = {"ok": result.ok, "problems": list(result.problems), "unit_key": result.unit_key,
                  "package_id": result.package_id, "late": result.late}  # fmt: skip
        state = "hợp lệ" if result.ok else "KHÔNG hợp lệ"
        emit_json(report, args.json_out, f"kết quả kiểm tra gói {args.file.name} ({state})")
    elif result.ok:
        print(f"Gói {args.file.name} nguyên vẹn, chữ ký của đơn vị có khóa {result.unit_key}.")
        if result.late:
            print("  Lưu ý: gói được xuất sau hạn nộp của đợt thi đua (nộp muộn).")
    else:
        print(f"Gói {args.file.name} KHÔNG hợp lệ:")
        for problem in result.problems:
            print(f"  • {problem}")
    return EXIT_OK if result.ok else EXIT_ERROR


def _build_dossier(store, args: argparse.Namespace, pdf_worker) -> int:
    """Write the documents; with both formats, also keep them as the next stored version of
    the dossier (what `package export` sends), as the Hồ sơ page does."""
    from datetime import date

    from app.services.dossier import build_and_store
    from app.services.dossier_check import built_lines

    formats = formats_option(args.format)
    stored = build_and_store(store.db, date.today(), args.out, formats, pdf_worker)
    for line in built_lines(stored.documents):
        print(line)
    if stored.build is not None:
        print(f"Đã lưu bản hồ sơ số {stored.build.version} (bản sẽ gửi khi xuất gói).")
        for warning in stored.build.warnings:
            print(f"  Cảnh báo: {warning}")
    elif set(formats_option(args.format)) != {"docx", "pdf"}:
        print("Chưa lưu thành bản hồ sơ: chỉ lưu khi lập cả DOCX và PDF (--format docx,pdf).")
    else:
        print("Chưa lưu thành bản hồ sơ: tệp dữ liệu chưa có thông tin đơn vị (khai báo ở trang "
              "Đơn vị & đợt thi đua).")  # fmt: skip
    return EXIT_OK


# (command, subcommand) that only read the database: they run while a window or another
# command has it open. Any other command may write, so it holds the database's lock.
READ_ONLY = {("tally", None), ("backup", None), ("campaign", "list"), ("campaign", "templates"),
             ("inbox", "decision"),
             ("inbox", "list"), ("inbox", "receipts")}  # fmt: skip


def _words(args: argparse.Namespace) -> tuple[str, str | None]:
    return args.command, getattr(args, f"{args.command}_command", None)


def _writes(args: argparse.Namespace) -> bool:
    dry_run = _words(args) == ("register", "import") and args.dry_run
    return not dry_run and _words(args) not in READ_ONLY


def _run_command(args: argparse.Namespace, pdf_worker=None) -> int:
    if args.command == "register" and args.register_command == "template":
        from app.exchange.register_import import PETITIONS, RECEPTIONS
        from app.exchange.register_template import write_template

        kind = RECEPTIONS if args.reception else PETITIONS
        print(f"Đã tạo tệp mẫu: {write_template(args.out, kind)}")
        return EXIT_OK
    if args.command == "package" and args.package_command == "verify":
        return _verify_package(args)  # a received file: no database of ours is involved
    default = paths.demo_database() if args.command == "demo" else paths.default_database()
    db_path = args.db or default
    if not _writes(args):
        return _run_on_database(args, db_path, pdf_worker)
    from app.store.lock import holding

    with holding(db_path, " ".join(["thidua", *filter(None, _words(args))])):
        return _run_on_database(args, db_path, pdf_worker)


def _run_on_database(args: argparse.Namespace, db_path: Path, pdf_worker) -> int:
    from app.store.database import open_store, restore_backup

    if args.command == "demo":
        from app.services.demo import create_demo, create_inspectorate

        (create_inspectorate if args.inspectorate else create_demo)(db_path).close()
        print(f"Đã tạo dữ liệu mẫu: {db_path}")
        return EXIT_OK
    if args.command == "restore":
        kept = restore_backup(db_path, args.backup)
        print(f"Đã khôi phục {db_path} từ {args.backup}.")
        if kept:
            print(f"Tệp dữ liệu trước khi khôi phục được giữ tại {kept}.")
        return EXIT_OK
    store = open_store(db_path)
    try:
        with store.user_errors():  # a database gone from its place mid-command is said
            return _run_on_store(store, args, db_path, pdf_worker)
    finally:
        store.close()


def _run_on_store(store, args: argparse.Namespace, db_path: Path, pdf_worker) -> int:
    from app.core.campaign import placeholders_left, stale_note
    from app.core.regime import ended_before
    from app.store import backups, campaigns

    if args.command == "register":
        from app.cli_register import run_register

        return run_register(store, args)
    if args.command == "dossier":
        return _build_dossier(store, args, pdf_worker)
    if args.command == "package" and args.package_command == "receipt":
        from app.cli_inbox import run_receipt

        return run_receipt(store, args)
    if args.command == "package":
        from datetime import date

        from app.services.package import export_package, sending_warnings

        print(f"Đã xuất gói hồ sơ: {export_package(store.db, args.out)}")
        for warning in sending_warnings(store.db, date.today()):  # as the window asks first
            print(f"  Cảnh báo: {warning}")
        return EXIT_OK
    if args.command == "inbox":
        from app.cli_inbox import run_inbox

        return run_inbox(store, args)
    if args.command == "awards":
        from app.cli_awards import run_awards

        return run_awards(store, args)
    if args.command == "role":
        from app.store.role import INSPECTORATE, UNIT, set_role

        set_role(store.db, INSPECTORATE if args.role == "thanh-tra" else UNIT)
        label = "Thanh tra" if args.role == "thanh-tra" else "đơn vị"
        print(f"Tệp dữ liệu dùng với vai trò {label}.")
        return EXIT_OK
    if args.command == "tally":
        from app.cli_register import run_tally

        return run_tally(store, args)
    if args.command == "backup":
        target = backups.manual_backup(db_path, args.out)
        print(f"Đã sao lưu vào {target}")
    elif args.campaign_command == "list":
        active = campaigns.active_campaign_id(store.db)
        for cid, code, name in campaigns.list_campaigns(store.db):
            print(f"{'*' if cid == active else ' '} {code}\t{name}")
    elif args.campaign_command == "clone":
        source = campaigns.campaign_id_by_code(store.db, args.source)
        if args.regime:
            from app.core.campaign import CampaignError
            from app.documents.regimes import known_regimes

            if args.regime not in known_regimes():  # a folder of forms is not a regime
                raise CampaignError(
                    f"Không có chế độ pháp lý “{args.regime}” (có: {', '.join(known_regimes())})."
                )
        from app.documents.regimes import load_regime

        created = campaigns.clone_campaign(
            store.db, source, code=args.code, name=args.name, year_shift=args.years,
            legal_regime=args.regime, bases=args.basis, bodies=_bodies(args),
            council=load_regime(args.regime).council if args.regime else None,
        )  # fmt: skip
        print(f"Đã tạo đợt thi đua {args.code}.")
        new = campaigns.load_campaign(store.db, created)

        regime = load_regime(new.legal_regime)
        option = f"--regime {regime.replaced_by}" if regime.replaced_by else ""
        for note in (stale_note(campaigns.stale_after_clone(store.db, source, created)),
                     ended_before(regime, new.period_start, option)):  # fmt: skip
            if note:
                print(f"  {note}")
    elif args.campaign_command == "templates":
        for code, template in campaigns.campaign_templates().items():
            print(f"{code}\t{template['template']}")
    elif args.campaign_command == "new":
        from app.documents.regimes import load_regime

        template = campaigns.campaign_templates().get(args.template, {})
        regime = template.get("legal_regime")
        created = campaigns.create_from_template(
            store.db, args.template, code=args.code, name=args.name, bodies=_bodies(args),
            bases=args.basis, council=load_regime(str(regime)).council if regime else None,
        )  # fmt: skip
        definition = campaigns.campaign_definition(store.db, created)
        print(f"Đã tạo đợt thi đua {args.code} từ mẫu {args.template}.")
        for note in (stale_note(placeholders_left(definition)),
                     "Các thiết lập là gợi ý của mẫu: xem lại rồi xác nhận (lệnh campaign "
                     "confirm, hoặc trang Đơn vị & đợt thi đua): "
                     + ", ".join(definition.get("unconfirmed", [])) + "."):  # fmt: skip
            if note:
                print(f"  {note}")
    elif args.campaign_command == "confirm":
        active = campaigns.active_campaign_id(store.db)
        if not campaigns.campaign_definition(store.db, active).get("unconfirmed"):
            print("Đợt thi đua đang làm không có thiết lập nào chờ xác nhận.")
            return EXIT_OK
        campaigns.confirm_settings(store.db, active)
        print("Đã xác nhận các thiết lập của đợt thi đua đang làm.")
    elif args.campaign_command == "scoring":
        return _scoring(store, args)
    elif args.campaign_command == "use":
        campaigns.set_active_campaign(store.db, campaigns.campaign_id_by_code(store.db, args.code))
        print(f"Đang làm việc với đợt thi đua {args.code}.")
    return EXIT_OK


def _scoring(store, args: argparse.Namespace) -> int:
    """Load the active campaign's scoring table from a file, remove it, or save the example."""
    from app.store import campaigns

    if args.example:
        from app.atomic import atomic_write
        from app.store.errors import writing_to

        with writing_to(args.example), atomic_write(args.example) as partial:
            partial.write_bytes(campaigns.scoring_file().read_bytes())
        print(f"Đã lưu bảng điểm mẫu vào {args.example}: sửa theo kế hoạch rồi nạp lại.")
        return EXIT_OK
    active = campaigns.active_campaign_id(store.db)
    if args.none:
        campaigns.set_scoring(store.db, active, None)
        print("Đợt thi đua đang làm không chấm điểm nữa.")
        return EXIT_OK
    from app.exchange.scoring_file import scoring_table

    campaigns.set_scoring(store.db, active, scoring_table(args.file))
    print(f"Đã nạp bảng điểm từ {args.file.name}.")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, pdf_worker: PdfWorker | None = None) -> int:
    """Run the command line `argv`; `pdf_worker` is one app.launch started for it (else, for
    a dossier build, one is started here, before the parser is built)."""
    _utf8_when_redirected()  # before argparse: --help and usage errors are Vietnamese too
    words = sys.argv[1:] if argv is None else list(argv)
    args = window_start(words)
    if args is not None:
        if pdf_worker is not None:  # "--db dossier --db build": a window after all
            pdf_worker.close()
        return _run_window(args)
    if pdf_worker is None:
        pdf_worker = early_pdf_worker(words)
    try:
        return _run_parsed(words, pdf_worker)
    finally:
        if pdf_worker is not None:
            pdf_worker.close()


def _run_window(args: argparse.Namespace) -> int:
    gc.disable()  # until the window is painted: see app.ui.application.collect_again
    database = gui_database(args)
    integrity = IntegrityCheck(database) if database is not None else None  # meanwhile:
    import app.ui.qt_free_imports  # noqa: F401  before Qt: see there
    from app.ui.application import run_gui  # Qt is imported only here

    try:
        return run_gui(database, quit_after_show=args.quit_after_show, integrity=integrity)
    finally:
        gc.enable()  # run_gui turns it on once painted; not if it ended before


def _run_parsed(words: list[str], pdf_worker: PdfWorker | None) -> int:
    parser = build_parser()
    args = parser.parse_args(words)
    _check_json_out(parser, args)
    if args.command is None:
        return _run_window(args)
    if args.command == "selftest":
        from app.selftest import run_selftest

        return run_selftest()
    if args.command == "guide":
        from app.ui.application import run_guide  # Qt, as for the window

        return run_guide(args.pdf)
    from app.errors import UserError
    from app.store.errors import user_errors

    try:
        with _printable_output(), user_errors(args.db or paths.default_database()):
            return _run_command(args, pdf_worker)
    except UserError as exc:
        with _printable_output():
            print(f"thidua: {exc}", file=sys.stderr)
        return EXIT_ERROR


def run(pdf_worker: PdfWorker | None = None) -> NoReturn:
    """The rest of app.launch.run (the `thidua` command, `python -m app`, the packaged build):
    `main`, then Python's exit functions — PySide6's among them deletes the QApplication, as Qt's
    shutdown (the clipboard handed to the system, plugins unloaded); logs are flushed,
    temporary folders removed, the PDF worker reaped — then the process ends without tearing
    down every module one by one: 30 ms of each command and of each closing of the window,
    spent on memory the system takes back at once. `main` committed and closed all it wrote."""
    code = main(pdf_worker=pdf_worker)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None in the packaged build's window (no console)
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said on it
            code = code or EXIT_ERROR
    os._exit(code)
