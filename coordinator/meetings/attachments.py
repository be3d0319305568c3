"""Attachments on a meeting and on its agenda items: the curriculum documents' upload rules (type judged by
content, size capped, generated names outside static/). Attaching or removing a file corrects the record:
the minutes' signatures are given again. Services flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..curricula import uploads
from ..errors import NotFound
from ..extensions import db
from .models import AgendaItem, Meeting, MeetingAttachment
from .services import ensure_editable


def add_attachment(meeting: Meeting, agenda_item_id, filename: str | None, data: bytes | None,
                   user) -> MeetingAttachment:
    ensure_editable(meeting)
    item = None
    if agenda_item_id is not None:
        item = db.session.get(AgendaItem, agenda_item_id) if isinstance(agenda_item_id, int) else None
        if item is None or item.meeting_id != meeting.id:
            raise NotFound(_l("This agenda item is not on the meeting's agenda."))
    if not filename:
        raise uploads.UploadRefused(_l("Choose a file to upload."))
    checked = uploads.check_upload(filename, data or b"")
    stored_name = uploads.store(data, checked.extension)
    try:
        attachment = MeetingAttachment(meeting_id=meeting.id, agenda_item_id=item.id if item else None,
                                       original_name=checked.original_name, stored_name=stored_name,
                                       content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                       uploaded_by_id=user.id)
        meeting.attachments.append(attachment)
        db.session.flush()
    except Exception:
        uploads.remove(stored_name)
        raise
    return attachment


def delete_attachment(attachment: MeetingAttachment, user) -> str:
    """Delete the row; the caller removes the stored file once the change is committed."""
    meeting = db.session.get(Meeting, attachment.meeting_id)
    ensure_editable(meeting)
    stored_name = attachment.stored_name
    meeting.attachments.remove(attachment)
    db.session.flush()
    return stored_name
