"""Report downloads: the meeting report PDF in Persian, Arabic, English or both languages side by side."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, make_response, request

from ..auth.permissions import require
from ..extensions import db
from ..l10n.locales import pick
from ..l10n.timezones import to_zone
from ..meetings.models import Meeting
from .meeting_pdf import LANGS, build_meeting_report

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _meeting(meeting_id: int) -> Meeting:
    return db.session.get(Meeting, meeting_id) or abort(404)


def report_filename(meeting: Meeting, lang: str) -> tuple[str, str]:
    """(ASCII fallback, full name) of the download: browsers that read filename* keep the Persian title."""
    day = to_zone(meeting.starts_at, meeting.host_side.timezone).date().isoformat()
    # A Persian title in an English report's name, as the report itself shows Persian names first.
    title = pick(meeting, "name", "ar" if lang == "ar" else "fa")
    title = " ".join(title.replace("/", " ").replace("\\", " ").split())[:120]
    return f"meeting-{meeting.id}-{day}-{lang}.pdf", f"{title} {day} ({lang}).pdf"


@bp.route("/meetings/<int:meeting_id>.pdf")
@require("meeting.view", lambda meeting_id: _meeting(meeting_id))
def meeting_pdf(meeting_id):
    meeting = _meeting(meeting_id)
    lang = request.args.get("lang", "bilingual")
    if lang not in LANGS:
        lang = "bilingual"  # a mistyped link still gives the signed, two-language version
    response = make_response(build_meeting_report(meeting, lang))
    ascii_name, full_name = report_filename(meeting, lang)
    response.headers["Content-Type"] = "application/pdf"
    # RFC 6266 / 5987: the quoted ASCII name for old clients, the UTF-8 title for the rest.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full_name, safe='')}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
