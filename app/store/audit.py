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


def _row_json(db: Database, table: str, alias: str) -> str:
    def value(column: str) -> str:
        if table == "settings" and column == "value":
            secret = ", ".join(f"'{key}'" for key in SECRET_SETTINGS)
            return (
                f"CASE WHEN {alias}.key IN ({secret}) THEN '{HIDDEN_VALUE}' ELSE {alias}.value END"
            )
        return f'{alias}."{column}"'

    pairs = ", ".join(f"'{c.name}', {value(c.name)}" for c in db[table].columns)
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


def _row_id(db: Database, table: str, alias: str) -> str:
    pks = db[table].pks
    return f'{alias}."{pks[0]}"' if pks != ["rowid"] and len(pks) == 1 else f"{alias}.rowid"


def install_triggers(db: Database) -> None:
    for table in audited_tables(db):
        old, new = _row_json(db, table, "OLD"), _row_json(db, table, "NEW")
        for action in ("insert", "update", "delete"):
            db.execute(f'DROP TRIGGER IF EXISTS "audit_{table}_{action}"')
        db.execute(
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" BEGIN '
            f"INSERT INTO audit_log (entity, entity_id, action, after) "
            f"VALUES ('{table}', {_row_id(db, table, 'NEW')}, 'insert', {new}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" '
            f"WHEN {old} IS NOT {new} BEGIN "
            f"INSERT INTO audit_log (entity, entity_id, action, before, after) "
            f"VALUES ('{table}', {_row_id(db, table, 'NEW')}, 'update', {old}, {new}); END"
        )
        db.execute(
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit_log (entity, entity_id, action, before) "
            f"VALUES ('{table}', {_row_id(db, table, 'OLD')}, 'delete', {old}); END"
        )
