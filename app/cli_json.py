"""The JSON the command line prints (`tally --json`, `package verify --json`, `inbox list
--json`), or saves with `--out TỆP`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def add_json_options(parser: argparse.ArgumentParser, help: str) -> None:
    """`--json`, and `--out TỆP` to save that JSON instead of printing it (emit_json)."""
    parser.add_argument("--json", action="store_true", help=help)
    parser.add_argument("--out", dest="json_out", type=Path, metavar="TỆP",
                        help="cùng --json: lưu JSON vào TỆP (UTF-8) thay cho in ra")  # fmt: skip


def emit_json(document: Any, out: Path | None, what: str, indent: int = 1) -> None:
    """The JSON of a command (`ensure_ascii=False`: Vietnamese as it is, UTF-8 like all that is
    redirected): printed, or with --out written to `out` in UTF-8 — the same text — without a
    half-written file on failure, then said in one line."""
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    if out is None:
        print(text)
        return
    from app.atomic import atomic_write
    from app.store.errors import writing_to

    with writing_to(out), atomic_write(out) as partial:
        partial.write_bytes(f"{text}\n".encode())
    print(f"Đã lưu {what} vào {out}.")
