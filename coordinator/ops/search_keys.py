"""`flask search-keys`: recompute the stored search and duplicate keys after the folding rules change.

The keys (search_key, and a trainee's name_phone_key and id_key) are written at every save, so a record
saved before a change of l10n/folding.py keeps its old key until it is saved again: a search may miss it, a
duplicate may pass, or, for trainees, a search may still match a piece of the national ID. This puts every
key right at once. Only the keys are written: no version bump (open forms stay valid) and no audit entry
(nothing a person typed changes).
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from ..db import SearchableMixin
from ..extensions import db

BATCH = 1000


def searchable_models() -> list[type]:
    return sorted((m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, SearchableMixin)),
                  key=lambda model: model.__tablename__)


def stale_keys(model) -> list[dict]:
    """The rows of `model` whose stored keys differ from what refresh_search_key computes today."""
    mapper = db.inspect(model)
    [primary_key] = mapper.primary_key
    columns = [attr.key for attr in mapper.column_attrs]
    changes = []
    stmt = select(model).options(lazyload("*")).order_by(primary_key).execution_options(yield_per=BATCH)
    for obj in db.session.scalars(stmt):
        before = {key: getattr(obj, key) for key in columns}
        obj.refresh_search_key()
        changed = {key: getattr(obj, key) for key in columns if getattr(obj, key) != before[key]}
        # Put the loaded values back, so the session never flushes these objects (which would bump their
        # version and write audit entries); the update below writes the keys alone.
        for key in changed:
            set_committed_value(obj, key, before[key])
        if changed:
            changes.append({"_pk": getattr(obj, primary_key.key), **changed})
    return changes


def refresh_search_keys() -> dict[str, int]:
    """Write every stale key; returns the number of rows changed per table. The caller commits."""
    counts = {}
    for model in searchable_models():
        table = model.__table__
        [primary_key] = table.primary_key.columns
        changes = stale_keys(model)
        db.session.expunge_all()
        # One statement per set of changed columns, each run for many rows at once.
        groups: dict[tuple[str, ...], list[dict]] = {}
        for row in changes:
            groups.setdefault(tuple(sorted(k for k in row if k != "_pk")), []).append(row)
        for keys, rows in groups.items():
            stmt = update(table).where(primary_key == bindparam("_pk")).values(
                {key: bindparam(key) for key in keys})
            for start in range(0, len(rows), BATCH):
                db.session.connection().execute(stmt, rows[start:start + BATCH])
        counts[table.name] = len(changes)
    return counts


@click.command("search-keys")
@with_appcontext
def search_keys_command():
    """Recompute the stored search and duplicate-detection keys of every record (after an upgrade)."""
    counts = refresh_search_keys()
    db.session.commit()
    changed = {table: n for table, n in counts.items() if n}
    summary = ", ".join(f"{table} {n}" for table, n in changed.items()) or "none changed"
    click.echo(f"Search keys recomputed: {summary}.")
