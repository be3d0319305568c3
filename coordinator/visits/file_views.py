"""Uploading, downloading and removing a visit's photos and files."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import login_required
from ..curricula import upload_pages, uploads
from ..extensions import db
from ..web import load, permit
from . import files
from .blueprint import bp
from .models import Visit, VisitAttachment
from .views import render_detail


@bp.route("/<int:visit_id>/files", methods=["POST"])
@login_required
def attachment_add(visit_id):
    visit = load(Visit, visit_id, "visit.take_part")
    upload = request.files.get("file")
    filename, data = (upload.filename, upload.stream.read(uploads.max_bytes() + 1)) if upload else (None, None)
    return upload_pages.attach(
        lambda: files.add_attachment(visit, filename, data, current_user),
        lambda error: render_detail(load(Visit, visit_id), error.status, attachment_error=str(error.message)),
        lambda attachment: _("“%(name)s” attached.", name=attachment.original_name),
        url_for("visits.detail", visit_id=visit_id, _anchor="files"))


@bp.route("/files/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    record = load(VisitAttachment, attachment_id)
    permit("visit.view", db.session.get(Visit, record.visit_id))
    return uploads.send_document(record)


@bp.route("/files/<int:attachment_id>/delete", methods=["POST"])
@login_required
def attachment_delete(attachment_id):
    record = load(VisitAttachment, attachment_id)
    visit = db.session.get(Visit, record.visit_id)
    permit("visit.take_part", visit)
    return upload_pages.detach(lambda: files.delete_attachment(visit, record), VisitAttachment, attachment_id,
                               _("Attachment removed."), url_for("visits.detail", visit_id=visit.id, _anchor="files"))
