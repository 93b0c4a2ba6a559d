"""`thidua inbox …` (the Inspectorate's inbox) and `thidua package receipt` (the unit's side)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_words import formats_option

if TYPE_CHECKING:  # the parser is built at every start, the GUI's too: imports come when run
    from app.core.inbox import InboxNominee
    from app.core.scoring import Scoring
    from app.store.database import Store

EXIT_OK, EXIT_ERROR = 0, 1
RESULTS = {"dat": "dat", "khong-dat": "khong_dat", "bo-sung": "bo_sung"}  # option: Appraisal


def add_inbox_commands(command, commands) -> None:
    from app.cli_json import add_json_options

    inbox = command("inbox", help="hộp hồ sơ của Thanh tra: nhận, thẩm định, chọn, tổng hợp")
    sub = inbox.add_subparsers(
        dest="inbox_command", metavar="LỆNH", required=True, parser_class=type(inbox)
    )
    imports = command("import", help="nhập các gói hồ sơ nhận được (.zip)", into=sub)
    imports.add_argument("files", type=Path, nargs="+", help="tệp .zip")
    imports.add_argument(
        "--accept-new-key",
        action="store_true",
        help="chấp nhận khóa mới của đơn vị (chỉ sau khi đã gọi điện đối chiếu)",
    )
    listing = command("list", help="bảng tổng hợp các đối tượng đề nghị", into=sub)
    add_json_options(listing, help="in JSON")
    listing.add_argument("--history", action="store_true", help="liệt kê mọi gói đã nhận")
    judge = command("appraise", help="ghi kết quả thẩm định một đối tượng", into=sub)
    judge.add_argument("nominee", type=int, help="số thứ tự (cột Số trong thidua inbox list)")
    judge.add_argument(
        "--result", required=True, choices=sorted(RESULTS), help="dat, khong-dat hoặc bo-sung"
    )
    judge.add_argument("--reason", default="", help="lý do (bắt buộc khi không đạt, bổ sung)")
    choose = command("shortlist", help="chọn đối tượng trong chỉ tiêu của đợt", into=sub)
    choose.add_argument("--add", type=int, action="append", default=[], metavar="SỐ")
    choose.add_argument("--remove", type=int, action="append", default=[], metavar="SỐ")
    choose.add_argument(
        "--auto",
        action="store_true",
        help="điền chỗ còn trống bằng các đối tượng đạt xếp hạng cao nhất",
    )
    report = command("report", help="lập Tờ trình, danh sách tổng hợp và bảng Excel", into=sub)
    report.add_argument("--out", type=Path, required=True, help="thư mục ghi văn bản")
    report.add_argument("--format", default="docx,pdf", help="docx, pdf hoặc docx,pdf")
    report.add_argument("--number", help="số Tờ trình")
    report.add_argument("--date", help="ngày ký Tờ trình (dd/mm/yyyy)")
    decision = command(
        "decision", help="lập dự thảo Quyết định khen thưởng danh sách đã chọn", into=sub
    )
    decision.add_argument("--out", type=Path, required=True, help="thư mục ghi văn bản")
    decision.add_argument("--format", default="docx,pdf", help="docx, pdf hoặc docx,pdf")
    decision.add_argument("--number", help="số Quyết định")
    decision.add_argument("--date", help="ngày ký Quyết định (dd/mm/yyyy): tính tiền thưởng theo "
                          "mức lương cơ sở ngày đó")  # fmt: skip
    withdraw = command(
        "withdraw", help="rút một gói đã nhận (ẩn khỏi bảng tổng hợp, giữ trong lịch sử)", into=sub
    )
    withdraw.add_argument("package", type=int, help="số gói (cột đầu của inbox list --history)")
    withdraw.add_argument("--reason", default="", help="lý do rút gói (bắt buộc)")
    withdraw.add_argument("--undo", action="store_true", help="khôi phục gói đã rút")
    late = command(
        "accept-late",
        help="chấp nhận một gói nộp muộn, ghi lý do (chỉ khi đó mới chọn được đối tượng của gói)",
        into=sub,
    )
    late.add_argument("package", type=int, help="số gói (cột đầu của inbox list --history)")
    late.add_argument("--reason", default="", help="lý do chấp nhận (bắt buộc)")
    late.add_argument("--undo", action="store_true", help="bỏ chấp nhận nộp muộn")
    receipts = command("receipts", help="xuất giấy biên nhận cho các đơn vị", into=sub)
    receipts.add_argument("--out", type=Path, required=True, help="thư mục ghi giấy biên nhận")
    receipts.add_argument(
        "--format", default="docx,pdf", help="bản in: docx, pdf hoặc docx,pdf (bên cạnh tệp .json)"
    )


def _require_inspectorate(store: Store) -> None:
    from app.store.errors import StoreError
    from app.store.role import INSPECTORATE, role

    if role(store.db) != INSPECTORATE:
        raise StoreError(
            "Tệp dữ liệu này là của một đơn vị; hộp hồ sơ dùng với tệp dữ liệu của Thanh tra "
            "(tạo bằng: thidua demo --thanh-tra, hoặc đổi vai trò: thidua role thanh-tra)."
        )


def _print_table(nominees: list[InboxNominee], scoring: Scoring | None) -> None:
    """The table; in a campaign that ranks by points a column of scores, those tied on
    everything sharing a place."""
    from app.core.inbox import places
    from app.core.scoring import format_points

    score = "\tĐiểm" if scoring else ""
    print(f"Số\tHạng\tĐơn vị\tLoại\tTên{score}\tTỷ lệ GQ\tPhiếu\tĐiều kiện\tMuộn\tThẩm định\tChọn")
    for rank, n in zip(places(nominees, scoring), nominees, strict=True):
        appraisal = n.appraisal.label if n.appraisal else "Chưa thẩm định"
        points = f"\t{format_points(n.score)}" if scoring else ""
        print(
            f"{n.id}\t{rank}\t{n.unit}\t{n.kind_label}\t{n.name}{points}\t{n.rate_text}\t"
            f"{n.votes_text}\t{n.eligibility.label}\t{'Có' if n.late else ''}\t{appraisal}\t"
            f"{'✓' if n.shortlisted else ''}"
        )


def _score_json(n: InboxNominee) -> dict:
    """Exact, as data.json writes numbers: the recomputed score, the unit's own, where they
    part (nothing in a campaign that does not rank by points)."""
    if n.scored is None:
        return {}
    own = n.scored.claimed_total
    return {"score": str(n.scored.sheet.total), "self_score": None if own is None else str(own),
            "score_differences": list(n.scored.differences)}  # fmt: skip


def _json_rows(nominees: list[InboxNominee], scoring: Scoring | None) -> list[dict]:
    from app.core.inbox import places

    return [
        {
            "id": n.id,
            "package": n.package,
            "rank": rank,
            **_score_json(n),
            "unit": n.unit,
            "kind": n.kind,
            "name": n.name,
            "resolved": n.resolved,
            "cases": n.cases,
            "votes": n.votes,
            "members": n.members,
            "eligibility": n.eligibility,
            "late": n.late,
            "late_accepted": n.late_accepted or None,
            "warnings": list(n.warnings),
            "appraisal": n.appraisal.value if n.appraisal else None,
            "appraisal_reason": n.appraisal_reason,
            "shortlisted": n.shortlisted,
        }
        for rank, n in zip(places(nominees, scoring), nominees, strict=True)
    ]


def _import(store: Store, args: argparse.Namespace, campaign) -> int:
    from app.services.inbox import import_files

    outcomes = import_files(store.db, args.files, campaign, accept_new_key=args.accept_new_key)
    for outcome in outcomes:
        print(outcome.message)
    return EXIT_OK if all(o.imported for o in outcomes) else EXIT_ERROR


def run_inbox(store: Store, args: argparse.Namespace) -> int:
    from app.core.inbox import KIND_LABELS, Appraisal, to_vote
    from app.services.inbox import (
        accept_late,
        appraise,
        propose_shortlist,
        refuse_late,
        reinstate,
        shortlist,
        withdraw,
    )
    from app.store.campaigns import active_campaign_id, load_campaign
    from app.store.inbox import consolidated, packages

    _require_inspectorate(store)
    db = store.db
    campaign = load_campaign(db, active_campaign_id(db))
    command = args.inbox_command
    if command == "import":
        return _import(store, args, campaign)
    if command == "list" and args.history:
        for p in packages(db, campaign.code):
            timing = "đúng hạn"
            if p.late:
                accepted = (
                    f"đã chấp nhận: {p.late_accepted}" if p.late_accepted else "chưa chấp nhận"
                )
                timing = f"nộp muộn ({accepted})"
            print(
                f"{p.id}\t{p.unit}\t{p.file_name}\t{p.created_at}\t{p.received_at}\t"
                f"khóa {p.unit_key}\t{timing}\t{p.state}"
            )
        return EXIT_OK
    if command == "list":
        nominees = consolidated(db, campaign.code)
        if args.json:
            from app.cli_json import emit_json

            rows = _json_rows(nominees, campaign.scoring)
            emit_json(rows, args.json_out, "bảng tổng hợp các đối tượng đề nghị (JSON)")
        else:
            _print_table(nominees, campaign.scoring)
        return EXIT_OK
    if command == "appraise":
        appraise(db, args.nominee, Appraisal(RESULTS[args.result]), args.reason)
        print(f"Đã ghi kết quả thẩm định cho đối tượng số {args.nominee}.")
        return EXIT_OK
    if command == "shortlist":
        for nominee in args.remove:
            shortlist(db, nominee, campaign, chosen=False)
        for nominee in args.add:
            shortlist(db, nominee, campaign)
        if args.auto:
            for n in propose_shortlist(db, campaign):
                print(f"Đã chọn thêm: {n.name} ({n.unit})")
            for kind, tied in to_vote(consolidated(db, campaign.code), campaign).items():
                names = ", ".join(n.name for n in tied)
                print(f"Bằng điểm ở chỗ cuối ({KIND_LABELS[kind].lower()}): {names} — chỗ này "
                      "để Hội đồng bỏ phiếu, chưa chọn ai.")  # fmt: skip
        chosen = [n for n in consolidated(db, campaign.code) if n.shortlisted]
        _print_table(chosen, campaign.scoring)
        return EXIT_OK
    if command == "report":
        return _report(store, args, campaign)
    if command == "decision":
        return _decision(store, args)
    if command == "withdraw":
        if args.undo:
            reinstate(db, args.package)
            print(f"Đã khôi phục gói số {args.package}.")
        else:
            withdraw(db, args.package, args.reason)
            kept = "không còn trong bảng tổng hợp, vẫn giữ trong lịch sử"
            print(f"Đã rút gói số {args.package}: {kept}.")
        return EXIT_OK
    if command == "accept-late":
        if args.undo:
            refuse_late(db, args.package)
            print(f"Đã bỏ chấp nhận nộp muộn của gói số {args.package}.")
        else:
            accept_late(db, args.package, args.reason)
            print(
                f"Đã chấp nhận gói số {args.package} nộp muộn: các đối tượng của gói được xét chọn "
                "như gói đúng hạn."
            )
        return EXIT_OK
    from app.services.receipts import write_receipts

    args.out.mkdir(parents=True, exist_ok=True)
    written = write_receipts(db, campaign.code, args.out, formats_option(args.format))
    for path in written.signed:
        print(f"Đã ghi giấy biên nhận {path}")
    for path in written.printed:
        print(f"Đã lập bản in {path}")
    if written.merged:
        print(f"Đã lập {written.merged} (mọi giấy biên nhận, để in một lần)")
    return EXIT_OK


def _check_number_and_date(args: argparse.Namespace, document: str) -> None:
    """`--number` and `--date` of a document, refused (StoreError) as the Hồ sơ page does."""
    from app.core.document_numbers import field_problem
    from app.store.errors import StoreError

    for field, value, what in (("to_trinh_number", args.number, "Số"),
                               ("to_trinh_date", args.date, "Ngày ký")):  # fmt: skip
        problem = field_problem(field, value) if value is not None else None
        if problem:
            raise StoreError(f"{what} {document} “{value}”: {problem}")


def _decision(store: Store, args: argparse.Namespace) -> int:
    from app.core.text import parse_date
    from app.services.dossier_check import built_lines
    from app.services.inspectorate_report import write_decision
    from app.store.errors import writing_to

    _check_number_and_date(args, "Quyết định")
    signed_on = parse_date(args.date) if args.date else None
    with writing_to(args.out):  # a file where the folder should be, a read-only stick
        built, flagged = write_decision(
            store.db, args.out, formats_option(args.format), args.number, signed_on
        )
    for line in built_lines(built):
        print(line)
    for warning in flagged:
        print(f"  Cảnh báo: {warning}")
    return EXIT_OK


def _report(store: Store, args: argparse.Namespace, campaign) -> int:
    from app.core.text import parse_date
    from app.services.dossier_check import built_lines
    from app.services.inspectorate_report import TABLE, write_report, write_table
    from app.store.campaigns import active_campaign_id
    from app.store.dossier_settings import set_dossier_field
    from app.store.errors import StoreError, writing_to
    from app.store.organisation import unit_organisation

    db = store.db
    organisation = unit_organisation(db)
    if organisation is None:
        raise StoreError("Tệp dữ liệu chưa có thông tin của Thanh tra (cơ quan, người ký).")
    campaign_id = active_campaign_id(db)
    _check_number_and_date(args, "Tờ trình")
    for field, value in (("to_trinh_number", args.number), ("to_trinh_date", args.date)):
        if value is not None:
            stored = parse_date(value) if field == "to_trinh_date" else value
            set_dossier_field(db, organisation.id, campaign_id, field, stored)
    with writing_to(args.out):
        built = write_report(db, args.out, formats_option(args.format))
    for line in built_lines(built):  # said before the table: a table refused keeps them
        print(line)
    with writing_to(args.out / TABLE):
        table, _ = write_table(db, args.out / TABLE)
    print(f"Đã lập {table}")
    return EXIT_OK


def run_receipt(store: Store, args: argparse.Namespace) -> int:
    from app.exchange.package_errors import PackageError
    from app.services.receipts import import_receipt

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise PackageError(f"Không đọc được tệp {args.file.name}: {exc.strerror or exc}.") from None
    receipt = import_receipt(store.db, data, args.file.name, args.accept_new_key)
    print(
        f"Thanh tra đã nhận gói {receipt.file_name} lúc {receipt.received_at} "
        f"({receipt.inspectorate}, khóa {receipt.inspectorate_key}): {receipt.verification}."
    )
    for name, status, reason in receipt.appraisals:
        print(f"  • {name}: {status}" + (f" — {reason}" if reason else ""))
    return EXIT_OK
