"""Closing a meeting through the API: each head of delegation signs for their side (someone else is refused
with the message naming who may), the meeting closes only once both have signed; stale versions are refused;
attachments go through the curriculum documents' upload rules."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from coordinator.extensions import db
from coordinator.meetings.models import Meeting, MeetingAttachment, MeetingAttendee, MeetingSignature
from tests import factories
from tests.functional.test_api_access import make_tokens

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _meeting(app, sides, users, heads=True) -> tuple[int, dict]:
    """A Maysan meeting in progress; manager.khz and manager.msn attend (heads of their delegations)."""
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="in_progress",
                                            starts_at=datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
        meeting = db.session.get(Meeting, meeting_id)
        meeting.attendees += [
            MeetingAttendee(user_id=users["manager_khz"].id, side_id=sides["KHZ"].id, heads_delegation=heads),
            MeetingAttendee(user_id=users["manager_msn"].id, side_id=sides["MSN"].id, heads_delegation=heads)]
        db.session.commit()
        return meeting_id, make_tokens(users)


def _call(client, tokens, role, method, path, lang="fa", **kwargs):
    headers = {"Authorization": f"Bearer {tokens[role]}", "Accept-Language": lang, **kwargs.pop("headers", {})}
    return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)


def test_each_head_signs_for_their_side_and_then_the_meeting_closes(app, client, sides, users):
    meeting_id, tokens = _meeting(app, sides, users)
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    read = _call(client, tokens, "manager_khz", "GET", f"/meetings/{meeting_id}")
    assert read.headers["ETag"] == '"1"' and sorted(read.get_json()["unsigned_side_ids"]) == sorted([khz, msn])

    refused = _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                    json={"side_id": msn, "version": 1})
    assert refused.status_code == 403 and refused.get_json()["code"] == "forbidden"
    assert "فقط رئیس هیئت میسان" in refused.get_json()["message"]

    early = _call(client, tokens, "admin", "POST", f"/meetings/{meeting_id}/transitions",
                  json={"action": "close", "version": 1}, lang="en")
    assert early.status_code == 409 and early.get_json()["code"] == "transition_refused"
    assert "not yet signed for" in early.get_json()["message"]

    signed = _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                   json={"side_id": khz}, headers={"If-Match": '"1"'})
    assert signed.status_code == 201, signed.get_json()
    body = signed.get_json()
    assert [s["side"]["id"] for s in body["signatures"]] == [khz] and body["unsigned_side_ids"] == [msn]
    again = _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                  json={"side_id": khz, "version": 1}, lang="en")
    assert again.status_code == 409 and "already signed" in again.get_json()["message"]

    assert _call(client, tokens, "manager_msn", "POST", f"/meetings/{meeting_id}/signatures",
                 json={"side_id": msn, "version": 1}).status_code == 201
    closed = _call(client, tokens, "manager_msn", "POST", f"/meetings/{meeting_id}/transitions",
                   json={"action": "close", "version": 1})
    assert closed.status_code == 200, closed.get_json()
    assert closed.get_json()["status"] == "closed" and closed.headers["ETag"] == '"2"'
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.status == "closed" and meeting.closed_at is not None
        assert {(s.side_id, s.user_id) for s in meeting.signatures} == {
            (khz, users["manager_khz"].id), (msn, users["manager_msn"].id)}


def test_signing_needs_the_version_and_refuses_a_stale_one(app, client, sides, users):
    meeting_id, tokens = _meeting(app, sides, users)
    missing = _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                    json={"side_id": sides["KHZ"].id})
    assert missing.status_code == 422 and "version" in missing.get_json()["errors"]
    stale = _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                  json={"side_id": sides["KHZ"].id}, headers={"If-Match": '"7"'})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    with app.app_context():
        assert db.session.scalars(db.select(MeetingSignature)).all() == []


def test_a_recorder_adds_attendees_and_marks_the_heads_and_a_trainer_may_not(app, client, sides, users):
    meeting_id, tokens = _meeting(app, sides, users, heads=False)
    path = f"/meetings/{meeting_id}/attendees"
    twice = _call(client, tokens, "liaison_msn", "POST", path, lang="en",
                  json={"user_id": users["manager_khz"].id, "version": 1})
    assert twice.status_code == 422 and twice.get_json()["errors"]["user_id"] == [
        "This person is already on the list of attendees."]
    added = _call(client, tokens, "liaison_msn", "POST", path,
                  json={"user_id": users["liaison_khz"].id, "present": False, "version": 1})
    assert added.status_code == 201
    assert [(a["user"]["id"], a["side_id"], a["present"]) for a in added.get_json()["attendees"]][-1] == (
        users["liaison_khz"].id, sides["KHZ"].id, False)
    with app.app_context():
        attendee = db.session.scalar(db.select(MeetingAttendee.id).where(
            MeetingAttendee.user_id == users["manager_khz"].id))
        absent = db.session.scalar(db.select(MeetingAttendee.id).where(
            MeetingAttendee.user_id == users["liaison_khz"].id))
    not_there = _call(client, tokens, "liaison_msn", "POST", f"/meetings/{meeting_id}/attendees/{absent}/head",
                      json={"version": 1}, lang="en")
    assert not_there.status_code == 422 and "present" in not_there.get_json()["errors"]
    path = f"/meetings/{meeting_id}/attendees/{attendee}/head"
    assert _call(client, tokens, "trainer_khz", "POST", path, json={"version": 1}).status_code == 404
    assert _call(client, tokens, "liaison_khz", "POST", path, json={"version": 1}).status_code == 403
    marked = _call(client, tokens, "liaison_msn", "POST", path, json={"version": 1})
    assert marked.status_code == 200
    heads = [a for a in marked.get_json()["attendees"] if a["heads_delegation"]]
    assert [(a["user"]["id"], a["side_id"]) for a in heads] == [(users["manager_khz"].id, sides["KHZ"].id)]
    assert _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
                 json={"side_id": sides["KHZ"].id, "version": 1}).status_code == 201


def test_attachments_are_added_downloaded_and_removed_and_reopen_the_signatures(app, client, sides, users):
    meeting_id, tokens = _meeting(app, sides, users)
    _call(client, tokens, "manager_khz", "POST", f"/meetings/{meeting_id}/signatures",
          json={"side_id": sides["KHZ"].id, "version": 1})
    lying = _call(client, tokens, "liaison_msn", "POST", f"/meetings/{meeting_id}/attachments", lang="en",
                  json={"filename": "report.pdf", "content_base64": base64.b64encode(b"MZ\x90\x00binary").decode(),
                        "version": 1})
    assert lying.status_code == 400 or lying.status_code == 422, lying.get_json()
    assert lying.get_json()["errors"].get("file")
    garbled = _call(client, tokens, "liaison_msn", "POST", f"/meetings/{meeting_id}/attachments",
                    json={"filename": "report.pdf", "content_base64": "%%%", "version": 1})
    assert garbled.status_code == 422 and "content_base64" in garbled.get_json()["errors"]
    with app.app_context():
        assert db.session.scalars(db.select(MeetingAttachment)).all() == []
        assert len(db.session.get(Meeting, meeting_id).signatures) == 1  # refusals change nothing

    added = _call(client, tokens, "liaison_msn", "POST", f"/meetings/{meeting_id}/attachments",
                  json={"filename": "گزارش.pdf", "content_base64": base64.b64encode(PDF).decode(), "version": 1})
    assert added.status_code == 201, added.get_json()
    body = added.get_json()
    assert body["signatures"] == [] and [a["original_name"] for a in body["attachments"]] == ["گزارش.pdf"]
    attachment = body["attachments"][0]
    file = _call(client, tokens, "manager_khz", "GET", f"/meetings/{meeting_id}/attachments/{attachment['id']}/file")
    assert file.status_code == 200 and file.data == PDF
    file.close()
    assert attachment["download_url"].endswith(f"/api/v1/meetings/{meeting_id}/attachments/{attachment['id']}/file")

    assert _call(client, tokens, "liaison_khz", "DELETE",
                 f"/meetings/{meeting_id}/attachments/{attachment['id']}?version=1").status_code == 403
    stale = _call(client, tokens, "liaison_msn", "DELETE", f"/meetings/{meeting_id}/attachments/{attachment['id']}",
                  headers={"If-Match": '"3"'})
    assert stale.status_code == 409
    gone = _call(client, tokens, "liaison_msn", "DELETE", f"/meetings/{meeting_id}/attachments/{attachment['id']}",
                 headers={"If-Match": '"1"'})
    assert gone.status_code == 200 and gone.get_json()["attachments"] == []
    with app.app_context():
        assert db.session.scalars(db.select(MeetingAttachment)).all() == []
