"""recognisable certificates: signatories with signature and seal images per side, the trainee's father's name,
Latin-letter names and passport number, the skill standard's ISCO-08 code

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None



_switched_off = False


def _sqlite_foreign_keys(on: bool) -> None:
    """Going down, SQLite rebuilds skill_standards and trainees (copy, drop, rename), which courses and
    enrolments point at: foreign keys are off while it does (SQLite's own procedure for changing a table) and
    checked when they come back. Migrations are not a package, so 0018 keeps its own copy of this helper.

    Only when the rebuilt tables hold rows: an empty database (a new install, or a restore building its schema
    in one transaction before loading rows) has nothing pointing at them, and the commit the pragma needs would
    break the caller's transaction."""
    global _switched_off
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not on and not any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                          for table in ('skill_standards', 'trainees')):
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
    op.create_table('certificate_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('side_id', sa.Integer(), nullable=False),
    sa.Column('name_fa', sa.String(length=200), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('post_fa', sa.String(length=200), nullable=False),
    sa.Column('post_ar', sa.String(length=200), nullable=False),
    sa.Column('post_en', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['side_id'], ['sides.id'], name=op.f('fk_certificate_signatories_side_id_sides'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                            name=op.f('fk_certificate_signatories_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_signatories')),
    sa.UniqueConstraint('side_id', name=op.f('uq_certificate_signatories_side_id'))
    )
    op.create_table('signatory_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signatory_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['signatory_id'], ['certificate_signatories.id'],
                            name=op.f('fk_signatory_images_signatory_id_certificate_signatories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_signatory_images_uploaded_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatory_images')),
    sa.UniqueConstraint('signatory_id', 'kind', name=op.f('uq_signatory_images_signatory_id_kind')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_signatory_images_stored_name'))
    )
    with op.batch_alter_table('signatory_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatory_images_signatory_id'), ['signatory_id'], unique=False)

    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('father_name_fa', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('father_name_ar', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('father_name_en', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('passport_number', sa.String(length=20), nullable=True))

    with op.batch_alter_table('skill_standards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('isco_code', sa.String(length=4), nullable=True))


def downgrade():
    _sqlite_foreign_keys(False)
    with op.batch_alter_table('skill_standards', schema=None) as batch_op:
        batch_op.drop_column('isco_code')
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.drop_column('passport_number')
        batch_op.drop_column('father_name_en')
        batch_op.drop_column('name_en')
        batch_op.drop_column('father_name_ar')
        batch_op.drop_column('father_name_fa')
    with op.batch_alter_table('signatory_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatory_images_signatory_id'))
    op.drop_table('signatory_images')
    op.drop_table('certificate_signatories')
    _sqlite_foreign_keys(True)
