"""Fixtures for the security and reliability tests: databases of their own, made and dropped per test."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@pytest.fixture
def fresh_database(tmp_path):
    """Make empty databases by name: SQLite files, or PostgreSQL databases beside TEST_DATABASE_URL's."""
    base = os.environ.get("TEST_DATABASE_URL")
    made = []
    admin = create_engine(base, isolation_level="AUTOCOMMIT") if base and base.startswith("postgresql") else None

    def make(name: str) -> str:
        # pytest-xdist workers run at once: each makes (and drops) databases of its own.
        name = f"{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        if admin is None:
            return f"sqlite:///{tmp_path / f'{name}.sqlite'}"
        # Named after the test database too, so two test runs on one server never drop each other's.
        name = f"{make_url(base).database}_{name}"[:63]
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
