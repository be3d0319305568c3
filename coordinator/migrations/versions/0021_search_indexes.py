"""search indexes: the course list's search key read through a trigram index (pg_trgm GIN on PostgreSQL, an FTS5
table with the trigram tokenizer and its triggers on SQLite)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 20:00:00

"""
from alembic import op

# The statements live beside the search function (coordinator/search.py, core and pure), so create_all and this
# migration build the same thing.
from coordinator.search import (INDEXED, postgresql_drop_statements, postgresql_statements, sqlite_drop_statements,
                                sqlite_statements)

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    for table in INDEXED:
        if dialect == "sqlite":
            _run(sqlite_statements(table))
        elif dialect == "postgresql":
            _run(postgresql_statements(table))


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in INDEXED:
        if dialect == "sqlite":
            _run(sqlite_drop_statements(table))
        elif dialect == "postgresql":
            _run(postgresql_drop_statements(table))
