"""`thidua register …` and `thidua tally`: the register import with its report, and the figures."""

from __future__ import annotations

import argparse
from datetime import date

from app.core.declared import DeclaredFigures
from app.core.figures import Figures
from app.core.petitions import PETITION_TYPES
from app.core.tally import rate_text
from app.core.text import format_date_short, parse_date
from app.exchange.register_import import PETITIONS, RECEPTIONS, ImportPlan
from app.exchange.spreadsheet import ImportFailure
from app.exchange.tally_json import reception_json, tally_json
from app.services import register
from app.services.figures import unit_figures
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.database import Store
from app.store.declared import save_declared
from app.store.errors import StoreError
from app.store.organisation import unit_organisation
from app.store.register import ImportCounts

EXIT_OK, EXIT_ERROR = 0, 1


def _unit_id(store: Store) -> int:
    organisation = unit_organisation(store.db)
    if organisation is None:
        raise StoreError("Tệp dữ liệu chưa có thông tin đơn vị; hãy khai báo đơn vị trước.")
    return organisation.id


def _mapping_arguments(items: list[str]) -> dict[str, str] | None:
    mapping = {}
    for item in items:
        field, sep, header = item.partition("=")
        if not sep or not field.strip():
            raise ImportFailure(f"--map cần dạng TRƯỜNG=TIÊU_ĐỀ, không phải “{item}”.")
        mapping[field.strip()] = header.strip()  # empty: the file has no such column
    return mapping or None


def run_register(store: Store, args: argparse.Namespace) -> int:
    """`register import`: plan, report, and store unless it is a dry run or a guess.
    `register declare`: the totals of one petition type, for a unit without a register."""
    if args.register_command == "declare":
        return _declare(store, args)
    organisation_id = _unit_id(store)
    override = _mapping_arguments(args.map)
    kind = RECEPTIONS if args.reception else PETITIONS
    plan = register.plan(store.db, args.file, date.today(), kind, args.sheet, override)
    if plan.missing:
        example = f'--map "{plan.missing[0]}=<tiêu đề cột trong tệp>"'
        raise ImportFailure(
            f"Tệp {plan.file.name}: {plan.missing_note} Chỉ rõ cột bằng --map TRƯỜNG=TIÊU_ĐỀ, "
            f"ví dụ {example}. Chưa ghi gì vào dữ liệu."
        )
    print(describe_plan(plan))
    rate = register.rate_preview(store.db, plan)
    if rate:  # as the wizard shows it: a column mapped wrong shows here
        print(rate)
    if not plan.certain:
        guessed = next((f for f in kind.fields if any(g.startswith(f"{f.header}:")
                        for g in plan.guesses) and f.id in plan.mapping), None)  # fmt: skip
        example = (f'--map "{guessed.header}={plan.headers[plan.mapping[guessed.id]]}"'
                   if guessed else '--map "Kết quả=Tình trạng"')  # fmt: skip
        print(
            "Chưa chắc chắn cột nào là trường nào: hãy kiểm tra và chỉ rõ bằng --map "
            f"TRƯỜNG=TIÊU_ĐỀ (ví dụ {example}). Chưa ghi gì vào dữ liệu."
        )
        return EXIT_ERROR
    if args.dry_run:
        counts = register.preview(store.db, organisation_id, plan).counts
        print(describe_counts(counts, len(plan.rejected)))
        print("Chạy thử: chưa ghi gì vào dữ liệu.")
        return EXIT_OK
    with store.user_errors():  # still in its place after the long read, or nothing is written
        counts = register.store(store.db, organisation_id, plan)
    print(describe_counts(counts, len(plan.rejected)))
    return EXIT_OK


def _declare(store: Store, args: argparse.Namespace) -> int:
    try:
        kind = PETITION_TYPES.parse(args.type)
    except ValueError as exc:
        raise ImportFailure(f"--type: {exc}") from None
    if kind is None:
        raise ImportFailure("--type không được để trống.")
    figures = DeclaredFigures(
        kind, args.carried_over, args.new, args.resolved, args.on_time, args.unknown_deadline,
        args.received, args.processed,
    )  # fmt: skip
    save_declared(store.db, _unit_id(store), active_campaign_id(store.db), figures)
    print(f"Đã lưu số liệu tự khai cho loại đơn {PETITION_TYPES.label(kind)}.")
    return EXIT_OK


