"""Photos and files of a visit: the curriculum documents' upload rules (type judged by content, size capped,
generated names outside static/), as the meetings' attachments use them. Services flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..curricula import uploads
from ..extensions import db
from .models import Visit, VisitAttachment


def add_attachment(visit: Visit, filename: str | None, data: bytes | None, user) -> VisitAttachment:
    if not filename:
        raise uploads.UploadRefused(_l("Choose a file to upload."))
    checked = uploads.check_upload(filename, data or b"")
    stored_name = uploads.store(data, checked.extension)
    try:
        attachment = VisitAttachment(visit_id=visit.id, original_name=checked.original_name, stored_name=stored_name,
                                     content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                     uploaded_by_id=user.id)
        visit.attachments.append(attachment)
        db.session.flush()
    except Exception:
        uploads.remove(stored_name)  # nothing half-written: no row, no file
        raise
    return attachment


def delete_attachment(visit: Visit, attachment: VisitAttachment) -> str:
    """Delete the row; the caller removes the stored file once the change is committed."""
    stored_name = attachment.stored_name
    visit.attachments.remove(attachment)
    db.session.flush()
    return stored_name
