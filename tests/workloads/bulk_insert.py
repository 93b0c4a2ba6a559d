"""Insert people in batches of BATCH rows, one transaction each, printing each committed batch.

Run as `python -m tests.workloads.bulk_insert DB`; the parent kills it at a random moment and
checks that every batch printed here is in the database in full.
"""

import sys
from pathlib import Path

from app.core.entities import Organisation
from app.store.database import open_store
from app.store.organisation import save_unit_organisation

BATCH = 200


def main(path: Path) -> None:
    store = open_store(path, auto_backup=False)
    db = store.db
    org_id = save_unit_organisation(db, Organisation(0, "", "UBND phường Thử", "UBND"))
    batch = 0
    while True:
        batch += 1
        with db.atomic():
            db["people"].insert_all(
                {
                    "organisation_id": org_id,
                    "full_name": f"Người {batch}-{i}",
                    "position": f"lô {batch}",
                }
                for i in range(BATCH)
            )
        print(batch, flush=True)  # only after COMMIT returned


if __name__ == "__main__":
    main(Path(sys.argv[1]))
