"""Write a consistent backup while the app keeps running: every table's rows, the uploaded files, a manifest."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata as package_metadata
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from .archive import DB_DIR, FILES_DIR, FORMAT, MANIFEST, dump_rows, reflect, sha256, table_order


def app_version() -> str:
    try:
        return package_metadata.version("coordinator")
    except package_metadata.PackageNotFoundError:
        return "unknown"


@contextmanager
def snapshot(engine: Engine):
    """A connection that sees one instant of the database for as long as it is open."""
    if engine.dialect.name == "sqlite":
        # SQLite's online backup API copies a consistent image even while other connections write.
        with tempfile.TemporaryDirectory() as tmp:
            copy_path = Path(tmp) / "snapshot.sqlite"
            source_path = engine.url.database
            source = sqlite3.connect(source_path) if source_path else None
            if source is None:
                raise RuntimeError("an in-memory SQLite database cannot be backed up")
            target = sqlite3.connect(copy_path)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
            copy = create_engine(f"sqlite:///{copy_path}", poolclass=NullPool)
            try:
                with copy.connect() as conn:
                    yield conn
            finally:
                copy.dispose()
        return
    # PostgreSQL: one read-only serializable transaction, as pg_dump does (DEFERRABLE waits for a safe
    # snapshot instead of risking a serialization failure).
    with engine.connect().execution_options(
        isolation_level="SERIALIZABLE", postgresql_readonly=True, postgresql_deferrable=True
    ) as conn, conn.begin():
        yield conn


def current_revision(conn: Connection) -> str | None:
    # A database made by create_all (as tests do) has no alembic_version table and no revision.
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upload_files(folder: str | os.PathLike | None) -> dict[str, Path]:
    """Every file under the upload folder by its path relative to the folder (POSIX separators)."""
    if not folder or not Path(folder).is_dir():
        return {}
    root = Path(folder)
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def write_backup(engine: Engine, upload_folder: str | None, output: str | os.PathLike) -> dict:
    """Write the archive to `output` (atomically: a partial archive never carries the final name)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    manifest = {
        "format": FORMAT,
        "app": "coordinator",
        "app_version": app_version(),
        "created_at": now.isoformat(),
        "dialect": engine.dialect.name,
        "tables": {},
        "files": {},
    }
    fd, partial = tempfile.mkstemp(prefix=".backup-", suffix=".partial", dir=output.parent)
    os.close(fd)
    try:
        with tarfile.open(partial, "w:gz") as tar:
            with snapshot(engine) as conn:
                manifest["alembic_revision"] = current_revision(conn)
                tables, _ = table_order(reflect(conn))
                manifest["table_order"] = [t.name for t in tables]
                for table in tables:
                    data = dump_rows(conn, table)
                    rows = data.count(b"\n")
                    manifest["tables"][table.name] = {"rows": rows, "sha256": sha256(data)}
                    _add(tar, f"{DB_DIR}/{table.name}.jsonl", data, now.timestamp())
            # Files are named by record id and never rewritten, so copying them after the rows is safe:
            # a file added meanwhile is merely one the restored rows do not mention.
            for name, path in upload_files(upload_folder).items():
                data = path.read_bytes()
                manifest["files"][name] = {"size": len(data), "sha256": sha256(data)}
                _add(tar, f"{FILES_DIR}/{name}", data, path.stat().st_mtime)
            _add(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode(), now.timestamp())
        os.chmod(partial, 0o600)  # personal data: readable by the owner only
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def default_name() -> str:
    return datetime.now(UTC).strftime("coordinator-backup-%Y%m%dT%H%M%SZ.tar.gz")
