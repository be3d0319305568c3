"""Bring a backup back into an empty installation: schema at the archive's revision, rows, files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine

from .archive import Archive, ArchiveError, decode_value, reflect, safe_member_name, table_order
from .backup import upload_files

BATCH = 500


class RestoreRefused(Exception):
    """The target is not an empty installation; nothing was changed."""


def check_empty(engine: Engine, upload_folder: str | None) -> None:
    with engine.connect() as conn:
        metadata = reflect(conn)
        for table in metadata.tables.values():
            if table.name == "alembic_version":
                continue
            if conn.execute(select(func.count()).select_from(table)).scalar():
                raise RestoreRefused(
                    f"The database is not empty (table {table.name} has rows). Restore only into a new, empty "
                    "database: create one, point DATABASE_URL at it and run the restore again."
                )
    if upload_files(upload_folder):
        raise RestoreRefused(
            f"The upload folder {upload_folder} already holds files. Restore only into an empty folder."
        )


def _schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def load_rows(engine: Engine, archive: Archive) -> dict[str, int]:
    """Insert every archived row in one transaction; the counts loaded per table."""
    sqlite = engine.dialect.name == "sqlite"
    loaded = {}
    with engine.begin() as conn:
        metadata = reflect(conn)
        tables, deferred = table_order(metadata)
        later = []
        unknown = sorted(set(archive.manifest["tables"]) - {t.name for t in tables})
        if unknown:
            raise ArchiveError(f"the archive has tables this schema lacks: {unknown}")
        for table in tables:
            rows = [
                {key: decode_value(value, sqlite) for key, value in row.items()}
                for row in archive.rows(table.name)
            ]
            columns = set(table.columns.keys())
            for row in rows:
                stray = set(row) - columns
                if stray:
                    raise ArchiveError(f"table {table.name} has no columns {sorted(stray)}")
            # Columns that close a foreign-key cycle wait until the rows they point to exist.
            for row in rows:
                values = {c: row.pop(c, None) for c in deferred.get(table.name, ())}
                values = {c: v for c, v in values.items() if v is not None}
                if values:
                    later.append((table, row, values))
            for start in range(0, len(rows), BATCH):
                conn.execute(table.insert(), rows[start:start + BATCH])
            loaded[table.name] = len(rows)
        for table, row, values in later:
            key = [column == row[column.name] for column in table.primary_key.columns]
            conn.execute(table.update().where(*key).values(**values))
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, tables)
    return loaded


def _reset_sequences(conn, tables) -> None:
    """Make the next generated id follow the restored ones (inserted ids do not advance a sequence)."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence:
                next_id = select(func.coalesce(func.max(column), 0) + 1).scalar_subquery()
                conn.execute(select(func.setval(sequence, next_id, False)))


def restore_files(archive: Archive, upload_folder: str | None) -> int:
    files = archive.files()
    if not files:
        return 0
    if not upload_folder:
        raise RestoreRefused("The archive holds uploaded files but UPLOAD_FOLDER is not set.")
    root = Path(upload_folder)
    root.mkdir(parents=True, exist_ok=True)
    # Written next to the folder first, then moved in, so a failure leaves no half-restored folder.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        for name, data in files.items():
            target = staging / safe_member_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o600)
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                final = root / path.relative_to(staging)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(files)


def restore(archive_path, engine: Engine, upload_folder: str | None, upgrade: Callable[[str], None]) -> dict:
    """Check the archive and the target, build the schema with `upgrade(revision)`, load rows and files."""
    archive = Archive(archive_path)  # every checksum is verified before anything is touched
    check_empty(engine, upload_folder)
    revision = archive.revision or "head"
    current = _schema_revision(engine)
    if current is None:
        if _has_tables(engine):
            raise RestoreRefused("The database has tables but no migration revision: restore into a new database.")
        upgrade(revision)
    elif current != revision:
        raise RestoreRefused(
            f"The database schema is at revision {current} but the archive was made at revision {revision}. "
            "Restore into a new database with no tables: the restore creates the schema itself."
        )
    loaded = load_rows(engine, archive)
    files = restore_files(archive, upload_folder)
    return {"revision": revision, "rows": loaded, "files": files, "manifest": archive.manifest}
