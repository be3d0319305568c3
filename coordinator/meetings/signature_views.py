"""Signing the minutes for one's side (the head of its delegation)."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import login_required
from ..l10n.digits import InputError, parse_int
from ..web import act, load
from . import signatures
from .blueprint import bp
from .models import Meeting


@bp.route("/<int:meeting_id>/sign", methods=["POST"])
@login_required
def sign(meeting_id):
    meeting = load(Meeting, meeting_id, "meeting.sign")
    try:
        side_id = parse_int(request.form.get("side_id", ""), minimum=1, maximum=2**31 - 1)
    except InputError:
        side_id = None

    def signed_message():
        return _("Minutes signed for %(side)s.", side=signatures.signature_of(meeting, side_id).side.name)

    return act(lambda: signatures.sign(meeting, side_id, current_user), signed_message,
               url_for("meetings.detail", meeting_id=meeting_id, _anchor="signatures"))
