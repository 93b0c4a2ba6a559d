"""Real write workloads of the app, run in a child process that the crash test kills (SIGKILL)
at a random moment. Each prints one line per write *after* it is committed (or, for files,
after the file has its final name), so the parent knows what must survive:

    python -m tests.workloads.crash WORKLOAD DB FOLDER

WORKLOADS: register (import of a register file, again and again with new rows), editing (a
person's field saved as typed), meeting (the meeting's votes), build (the dossier built and
stored, DOCX + PDF), export (the package written to a folder), inbox (packages imported by the
Inspectorate, one file at a time from FOLDER).
"""

from __future__ import annotations

import csv
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from msgspec.structs import replace

from app.store.database import open_store

WORKLOADS = ("register", "editing", "meeting", "build", "export", "inbox")
ROWS = 40  # petitions per register import
TODAY = date(2025, 11, 1)


def say(*words: object) -> None:
    print(*words, flush=True)


def register(db, folder: Path) -> None:
    from app.exchange.register_import import plan_import
    from app.store.register import save_import

    with (Path(__file__).resolve().parents[2] / "resources" / "demo" / "so-theo-doi-don.csv").open(
        encoding="utf-8-sig"
    ) as source:
        header, *rows = list(csv.reader(source))
    n = 0
    while True:
        n += 1
        path = folder / f"so-{n}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for i in range(ROWS):
                row = list(rows[i % len(rows)])
                row[0], row[9] = f"R{n}-{i}", ""  # new petitions, each its own case
                writer.writerow(row)
        plan = plan_import(path, today=TODAY)
        assert not plan.rejected, plan.rejected[:2]
        save_import(db, 1, plan.records, file_name=path.name, sheet=plan.sheet)
        say("register", n)


def editing(db, folder: Path) -> None:
    from app.store.people import set_person_field

    n = 0
    while True:
        n += 1
        set_person_field(db, 1, "hometown", f"Quê {n}")
        say("editing", n)


def meeting(db, folder: Path) -> None:
    from app.store.meeting import load_meeting, save_meeting

    current = load_meeting(db, 1, 1)
    assert current is not None
    candidate = next(iter(current.votes))
    n = 0
    while True:
        n += 1
        votes = 1 + n % current.total_members
        current = replace(current, votes={**current.votes, candidate: votes})
        save_meeting(db, 1, 1, current)
        say("meeting", n, candidate, votes)


def build(db, folder: Path, path: Path) -> None:
    from app.services.dossier import build_and_store

    while True:
        stored = build_and_store(db, TODAY).build
        say("build", stored.version)


def export(db, folder: Path) -> None:
    from app.services.package import export_package

    n = 0
    start = datetime(2025, 11, 1, 8, tzinfo=UTC)
    while True:
        n += 1
        export_package(db, folder / f"goi-{n}.zip", start + timedelta(minutes=n))
        say("export", n)


def inbox(db, folder: Path) -> None:
    from app.services.inbox import import_files
    from app.store.campaigns import active_campaign_id, load_campaign

    campaign = load_campaign(db, active_campaign_id(db))
    for path in sorted(folder.glob("*.zip")):
        (outcome,) = import_files(db, [path], campaign)
        assert outcome.imported is not None, outcome.message
        say("inbox", path.name)
    say("done")


def main(workload: str, path: Path, folder: Path) -> None:
    store = open_store(path, auto_backup=False)
    db = store.db
    if workload == "build":
        build(db, folder, path)
    else:
        {
            "register": register,
            "editing": editing,
            "meeting": meeting,
            "export": export,
            "inbox": inbox,
        }[workload](db, folder)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
