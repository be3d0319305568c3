"""`flask backup` and `flask restore`: operator commands, so their messages are English, not translated."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .archive import ArchiveError


@click.command("backup")
@with_appcontext
@click.option("--output", "-o", type=click.Path(dir_okay=True, writable=True), default=None,
              help="Archive file, or a folder for a dated name (default: instance/backups/).")
def backup_command(output):
    """Write a consistent backup (database rows, uploaded files, manifest) while the app may run."""
    from .backup import BackupFailed, default_name, write_backup

    target = Path(output) if output else Path(current_app.instance_path) / "backups"
    if target.is_dir() or not target.suffix:
        target = target / default_name()
    try:
        manifest = write_backup(db.engine, current_app.config.get("UPLOAD_FOLDER"), target)
    except BackupFailed as exc:
        raise click.ClickException(f"Backup failed, no archive was written. {exc}") from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        f"Backup written to {target}: {len(manifest['tables'])} tables, {rows} rows, "
        f"{len(manifest['files'])} files, revision {manifest['alembic_revision']}."
    )


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive):
    """Restore a backup into an EMPTY database and upload folder; refuses anything else."""
    from .restore import RestoreFailed, RestoreRefused, restore

    try:
        result = restore(archive, db.engine, current_app.config.get("UPLOAD_FOLDER"), upgrade=_upgrade_on)
    except ArchiveError as exc:
        raise click.ClickException(f"Refused: {exc}. Nothing was changed.") from None
    except RestoreRefused as exc:
        raise click.ClickException(f"Refused: {exc} Nothing was changed.") from None
    except RestoreFailed as exc:
        raise click.ClickException(f"Restore failed: {exc}. It was rolled back: nothing was changed.") from None
    finally:
        db.session.remove()
    rows = sum(result["rows"].values())
    click.echo(
        f"Restored {rows} rows in {len(result['rows'])} tables and {result['files']} files "
        f"(schema revision {result['revision']}). Run `flask db upgrade` if this version of the app is newer."
    )


def _upgrade_on(connection, revision: str) -> None:
    """Run the migrations up to `revision` on the restore's own connection and transaction (see env.py)."""
    from alembic import command

    config = current_app.extensions["migrate"].migrate.get_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
