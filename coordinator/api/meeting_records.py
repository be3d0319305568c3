"""Closing a meeting through the API as on its page: move it along (open, start, close), mark who heads each
delegation, each head signs the minutes for their side, attach files. The meetings services and permission
rules decide; each write names the meeting's version as read (If-Match or "version")."""

from __future__ import annotations

import base64
import binascii
import re

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields, validate

from ..curricula import uploads
from ..db import check_version
from ..extensions import db
from ..meetings import attachments, services, signatures
from ..meetings.models import Meeting, MeetingAttachment, MeetingAttendee
from ..web import load
from .common import Id, Text, VersionArgs, VersionQuery, etag, require, submitted_version
from .errors import ApiError
from .meetings import MeetingSchema, blp

BASE64 = "^[A-Za-z0-9+/]+={0,2}$"
BAD_CONTENT = _l("Send the file's content encoded in base64.")


class Base64(fields.String):
    """A file's bytes as base64 text: the document states the alphabet, the field hands over the bytes."""

    def __init__(self, **kwargs):
        metadata = {"pattern": BASE64, **kwargs.pop("metadata", {})}
        super().__init__(validate=validate.Length(min=1, max=240_000), metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            if not re.fullmatch(BASE64, text):
                raise ValueError(text[:20])
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError(str(BAD_CONTENT)) from exc


class MeetingTransitionInput(VersionArgs):
    action = fields.String(required=True, validate=validate.OneOf(tuple(services.TRANSITIONS)), metadata={
        "description": "open (from draft), draft (back from open), start (from open), close (from in_progress: "
                       "needs the minutes signed for every side)"})


class MinutesSignatureInput(VersionArgs):
    side_id = Id(required=True, metadata={"description": "The side the minutes are signed for: the signer "
                                                         "must head that side's delegation at this meeting"})


class MeetingAttachmentInput(VersionArgs):
    filename = Text(255, 1, required=True, metadata={"description": "The file's name, with its extension"})
    content_base64 = Base64(required=True, metadata={
        "description": "The file, base64-encoded (the API takes bodies up to 256 KB; larger files on the page)"})
    agenda_item_id = Id(allow_none=True, load_default=None, metadata={
        "description": "The agenda item it belongs to (none: the meeting's own)"})


def _meeting(meeting_id: int, action: str) -> Meeting:
    meeting = load(Meeting, meeting_id, "meeting.view", conceal=True)
    require(action, meeting)
    return meeting


def _done(meeting: Meeting, status: int = 200):
    db.session.commit()
    db.session.refresh(meeting)
    return meeting, status, etag(meeting)


@blp.route("/meetings/<int:meeting_id>/transitions", methods=["POST"])
@blp.arguments(MeetingTransitionInput)
@blp.response(200, MeetingSchema)
def transition(values, meeting_id):
    """Move a meeting along (who may record it); closing is refused until both heads of delegation sign"""
    meeting = _meeting(meeting_id, "meeting.record")
    services.transition(meeting, values["action"], current_user, submitted_version(values))
    return _done(meeting)


class MeetingAttendeeInput(VersionArgs):
    user_id = Id(allow_none=True, load_default=None, metadata={"description": "A user of the system (once per "
                                                                             "meeting); or give guest_name"})
    guest_name = Text(200, load_default="")
    organisation = Text(300, load_default="")
    job_title = Text(200, load_default="")
    side_id = Id(allow_none=True, load_default=None, metadata={"description": "The side they sit with (default: "
                                                                             "the user's own)"})
    present = fields.Boolean(load_default=True)


@blp.route("/meetings/<int:meeting_id>/attendees", methods=["POST"])
@blp.arguments(MeetingAttendeeInput)
@blp.response(201, MeetingSchema)
def attendee_add(values, meeting_id):
    """Add an attendee: a user of the system or a guest (the minutes' signatures are given again)"""
    meeting = _meeting(meeting_id, "meeting.record")
    check_version(meeting, submitted_version(values))
    services.add_attendee(meeting, values, current_user)
    return _done(meeting, 201)


@blp.route("/meetings/<int:meeting_id>/attendees/<int:attendee_id>/head", methods=["POST"])
@blp.arguments(VersionArgs)
@blp.response(200, MeetingSchema)
def attendee_head(values, meeting_id, attendee_id):
    """Mark an attendee present at the meeting as the head of their side's delegation (who signs for it)"""
    meeting = _meeting(meeting_id, "meeting.record")
    attendee = db.session.get(MeetingAttendee, attendee_id)
    if attendee is None or attendee.meeting_id != meeting.id:
        raise ApiError(404)
    check_version(meeting, submitted_version(values))
    services.make_head(attendee, current_user)
    return _done(meeting)


@blp.route("/meetings/<int:meeting_id>/signatures", methods=["POST"])
@blp.arguments(MinutesSignatureInput)
@blp.response(201, MeetingSchema)
def sign(values, meeting_id):
    """Sign the minutes for a side: only the head of that side's delegation, while the meeting is in progress"""
    meeting = _meeting(meeting_id, "meeting.sign")
    check_version(meeting, submitted_version(values))
    signatures.sign(meeting, values["side_id"], current_user)
    return _done(meeting, 201)


@blp.route("/meetings/<int:meeting_id>/attachments", methods=["POST"])
@blp.arguments(MeetingAttachmentInput)
@blp.response(201, MeetingSchema)
def attachment_add(values, meeting_id):
    """Attach a file to the meeting or one of its agenda items (the curriculum documents' upload rules; the
    minutes' signatures are given again)"""
    meeting = _meeting(meeting_id, "meeting.record")
    check_version(meeting, submitted_version(values))
    attachment = attachments.add_attachment(meeting, values["agenda_item_id"], values["filename"],
                                            values["content_base64"], current_user)
    try:
        return _done(meeting, 201)
    except Exception:
        db.session.rollback()
        uploads.remove(attachment.stored_name)  # nothing half-written: no row, no file
        raise


def _attachment(meeting_id: int, attachment_id: int, action: str) -> tuple[Meeting, MeetingAttachment]:
    meeting = _meeting(meeting_id, action)
    attachment = db.session.get(MeetingAttachment, attachment_id)
    if attachment is None or attachment.meeting_id != meeting.id:
        raise ApiError(404)
    return meeting, attachment


@blp.route("/meetings/<int:meeting_id>/attachments/<int:attachment_id>/file")
@blp.doc(responses={"200": {"description": "The file, under its original name (Content-Disposition)",
                            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}})
def attachment_file(meeting_id, attachment_id):
    """Download an attachment of a meeting"""
    _meeting_obj, attachment = _attachment(meeting_id, attachment_id, "meeting.view")
    return uploads.send_document(attachment)


@blp.route("/meetings/<int:meeting_id>/attachments/<int:attachment_id>", methods=["DELETE"])
@blp.arguments(VersionQuery, location="query")
@blp.response(200, MeetingSchema)
def attachment_delete(values, meeting_id, attachment_id):
    """Remove an attachment (the meeting's version in If-Match or ?version=; the signatures are given again)"""
    meeting, attachment = _attachment(meeting_id, attachment_id, "meeting.record")
    check_version(meeting, submitted_version(values))
    stored_name = attachments.delete_attachment(attachment, current_user)
    result = _done(meeting)
    uploads.remove(stored_name)  # after the commit: a refusal keeps the file
    return result

