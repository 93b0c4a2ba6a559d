"""Importing a register (or a staff list) from a spreadsheet, as a task: plan it (which sheet,
which column is which field, every refused row with its reason), preview what it would change,
store it all or nothing. One rule for the column mapping, whoever imports: a plan whose
columns are not certain is planned again with the mapping confirmed for a file with the same
headers before; every stored import remembers the mapping it was stored with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from app.errors import UserError
from app.exchange.register_import import PETITIONS, ImportPlan, RegisterKind, plan_import
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
    used as given; without it, the automatic guess, or the mapping remembered for the headers."""
    planned = plan_import(
        path, today=today, sheet=sheet, mapping=mapping, progress=progress, kind=kind
    )
    if mapping is None and not planned.certain:
        remembered = remembered_mapping(db, planned.signature)
        if remembered:
            planned = plan_import(
                path, today=today, sheet=planned.sheet, mapping=remembered, progress=progress,
                kind=kind,
            )  # fmt: skip
    return planned


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
