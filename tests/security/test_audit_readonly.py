"""The audit trail only grows: no route changes it, and the ORM refuses to update or delete an entry."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from coordinator.audit import AuditEntry
from coordinator.catalog.models import Centre
from coordinator.extensions import db
from coordinator.main.hooks import AuditTrailReadOnly
from tests import factories


@pytest.fixture
def entry_id(app, sides):
    with app.app_context():
        factories.make_centre(sides["KHZ"].id)
        return db.session.scalar(select(AuditEntry.id).where(AuditEntry.entity == Centre.__tablename__))


def test_no_route_writes_to_the_audit_trail_except_by_reading(app):
    """Only the admin's audit page touches AuditEntry, and it accepts GET only."""
    audit_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint == "admin.audit"]
    assert audit_rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)
    for rule in app.url_map.iter_rules():
        assert "audit" not in rule.rule or rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_changing_an_entry_through_the_orm_is_refused(app_ctx, entry_id):
    entry = db.session.get(AuditEntry, entry_id)
    entry.label = "rewritten history"
    with pytest.raises(AuditTrailReadOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry_id).label != "rewritten history"


def test_deleting_an_entry_through_the_orm_is_refused(app_ctx, entry_id):
    db.session.delete(db.session.get(AuditEntry, entry_id))
    with pytest.raises(AuditTrailReadOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry_id) is not None


@pytest.mark.parametrize("statement", [
    lambda: update(AuditEntry).values(label="x"),
    lambda: delete(AuditEntry),
])
def test_bulk_update_or_delete_of_entries_is_refused(app_ctx, entry_id, statement):
    with pytest.raises(AuditTrailReadOnly):
        db.session.execute(statement())
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) >= 1


def test_new_entries_are_still_written(app_ctx, sides):
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    factories.make_centre(sides["MSN"].id, name_fa="مرکز میسان")
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before + 1
