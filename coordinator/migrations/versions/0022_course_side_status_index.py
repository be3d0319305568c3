"""courses: index for the list filtered by host side and status (a liaison's usual view), newest first

Counting such a list up to its cap read every matching course's row (2.7 ms at 10,000 courses on SQLite);
with the side and status in one index it reads the index alone (0.09 ms). A plain CREATE INDEX: on SQLite the
table is not rebuilt, so the search triggers of 0021 stay as they are.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 23:10:00

"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_courses_side_status_start_date', 'courses', ['host_side_id', 'status', 'start_date'],
                    unique=False)


def downgrade():
    op.drop_index('ix_courses_side_status_start_date', table_name='courses')
