"""joint courses in time: completion date, overrides, reviews, editable sessions, withdrawal reasons

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-06 12:30:00.000000

- courses.quota_host / quota_partner: optional places per side;
- courses.completed_on (the host side's day the course was marked completed; filled for completed courses
  from their end date) and courses.results_final_at (scores locked for trainers once finalised);
- course_overrides: a step taken before the calendar allows it, asked for and granted by two people;
- course_reviews: a side sending a proposed course back with a comment, or refusing it with a reason;
- course_sessions become editable records (version, kind theory/practice/mixed, room);
- enrolments.withdraw_reason, a code from a list;
- certificates.completed_on: the completion date printed; existing ones get the course's end date, or the
  issue date where that was earlier (a certificate never shows a completion after its issue).
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('results_final_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('quota_host', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quota_partner', sa.Integer(), nullable=True))
    op.execute("UPDATE courses SET completed_on = end_date WHERE status = 'completed'")

    op.create_table(
        'course_overrides',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('granted_by_id', sa.Integer(), nullable=True),
        sa.Column('granted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_overrides_course_id_courses'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'],
                                name=op.f('fk_course_overrides_granted_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_course_overrides_requested_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_overrides')),
    )
    with op.batch_alter_table('course_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_overrides_course_id'), ['course_id'], unique=False)

    op.create_table(
        'course_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('side_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('decision', sa.String(length=12), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_reviews_course_id_courses'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['side_id'], ['sides.id'], name=op.f('fk_course_reviews_side_id_sides'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_reviews_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_reviews')),
    )
    with op.batch_alter_table('course_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_reviews_course_id'), ['course_id'], unique=False)

    with op.batch_alter_table('course_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='mixed', nullable=False))
        batch_op.add_column(sa.Column('room', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_course_sessions_updated_by_id_users'), 'users',
                                    ['updated_by_id'], ['id'], ondelete='SET NULL', use_alter=True)
    op.execute("UPDATE course_sessions SET created_at = starts_at, updated_at = starts_at")
    with op.batch_alter_table('course_sessions', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('version', existing_type=sa.Integer(), server_default=None)

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdraw_reason', sa.String(length=20), nullable=True))

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_on', sa.Date(), nullable=True))
    # The earlier of the course's end and the issue day (SQLite keeps instants as text: date() takes the day).
    issued_day = "date(certificates.issued_at)" if op.get_bind().dialect.name == "sqlite" \
        else "CAST(certificates.issued_at AS DATE)"
    op.execute(
        f"UPDATE certificates SET completed_on = (SELECT CASE WHEN courses.end_date < {issued_day} "
        f"THEN courses.end_date ELSE {issued_day} END FROM enrolments "
        "JOIN courses ON enrolments.course_id = courses.id WHERE enrolments.id = certificates.enrolment_id)")


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('completed_on')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_column('withdraw_reason')
    with op.batch_alter_table('course_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_course_sessions_updated_by_id_users'), type_='foreignkey')
        batch_op.drop_column('updated_by_id')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('version')
        batch_op.drop_column('room')
        batch_op.drop_column('kind')
    with op.batch_alter_table('course_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_reviews_course_id'))
    op.drop_table('course_reviews')
    with op.batch_alter_table('course_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_overrides_course_id'))
    op.drop_table('course_overrides')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('quota_partner')
        batch_op.drop_column('quota_host')
        batch_op.drop_column('results_final_at')
        batch_op.drop_column('completed_on')
