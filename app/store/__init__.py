"""SQLite storage through sqlite-utils: schema, migrations, backups, audit log, repositories."""
