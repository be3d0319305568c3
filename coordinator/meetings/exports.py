"""Action items across meetings (page and Excel workbook) and a meeting as an iCalendar event."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import select

from ..auth.models import User
from ..auth.permissions import login_required, require
from ..catalog.models import Side
from ..extensions import db
from ..l10n.locales import LANGUAGES
from ..l10n.text import join_parts
from ..l10n.timezones import as_utc, to_zone, utcnow
from ..reports.excel import XLSX_MIMETYPE, workbook
from ..viewer import viewer_lang, viewer_today, viewer_tz
from ..web import absolute_url, int_arg, load
from . import queries
from .blueprint import bp
from .forms import LINK_LABELS
from .models import ACTION_STATUSES, Meeting

# Rows in one workbook: beyond this the list must be narrowed with the filters.
EXPORT_LIMIT = 5000


def _filters() -> dict:
    status = request.args.get("status", "")
    status = status if status in ACTION_STATUSES or status == "open_any" else None
    owner_id = int_arg("owner")
    if request.args.get("mine") == "1" or current_user.role == "trainer":
        owner_id = current_user.id  # a trainer sees only their own action items
    return {"status": status, "side_id": int_arg("side"), "owner_id": owner_id,
            "overdue": request.args.get("overdue") == "1", "query": request.args.get("q", "").strip()[:200]}


@bp.route("/actions")
@require("meeting.view")
def actions():
    filters = _filters()
    stmt = queries.search_actions(viewer_today(), **filters)
    if current_user.role == "trainer":  # the visit rule reads a follow-up's delegation: loaded with the page
        stmt = stmt.options(queries.visit_delegations())
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    owners = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name)).all()
    return render_template("meetings/actions.html", pagination=pagination, filters=filters, today=viewer_today(),
                           statuses=ACTION_STATUSES, sides=db.session.scalars(select(Side).order_by(Side.id)).all(),
                           owners=owners, mine=request.args.get("mine") == "1",
                           link_labels=LINK_LABELS, links=queries.links_shown(pagination.items),
                           filtered=any(filters.values()))


@bp.route("/actions.xlsx")
@require("meeting.view")
def actions_export():
    day, zone = viewer_today(), viewer_tz()
    rows = []
    for action in db.session.scalars(queries.search_actions(day, **_filters()).limit(EXPORT_LIMIT)):
        link = action.link_ref
        rows.append((
            # A study visit's follow-up: the visit and its last day stand where the meeting would.
            *((action.meeting.name, to_zone(action.meeting.starts_at, zone).date()) if action.meeting is not None
              else (action.visit.name, action.visit.ends_on)), action.name_fa, action.name_ar,
            action.owner.display_name, action.side.name, action.due_on,
            str(action.status_label), _("Yes") if action.is_overdue(day) else "",
            action.closed_on,
            f"{LINK_LABELS[link[0]]} #{link[1]}" if link else "", action.notes,
        ))
    headers = [_("Meeting"), _("Meeting date"), _("Title in Persian"), _("Title in Arabic"),
               _("Responsible person"), _("Responsible side"), _("Due on"), _("Status"), _("Overdue"),
               _("Finished on"), _("Linked record"), _("Notes")]
    data = workbook(_("Action items"), headers, rows, rtl=viewer_lang() != "en", lang=viewer_lang())
    return Response(data, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": 'attachment; filename="action-items.xlsx"'})


@bp.route("/<int:meeting_id>/meeting.ics")
@login_required
def ics(meeting_id):
    meeting = load(Meeting, meeting_id, "meeting.view")
    host = current_app.config.get("SERVER_NAME") or request.host or "coordinator"
    return Response(meeting_calendar(meeting, viewer_lang(), host), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})


def meeting_description(meeting: Meeting, lang: str, link: str) -> str:
    """What, where and who, in the recipient's language: what a calendar shows when the event is opened."""
    with force_locale(LANGUAGES[lang].locale):
        lines = [meeting.name_in(lang), _("Hosted by: %(side)s", side=meeting.host_side.name_in(lang))]
        if meeting.venue:
            lines.append(_("Place: %(venue)s", venue=meeting.venue))
        if meeting.online_url:
            lines.append(_("Online: %(url)s", url=meeting.online_url))
        names = [attendee.display_name for attendee in meeting.attendees]
        if names:
            lines.append(_("Attendees: %(names)s", names=join_parts(names, lang)))
        agenda = [item.name_in(lang) for item in meeting.agenda]
        if agenda:
            lines.append(_("Agenda:"))
            lines.extend(f"{number}. {title}" for number, title in enumerate(agenda, start=1))
        lines.append(_("Details: %(url)s", url=link))
    return "\n".join(lines)


def meeting_calendar(meeting: Meeting, lang: str, host: str) -> bytes:
    """The meeting as an iCalendar event (the download, and the attachment of its notification e-mail)."""
    cal = Calendar()
    cal.add("prodid", "-//Coordinator//Meetings//FA-AR-EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host.split(':')[0]}")  # stable: the same event on every download
    event.add("dtstamp", utcnow())
    event.add("dtstart", as_utc(meeting.starts_at))
    event.add("dtend", as_utc(meeting.ends_at))
    event.add("summary", meeting.name_in(lang))
    event.add("sequence", meeting.version)
    event.add("status", "TENTATIVE" if meeting.status == "draft" else "CONFIRMED")
    if meeting.venue or meeting.online_url:
        event.add("location", meeting.venue or meeting.online_url)
    link = absolute_url("meetings.detail", meeting_id=meeting.id)
    event.add("url", link)  # back to the meeting's page; an online meeting's address is in the description
    event.add("description", meeting_description(meeting, lang, link))
    for attendee in meeting.attendees:
        email = attendee.user.email if attendee.user is not None else None
        if email:
            address = vCalAddress(f"mailto:{email}")
            address.params["cn"] = vText(attendee.display_name)
            address.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", address, encode=0)
    cal.add_component(event)
    return cal.to_ical()
