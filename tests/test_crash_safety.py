"""A write interrupted by kill -9 leaves a sound database holding every committed row."""

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workloads.bulk_insert import BATCH

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("trial", range(5))
def test_kill_during_bulk_insert_keeps_committed_batches(tmp_path, trial):
    path = tmp_path / "bulk.sqlite"
    rng = random.Random(trial)
    stop_after = rng.randint(1, 25)
    committed = []
    with subprocess.Popen(
        [sys.executable, "-m", "tests.workloads.bulk_insert", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            for line in child.stdout:
                committed.append(int(line))
                if len(committed) >= stop_after:
                    break
        finally:
            child.kill()  # SIGKILL on Linux: no cleanup, mid-transaction
            child.wait()
    assert len(committed) == stop_after, "the workload stopped by itself"

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = dict(conn.execute("SELECT position, count(*) FROM people GROUP BY position"))
    finally:
        conn.close()
    for batch in committed:
        assert counts.get(f"lô {batch}") == BATCH
    # A batch cut short by the kill is absent as a whole, never half there.
    assert all(count == BATCH for count in counts.values())
