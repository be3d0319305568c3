"""Uploading, downloading and removing a meeting's attachments."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import login_required
from ..curricula import upload_pages, uploads
from ..extensions import db
from ..l10n.digits import InputError, parse_int
from ..web import load, permit
from . import attachments
from .blueprint import bp
from .models import Meeting, MeetingAttachment
from .views import render_detail


def _read_upload():
    """The uploaded file's name and bytes, reading one byte past the cap at most."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None, None
    return upload.filename, upload.stream.read(uploads.max_bytes() + 1)


@bp.route("/<int:meeting_id>/attachments", methods=["POST"])
@login_required
def attachment_add(meeting_id):
    meeting = load(Meeting, meeting_id, "meeting.record")
    raw_item = request.form.get("agenda_item_id", "")
    try:
        item_id = parse_int(raw_item, minimum=1, maximum=2**31 - 1) if raw_item.strip() else None
    except InputError:
        item_id = -1  # names no agenda item: refused by the service like any other
    filename, data = _read_upload()
    return upload_pages.attach(
        lambda: attachments.add_attachment(meeting, item_id, filename, data, current_user),
        lambda error: render_detail(load(Meeting, meeting_id), error.status, attachment_error=str(error.message)),
        lambda attachment: _("“%(name)s” attached.", name=attachment.original_name),
        url_for("meetings.detail", meeting_id=meeting_id, _anchor="attachments"))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    record = load(MeetingAttachment, attachment_id)
    permit("meeting.view", db.session.get(Meeting, record.meeting_id))
    return uploads.send_document(record)


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def attachment_delete(attachment_id):
    record = load(MeetingAttachment, attachment_id)
    meeting = db.session.get(Meeting, record.meeting_id)
    permit("meeting.record", meeting)
    return upload_pages.detach(lambda: attachments.delete_attachment(record, current_user), MeetingAttachment,
                               attachment_id, _("Attachment removed."),
                               url_for("meetings.detail", meeting_id=meeting.id, _anchor="attachments"))


