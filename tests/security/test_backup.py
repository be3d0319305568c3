"""`flask backup` and `flask restore`: a round trip keeps every row and every file; bad targets and
altered archives are refused without changing anything."""

from __future__ import annotations

import io
import tarfile

import pytest
from flask import g
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from coordinator import create_app, demo
from coordinator.auth import services as auth_services
from coordinator.auth.models import User
from coordinator.config import TestConfig
from coordinator.demo.people import ACCOUNTS, PASSWORD
from coordinator.extensions import db
from coordinator.ops.archive import dump_rows, reflect

FILES = {
    "curricula/1/plan.pdf": b"%PDF-1.4 a curriculum\n",
    "curricula/2/\u0628\u0631\u0646\u0627\u0645\u0647.docx": bytes(range(256)) * 40,
    "top-level.bin": b"\x00\x01\x02",
}


def make_app(url, uploads):
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(uploads)})
    return create_app(config)


def snapshot_of(app):
    """Every table's rows (in the archive's portable form) and every uploaded file, for comparison."""
    with app.app_context(), db.engine.connect() as conn:
        metadata = reflect(conn)
        rows = {t.name: dump_rows(conn, t) for t in metadata.tables.values() if t.name != "alembic_version"}
    root = app.config["UPLOAD_FOLDER"]
    from pathlib import Path

    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}
    return rows, files


@pytest.fixture
def installations(fresh_database, tmp_path):
    """A migrated installation with the full demo data and files, and an empty one to restore into."""
    source = make_app(fresh_database("coordinator_backup_source"), tmp_path / "source-uploads")
    target = make_app(fresh_database("coordinator_backup_target"), tmp_path / "target-uploads")
    with source.app_context():
        upgrade()
        g.actor_id = None
        demo.load()
        db.session.commit()
    for name, data in FILES.items():
        path = tmp_path / "source-uploads" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    yield source, target
    for app in (source, target):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def backup(app, path):
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return result


def restore(app, path):
    return app.test_cli_runner().invoke(args=["restore", str(path)])


def test_round_trip_keeps_every_row_and_file(installations, tmp_path):
    source, target = installations
    archive = tmp_path / "backup.tar.gz"
    assert "Backup written" in backup(source, archive).output

    result = restore(target, archive)
    assert result.exit_code == 0, result.output
    source_rows, source_files = snapshot_of(source)
    target_rows, target_files = snapshot_of(target)
    assert set(source_rows) == set(target_rows)
    for table, data in source_rows.items():
        assert target_rows[table] == data, f"table {table} differs after restore"
    assert sum(data.count(b"\n") for data in source_rows.values()) > 200  # the demo data, not an empty set
    assert target_files == source_files == FILES

    with target.app_context():
        assert inspect(db.engine).has_table("alembic_version")
        # A demo account logs in with its password on the restored installation...
        username = ACCOUNTS[0][0]
        assert auth_services.authenticate(username, PASSWORD, "127.0.0.1").username == username
        # ...and new records get fresh ids (PostgreSQL sequences follow the restored rows).
        count = db.session.scalar(select(func.count()).select_from(User))
        auth_services.create_user(username="after.restore", full_name="After Restore", role="admin",
                                  password="a-long-password-1", side_id=None)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(User)) == count + 1
    client = target.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_restore_refuses_a_database_that_is_not_empty(installations, tmp_path):
    source, _ = installations
    archive = tmp_path / "backup.tar.gz"
    backup(source, archive)
    before = snapshot_of(source)

    result = restore(source, archive)
    assert result.exit_code != 0
    assert "not empty" in result.output and "Nothing was changed" in result.output
    assert snapshot_of(source) == before


def _rewrite(archive, altered, change):
    """Copy the archive with one member's bytes changed (the manifest left as it was)."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(altered, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()
            data = change(info.name, data)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("member", ["db/users.jsonl", "files/top-level.bin"])
def test_restore_refuses_an_altered_archive(installations, tmp_path, member):
    source, target = installations
    archive, altered = tmp_path / "backup.tar.gz", tmp_path / "altered.tar.gz"
    backup(source, archive)
    _rewrite(archive, altered, lambda name, data: data.replace(b"a", b"b", 1) + b"x" if name == member else data)

    result = restore(target, altered)
    assert result.exit_code != 0
    assert "checksum mismatch" in result.output and member in result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []
    assert not (tmp_path / "target-uploads").exists() or not any((tmp_path / "target-uploads").iterdir())


def test_restore_refuses_a_file_that_is_not_a_backup(installations, tmp_path):
    _, target = installations
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    result = restore(target, bogus)
    assert result.exit_code != 0 and "cannot read the archive" in result.output


def test_archive_member_paths_cannot_escape_the_upload_folder(installations, tmp_path):
    source, target = installations
    archive, altered = tmp_path / "backup.tar.gz", tmp_path / "escape.tar.gz"
    backup(source, archive)
    with tarfile.open(archive, "r:gz") as src, tarfile.open(altered, "w:gz") as dst:
        for info in src:
            dst.addfile(info, src.extractfile(info))
        evil = tarfile.TarInfo("files/../../escaped.txt")
        evil.size = 3
        dst.addfile(evil, io.BytesIO(b"bad"))
    result = restore(target, altered)
    assert result.exit_code != 0 and "unsafe path" in result.output
    assert not (tmp_path / "escaped.txt").exists()


def test_backup_taken_while_the_app_writes_is_one_consistent_instant(installations, tmp_path):
    """A writer keeps adding centres (each with its audit entry, in one transaction) during the backup:
    the archive holds every centre together with its audit entry, never one without the other."""
    import threading

    from coordinator.catalog.models import Side
    from coordinator.ops.archive import Archive
    from tests import factories

    source, _ = installations
    stop = threading.Event()
    written = []

    def write():
        with source.app_context():
            side_id = db.session.scalar(select(Side.id).limit(1))
            while not stop.is_set():
                written.append(factories.make_centre(side_id, name_fa=f"مرکز {len(written)}"))
            db.session.remove()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 3:  # the writer is under way before the backup starts
            stop.wait(0.05)
        archive_path = tmp_path / "live.tar.gz"
        backup(source, archive_path)
    finally:
        stop.set()
        writer.join(30)
    archive = Archive(archive_path)
    centres = {str(row["id"]) for row in archive.rows("centres")}
    audited = {row["entity_id"] for row in archive.rows("audit_entries")
               if row["entity"] == "centres" and row["action"] == "create"}
    assert centres == audited
    assert any(str(i) in centres for i in written)  # rows written during the run are in it
