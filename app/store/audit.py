"""The audit log: SQLite triggers record every insert, update and delete with before/after.

Triggers rather than Python hooks, so no write path — repositories, imports, a future script —
can forget to log. A migration that adds or changes a table calls `install_triggers` again.
"""

from __future__ import annotations

from app.store.connection import Database

# Register rows arrive by the thousand in one import: the import is logged as one entry (file,
# counts) by app.store.register rather than a row per petition.
_NOT_AUDITED = {
    "audit_log",
    "_sqlite_migrations",
    "petitions",
    "receptions",
    "import_mappings",
    "attachment_contents",  # evidence bytes; their metadata in `attachments` is audited
    "dossier_files",  # built documents' bytes; the build itself is audited
    "signed_scans",  # scanned bytes (JSON holds no BLOB)
    "inbox_package_contents",  # received packages' bytes
    "inbox_packages",  # never changed but for `superseded_by`; their data is large
}


def audited_tables(db: Database) -> list[str]:
    return [
        name
        for name in db.table_names()
        if name not in _NOT_AUDITED and not name.startswith("sqlite_")
    ]


# Settings whose value is a secret: the log says they changed, never what they hold (the unit's
# signing key would otherwise outlive a new key in every copy of the log).
SECRET_SETTINGS = ("unit_signing_key",)
HIDDEN_VALUE = "(bí mật, không ghi vào nhật ký)"


def _row_json(table: str, columns: list[str], alias: str) -> str:
    def value(column: str) -> str:
        if table == "settings" and column == "value":
            secret = ", ".join(f"'{key}'" for key in SECRET_SETTINGS)
            return (
                f"CASE WHEN {alias}.key IN ({secret}) THEN '{HIDDEN_VALUE}' ELSE {alias}.value END"
            )
        return f'{alias}."{column}"'

    pairs = ", ".join(f"'{c}', {value(c)}" for c in columns)
    return f"json_object({pairs})"


def scrub_secrets(db: Database) -> None:
    """Hide the secrets an earlier log recorded, and overwrite the pages that held them."""
    db.execute("PRAGMA secure_delete = ON")
    for side in ("before", "after"):
        db.execute(
            f"UPDATE audit_log SET {side} = json_set({side}, '$.value', ?) "
            f"WHERE entity = 'settings' AND json_extract({side}, '$.key') IN "
            f"({', '.join('?' * len(SECRET_SETTINGS))})",
            [HIDDEN_VALUE, *SECRET_SETTINGS],
        )


def _triggers(db: Database, table: str) -> dict[str, str]:
    """The three audit triggers of `table` (name → SQL), from its columns as they are now."""
    info = db.execute(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, …, pk
    columns = [row[1] for row in info]
    keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    old, new = _row_json(table, columns, "OLD"), _row_json(table, columns, "NEW")

    def row_id(alias: str) -> str:
        return f'{alias}."{keys[0]}"' if len(keys) == 1 else f"{alias}.rowid"

    return {
        f"audit_{table}_insert": (
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" BEGIN '
            f"INSERT INTO audit_log (entity, entity_id, action, after) "
            f"VALUES ('{table}', {row_id('NEW')}, 'insert', {new}); END"
        ),
        f"audit_{table}_update": (
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" '
            f"WHEN {old} IS NOT {new} BEGIN "
            f"INSERT INTO audit_log (entity, entity_id, action, before, after) "
            f"VALUES ('{table}', {row_id('NEW')}, 'update', {old}, {new}); END"
        ),
        f"audit_{table}_delete": (
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit_log (entity, entity_id, action, before) "
            f"VALUES ('{table}', {row_id('OLD')}, 'delete', {old}); END"
        ),
    }


def install_triggers(db: Database) -> None:
    """Every audited table's triggers as its columns are now. A trigger whose SQL is already
    that is left as it is: each of the ~16 migrations calls this, and a new database's
    creation spent 0.35 s remaking ~35 tables' triggers again and again."""
    installed = dict(
        db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    )
    for table in audited_tables(db):
        for name, sql in _triggers(db, table).items():
            if installed.get(name) != sql:
                db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                db.execute(sql)
