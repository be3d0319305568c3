"""days off: closures of a side or centre, estimated lunar days, fixed-date calendar; target group priority;
the visa of each trip; passport numbers and names as printed; invitation letters

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-06 12:50:00.000000

Holidays were unique per (side, day); a centre closure may fall on a day another centre is also closed, so
the rule becomes (side, centre, day). Side-wide days (centre NULL) stay one per day through the service,
which checks them under the side's row lock. Existing holidays are side-wide public holidays, not
estimated, with no fixed calendar (nobody said they repeat).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('centre_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='public', nullable=False))
        batch_op.add_column(sa.Column('estimated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('fixed_in', sa.String(length=12), nullable=True))
        batch_op.drop_constraint('uq_holidays_side_id_day', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_holidays_side_id_centre_id_day'),
                                          ['side_id', 'centre_id', 'day'])
        batch_op.create_index(batch_op.f('ix_holidays_centre_id'), ['centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_holidays_centre_id_centres'), 'centres', ['centre_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_priority', sa.Integer(), nullable=True))
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('licence_number', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('licence_valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('accreditation', sa.String(length=12), server_default='none', nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('centre_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_centre_id_centres'), 'centres', ['centre_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('holder_name', sa.String(length=200), server_default='', nullable=False))
    op.create_table('invitation_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_invitation_letters_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_invitation_letters_issued_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_letters')),
    sa.UniqueConstraint('number', name=op.f('uq_invitation_letters_number'))
    )
    with op.batch_alter_table('invitation_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_letters_assignment_id'), ['assignment_id'], unique=False)
    op.create_table('trip_visas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_trip_visas_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_trip_visas_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trip_visas')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_trip_visas_assignment_id'))
    )


def downgrade():
    op.drop_table('trip_visas')
    with op.batch_alter_table('invitation_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_letters_assignment_id'))
    op.drop_table('invitation_letters')
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_column('holder_name')
        batch_op.drop_column('number')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_centre_id_centres'), type_='foreignkey')
        batch_op.drop_column('centre_id')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('accreditation')
        batch_op.drop_column('licence_valid_until')
        batch_op.drop_column('licence_number')
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.drop_column('waiting_priority')
    # Centre closures have no place in the old table: they go, and side-wide days keep one row per day.
    op.execute("DELETE FROM holidays WHERE centre_id IS NOT NULL")
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_holidays_centre_id_centres'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_holidays_centre_id'))
        batch_op.drop_constraint(batch_op.f('uq_holidays_side_id_centre_id_day'), type_='unique')
        batch_op.create_unique_constraint('uq_holidays_side_id_day', ['side_id', 'day'])
        batch_op.drop_column('fixed_in')
        batch_op.drop_column('estimated')
        batch_op.drop_column('kind')
        batch_op.drop_column('centre_id')
