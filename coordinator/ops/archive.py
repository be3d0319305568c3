"""The backup archive: a tar.gz of table rows as JSON lines, uploaded files and a manifest of checksums.

Rows are written in a portable form (tagged dates, decimals, bytes), so an archive made on SQLite
restores into PostgreSQL and back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tarfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import PurePosixPath

from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Connection
from sqlalchemy.schema import sort_tables_and_constraints

from ..search import is_search_index

FORMAT = 1
MANIFEST = "manifest.json"
DB_DIR = "db"
FILES_DIR = "files"
SKIPPED_TABLES = {"alembic_version"}
# A row with this column names an uploaded file (kept flat in UPLOAD_FOLDER); with CHECKSUM_COLUMN, its SHA-256.
FILE_COLUMN = "stored_name"
CHECKSUM_COLUMN = "sha256"
LABEL_COLUMN = "original_name"


class ArchiveError(Exception):
    """The archive is unreadable, incomplete or altered; the message says which."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- rows ------------------------------------------------------------------------------------------


def encode_value(value):
    """A JSON-safe form of one column value; instants always in UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite forgets the zone; the app stores UTC only
            value = value.replace(tzinfo=UTC)
        return {"$dt": value.astimezone(UTC).isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, (dict, list)):
        return {"$json": value}  # a JSON column: wrapped, so it never looks like one of the tags
    return value


def decode_value(value, sqlite: bool):
    if not isinstance(value, dict) or len(value) != 1:
        return value
    (tag, raw), = value.items()
    if tag == "$dt":
        instant = datetime.fromisoformat(raw)
        return instant.replace(tzinfo=None) if sqlite else instant
    if tag == "$d":
        return date.fromisoformat(raw)
    if tag == "$t":
        return time.fromisoformat(raw)
    if tag == "$dec":
        return Decimal(raw)
    if tag == "$b":
        return base64.b64decode(raw)
    if tag == "$json":
        return raw
    raise ArchiveError(f"unknown value tag {tag!r}")


def reflect(conn: Connection) -> MetaData:
    metadata = MetaData()
    metadata.reflect(bind=conn)
    return metadata


def table_order(metadata: MetaData) -> tuple[list[Table], dict[str, list[str]]]:
    """Tables parents first, and the foreign-key columns that close a cycle (users ⇄ sides, users → centres).

    Those columns are loaded empty first and filled in once every row exists. Only nullable ones can be: a
    cycle is broken at its nullable links, so a required one (a centre's side) keeps its table after its
    parent's."""
    # The search indexes' tables (SQLite's FTS5 table and its shadow tables) are not data: the triggers fill them
    # again from the rows they index as those are loaded.
    tables = [t for t in metadata.tables.values() if t.name not in SKIPPED_TABLES and not is_search_index(t.name)]
    cyclic = [fkc for table, fkcs in sort_tables_and_constraints(tables) if table is None for fkc in fkcs]
    breakable = {fkc for fkc in cyclic if all(column.nullable for column in fkc.columns)}
    ordered, deferred = [], {}
    late = lambda fkc: True if fkc in breakable else None  # noqa: E731  (True: filled in after every row)
    for table, constraints in sort_tables_and_constraints(tables, filter_fn=late):
        if table is not None:
            ordered.append(table)
            continue
        for fkc in constraints:
            breakable.add(fkc)
    for fkc in breakable:
        deferred.setdefault(fkc.table.name, []).extend(c.name for c in fkc.columns)
    return ordered, deferred


def primary_key_order(table: Table):
    return list(table.primary_key.columns) or list(table.columns)


def dump_rows(conn: Connection, table: Table) -> bytes:
    """Every row of the table as JSON lines, in primary-key order, so two dumps compare equal."""
    lines = []
    for row in conn.execute(table.select().order_by(*primary_key_order(table))):
        record = {key: encode_value(value) for key, value in row._mapping.items()}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))
    return ("\n".join(lines) + ("\n" if lines else "")).encode()


# -- rows that name a file --------------------------------------------------------------------------


@dataclass(frozen=True)
class FileReference:
    """A row that names an uploaded file: which row (for messages), the file's name and checksum."""

    table: str
    key: str
    name: str
    sha256: str | None
    label: str | None

    def describe(self) -> str:
        label = f" \u201c{self.label}\u201d" if self.label else ""
        return f"{self.table} {self.key}{label}"


