"""progress indexes: the instants the progress figures count by (certificates issued, approvals given,
bookings made) and one kind of record's audit entries in a period

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_entity_at', ['entity', 'at'], unique=False)
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_issued_at'), ['issued_at'], unique=False)
    with op.batch_alter_table('course_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_approvals_at'), ['at'], unique=False)
    with op.batch_alter_table('equipment_bookings', schema=None) as batch_op:
        batch_op.create_index('ix_equipment_bookings_created_at', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('equipment_bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_equipment_bookings_created_at')
    with op.batch_alter_table('course_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_approvals_at'))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_issued_at'))
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_entity_at')
