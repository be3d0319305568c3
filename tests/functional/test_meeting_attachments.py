"""Attachments on a meeting and on an agenda item: the curriculum documents' upload rules (content judged,
size capped), downloads for whoever may see the meeting, and attaching after signing reopens the minutes."""

from __future__ import annotations

import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from coordinator.extensions import db
from coordinator.meetings.models import AgendaItem, Meeting, MeetingAttachment
from tests import factories

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _meeting(app, sides):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="in_progress")
        item = AgendaItem(meeting_id=meeting_id, position=1, name_fa="دوره‌ها", name_ar="الدورات")
        db.session.add(item)
        db.session.commit()
        return meeting_id, item.id


def test_attach_download_and_refuse_a_lying_file(app, client, login, sides, users):
    meeting_id, item_id = _meeting(app, sides)
    with app.app_context():
        factories.sign_minutes(meeting_id)
    login("manager.msn")
    response = client.post(f"/meetings/{meeting_id}/attachments", content_type="multipart/form-data", data={
        "file": (io.BytesIO(PDF), "گزارش دوره.pdf"), "agenda_item_id": str(item_id)})
    assert response.status_code == 302
    lying = client.post(f"/meetings/{meeting_id}/attachments", content_type="multipart/form-data", data={
        "file": (io.BytesIO(PNG), "صورتجلسه.pdf"), "agenda_item_id": ""})
    assert lying.status_code == 400
    assert "PNG" in lying.get_data(as_text=True)  # "is named … but its content is PNG"
    with app.app_context():
        rows = db.session.scalars(select(MeetingAttachment)).all()
        assert [(r.original_name, r.agenda_item_id) for r in rows] == [("گزارش دوره.pdf", item_id)]
        attachment_id = rows[0].id
        assert db.session.get(Meeting, meeting_id).signatures == []  # attaching corrected the signed record
    with client.get(f"/meetings/attachments/{attachment_id}") as download:
        assert download.status_code == 200 and download.data == PDF
    other = app.test_client()
    login("trainer.khz", test_client=other)
    assert other.get(f"/meetings/attachments/{attachment_id}").status_code == 403


def test_a_file_over_the_cap_is_refused(app, client, login, sides, users):
    meeting_id, _item = _meeting(app, sides)
    app.config["UPLOAD_MAX_MB"], kept = 1, app.config.get("UPLOAD_MAX_MB", 10)
    try:
        login("manager.msn")
        big = PDF + b"0" * (1024 * 1024 + 10)
        # Encoded here, as the curricula tests do: the test client's own encoding leaves its spooled file open.
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(big), filename="بزرگ.pdf")})
        response = client.post(f"/meetings/{meeting_id}/attachments", data=body,
                               content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code == 413
    finally:
        app.config["UPLOAD_MAX_MB"] = kept
    with app.app_context():
        assert db.session.scalar(select(MeetingAttachment)) is None
