"""Meetings with their agenda and decisions (read-only) and action items, whose status and details are
changed through the meetings services."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g, url_for
from flask_login import current_user
from marshmallow import fields
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..l10n.bounds import DATE_MAX, DATE_MIN
from ..meetings import agenda, queries, signatures
from ..meetings.models import ACTION_LINKS, ACTION_STATUSES, MEETING_STATUSES, ActionItem, Meeting
from ..viewer import viewer_today
from ..web import load, permit
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    Day,
    Id,
    ListArgs,
    QueryId,
    QueryInt,
    Text,
    VersionArgs,
    etag,
    page_schema,
    paginate,
    require,
    submitted_version,
)
from .errors import ApiError
from .schemas import NamesMixin, Ref, UserRef, Versioned

blp = Blueprint("meetings", __name__, description="Meetings, decisions and action items")
ACTION_FIELDS = ("name_fa", "name_ar", "name_en", "owner_id", "side_id", "due_on", "status", "closed_on", "notes")


class DecisionSchema(ApiSchema):
    id = fields.Integer(required=True)
    number = fields.Integer(allow_none=True, metadata={"description": "1, 2, 3 … through the meeting"})
    text_fa = fields.String()
    text_ar = fields.String()


class AgendaItemSchema(NamesMixin):
    id = fields.Integer(required=True)
    position = fields.Integer()
    kind = fields.String()
    minutes_fa = fields.String()
    minutes_ar = fields.String()
    decisions = fields.List(fields.Nested(DecisionSchema))
    action_item_ids = fields.Method("_actions")

    def _actions(self, item):
        return [a.id for a in item.action_items]


class MeetingAttendeeSchema(ApiSchema):
    id = fields.Integer(required=True)
    user = fields.Nested(UserRef, allow_none=True)
    guest_name = fields.String()
    organisation = fields.String()
    job_title = fields.String()
    side_id = fields.Integer(allow_none=True, attribute="sitting_side_id",
                             metadata={"description": "The side they sit with"})
    present = fields.Boolean()
    heads_delegation = fields.Boolean(metadata={"description": "Signs the minutes for their side"})


class MinutesSignatureSchema(ApiSchema):
    side = fields.Nested(Ref, required=True)
    user_id = fields.Integer(allow_none=True)
    signer_name = fields.String(required=True)
    signed_at = fields.DateTime(required=True)


class MeetingAttachmentSchema(ApiSchema):
    id = fields.Integer(required=True)
    agenda_item_id = fields.Integer(allow_none=True)
    original_name = fields.String(required=True)
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    download_url = fields.Method("_url", metadata={"description": "The file itself (with the same token)"})

    def _url(self, attachment):
        return url_for("api.meetings.attachment_file", meeting_id=attachment.meeting_id,
                       attachment_id=attachment.id, _external=True)


class MeetingSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    host_side = fields.Nested(Ref, required=True)
    series_id = fields.Integer(allow_none=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    venue = fields.String()
    online_url = fields.String()
    status = fields.String(required=True, metadata={"enum": list(MEETING_STATUSES)})
    closed_at = fields.DateTime(allow_none=True)
    agenda = fields.List(fields.Nested(AgendaItemSchema))
    attendees = fields.List(fields.Nested(MeetingAttendeeSchema))
    signatures = fields.List(fields.Nested(MinutesSignatureSchema), metadata={
        "description": "The minutes as signed by the head of each side's delegation; a correction removes them"})
    unsigned_side_ids = fields.Method("_unsigned", metadata={
        "type": "array", "items": {"type": "integer"},
        "description": "Sides whose head has not signed yet: the meeting closes when this is empty"})
    attachments = fields.List(fields.Nested(MeetingAttachmentSchema))

    def _unsigned(self, meeting):
        if "signing_sides" not in g:  # once per request, not once per listed meeting
            g.signing_sides = signatures.active_sides()
        return [side.id for side in signatures.unsigned_sides(meeting, g.signing_sides)]


class MeetingArgs(ListArgs):
    status = Choice(MEETING_STATUSES)
    side = QueryId(metadata={"description": "Host side"})
    year = QueryInt(DATE_MIN.year, DATE_MAX.year, metadata={"description": "Gregorian year"})


class LinkSchema(ApiSchema):
    kind = fields.String(required=True, metadata={"enum": list(ACTION_LINKS)})
    id = fields.Integer(required=True)


class ActionItemSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    # A study visit's follow-up has no meeting: its visit (and topic) instead.
    meeting_id = fields.Integer(required=True, allow_none=True)
    agenda_item_id = fields.Integer(required=True, allow_none=True)
    visit_id = fields.Integer(allow_none=True, metadata={"description": "The study visit it follows up, if any"})
    owner = fields.Nested(UserRef, required=True)
    side = fields.Nested(Ref, required=True)
    due_on = fields.Date(required=True)
    status = fields.String(required=True, metadata={"enum": list(ACTION_STATUSES)})
    closed_on = fields.Date(allow_none=True)
    notes = fields.String()
    link = fields.Method("_link", allow_none=True)

    def _link(self, action):
        link = action.link_ref
        return {"kind": link[0], "id": link[1]} if link else None


class ActionArgs(ListArgs):
    status = Choice((*ACTION_STATUSES, "open_any"))
    side = QueryId()
    owner = QueryId()
    meeting = QueryId()
    overdue = fields.Boolean(load_default=False)


class StatusInput(VersionArgs):
    status = Choice(ACTION_STATUSES, required=True)
    closed_on = Day(allow_none=True, load_default=None,
                    metadata={"description": "Done or cancelled on (default: today at the side)"})
    notes = Text(4000, allow_none=True, load_default=None)


class ActionPatch(VersionArgs):
    name_fa = Text(200, 1)
    name_ar = Text(200, 1)
    name_en = Text(200, allow_none=True)
    owner_id = Id()
    side_id = Id()
    due_on = Day()
    status = Choice(ACTION_STATUSES)
    closed_on = Day(allow_none=True)
    notes = Text(4000)


def _visible_meetings():
    """None: every meeting; otherwise the ids a trainer takes part in."""
    return queries.trainer_meeting_ids(current_user.id) if current_user.role == "trainer" else None


@blp.route("/meetings")
@blp.arguments(MeetingArgs, location="query")
@blp.response(200, page_schema(MeetingSchema, "MeetingPage"))
def meetings(args):
    """Meetings, newest first (a trainer sees those they take part in)"""
    require("meeting.view")
    year = args.get("year")
    # A Gregorian year in UTC on the wire; the pages use the reader's calendar and clock.
    bounds = (datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)) if year else None
    stmt = queries.search_meetings(args["q"].strip() or None, status=args.get("status"), side_id=args.get("side"),
                                   year=bounds, only_ids=_visible_meetings())
    # Each listed meeting shows its people, signatures and files: one query for each, not one per meeting.
    return paginate(stmt.options(selectinload(Meeting.attendees), selectinload(Meeting.signatures),
                                 selectinload(Meeting.attachments)), args)


@blp.route("/meetings/<int:meeting_id>")
@blp.response(200, MeetingSchema)
def meeting(meeting_id):
    """One meeting with its agenda and decisions"""
    obj = load(Meeting, meeting_id, "meeting.view", conceal=True)
    return obj, 200, etag(obj)


def _action(action_id: int) -> ActionItem:
    """Visible to whoever may see its meeting, and to its owner."""
    action = db.session.get(ActionItem, action_id)
    if action is None:
        raise ApiError(404)
    if action.meeting_id is None:  # a study visit's follow-up
        permit("action.view", action, conceal=True)
    elif action.owner_id != current_user.id:
        load(Meeting, action.meeting_id, "meeting.view", conceal=True)
    return action


@blp.route("/action-items")
@blp.arguments(ActionArgs, location="query")
@blp.response(200, page_schema(ActionItemSchema, "ActionItemPage"))
def action_items(args):
    """Action items, open ones by due date first (a trainer sees their own)"""
    require("meeting.view")
    owner = current_user.id if current_user.role == "trainer" else args.get("owner")
    stmt = queries.search_actions(viewer_today(), status=args.get("status"), side_id=args.get("side"), owner_id=owner,
                                  overdue=args["overdue"], query=args["q"].strip() or None,
                                  meeting_id=args.get("meeting"))
    return paginate(stmt, args)


@blp.route("/action-items/<int:action_item_id>")
@blp.response(200, ActionItemSchema)
def action_item(action_item_id):
    """One action item"""
    obj = _action(action_item_id)
    return obj, 200, etag(obj)


@blp.route("/action-items/<int:action_item_id>/status", methods=["POST"])
@blp.arguments(StatusInput)
@blp.response(200, ActionItemSchema)
def action_status(values, action_item_id):
    """Move an action item along: open, in_progress, done, cancelled (its owner or the meeting's recorders)"""
    obj = _action(action_item_id)
    require("action.update", obj)
    agenda.set_action_status(obj, values["status"], submitted_version(values), current_user,
                             closed_on=values["closed_on"], notes=values["notes"])
    db.session.commit()
    return obj, 200, etag(obj)


@blp.route("/action-items/<int:action_item_id>", methods=["PATCH"])
@blp.arguments(ActionPatch)
@blp.response(200, ActionItemSchema)
def action_update(values, action_item_id):
    """Change an action item; once its meeting is closed, title, owner, side and due date stay as decided"""
    obj = _action(action_item_id)
    require(*agenda.edit_permission(obj))
    version = submitted_version(values)
    values.pop("version", None)
    current = {key: getattr(obj, key) for key in ACTION_FIELDS}
    link = obj.link
    current |= {"link_kind": link[0], "link_id": link[1].id} if link else {"link_kind": "", "link_id": None}
    agenda.update_action_item(obj, {**current, **values}, version, current_user)
    db.session.commit()
    return obj, 200, etag(obj)
