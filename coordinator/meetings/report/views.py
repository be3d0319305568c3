"""Report downloads: the meeting report PDF in Persian, Arabic, English or both languages side by side."""

from __future__ import annotations

from urllib.parse import quote

from flask import make_response, request

from ...auth.permissions import login_required
from ...l10n.locales import pick
from ...l10n.timezones import to_zone
from ...web import load
from ..blueprint import report_bp as bp
from ..models import Meeting
from .pdf import LANGS, build_meeting_report


def report_filename(meeting: Meeting, lang: str) -> tuple[str, str]:
    """(ASCII fallback, full name) of the download: browsers that read filename* keep the Persian title."""
    day = to_zone(meeting.starts_at, meeting.host_side.timezone).date().isoformat()
    # A Persian title in an English report's name, as the report itself shows Persian names first.
    title = pick(meeting, "name", "ar" if lang == "ar" else "fa")
    title = " ".join(title.replace("/", " ").replace("\\", " ").split())[:120]
    return f"meeting-{meeting.id}-{day}-{lang}.pdf", f"{title} {day} ({lang}).pdf"


@bp.route("/meetings/<int:meeting_id>.pdf")
@login_required
def meeting_pdf(meeting_id):
    meeting = load(Meeting, meeting_id, "meeting.view")
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
