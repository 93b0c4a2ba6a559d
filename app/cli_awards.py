"""`thidua awards …`: the signed decision into the Sổ vàng, the book listed, the Giấy khen
printed from it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built at every start: imports come when run
    from app.store.database import Store

EXIT_OK = 0
MODES = ("giay-trang", "phoi", "can-chinh")  # PrintMode's values


def millimetres(text: str) -> float:
    """An offset as typed: "1,5" as well as "1.5" (a decimal comma is the Vietnamese way)."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” không phải số mm (ví dụ 1,5 hoặc -2)."
        ) from None


def add_awards_commands(command) -> None:
    awards = command("awards", help="Sổ vàng và in Giấy khen sau khi Quyết định đã ký")
    sub = awards.add_subparsers(
        dest="awards_command", metavar="LỆNH", required=True, parser_class=type(awards)
    )
    record = command("record", help="ghi Quyết định đã ký vào Sổ vàng", into=sub)
    record.add_argument("--number", required=True, help="số Quyết định")
    record.add_argument("--date", required=True, help="ngày ký Quyết định (dd/mm/yyyy)")
    record.add_argument(
        "--symbol", metavar="KÝ_HIỆU",
        help="ký hiệu sau số, ví dụ QĐ-UBND (mặc định: theo cơ quan ban hành của đợt thi đua)",
    )  # fmt: skip
    record.add_argument(
        "--name", action="append", metavar="TÊN",
        help="chỉ ghi người, tập thể này (nhắc lại cho nhiều người); mặc định: mọi người được đề "
        "nghị hoặc đã chọn",
    )  # fmt: skip
    record.add_argument(
        "--first-book-number", type=int, metavar="SỐ",
        help="số sổ vàng đầu tiên (khi sổ giấy đã có số trước đó)",
    )  # fmt: skip
    remove = command(
        "remove", help="bỏ Quyết định ghi sau cùng khỏi Sổ vàng (ghi nhầm số, ngày)", into=sub
    )
    remove.add_argument("--number", required=True, help="số Quyết định đã ghi")
    remove.add_argument("--date", required=True, help="ngày ký đã ghi (dd/mm/yyyy)")
    command("list", help="liệt kê Sổ vàng của đợt thi đua đang làm", into=sub)
    prints = command("certificates", help="in Giấy khen của một Quyết định đã ghi", into=sub)
    prints.add_argument("--out", type=Path, required=True, help="thư mục ghi tệp")
    prints.add_argument("--number", help="số Quyết định (mặc định: Quyết định ghi gần nhất)")
    prints.add_argument("--date", help="ngày ký, khi hai Quyết định cùng số (dd/mm/yyyy)")
    prints.add_argument(
        "--mode", choices=MODES, default="giay-trang",
        help="giay-trang: in cả viền và Quốc hiệu; phoi: chỉ in phần còn trống của phôi in sẵn; "
        "can-chinh: trang căn chỉnh máy in",
    )  # fmt: skip
    prints.add_argument("--offset-x", type=millimetres, metavar="MM",
                        help="lệch ngang (mm, + sang phải)")  # fmt: skip
    prints.add_argument("--offset-y", type=millimetres, metavar="MM",
                        help="lệch dọc (mm, + xuống dưới)")  # fmt: skip
    prints.add_argument("--format", default="docx,pdf", help="docx, pdf hoặc docx,pdf")


def _offset(args: argparse.Namespace) -> tuple[float, float]:
    """The printer's offset: as given (and remembered for this computer), else as last used."""
    from app import settings
    from app.documents.certificates import check_offset

    right, down = settings.certificate_offset()
    if args.offset_x is None and args.offset_y is None:
        return right, down
    offset = check_offset((
        args.offset_x if args.offset_x is not None else right,
        args.offset_y if args.offset_y is not None else down,
    ))  # fmt: skip
    if args.mode != "giay-trang":  # the printer's offset matters on a blank only
        settings.remember_certificate_offset(offset)
    return offset


def _day(text: str | None) -> date | None:
    from app.core.text import parse_date
    from app.services.awards import AwardsError

    try:
        return parse_date(text) if text else None
    except ValueError as exc:
        raise AwardsError(f"Ngày ký Quyết định: {exc}") from None


def run_awards(store: Store, args: argparse.Namespace) -> int:
    from app.core.text import format_date_short
    from app.services.awards import (
        AwardsError,
        book_row,
        campaign_register,
        record_decision,
        remove_last_decision,
        write_certificates,
    )

    db = store.db
    if args.awards_command in ("record", "remove"):
        signed_on = _day(args.date)
        if signed_on is None:
            raise AwardsError("Chưa nhập ngày ký Quyết định.")
        if args.awards_command == "remove":
            rows = remove_last_decision(db, args.number, signed_on)
            day = format_date_short(signed_on)
            print(f"Đã bỏ Quyết định số {rows[0].printed_number} ngày {day} khỏi Sổ vàng "
                  f"({len(rows)} số sổ vàng).")  # fmt: skip
            return EXIT_OK
        rows, flagged = record_decision(
            db, args.number, signed_on, date.today(), args.name, args.first_book_number,
            args.symbol,
        )  # fmt: skip
        print(f"Đã ghi Quyết định số {rows[0].printed_number} ngày "
              f"{format_date_short(signed_on)} vào Sổ vàng:")  # fmt: skip
        for row in rows:
            print(f"  Số {row.book_number:02d}: {row.recipient} ({row.unit})")
        for warning in flagged:
            print(f"  Cảnh báo: {warning}")
        return EXIT_OK
    if args.awards_command == "list":
        rows = campaign_register(db)
        if not rows:
            print("Sổ vàng chưa có Quyết định nào của đợt thi đua đang làm.")
        for row in rows:
            print("\t".join(filter(None, book_row(row))))
        return EXIT_OK
    from app.cli_words import formats_option
    from app.documents.certificates import PrintMode
    from app.store.errors import writing_to

    mode = PrintMode(args.mode)
    with writing_to(args.out):
        printed = write_certificates(
            db, args.out, args.number, mode, _offset(args), formats_option(args.format),
            _day(args.date),
        )  # fmt: skip
    for path in printed.files:
        print(f"Đã lập {path}")
    if mode is not PrintMode.ALIGN:
        print(f"  {printed.count} Giấy khen, mỗi người một trang.")
    if printed.missing:
        print("  Còn thiếu (in thành dòng chấm): " + ", ".join(printed.missing))
    return EXIT_OK