def describe_plan(plan: ImportPlan) -> str:
    sheet = "" if plan.from_csv else f" — trang “{plan.sheet}”"
    lines = [f"Tệp {plan.file.name}{sheet}, dòng tiêu đề {plan.header_row}."]
    columns = "; ".join(
        f"{plan.kind.by_id[fid].header} ← “{plan.headers[col]}”"
        for fid, col in plan.mapping.items()
    )
    lines.append(f"Cột: {columns}.")
    lines += [f"  Cần xác nhận — {g}" for g in plan.guesses]
    legacy = plan.legacy_summary()
    if legacy:
        lines.append(f"Văn bản gõ bằng bảng mã cũ đã được chuyển sang Unicode ({legacy}):")
        lines += [f"  dòng {row}: “{before}” → “{after}”" for row, before, after in plan.converted]
    if plan.hidden_note:
        lines.append(plan.hidden_note)
    if plan.rejected:
        lines.append(f"Dòng bị từ chối ({len({(r.sheet, r.row) for r in plan.rejected})}):")
        lines += [f"  {r}" for r in plan.rejected]
    if plan.warnings:
        lines.append(f"Dòng đã nhập nhưng không tính vào số liệu ({len(plan.warnings)}):")
        lines += [f"  {w.sheet}, dòng {w.row}: {w.reason}" for w in plan.warnings]
    return "\n".join(lines)


def describe_counts(counts: ImportCounts, rejected_rows: int) -> str:
    return (
        f"Thêm mới: {counts.inserted} · Cập nhật: {counts.updated} · "
        f"Không đổi: {counts.unchanged} · Từ chối: {rejected_rows}"
    )


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        value = parse_date(text)
    except ValueError as exc:
        raise ImportFailure(str(exc)) from None
    return value or default


def run_tally(store: Store, args: argparse.Namespace) -> int:
    campaign_id = active_campaign_id(store.db)
    campaign = load_campaign(store.db, campaign_id)
    period = (
        _day(args.period_from, campaign.period_start),
        _day(args.period_to, campaign.period_end),
    )
    unit = unit_figures(store.db, _unit_id(store), campaign_id, campaign, period, args.officer)
    result, figures, leader = unit.tally, unit.figures, unit.leader_reception
    if figures.declared and args.officer:
        raise ImportFailure("Số liệu tự khai không có theo từng cán bộ.")
    minimum = campaign.leader_reception_minimum
    if args.json:
        reception = reception_json(result, leader, minimum) if unit.has_receptions else None
        document = tally_json(figures, args.officer, reception)
        if not unit.has_petitions:
            document["source"] = None  # nothing entered yet: the zeros are not figures
        from app.cli_json import emit_json

        emit_json(document, args.json_out, "số liệu giải quyết đơn (JSON)", indent=2)
        return EXIT_OK
    print(_describe_figures(figures, args.officer, unit.has_petitions))
    if unit.has_receptions:
        rec = result.reception
        below = [p.label for p in leader if not p.meets_minimum]
        per = "tuần" if minimum[1] == "week" else "tháng"
        print(
            f"  Tiếp công dân: {len(rec.sessions)} lượt, {rec.people} người, {rec.cases} vụ việc, "
            f"{len(rec.mass_delegations)} đoàn đông người"
        )
        print(
            f"  Lãnh đạo tiếp định kỳ (tối thiểu {minimum[0]} ngày/{per}): "
            + ("đạt mọi " + per if not below else "chưa đạt ở " + ", ".join(below))
        )
    else:
        print("  Tiếp công dân: chưa nhập sổ tiếp công dân.")
    return EXIT_OK


def _describe_figures(f: Figures, officer: str | None, has_data: bool) -> str:
    lines = [
        f"Số liệu từ {format_date_short(f.period_from)} đến {format_date_short(f.period_to)}"
        + (f", cán bộ {officer}" if officer else "")
        + (" — SỐ LIỆU ĐƠN VỊ TỰ KHAI, không tính từ sổ" if f.declared else "")
        + ":"
    ]
    if not has_data:
        lines.append("  Chưa có sổ theo dõi đơn hay số liệu tự khai.")
    rates = (("Tỷ lệ giải quyết (các loại đơn của đợt)", f.resolution),
             ("Tỷ lệ giải quyết KN+TC", f.resolution_kntc))  # fmt: skip
    for title, r in rates:
        lines.append(
            f"  {title}: {rate_text(r.rate)} — {r.resolved}/{r.denominator} vụ việc "
            f"(kỳ trước chuyển sang {r.carried_over}, mới {r.new}); "
            f"đúng hạn {r.on_time}, không rõ hạn {r.unknown_deadline}"
        )
    lines.append(
        f"  Tỷ lệ xử lý đơn: {rate_text(f.processing_rate)} — {f.processed}/{f.received} đơn"
    )
    if f.errors:
        lines.append(f"  Dòng dữ liệu lỗi, không tính ({len(f.errors)}):")
        for e in f.errors:
            source = e.petition.source
            where = f"{source.sheet}, dòng {source.row}" if source else f"đơn {e.petition.key}"
            lines.append(f"    {where}: {e.reason}")
    return "\n".join(lines)
