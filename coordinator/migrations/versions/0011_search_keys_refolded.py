"""Search keys recomputed: a trainee's search key holds the names only (IDs and phones are matched whole),
folding drops every invisible character and folds look-alike letters, and phones have one form (+98/0098/0).

Data only: no column changes. Written with Core and explicit columns so it keeps working after later
migrations change these tables; the folding functions come from coordinator.l10n.folding (core, pure).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"

# Each searchable table and the columns its search_key is folded from (SearchableMixin.__search_fields__
# of each model, as of this revision).
SEARCH_FIELDS = {
    "action_items": ("name_fa", "name_ar", "name_en"),
    "agro_tracks": ("name_fa", "name_ar", "name_en"),
    "border_crossings": ("name_fa", "name_ar", "name_en"),
    "centres": ("name_fa", "name_ar", "name_en", "city_fa", "city_ar", "contact_name", "phone"),
    "competitions": ("name_fa", "name_ar", "name_en"),
    "courses": ("code", "name_fa", "name_ar", "name_en", "contact_name"),
    "curricula": ("name_fa", "name_ar", "name_en"),
    "equipment_items": ("name_fa", "name_ar", "name_en", "model", "asset_tag"),
    "holidays": ("name_fa", "name_ar", "name_en"),
    "meetings": ("name_fa", "name_ar", "name_en"),
    "milestones": ("name_fa", "name_ar", "name_en"),
    "sides": ("code", "name_fa", "name_ar", "name_en", "organisation_fa", "organisation_ar"),
    "skill_standards": ("code", "name_fa", "name_ar", "name_en", "field_fa", "field_ar"),
    "target_groups": ("name_fa", "name_ar", "name_en"),
    "trainees": ("name_fa", "name_ar"),
    "trainers": ("name_fa", "name_ar", "qualifications"),
    "users": ("username", "full_name", "email"),
}
TRAINEE_KEYS = ("name_phone_key", "id_key")
BATCH = 1000


def _keys(table_name: str, fields, row) -> dict:
    from coordinator.l10n.folding import fold, identity_key, phone_key

    keys = {"search_key": fold(" | ".join(str(row[f]) for f in fields if row[f]))[:1000]}
    if table_name == "trainees":
        keys["name_phone_key"] = f"{fold(row['name_fa'] or row['name_ar'])}|{phone_key(row['phone'])}"[:300]
        keys["id_key"] = identity_key(row["national_id"])[:40] or None
    return keys


def upgrade():
    bind = op.get_bind()
    for table_name, fields in SEARCH_FIELDS.items():
        sources = (*fields, "phone", "national_id") if table_name == "trainees" else fields
        targets = ("search_key", *TRAINEE_KEYS) if table_name == "trainees" else ("search_key",)
        columns = dict.fromkeys(("id", *sources, *targets))
        table = sa.table(table_name, *(sa.column(name) for name in columns))
        changed = []
        for row in bind.execute(sa.select(table).order_by(table.c.id)).mappings():
            keys = _keys(table_name, fields, row)
            if any(row[name] != value for name, value in keys.items()):
                changed.append({"_id": row["id"], **keys})
        stmt = table.update().where(table.c.id == sa.bindparam("_id")).values(
            {name: sa.bindparam(name) for name in targets})
        for start in range(0, len(changed), BATCH):
            bind.execute(stmt, changed[start:start + BATCH])


def downgrade():
    # The older code searched trainees' IDs and phones by any part of search_key; after a downgrade it finds
    # them by name only until each record is saved again. Nothing else depends on the keys' exact form.
    pass
