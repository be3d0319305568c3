"""curriculum versions: one number per curriculum; trainees: one national ID per side

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 09:40:00.000000

Two requests at once could give two versions of a curriculum the same number, or register one person twice
on a side with the same national ID. The constraints below stop that for good; what the races already left
is dealt with first:
- duplicate version numbers are renumbered: the first version (lowest id) keeps its number, each later one
  takes the curriculum's next free number, in the order they were added;
- trainees sharing a national ID on one side are people a person must tell apart (merge, or correct an ID),
  so the upgrade stops and lists them instead of guessing.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _renumber_duplicate_versions(conn) -> None:
    rows = conn.execute(sa.text(
        "SELECT id, curriculum_id, number FROM curriculum_versions ORDER BY curriculum_id, id")).all()
    highest: dict[int, int] = {}
    for _id, curriculum_id, number in rows:
        highest[curriculum_id] = max(highest.get(curriculum_id, 0), number or 0)
    seen: set[tuple[int, int]] = set()
    for version_id, curriculum_id, number in rows:
        if (curriculum_id, number) not in seen:
            seen.add((curriculum_id, number))
            continue
        highest[curriculum_id] += 1
        conn.execute(sa.text("UPDATE curriculum_versions SET number = :number WHERE id = :id"),
                     {"number": highest[curriculum_id], "id": version_id})


def _refuse_shared_national_ids(conn) -> None:
    groups = conn.execute(sa.text(
        "SELECT side_id, id_key, COUNT(*) FROM trainees WHERE id_key IS NOT NULL "
        "GROUP BY side_id, id_key HAVING COUNT(*) > 1")).all()
    if not groups:
        return
    lines = []
    for side_id, id_key, _count in groups:
        ids = conn.execute(sa.text("SELECT id FROM trainees WHERE side_id = :side AND id_key = :key ORDER BY id"),
                           {"side": side_id, "key": id_key}).scalars().all()
        # Trainee ids only: the national IDs themselves stay out of logs and terminals.
        lines.append(f"  side {side_id}: trainees {', '.join(str(i) for i in ids)}")
    raise RuntimeError(
        "Some trainees share a national ID on one side; a national ID now belongs to one trainee per side.\n"
        + "\n".join(lines)
        + "\nOpen each of these trainees (/trainees/<id>), correct or clear the wrong ID (or keep one record "
          "of the same person), then run the upgrade again. Nothing was changed.")


def upgrade():
    conn = op.get_bind()
    _refuse_shared_national_ids(conn)
    _renumber_duplicate_versions(conn)
    with op.batch_alter_table('curriculum_versions', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_curriculum_versions_curriculum_id_number'),
                                          ['curriculum_id', 'number'])
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_trainees_side_id_id_key'), ['side_id', 'id_key'])


def downgrade():
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_trainees_side_id_id_key'), type_='unique')
    with op.batch_alter_table('curriculum_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_curriculum_versions_curriculum_id_number'), type_='unique')
