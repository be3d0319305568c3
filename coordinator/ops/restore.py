"""Bring a backup back into an empty installation: schema at the archive's revision, rows, files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, event, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from ..search import is_search_index
from .archive import Archive, ArchiveError, decode_value, reflect, safe_member_name, table_order
from .backup import upload_files

BATCH = 500


class RestoreRefused(Exception):
    """The target is not an empty installation; nothing was changed."""


class RestoreFailed(Exception):
    """Loading failed part way; the transaction was rolled back, so nothing was changed."""


def check_empty(engine: Engine, upload_folder: str | None) -> None:
    with engine.connect() as conn:
        metadata = reflect(conn)
        for table in metadata.tables.values():
            if table.name == "alembic_version" or is_search_index(table.name):
                continue  # a new database's search index holds its own settings, not data
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


def load_rows(conn: Connection, archive: Archive) -> dict[str, int]:
    """Insert every archived row on the caller's transaction; the counts loaded per table."""
    sqlite = conn.dialect.name == "sqlite"
    loaded = {}
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
    if conn.dialect.name == "postgresql":
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


def stage_files(archive: Archive, upload_folder: str | None) -> Path | None:
    """Write the archive's files into a folder beside the upload folder; moved in once the rows are committed."""
    files = archive.files()
    if not files:
        return None
    if not upload_folder:
        raise RestoreRefused("The archive holds uploaded files but UPLOAD_FOLDER is not set.")
    root = Path(upload_folder)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        for name, data in files.items():
            target = staging / safe_member_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o600)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def move_files(staging: Path | None, upload_folder: str | None) -> int:
    """Move the staged files into the upload folder (renames on one file system); the number moved."""
    if staging is None:
        return 0
    root = Path(upload_folder)
    moved = 0
    try:
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                final = root / path.relative_to(staging)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, final)
                moved += 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return moved


def restore_engine(engine: Engine) -> Engine:
    """An engine whose transactions hold DDL too, so the schema and the rows commit or roll back together.

    PostgreSQL's DDL is transactional as it is. Python's sqlite3 only opens a transaction before a data
    change, so a CREATE TABLE would commit at once: here BEGIN is sent explicitly instead."""
    if engine.dialect.name != "sqlite":
        return engine
    if engine.url.database in (None, "", ":memory:"):
        raise RestoreRefused("An in-memory SQLite database cannot be restored into: set DATABASE_URL to a file.")
    scratch = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(scratch, "connect")
    def _driver_leaves_transactions_to_us(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(scratch, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return scratch


def _reason(exc: Exception) -> str:
    """The first line of what went wrong, without the SQL and parameters SQLAlchemy appends."""
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = text_[0] if text_ else type(exc).__name__
    return first[:300]


def restore(archive_path, engine: Engine, upload_folder: str | None,
            upgrade: Callable[[Connection, str], None]) -> dict:
    """Check the archive and the target, then in ONE transaction build the schema with `upgrade(connection,
    revision)` and load the rows; the files are moved in only once that has committed.

    Raises ArchiveError or RestoreRefused before anything is touched, RestoreFailed when loading failed and
    everything was rolled back."""
    archive = Archive(archive_path)  # every checksum, and every row's file, verified before anything is touched
    check_empty(engine, upload_folder)
    revision = archive.revision or "head"
    current = _schema_revision(engine)
    if current is None and _has_tables(engine):
        raise RestoreRefused("The database has tables but no migration revision: restore into a new database.")
    if current is not None and current != revision:
        raise RestoreRefused(
            f"The database schema is at revision {current} but the archive was made at revision {revision}. "
            "Restore into a new database with no tables: the restore creates the schema itself."
        )
    target = restore_engine(engine)
    staging, loaded = None, None
    try:
        staging = stage_files(archive, upload_folder)
        with target.connect() as conn, conn.begin():
            if current is None:
                upgrade(conn, revision)
            loaded = load_rows(conn, archive)
    except (ArchiveError, RestoreRefused):
        raise
    except Exception as exc:  # any failure while loading: the transaction has rolled back schema and rows
        raise RestoreFailed(f"loading the archive into the database failed: {_reason(exc)}") from exc
    finally:
        if target is not engine:
            target.dispose()
        if loaded is None and staging is not None:  # failed or interrupted: no staged file stays behind
            shutil.rmtree(staging, ignore_errors=True)
    files = move_files(staging, upload_folder)
    return {"revision": revision, "rows": loaded, "files": files, "manifest": archive.manifest}