def reference_of(table: str, row: dict, key_columns: list[str]) -> FileReference | None:
    name = row.get(FILE_COLUMN)
    if not name:
        return None
    key = ", ".join(str(row.get(column)) for column in key_columns)
    return FileReference(table, key, str(name), row.get(CHECKSUM_COLUMN) or None, row.get(LABEL_COLUMN) or None)


def file_references(conn: Connection, tables: list[Table]) -> list[FileReference]:
    """Every file the rows name, as this connection sees them (in a backup: the snapshot)."""
    references = []
    for table in tables:
        if FILE_COLUMN not in table.columns:
            continue
        keys = [column.name for column in primary_key_order(table)]
        for row in conn.execute(table.select().order_by(*primary_key_order(table))):
            reference = reference_of(table.name, dict(row._mapping), keys)
            if reference is not None:
                references.append(reference)
    return references


# -- reading an archive -----------------------------------------------------------------------------


def safe_member_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(f"unsafe path in archive: {name!r}")
    return path


class Archive:
    """An opened backup whose every member has been checked against the manifest."""

    def __init__(self, path) -> None:
        self.members: dict[str, bytes] = {}
        try:
            with tarfile.open(path, "r:gz") as tar:
                for info in tar:
                    if info.isdir():
                        continue
                    if not info.isfile():  # links and devices have no place in a backup
                        raise ArchiveError(f"unexpected member type in archive: {info.name!r}")
                    name = str(safe_member_name(info.name))
                    self.members[name] = tar.extractfile(info).read()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise ArchiveError(f"cannot read the archive: {exc}") from None
        if MANIFEST not in self.members:
            raise ArchiveError("the archive has no manifest.json: it is not a Coordinator backup")
        try:
            self.manifest = json.loads(self.members.pop(MANIFEST))
        except ValueError:
            raise ArchiveError("manifest.json is not valid JSON") from None
        if self.manifest.get("format") != FORMAT:
            raise ArchiveError(f"unsupported archive format {self.manifest.get('format')!r}")
        self._verify()

    def _verify(self) -> None:
        expected = {f"{DB_DIR}/{name}.jsonl": info["sha256"] for name, info in self.manifest["tables"].items()}
        expected |= {f"{FILES_DIR}/{name}": info["sha256"] for name, info in self.manifest["files"].items()}
        missing = sorted(set(expected) - set(self.members))
        extra = sorted(set(self.members) - set(expected))
        if missing or extra:
            raise ArchiveError(f"the archive does not match its manifest (missing: {missing}, unexpected: {extra})")
        for name, digest in expected.items():
            if sha256(self.members[name]) != digest:
                raise ArchiveError(f"checksum mismatch for {name}: the archive was altered or damaged")
        for name, info in self.manifest["tables"].items():
            if len(self.rows(name)) != info["rows"]:
                raise ArchiveError(f"row count mismatch for table {name}")
        self._verify_references()

    def _verify_references(self) -> None:
        """Every row that names a file has that very file in the archive (an archive made while a document
        was deleted could hold the row without its file)."""
        files = self.files()
        problems = []
        for table in self.manifest["tables"]:
            for row in self.rows(table):
                reference = reference_of(table, row, ["id"] if "id" in row else sorted(row))
                if reference is None:
                    continue
                data = files.get(reference.name)
                if data is None:
                    problems.append(f"{reference.describe()} names the file {reference.name}, which is not in it")
                elif reference.sha256 and sha256(data) != reference.sha256:
                    problems.append(f"{reference.describe()}: the file {reference.name} is not the one uploaded")
        if problems:
            shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            raise ArchiveError(f"the archive is incomplete: {shown}")

    @property
    def revision(self) -> str | None:
        return self.manifest.get("alembic_revision")

    def rows(self, table: str) -> list[dict]:
        data = self.members.get(f"{DB_DIR}/{table}.jsonl", b"")
        return [json.loads(line) for line in data.decode().splitlines() if line]

    def files(self) -> dict[str, bytes]:
        prefix = FILES_DIR + "/"
        return {name[len(prefix):]: data for name, data in self.members.items() if name.startswith(prefix)}
