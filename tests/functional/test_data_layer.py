"""The data layer: UTC instants, SQLite settings, versions, stale edits and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import g
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from coordinator.audit import AuditEntry, history_for
from coordinator.catalog.models import Centre, SkillStandard
from coordinator.db import check_version
from coordinator.errors import StaleEditError
from coordinator.extensions import db
from tests import factories


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == app_ctx.config["SQLITE_BUSY_TIMEOUT_MS"]


def test_instants_come_back_in_utc_and_defaults_are_computed_per_row(app_ctx, sides):
    first = factories.make_centre(sides["KHZ"].id)
    second = factories.make_centre(sides["MSN"].id)
    db.session.expire_all()
    a, b = db.session.get(Centre, first), db.session.get(Centre, second)
    assert a.created_at.tzinfo is not None and a.created_at.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - a.created_at).total_seconds()) < 60
    assert b.created_at >= a.created_at


def test_foreign_keys_are_enforced(app_ctx):
    from sqlalchemy.exc import IntegrityError

    db.session.add(Centre(side_id=999, kind="government", name_fa="x", name_ar="y"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_every_update_raises_the_version_and_records_the_editor(app_ctx, users):
    standard = db.session.get(SkillStandard, factories.make_standard())
    assert standard.version == 1
    g.actor_id = users["admin"].id
    standard.theory_hours = 70
    db.session.commit()
    assert standard.version == 2 and standard.updated_by_id == users["admin"].id


def test_stale_form_is_refused_naming_who_changed_it(app_ctx, users):
    standard = db.session.get(SkillStandard, factories.make_standard())
    g.actor_id = users["liaison_msn"].id
    standard.practice_hours = 150
    db.session.commit()
    with pytest.raises(StaleEditError) as refused:
        check_version(standard, "1")
    message = str(refused.value)
    assert "کاربر liaison.msn" in message  # the editor's full name from the factory
    check_version(standard, "2")  # the current version passes


def test_concurrent_update_is_refused_by_the_version_counter(app, sides):
    with app.app_context():
        standard_id = factories.make_standard()
    with app.app_context():
        mine = db.session.get(SkillStandard, standard_id)
        mine.theory_hours = 10
        # Someone else saves first, through another connection.
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE skill_standards SET version = version + 1, theory_hours = 99"))
        with pytest.raises(StaleDataError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(SkillStandard, standard_id).theory_hours == 99


def test_create_update_delete_are_audited_with_before_and_after(app_ctx, users, sides):
    g.actor_id = users["admin"].id
    centre = Centre(side_id=sides["KHZ"].id, kind="private", name_fa="آموزشگاه نخل", name_ar="معهد النخيل")
    db.session.add(centre)
    db.session.commit()
    centre.name_ar = "معهد النخلة"
    db.session.commit()
    centre_id = centre.id
    db.session.delete(centre)
    db.session.commit()
    entries = list(reversed(history_for("centres", centre_id)))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.user_id == users["admin"].id for e in entries)
    assert entries[0].changes["name_fa"] == [None, "آموزشگاه نخل"]
    assert entries[1].changes == {"name_ar": ["معهد النخيل", "معهد النخلة"]}
    assert entries[2].changes["name_ar"] == ["معهد النخلة", None]


def test_audit_entry_rolls_back_with_the_change(app_ctx, sides):
    before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    db.session.add(Centre(side_id=sides["KHZ"].id, kind="government", name_fa="الف", name_ar="ب"))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before


def test_search_key_is_kept_folded(app_ctx, sides):
    centre = db.session.get(Centre, factories.make_centre(sides["MSN"].id, name_fa="مرکز ۱", name_ar="مركز علي"))
    assert "علی" in centre.search_key and "1" in centre.search_key
    centre.name_ar = "مركز كربلاء"
    db.session.commit()
    assert "کربلاء" in centre.search_key
