"""trainee group trips across the border (travellers with their documents); a trainee in several target
groups; the centre that registered a trainee

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 15:40:00

Each trainee's one target group becomes their row of trainee_target_groups (read before the column goes);
going down keeps the group of best waiting priority (then sort order).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


_switched_off = False


def _sqlite_foreign_keys(on: bool) -> None:
    """SQLite rebuilds the trainees table (copy, drop, rename): with foreign keys enforced, dropping the old copy
    would be refused (enrolments point at it) or would cascade. They are off while it is rebuilt, as SQLite's
    own procedure for changing a table says, and checked when they come back. The pragma is a no-op inside a
    transaction: what is pending is committed first (SQLite's DDL here is not transactional anyway).

    Only when the rebuilt tables hold rows: an empty database (a new install, or a restore building its schema
    in one transaction before loading rows) has nothing pointing at them, and the commit the pragma needs would
    break the caller's transaction."""
    global _switched_off
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not on and not any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                          for table in ('trainees',)):
        return
    if on and not _switched_off:
        return
    _switched_off = not on
    raw = bind.connection.dbapi_connection
    if raw.in_transaction:
        raw.commit()
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if on:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the table rebuild: {broken[:5]}")


def upgrade():
    _sqlite_foreign_keys(False)
    # Read the single groups first: the column goes with the rebuild below.
    kept = op.get_bind().execute(sa.text(
        "SELECT id, target_group_id FROM trainees WHERE target_group_id IS NOT NULL")).all()
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.drop_index('ix_trainees_target_group_id')
        batch_op.drop_constraint('fk_trainees_target_group_id_target_groups', type_='foreignkey')
        batch_op.drop_column('target_group_id')
        batch_op.add_column(sa.Column('centre_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_trainees_centre_id'), ['centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_trainees_centre_id_centres'), 'centres', ['centre_id'], ['id'],
                                    ondelete='SET NULL')
    links = op.create_table('trainee_target_groups',
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('target_group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['target_group_id'], ['target_groups.id'], name=op.f('fk_trainee_target_groups_target_group_id_target_groups'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_trainee_target_groups_trainee_id_trainees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('trainee_id', 'target_group_id', name=op.f('pk_trainee_target_groups'))
    )
    with op.batch_alter_table('trainee_target_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainee_target_groups_target_group_id'), ['target_group_id'], unique=False)
    if kept:
        op.bulk_insert(links, [{"trainee_id": row[0], "target_group_id": row[1]} for row in kept])
    _sqlite_foreign_keys(True)

    op.create_table('group_trips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('travel_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('travel_back_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('crossing_id', sa.Integer(), nullable=True),
    sa.Column('escort_trainer_id', sa.Integer(), nullable=True),
    sa.Column('escort_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_group_trips_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['crossing_id'], ['border_crossings.id'], name=op.f('fk_group_trips_crossing_id_border_crossings'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['escort_trainer_id'], ['trainers.id'], name=op.f('fk_group_trips_escort_trainer_id_trainers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['side_id'], ['sides.id'], name=op.f('fk_group_trips_side_id_sides'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_group_trips_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_trips')),
    sa.UniqueConstraint('course_id', 'side_id', name=op.f('uq_group_trips_course_id_side_id'))
    )
    with op.batch_alter_table('group_trips', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_trips_course_id'), ['course_id'], unique=False)

    op.create_table('group_travellers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trip_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('name_latin', sa.String(length=200), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('passport_number', sa.String(length=40), nullable=False),
    sa.Column('passport_expires_on', sa.Date(), nullable=True),
    sa.Column('visa_status', sa.String(length=12), nullable=False),
    sa.Column('visa_needed_by', sa.Date(), nullable=True),
    sa.Column('visa_valid_from', sa.Date(), nullable=True),
    sa.Column('visa_valid_until', sa.Date(), nullable=True),
    sa.Column('visa_number', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_group_travellers_trainee_id_trainees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['trip_id'], ['group_trips.id'], name=op.f('fk_group_travellers_trip_id_group_trips'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_group_travellers_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_travellers')),
    sa.UniqueConstraint('trip_id', 'trainee_id', name=op.f('uq_group_travellers_trip_id_trainee_id'))
    )
    with op.batch_alter_table('group_travellers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_travellers_trainee_id'), ['trainee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_travellers_trip_id'), ['trip_id'], unique=False)


def downgrade():
    _sqlite_foreign_keys(False)
    op.drop_table('group_travellers')
    op.drop_table('group_trips')
    # Each trainee keeps the group of best waiting priority (then sort order); read before the table goes.
    best = op.get_bind().execute(sa.text(
        "SELECT tg.trainee_id, tg.target_group_id FROM trainee_target_groups tg "
        "JOIN target_groups g ON g.id = tg.target_group_id "
        "ORDER BY tg.trainee_id, CASE WHEN g.waiting_priority IS NULL THEN 1 ELSE 0 END, g.waiting_priority, "
        "g.sort_order, g.id")).all()
    op.drop_table('trainee_target_groups')
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.drop_constraint('fk_trainees_centre_id_centres', type_='foreignkey')
        batch_op.drop_index('ix_trainees_centre_id')
        batch_op.drop_column('centre_id')
        batch_op.add_column(sa.Column('target_group_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_trainees_target_group_id', ['target_group_id'], unique=False)
        batch_op.create_foreign_key('fk_trainees_target_group_id_target_groups', 'target_groups',
                                    ['target_group_id'], ['id'], ondelete='RESTRICT')
    chosen = {}
    for trainee_id, group_id in best:
        chosen.setdefault(trainee_id, group_id)
    for trainee_id, group_id in chosen.items():
        op.execute(sa.text("UPDATE trainees SET target_group_id = :g WHERE id = :t").bindparams(
            g=group_id, t=trainee_id))
    _sqlite_foreign_keys(True)
