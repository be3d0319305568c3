"""`flask backup` and `flask restore`: a round trip keeps every row and every file; bad targets and
altered archives are refused without changing anything."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from flask import g
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from coordinator import create_app, demo
from coordinator.auth import services as auth_services
from coordinator.auth.models import User
from coordinator.config import TestConfig
from coordinator.curricula import services as curricula_services
from coordinator.curricula import uploads
from coordinator.curricula.models import CurriculumDocument, CurriculumVersion
from coordinator.demo.people import ACCOUNTS, PASSWORD
from coordinator.extensions import db
from coordinator.ops import backup as backup_module
from coordinator.ops.archive import Archive, dump_rows, reflect
from tests.unit.test_uploads import zipped

DOCX = zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>" + "x" * 5000)])
# The documents the source installation holds: name as uploaded → content.
DOCUMENTS = {"plan.pdf": b"%PDF-1.4 a curriculum\n", "\u0628\u0631\u0646\u0627\u0645\u0647.docx": DOCX,
             "\u0627\u0644\u0645\u0646\u0647\u062c.pdf": b"%PDF-1.7 " + bytes(range(256)) * 40}


def make_app(url, uploads):
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(uploads)})
    return create_app(config)


def snapshot_of(app):
    """Every table's rows (in the archive's portable form) and every uploaded file, for comparison."""
    with app.app_context(), db.engine.connect() as conn:
        metadata = reflect(conn)
        rows = {t.name: dump_rows(conn, t) for t in metadata.tables.values() if t.name != "alembic_version"}
    root = app.config["UPLOAD_FOLDER"]

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
        for name, data in DOCUMENTS.items():
            add_document(name, data)
    # A file no record names (a crash between writing a file and its row): left out of the archive.
    (tmp_path / "source-uploads" / "orphan.pdf").write_bytes(b"%PDF-1.4 orphan")
    yield source, target
    for app in (source, target):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def add_document(name, data) -> CurriculumDocument:
    """Upload a document as an admin would, in the current app context; committed."""
    admin = db.session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    g.actor_id = admin.id
    version = db.session.scalar(select(CurriculumVersion).order_by(CurriculumVersion.id))
    document = curricula_services.upload_document(version, admin, name, data)
    db.session.commit()
    return document


def referenced_files(app) -> dict[str, bytes]:
    """The file of every document row, by stored name."""
    with app.app_context():
        names = db.session.scalars(select(CurriculumDocument.stored_name)).all()
        return {name: uploads.path_of(name).read_bytes() for name in names}


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
    assert target_files == referenced_files(source) == referenced_files(target)
    assert set(source_files) - set(target_files) == {"orphan.pdf"}
    assert sorted(referenced_files(target).values()) == sorted(DOCUMENTS.values())

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


@pytest.mark.parametrize("member", ["db/users.jsonl", "files/"])
def test_restore_refuses_an_altered_archive(installations, tmp_path, member):
    source, target = installations
    archive, altered = tmp_path / "backup.tar.gz", tmp_path / "altered.tar.gz"
    backup(source, archive)
    _rewrite(archive, altered, lambda name, data: data.replace(b"a", b"b", 1) + b"x"
             if name.startswith(member) else data)

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


# Consistency under load, and restores that verify before they touch anything ------------------------------


def document_ids(archive: Archive) -> dict[int, str]:
    return {row["id"]: row["stored_name"] for row in archive.rows("curriculum_documents")}


def test_a_document_deleted_during_the_backup_is_in_neither_rows_nor_files(installations, tmp_path, monkeypatch):
    """The document is deleted (row committed away, file removed) after the snapshot, while its file is being
    copied: the backup takes a new snapshot and the archive agrees with itself."""
    source, target = installations
    with source.app_context():
        victim = db.session.scalar(select(CurriculumDocument).order_by(CurriculumDocument.id))
        victim_id, victim_name = victim.id, victim.stored_name
    read_bytes = Path.read_bytes
    deleted = []

    def read_while_deleting(path):
        if path.name == victim_name and not deleted:
            with source.app_context():
                admin = db.session.scalar(select(User).where(User.role == "admin").order_by(User.id))
                g.actor_id = admin.id
                stored = curricula_services.delete_document(db.session.get(CurriculumDocument, victim_id), admin)
                db.session.commit()
                uploads.remove(stored)  # as the page does: the file goes after the commit
                deleted.append(stored)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_while_deleting)
    archive_path = tmp_path / "live.tar.gz"
    backup(source, archive_path)

    assert deleted == [victim_name]
    archive = Archive(archive_path)  # verifies that every document row has its file
    assert victim_id not in document_ids(archive) and victim_name not in archive.files()
    assert set(archive.files()) == set(document_ids(archive).values()) and len(archive.files()) == 2
    assert restore(target, archive_path).exit_code == 0
    assert referenced_files(target) == referenced_files(source)


def test_a_file_lost_for_good_fails_the_backup_with_a_clear_message(installations, tmp_path):
    source, _ = installations
    with source.app_context():
        lost = db.session.scalar(select(CurriculumDocument).order_by(CurriculumDocument.id.desc()))
        uploads.path_of(lost.stored_name).unlink()
    out = tmp_path / "backups"
    out.mkdir()
    result = source.test_cli_runner().invoke(args=["backup", "--output", str(out / "b.tar.gz")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "Backup failed, no archive was written" in result.output
    assert lost.stored_name in result.output and lost.original_name in result.output
    assert "delete the document in the app" in result.output
    assert list(out.iterdir()) == []  # no archive, no partial file


def _forge(archive, forged, edit):
    """Rewrite the archive through `edit(members)` and recompute its manifest, as a careless tool would:
    checksums that agree, contents that do not."""
    with tarfile.open(archive, "r:gz") as src:
        members = {info.name: src.extractfile(info).read() for info in src if info.isfile()}
    manifest = json.loads(members.pop("manifest.json"))
    edit(members, manifest)
    manifest["tables"] = {name[3:-6]: {"rows": data.count(b"\n"), "sha256": backup_module.sha256(data)}
                          for name, data in members.items() if name.startswith("db/")}
    manifest["files"] = {name[6:]: {"size": len(data), "sha256": backup_module.sha256(data)}
                         for name, data in members.items() if name.startswith("files/")}
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(forged, "w:gz") as dst:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def _first_file(members) -> str:
    return min(name for name in members if name.startswith("files/"))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda members, _manifest: members.pop(_first_file(members)), "which is not in it"),
    (lambda members, _manifest: members.update({_first_file(members): b"%PDF-1.4 something else"}),
     "not the one uploaded"),
], ids=["file-missing", "file-replaced"])
def test_restore_refuses_an_archive_whose_documents_lack_their_files(installations, tmp_path, edit, message):
    source, target = installations
    archive, forged = tmp_path / "backup.tar.gz", tmp_path / "forged.tar.gz"
    backup(source, archive)
    _forge(archive, forged, edit)

    result = restore(target, forged)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "the archive is incomplete" in result.output and message in result.output
    assert "curriculum_documents" in result.output and "Nothing was changed" in result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []
    assert not (tmp_path / "target-uploads").exists()


def _duplicate_last_row(members, manifest) -> None:
    """The last table loaded gets a row that cannot be inserted (its primary key is taken): loading fails
    after every other table has been loaded."""
    last = [table for table in manifest["table_order"] if members[f"db/{table}.jsonl"].strip()][-1]
    lines = members[f"db/{last}.jsonl"].splitlines(keepends=True)
    members[f"db/{last}.jsonl"] += lines[-1]


@pytest.mark.parametrize("schema_ready", [False, True], ids=["empty-database", "migrated-empty-database"])
def test_a_restore_that_fails_while_loading_leaves_the_database_as_it_was(installations, tmp_path, schema_ready):
    source, target = installations
    archive, forged = tmp_path / "backup.tar.gz", tmp_path / "forged.tar.gz"
    backup(source, archive)
    _forge(archive, forged, _duplicate_last_row)
    if schema_ready:
        with target.app_context():
            upgrade()
    with target.app_context():
        tables_before = sorted(inspect(db.engine).get_table_names())
    rows_before = snapshot_of(target)[0] if schema_ready else None

    result = restore(target, forged)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Restore failed: loading the archive into the database failed" in result.output
    assert "rolled back: nothing was changed" in result.output and "Traceback" not in result.output
    with target.app_context():
        db.engine.dispose()
        assert sorted(inspect(db.engine).get_table_names()) == tables_before
    if schema_ready:
        assert snapshot_of(target)[0] == rows_before
    else:
        assert tables_before == []
    assert not (tmp_path / "target-uploads").exists() or not any((tmp_path / "target-uploads").iterdir())
    assert not list(tmp_path.glob(".restore-*"))  # the staged files are gone too
