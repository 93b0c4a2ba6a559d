"""Importing a register (or a staff list) from a spreadsheet, as a task: plan it (which sheet,
which column is which field, every refused row with its reason), preview what it would change,
store it all or nothing. One rule for the column mapping, whoever imports: a plan whose
columns are not certain is planned again with the mapping confirmed for a file with the same
headers before; every stored import remembers the mapping it was stored with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.core.tally import rate_text, tally
from app.core.text import format_count, format_date_short
from app.errors import UserError
from app.exchange.register_import import (
    PETITIONS,
    ImportPlan,
    RegisterKind,
    petition_from_record,
    plan_import,
)
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.connection import Database
from app.store.register import (
    ImportCounts,
    ImportDiff,
    diff_import,
    remember_mapping,
    remembered_mapping,
    save_import,
)

Progress = Callable[[int, int], None]  # rows read, rows in all
Save = Callable[[Database, int, ImportPlan], ImportCounts]


def plan(
    db: Database,
    path: Path,
    today: date,
    kind: RegisterKind = PETITIONS,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """What importing `path` would store. `mapping` (field → header): the user's choice,
    used as given; without it, the automatic guess, or the mapping remembered for the headers.
    A sheet lacking a column the figures need gives a plan saying which (`missing`)."""
    planned = plan_import(
        path, today=today, sheet=sheet, mapping=mapping, progress=progress, kind=kind,
        partial=True,
    )  # fmt: skip
    if mapping is None and (planned.missing or not planned.certain):
        remembered = remembered_mapping(db, planned.signature)
        if remembered:
            planned = plan_import(
                path, today=today, sheet=planned.sheet, mapping=remembered, progress=progress,
                kind=kind, partial=True,
            )  # fmt: skip
    return planned


def rate_preview(db: Database, plan: ImportPlan) -> str | None:
    """The resolution rate this register alone would give for the active campaign's period,
    said before importing (a column mapped wrong shows as an absurd rate); None when the plan
    reads no petition."""
    if plan.kind is not PETITIONS or not plan.records or plan.missing:
        return None
    campaign = load_campaign(db, active_campaign_id(db))
    petitions = [petition_from_record(r) for r in plan.records]
    result = tally(
        petitions, [], campaign.period_start, campaign.period_end, campaign.counted_types
    ).resolution
    period = (
        f"{format_date_short(campaign.period_start)} – {format_date_short(campaign.period_end)}"
    )
    return (
        f"Nếu nhập, tỷ lệ giải quyết kỳ {period}: {rate_text(result.rate)} "
        f"({format_count(len(result.resolved))}/{format_count(result.denominator)} vụ việc)."
    )


def save_register(db: Database, organisation_id: int, plan: ImportPlan) -> ImportCounts:
    return save_import(
        db, organisation_id, plan.records, file_name=plan.file.name, sheet=plan.sheet,
        kind=plan.kind.id,
    )  # fmt: skip


def preview(db: Database, organisation_id: int, plan: ImportPlan) -> ImportDiff:
    """What storing `plan` would add, change and remove (a dry run): nothing is written."""
    return diff_import(
        db, organisation_id, plan.records, file_name=plan.file.name, sheet=plan.sheet,
        kind=plan.kind.id,
    )  # fmt: skip


def store(
    db: Database, organisation_id: int, plan: ImportPlan, save: Save = save_register
) -> ImportCounts:
    """Store an accepted plan (by `save`: a register's rows unless told otherwise) and remember
    its mapping for the next file with the same headers."""
    if not plan.certain:
        raise UserError(
            f"Chưa chắc chắn cột nào là trường nào trong {plan.file.name}: hãy xác nhận các cột "
            "trước khi nhập. Chưa ghi gì vào dữ liệu.",
            file=plan.file,
            sheet=plan.sheet,
        )
    if plan.kind.all_or_nothing and plan.rejected:
        raise UserError(
            f"Chưa nhập được: {plan.kind.name} chỉ được nhập khi mọi dòng đều hợp lệ "
            f"({len({r.row for r in plan.rejected})} dòng bị từ chối trong {plan.file.name}).",
            file=plan.file,
            sheet=plan.sheet,
        )
    counts = save(db, organisation_id, plan)
    remember_mapping(db, plan.signature, plan.mapping_by_header())
    return counts
