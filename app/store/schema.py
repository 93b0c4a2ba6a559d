"""Numbered migrations. Each runs in one transaction with the record of it being applied.

Never edit a released migration: add a new one. A database that has applied a migration this
list does not know was written by a newer app and is refused.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable

from app.core.names import unit_identity
from app.store import audit
from app.store.connection import Database

MIGRATION_SET = "thidua"  # sqlite-utils' migrations table holds it beside each name
_MIGRATIONS_TABLE = "_sqlite_migrations"
_STEPS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Registers a step; sqlite-utils' Migrations is made of them only when one is to be applied."""

    def register(step: Callable[[Database], None]) -> Callable[[Database], None]:
        _STEPS.append((name, step))
        return step

    return register


@migration("0001_foundation")
def foundation(db: Database) -> None:
    # sqlite-utils runs a script inside the open transaction (no implicit COMMIT).
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            parent_agency TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL CHECK (name <> ''),
            abbreviation TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            place_name TEXT NOT NULL DEFAULT '',
            signer_authority TEXT NOT NULL DEFAULT '',
            signer_position TEXT NOT NULL DEFAULT '',
            signer_name TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            definition TEXT NOT NULL CHECK (json_valid(definition)),
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            full_name TEXT NOT NULL CHECK (full_name <> ''),
            birth_date TEXT,
            gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'Nam', 'Nữ')),
            position TEXT NOT NULL DEFAULT '',
            hometown TEXT NOT NULL DEFAULT '',
            residence TEXT NOT NULL DEFAULT '',
            qualification TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX people_organisation ON people(organisation_id);
        CREATE TABLE collectives (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            name TEXT NOT NULL CHECK (name <> ''),
            description TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE collective_members (
            collective_id INTEGER NOT NULL REFERENCES collectives(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            PRIMARY KEY (collective_id, person_id)
        );
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
            collective_id INTEGER REFERENCES collectives(id) ON DELETE CASCADE,
            year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
            rating TEXT NOT NULL CHECK (rating <> ''),
            CHECK ((person_id IS NULL) <> (collective_id IS NULL))
        );
        CREATE UNIQUE INDEX ratings_person_year ON ratings(person_id, year)
            WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX ratings_collective_year ON ratings(collective_id, year)
            WHERE collective_id IS NOT NULL;
        CREATE TABLE discipline_records (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            decision_date TEXT NOT NULL,
            form TEXT NOT NULL CHECK (form <> ''),
            reason TEXT NOT NULL DEFAULT '',
            decision_no TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX discipline_person ON discipline_records(person_id);
        CREATE TABLE awards (
            id INTEGER PRIMARY KEY,
            person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
            collective_id INTEGER REFERENCES collectives(id) ON DELETE CASCADE,
            year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
            title TEXT NOT NULL CHECK (title <> ''),
            decision TEXT NOT NULL DEFAULT '',
            CHECK ((person_id IS NULL) <> (collective_id IS NULL))
        );
        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
            collective_id INTEGER REFERENCES collectives(id) ON DELETE CASCADE,
            no_pending_declaration INTEGER CHECK (no_pending_declaration IN (0, 1)),
            CHECK ((person_id IS NULL) <> (collective_id IS NULL))
        );
        CREATE UNIQUE INDEX candidates_person ON candidates(campaign_id, person_id)
            WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX candidates_collective ON candidates(campaign_id, collective_id)
            WHERE collective_id IS NOT NULL;
        CREATE TABLE achievements (
            id INTEGER PRIMARY KEY,
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            UNIQUE (candidate_id, criterion_id)
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            started_at TEXT,
            ended_at TEXT,
            place TEXT NOT NULL DEFAULT '',
            chair_name TEXT NOT NULL DEFAULT '',
            secretary_name TEXT NOT NULL DEFAULT '',
            total_members INTEGER NOT NULL DEFAULT 0 CHECK (total_members >= 0),
            voting_mode TEXT NOT NULL DEFAULT 'show_of_hands'
                CHECK (voting_mode IN ('show_of_hands', 'secret_ballot')),
            ballots_issued INTEGER CHECK (ballots_issued >= 0),
            ballots_returned INTEGER CHECK (ballots_returned >= 0),
            ballots_valid INTEGER CHECK (ballots_valid >= 0),
            ballots_invalid INTEGER CHECK (ballots_invalid >= 0)
        );
        CREATE TABLE meeting_members (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL DEFAULT '',
            present INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
            absence_reason TEXT NOT NULL DEFAULT '',
            written_opinion TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE votes (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            votes_for INTEGER NOT NULL CHECK (votes_for >= 0),
            PRIMARY KEY (meeting_id, candidate_id)
        );
        CREATE TABLE nominations (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidates(id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        )
        """,
    )


@migration("0002_audit_log")
def audit_log(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            entity TEXT NOT NULL,
            entity_id INTEGER,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_entity ON audit_log(entity, entity_id)
        """,
    )
    audit.install_triggers(db)


@migration("0003_petition_register")
def petition_register(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE petitions (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            petition_key TEXT NOT NULL CHECK (petition_key <> ''),
            received TEXT,
            type TEXT CHECK (type IN ('KN', 'TC', 'KNPA')),
            eligible INTEGER CHECK (eligible IN (0, 1)),
            in_authority INTEGER CHECK (in_authority IN (0, 1)),
            processing TEXT,
            case_key TEXT NOT NULL DEFAULT '',
            officer TEXT NOT NULL DEFAULT '',
            deadline TEXT,
            outcome TEXT,
            resolved_on TEXT,
            signers INTEGER NOT NULL DEFAULT 1 CHECK (signers >= 1),
            -- personal data of citizens: shown in this app only, never exported (domain.md §7)
            sender TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT '',
            source_sheet TEXT NOT NULL DEFAULT '',
            source_row INTEGER,
            UNIQUE (organisation_id, petition_key)
        );
        CREATE INDEX petitions_received ON petitions(organisation_id, received);
        CREATE TABLE import_mappings (
            signature TEXT PRIMARY KEY,
            mapping TEXT NOT NULL CHECK (json_valid(mapping))
        )
        """
    )


@migration("0004_reception_log")
def reception_log(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE receptions (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            reception_key TEXT NOT NULL CHECK (reception_key <> ''),
            day TEXT,
            officer TEXT NOT NULL DEFAULT '',
            by_leader INTEGER CHECK (by_leader IN (0, 1)),
            form TEXT CHECK (form IN ('thuong_xuyen', 'dinh_ky', 'dot_xuat')),
            people INTEGER NOT NULL DEFAULT 1 CHECK (people >= 1),
            case_key TEXT NOT NULL DEFAULT '',
            -- personal data of citizens: shown in this app only, never exported (domain.md §7)
            visitor TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT '',
            source_sheet TEXT NOT NULL DEFAULT '',
            source_row INTEGER,
            UNIQUE (organisation_id, reception_key)
        );
        CREATE INDEX receptions_day ON receptions(organisation_id, day)
        """
    )


@migration("0005_declared_figures")
def declared_figures(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE declared_figures (
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            type TEXT NOT NULL CHECK (type IN ('KN', 'TC', 'KNPA')),
            carried_over INTEGER NOT NULL CHECK (carried_over >= 0),
            new INTEGER NOT NULL CHECK (new >= 0),
            resolved INTEGER NOT NULL CHECK (resolved >= 0),
            on_time INTEGER NOT NULL CHECK (on_time >= 0),
            unknown_deadline INTEGER NOT NULL CHECK (unknown_deadline >= 0),
            received INTEGER NOT NULL CHECK (received >= 0),
            processed INTEGER NOT NULL CHECK (processed >= 0),
            PRIMARY KEY (organisation_id, campaign_id, type)
        )
        """
    )
    audit.install_triggers(db)  # typed by hand, audited like every other edit


@migration("0006_campaign_reception_minimum")
def campaign_reception_minimum(db: Database) -> None:
    """Campaigns stored before the reception log existed lack its settings: give them the
    built-in campaign's (data from resources/, not a value written here)."""
    _give_builtin_section(db, "reception")


def _give_builtin_section(db: Database, section: str) -> None:
    """Every stored campaign without `section` gets the built-in campaign's."""
    from app.store.campaigns import builtin_definitions

    defaults = builtin_definitions()[0][section]
    for campaign_id, text in db.execute("SELECT id, definition FROM campaigns").fetchall():
        definition = json.loads(text)
        if section not in definition:
            definition[section] = defaults
            db.execute(
                "UPDATE campaigns SET definition = ? WHERE id = ?",
                [json.dumps(definition, ensure_ascii=False), campaign_id],
            )


@migration("0007_ballot_counting_committee")
def ballot_counting_committee(db: Database) -> None:
    """Who sat on the ban kiểm phiếu of a secret ballot (Trưởng ban, Thành viên)."""
    db.execute("ALTER TABLE meeting_members ADD COLUMN ballot_role TEXT NOT NULL DEFAULT ''")
    audit.install_triggers(db)  # the audit entries carry the new column too


@migration("0008_collective_head")
def collective_head(db: Database) -> None:
    """Who heads a collective (signs its Mẫu 08); its duties go in the existing description."""
    db.execute(
        "ALTER TABLE collectives ADD COLUMN head_person_id INTEGER "
        "REFERENCES people(id) ON DELETE SET NULL"
    )
    audit.install_triggers(db)


@migration("0009_person_positions")
def person_positions(db: Database) -> None:
    """Mẫu 08 asks for a person's positions in the Party, the government and the mass
    organisations; the existing `position` is the government one."""
    db.executescript(
        """
        ALTER TABLE people ADD COLUMN party_position TEXT NOT NULL DEFAULT '';
        ALTER TABLE people ADD COLUMN mass_org_position TEXT NOT NULL DEFAULT ''
        """
    )
    audit.install_triggers(db)


@migration("0010_evidence_attachments")
def evidence_attachments(db: Database) -> None:
    """Evidence files a candidate's achievements rest on, copied into the database so the
    dossier never depends on a path on someone's desktop."""
    db.executescript(
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size > 0),
            sha256 TEXT NOT NULL REFERENCES attachment_contents(sha256),
            note TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE INDEX attachments_candidate ON attachments(candidate_id);
        -- the bytes, once per distinct file; kept out of the audit log (JSON holds no BLOB)
        CREATE TABLE attachment_contents (
            sha256 TEXT PRIMARY KEY,
            content BLOB NOT NULL
        )
        """
    )
    audit.install_triggers(db)


@migration("0011_dossier_settings")
def dossier_settings(db: Database) -> None:
    """The numbers and date the unit gives its dossier's documents, per campaign."""
    db.executescript(
        """
        CREATE TABLE dossier_settings (
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            to_trinh_number TEXT NOT NULL DEFAULT '',
            to_trinh_date TEXT,
            bien_ban_number TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (organisation_id, campaign_id)
        )
        """
    )
    audit.install_triggers(db)


@migration("0012_dossier_builds")
def dossier_builds(db: Database) -> None:
    """Each build of the dossier kept as built (what was printed stays what it was), with the
    fingerprint of the data it was filled from and the warnings the user built it with."""
    db.executescript(
        """
        CREATE TABLE dossier_builds (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            built_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            fingerprint TEXT NOT NULL,
            warnings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
            UNIQUE (organisation_id, campaign_id, version)
        );
        CREATE TABLE dossier_files (
            build_id INTEGER NOT NULL REFERENCES dossier_builds(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (name <> ''),
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (build_id, name)
        )
        """
    )
    audit.install_triggers(db)


@migration("0013_campaign_printed_copies")
def campaign_printed_copies(db: Database) -> None:
    """Campaigns stored before the dossier could be printed get the built-in number of copies."""
    _give_builtin_section(db, "dossier")


@migration("0014_signed_scans")
def signed_scans(db: Database) -> None:
    """The signed, stamped copy of each built document, scanned back (always as one PDF)."""
    db.executescript(
        """
        CREATE TABLE signed_scans (
            build_id INTEGER NOT NULL REFERENCES dossier_builds(id) ON DELETE CASCADE,
            document TEXT NOT NULL CHECK (document <> ''),
            pages INTEGER NOT NULL CHECK (pages >= 1),
            dpi REAL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            PRIMARY KEY (build_id, document)
        )
        """
    )


@migration("0015_package_exchange")
def package_exchange(db: Database) -> None:
    """Both ends of the submission package. The unit: what it sent, and the receipts the
    Inspectorate returned. The Inspectorate: each unit's pinned key (trust on first use), every
    package received (a resubmission supersedes, both kept), its nominees with the appraisal
    and the shortlist."""
    db.executescript(
        """
        CREATE TABLE package_exports (
            package_id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE package_receipts (
            package_id TEXT PRIMARY KEY REFERENCES package_exports(package_id),
            inspectorate TEXT NOT NULL,
            inspectorate_key TEXT NOT NULL,
            received_at TEXT NOT NULL,
            verification TEXT NOT NULL,
            appraisals TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE inbox_units (
            id INTEGER PRIMARY KEY,
            name_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            public_key TEXT NOT NULL,
            first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE inbox_packages (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES inbox_units(id),
            package_id TEXT NOT NULL,
            campaign_code TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            late INTEGER NOT NULL CHECK (late IN (0, 1)),
            data TEXT NOT NULL,
            superseded_by INTEGER REFERENCES inbox_packages(id)
        );
        CREATE INDEX inbox_packages_unit ON inbox_packages(unit_id, campaign_code);
        CREATE TABLE inbox_package_contents (
            package_id INTEGER PRIMARY KEY REFERENCES inbox_packages(id),
            content BLOB NOT NULL
        );
        CREATE TABLE inbox_nominees (
            id INTEGER PRIMARY KEY,
            package_id INTEGER NOT NULL REFERENCES inbox_packages(id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('collective', 'individual')),
            name TEXT NOT NULL,
            facts TEXT NOT NULL,
            appraisal TEXT CHECK (appraisal IN ('dat', 'khong_dat', 'bo_sung')),
            appraisal_reason TEXT,
            appraised_at TEXT,
            shortlisted INTEGER NOT NULL DEFAULT 0 CHECK (shortlisted IN (0, 1)),
            CHECK (appraisal IS NULL OR appraisal = 'dat' OR appraisal_reason <> '')
        );
        CREATE INDEX inbox_nominees_package ON inbox_nominees(package_id);
        """
    )
    audit.install_triggers(db)  # appraisals, shortlist, pinned keys, receipts: who did what


@migration("0016_inbox_unit_identity")
def inbox_unit_identity(db: Database) -> None:
    """The Inspectorate knows a unit by its pinned key and by a name no spelling trick can
    make new (core/names.py), no longer by its superior agency's name as the package writes
    it; and each package keeps the key that verified its signature, the fingerprint every list
    and receipt shows (data.json's own `unit.key` is what the sender wrote)."""
    db.execute("ALTER TABLE inbox_packages ADD COLUMN signer_key TEXT")
    for package, content in db.execute(
        "SELECT package_id, content FROM inbox_package_contents"
    ).fetchall():
        db.execute(
            "UPDATE inbox_packages SET signer_key = ? WHERE id = ?",
            [_manifest_key(content), package],
        )
    taken: set[str] = set()
    for unit, name in db.execute("SELECT id, name FROM inbox_units ORDER BY id").fetchall():
        identity = unit_identity(name)
        # a unit received earlier under a disguised name stays apart, as it was received
        key = identity if identity not in taken else f"{identity}#{unit}"
        taken.add(key)
        db.execute("UPDATE inbox_units SET name_key = ? WHERE id = ?", [key, unit])


@migration("0017_inbox_withdrawal")
def inbox_withdrawal(db: Database) -> None:
    """The Inspectorate can withdraw a received package (a broken or hostile one, one sent by
    mistake): hidden from the table, the shortlist and the report, kept in the history with
    when and why."""
    db.execute("ALTER TABLE inbox_packages ADD COLUMN withdrawn_at TEXT")
    db.execute("ALTER TABLE inbox_packages ADD COLUMN withdrawn_reason TEXT")


@migration("0018_audit_without_secrets")
def audit_without_secrets(db: Database) -> None:
    """The audit log copied the unit's private signing key with every change of its setting;
    it now records that the key changed, and the copies already made are hidden."""
    audit.install_triggers(db)
    audit.scrub_secrets(db)


@migration("0019_inbox_late_acceptance")
def inbox_late_acceptance(db: Database) -> None:
    """The plan treats a dossier sent after the deadline as no proposal: a late package's
    nominees stay off the shortlist unless an officer accepts the package, with the reason
    (audited, as appraisals are)."""
    db.executescript(
        """
        CREATE TABLE inbox_late_acceptances (
            package_id INTEGER PRIMARY KEY REFERENCES inbox_packages(id),
            reason TEXT NOT NULL CHECK (reason <> ''),
            accepted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        """
    )
    audit.install_triggers(db)


@migration("0020_candidate_gates")
def candidate_gates(db: Database) -> None:
    """Decree 152 art. 4: each nominee declares each case that bars an award while it lasts
    (discipline or inspection under way, a complaint about them being handled, a corruption
    case raised by the press being verified), with a note of what it is."""
    db.executescript(
        """
        CREATE TABLE candidate_gates (
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            gate TEXT NOT NULL,
            pending INTEGER NOT NULL CHECK (pending IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (candidate_id, gate)
        );
        """
    )
    audit.install_triggers(db)


@migration("0021_awards_register")
def awards_register(db: Database) -> None:
    """The Sổ vàng: each award a signed decision gave, with its number in the book, as the
    decision said it (who issued and signed it), so a certificate reprinted next year still
    says what was signed; linked to the unit's own person or collective when it is one."""
    db.executescript(
        """
        CREATE TABLE awards_register (
            id INTEGER PRIMARY KEY,
            book_number INTEGER NOT NULL UNIQUE CHECK (book_number > 0),
            campaign_code TEXT NOT NULL,
            decision_number TEXT NOT NULL CHECK (decision_number <> ''),
            decision_symbol TEXT NOT NULL DEFAULT '',
            decision_date TEXT NOT NULL,
            issuer TEXT NOT NULL DEFAULT '',
            issuing_body TEXT NOT NULL DEFAULT '',
            signer_position TEXT NOT NULL DEFAULT '',
            signer_name TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            award TEXT NOT NULL CHECK (award <> ''),
            recipient TEXT NOT NULL CHECK (recipient <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('collective', 'individual')),
            position TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            money INTEGER CHECK (money IS NULL OR money >= 0),
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            collective_id INTEGER REFERENCES collectives(id) ON DELETE SET NULL,
            prior_award_id INTEGER REFERENCES awards(id) ON DELETE SET NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX awards_register_campaign ON awards_register(campaign_code);
        """
    )
    audit.install_triggers(db)


@migration("0022_package_export_campaign")
def package_export_campaign(db: Database) -> None:
    """Which campaign each exported package was for: its submission deadline is met once a
    package for it is sent (older exports, of an unknown campaign, count for none)."""
    db.execute("ALTER TABLE package_exports ADD COLUMN campaign_code TEXT NOT NULL DEFAULT ''")
    # a package sent before: its campaign is the only one there is, else the one whose code
    # its file name carries (UBND_…_ls_tcd_2025_20251103.zip); none when neither tells
    db.execute(
        "UPDATE package_exports SET campaign_code = COALESCE("
        "(SELECT code FROM campaigns WHERE (SELECT count(*) FROM campaigns) = 1), "
        "(SELECT code FROM campaigns WHERE package_exports.file_name LIKE "
        "'%' || replace(code, '-', '_') || '%' ORDER BY length(code) DESC LIMIT 1), '')"
    )
    audit.install_triggers(db)  # the audit lists a table's columns


@migration("0023_score_entries")
def score_entries(db: Database) -> None:
    """A points-based campaign's self-assessment: per nominee and criterion, the value the unit
    enters (a ratio criterion's comes from the register) and the file attached as its evidence
    (one of the nominee's evidence files)."""
    db.executescript(
        """
        CREATE TABLE score_entries (
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            criterion TEXT NOT NULL CHECK (criterion <> ''),
            value TEXT,
            attachment_id INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
            PRIMARY KEY (candidate_id, criterion)
        );
        """
    )
    audit.install_triggers(db)


@migration("0024_inbox_score_adjustments")
def inbox_score_adjustments(db: Database) -> None:
    """The appraiser's points for a criterion of a received nominee, in place of the score
    recomputed from its package, each with its reason."""
    db.executescript(
        """
        CREATE TABLE inbox_score_adjustments (
            nominee_id INTEGER NOT NULL REFERENCES inbox_nominees(id) ON DELETE CASCADE,
            criterion TEXT NOT NULL CHECK (criterion <> ''),
            points TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason <> ''),
            PRIMARY KEY (nominee_id, criterion)
        );
        """
    )
    audit.install_triggers(db)


def _manifest_key(package: bytes) -> str | None:
    """The public key in a stored package's manifest (verified when it was received)."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            return str(json.loads(archive.read("manifest.json"))["public_key"])
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None


def known_names() -> list[str]:
    return [name for name, _ in _STEPS]


def is_tracked(db: Database) -> bool:
    """The file has the table sqlite-utils' Migrations keeps (an empty file has not)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [_MIGRATIONS_TABLE]
    )
    return found.fetchone() is not None


def applied_names(db: Database) -> list[str]:
    """The steps this database has had, in their order: the rows sqlite-utils' Migrations
    writes, read with plain SQL (opening a file need not load sqlite-utils)."""
    if not is_tracked(db):
        return []
    rows = db.execute(
        f"SELECT name FROM {_MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [name for (name,) in rows]


def pending_names(db: Database) -> list[str]:
    applied = set(applied_names(db))
    return [name for name in known_names() if name not in applied]


def apply(db: Database, *, stop_before: str | Iterable[str] | None = None) -> None:
    """Applies the pending steps, each in one transaction with the record of it."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in _STEPS:
        migrations(name=name)(step)
    migrations.apply(db, stop_before=stop_before)
