"""Signing the minutes through the page: the head of delegation signs for their side; signing for the other
side is refused with a message naming who may; the report PDF shows who signed when."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.meetings.models import Meeting, MeetingAttendee, MeetingSignature
from tests import factories
from tests.unit.test_meeting_pdf import pdf_text


def _meeting(app, sides, users) -> int:
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="in_progress",
                                            starts_at=datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
        meeting = db.session.get(Meeting, meeting_id)
        meeting.attendees += [
            MeetingAttendee(user_id=users["manager_khz"].id, side_id=sides["KHZ"].id, heads_delegation=True),
            MeetingAttendee(user_id=users["manager_msn"].id, side_id=sides["MSN"].id, heads_delegation=True)]
        db.session.commit()
        return meeting_id


def test_each_head_signs_for_their_side_and_the_pdf_shows_it(app, client, sides, users, login, tmp_path):
    meeting_id = _meeting(app, sides, users)
    login("manager.khz")
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert 'action="/meetings/%d/sign"' % meeting_id in page and page.count('name="side_id" value=') == 1
    refused = client.post(f"/meetings/{meeting_id}/sign", data={"side_id": sides["MSN"].id}, follow_redirects=True)
    assert "فقط رئیس هیئت میسان" in refused.get_data(as_text=True)
    signed = client.post(f"/meetings/{meeting_id}/sign", data={"side_id": sides["KHZ"].id}, follow_redirects=True)
    assert "صورت‌جلسه از طرف خوزستان امضا شد." in signed.get_data(as_text=True)
    close = client.post(f"/meetings/{meeting_id}/state/close", data={"version": 1}, follow_redirects=True)
    assert "میسان" in close.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(select(MeetingSignature)).all()
        assert [(r.side_id, r.signer_name) for r in rows] == [(sides["KHZ"].id, "کاربر manager.khz")]
        assert db.session.get(Meeting, meeting_id).status == "in_progress"
        from coordinator.meetings.report.pdf import build_meeting_report

        text = pdf_text(build_meeting_report(db.session.get(Meeting, meeting_id), "en"), tmp_path)
    assert "Signed on" in text and "Tehran time" in text
    assert "Not signed yet" in text
