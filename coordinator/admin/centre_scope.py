"""Scoping a liaison to one centre of their side (auth.permissions reads `User.centre_id`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..auth.roles import LIAISON
from ..catalog.models import Centre
from ..errors import ValidationFailed
from ..extensions import db


def set_centre(user, centre_id: int | None) -> None:
    """Only a liaison is scoped, and only to a centre of their own side; None lifts the scope."""
    if centre_id is None:
        if user.centre_id is not None:  # assigning the same None would still count as a change (a version)
            user.centre_id = None
            db.session.flush()
        return
    centre = db.session.get(Centre, centre_id)
    if user.role != LIAISON:
        raise ValidationFailed(_l("Only a liaison officer is limited to one centre."), field="centre_id")
    if centre is None or centre.side_id != user.side_id:
        raise ValidationFailed(_l("Choose a centre of the account's side."), field="centre_id")
    if user.centre_id != centre.id:
        user.centre_id = centre.id
        db.session.flush()
