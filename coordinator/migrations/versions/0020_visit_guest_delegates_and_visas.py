"""a study visit's delegate may be a guest (names, side, passport, an optional account) instead of a trainer;
the visa of each delegate for the visit

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 19:10:00

SQLite rebuilds visit_delegates (trainer_id becomes optional, a check and a unique rule are added): invitation
letters point at it, so foreign keys are off while it is rebuilt (as in 0017/0018). Going down, guest delegates
go (their letters with them): a delegate without a trainer cannot be kept.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


_switched_off = False


def _sqlite_foreign_keys(on: bool) -> None:
    """SQLite rebuilds visit_delegates (copy, drop, rename): with foreign keys enforced, dropping the old copy would
    cascade to the invitation letters pointing at it. They are off while it is rebuilt, as SQLite's own procedure
    for changing a table says, and checked when they come back. The pragma is a no-op inside a transaction: what
    is pending is committed first (SQLite's DDL here is not transactional anyway).

    Only when the rebuilt table holds rows: an empty database has nothing pointing at it, and the commit the
    pragma needs would break the caller's transaction."""
    global _switched_off
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not on and not bind.execute(sa.text("SELECT 1 FROM visit_delegates LIMIT 1")).first():
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
    with op.batch_alter_table('visit_delegates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fa', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('name_ar', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('side_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('passport_number', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('passport_expires_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visa_status', sa.String(length=12), server_default='not_needed',
                                      nullable=False))
        batch_op.add_column(sa.Column('visa_valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visa_valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visa_number', sa.String(length=60), server_default='', nullable=False))
        batch_op.alter_column('trainer_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f('ix_visit_delegates_user_id'), ['user_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_visit_delegates_visit_id_passport_number'),
                                          ['visit_id', 'passport_number'])
        batch_op.create_foreign_key(batch_op.f('fk_visit_delegates_side_id_sides'), 'sides', ['side_id'], ['id'],
                                    ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_visit_delegates_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_check_constraint(
            batch_op.f('ck_visit_delegates_traveller_or_guest'), 'trainer_id IS NOT NULL OR (side_id IS NOT NULL AND passport_number IS NOT NULL)')
    _sqlite_foreign_keys(True)


def downgrade():
    # A guest delegate has no trainer: it goes (with its letters) before the trainer is required again.
    op.execute("DELETE FROM invitation_letters WHERE visit_delegate_id IN "
               "(SELECT id FROM visit_delegates WHERE trainer_id IS NULL)")
    op.execute("DELETE FROM visit_delegates WHERE trainer_id IS NULL")
    _sqlite_foreign_keys(False)
    with op.batch_alter_table('visit_delegates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_visit_delegates_traveller_or_guest'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_visit_delegates_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_visit_delegates_side_id_sides'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_visit_delegates_visit_id_passport_number'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_visit_delegates_user_id'))
        batch_op.alter_column('trainer_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('visa_number')
        batch_op.drop_column('visa_valid_until')
        batch_op.drop_column('visa_valid_from')
        batch_op.drop_column('visa_status')
        batch_op.drop_column('passport_expires_on')
        batch_op.drop_column('passport_number')
        batch_op.drop_column('user_id')
        batch_op.drop_column('side_id')
        batch_op.drop_column('name_en')
        batch_op.drop_column('name_ar')
        batch_op.drop_column('name_fa')
    _sqlite_foreign_keys(True)
