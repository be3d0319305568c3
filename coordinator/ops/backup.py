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

from .archive import (
    DB_DIR,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    ArchiveError,
    FileReference,
    dump_rows,
    file_references,
    reflect,
    safe_member_name,
    sha256,
    table_order,
)

# A file missing at copy time is retried with a new snapshot this many times in all before the backup fails.
ATTEMPTS = 3


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


class BackupFailed(Exception):
    """No archive was written; the message says why and what to do."""


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def read_upload(root: Path, name: str) -> bytes:
    """One uploaded file's bytes; a name that would leave the folder is refused (ArchiveError)."""
    return (root / safe_member_name(name)).read_bytes()


def _copy_files(tar, upload_folder, references: list[FileReference], manifest: dict, mtime: float) -> list[str]:
    """Add the file of every row that names one; the problems found (a file missing or not the one uploaded)."""
    problems = []
    root = Path(upload_folder) if upload_folder else None
    for ref in references:
        try:
            if root is None:
                raise FileNotFoundError(ref.name)
            data = read_upload(root, ref.name)
        except FileNotFoundError:
            problems.append(f"{ref.describe()}: its file {ref.name} is missing from the upload folder")
            continue
        except (OSError, ArchiveError) as exc:
            problems.append(f"{ref.describe()}: its file {ref.name} cannot be read ({exc})")
            continue
        digest = sha256(data)
        if ref.sha256 and digest != ref.sha256:
            problems.append(f"{ref.describe()}: its file {ref.name} is not the one uploaded (checksum differs)")
            continue
        manifest["files"][ref.name] = {"size": len(data), "sha256": digest}
        _add(tar, f"{FILES_DIR}/{ref.name}", data, mtime)
    return problems


def _attempt(engine: Engine, upload_folder: str | None, partial: str, manifest: dict, now: datetime) -> list[str]:
    """Write one archive to `partial`; the problems that make it unusable (then the caller tries again)."""
    manifest["tables"], manifest["files"] = {}, {}
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
            references = file_references(conn, tables)
        # The files the snapshot's rows name, and only those. Files are never rewritten, but one may be deleted
        # after the snapshot (its document deleted meanwhile): that attempt is then thrown away.
        problems = _copy_files(tar, upload_folder, references, manifest, now.timestamp())
        if not problems:
            _add(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode(), now.timestamp())
    return problems


def write_backup(engine: Engine, upload_folder: str | None, output: str | os.PathLike) -> dict:
    """Write the archive to `output` (atomically: a partial archive never carries the final name).

    The archive holds one instant of the database and the file of every row that names one. A file missing
    when it is copied usually means its document was deleted after the snapshot: a new snapshot then agrees
    with the folder. A file still missing after ATTEMPTS snapshots is lost; BackupFailed names it."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    manifest = {
        "format": FORMAT,
        "app": "coordinator",
        "app_version": app_version(),
        "created_at": now.isoformat(),
        "dialect": engine.dialect.name,
    }
    fd, partial = tempfile.mkstemp(prefix=".backup-", suffix=".partial", dir=output.parent)
    os.close(fd)
    try:
        for _ in range(ATTEMPTS):
            problems = _attempt(engine, upload_folder, partial, manifest, now)
            if not problems:
                break
        else:
            raise BackupFailed(
                "These records name an uploaded file that cannot be archived:\n  - " + "\n  - ".join(problems)
                + "\nPut the file back into the upload folder, or delete the document in the app, and run "
                "the backup again.")
        os.chmod(partial, 0o600)  # personal data: readable by the owner only
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def default_name() -> str:
    return datetime.now(UTC).strftime("coordinator-backup-%Y%m%dT%H%M%SZ.tar.gz")
