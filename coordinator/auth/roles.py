"""The four roles and their names in the user's language."""

from flask_babel import lazy_gettext as _l

ADMIN = "admin"
LIAISON = "liaison"
TRAINER = "trainer"
MANAGER = "manager"

ROLES = (ADMIN, LIAISON, TRAINER, MANAGER)
ROLE_LABELS = {
    ADMIN: _l("Administrator"),
    LIAISON: _l("Liaison officer"),
    TRAINER: _l("Trainer"),
    MANAGER: _l("Manager"),
}
# Roles that belong to one province (liaisons act for it; the others see it as home).
SIDE_BOUND = {LIAISON, TRAINER, MANAGER}
