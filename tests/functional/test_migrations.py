"""The migrations build exactly the models' schema and undo it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.extensions import db
from coordinator.search import is_search_index


@pytest.fixture
def empty_database_url(tmp_path):
    """A database of its own, so the migrations start from nothing."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = "coordinator_migrations_test"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            # The search indexes (coordinator/search.py) are the database's own, not the models'.
            context = MigrationContext.configure(
                conn, opts={"include_name": lambda name, _type, _parents: not is_search_index(name)})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "sides", "centres", "audit_entries", "user_sessions"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()  # and back up again, as a real roll-forward would
        db.session.remove()
        db.engine.dispose()


def test_0018_moves_each_trainees_target_group_into_the_many_to_many_table_and_back(empty_database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="0016")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO sides (id, code, name_fa, name_ar, country_code, timezone, calendar, "
                              "weekend_days, organisation_fa, organisation_ar, active, search_key, version, "
                              "created_at, updated_at) VALUES (1, 'KHZ', 'خوزستان', 'خوزستان', 'IR', "
                              "'Asia/Tehran', 'jalali', '4', '', '', true, '', 1, '2026-01-01', '2026-01-01')"))
            for group_id, priority in ((1, None), (2, 3)):
                conn.execute(text("INSERT INTO target_groups (id, code, name_fa, name_ar, description, sort_order, "
                                  "waiting_priority, active, search_key, version, created_at, updated_at) VALUES "
                                  "(:id, :code, 'گ', 'ف', '', 100, :p, true, '', 1, '2026-01-01', '2026-01-01')"),
                             {"id": group_id, "code": f"g{group_id}", "p": priority})
            for trainee_id, group_id in ((1, 2), (2, None)):
                conn.execute(text("INSERT INTO trainees (id, name_fa, name_ar, gender, side_id, target_group_id, "
                                  "education, phone, name_phone_key, search_key, version, created_at, updated_at) "
                                  "VALUES (:id, 'ت', '', 'f', 1, :g, 'secondary', '1', '', '', 1, '2026-01-01', "
                                  "'2026-01-01')"), {"id": trainee_id, "g": group_id})
        upgrade(revision="0018")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT trainee_id, target_group_id FROM trainee_target_groups")).all()
            assert [tuple(r) for r in rows] == [(1, 2)]
            conn.execute(text("INSERT INTO trainee_target_groups VALUES (1, 1)"))
            conn.commit()
        downgrade(revision="0017")  # the group of best waiting priority comes back
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, target_group_id FROM trainees ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, 2), (2, None)]
        db.session.remove()
        db.engine.dispose()
