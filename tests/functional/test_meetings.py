"""Meeting pages: create and edit in the host side's clock, stale edits, who may record, a closed meeting,
action items, the calendar event and the Excel workbook."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingAttendee
from tests import factories


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def login(client):
    def do_login(username: str, test_client=None):
        response = (test_client or client).post("/login", data={"username": username,
                                                               "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return do_login


def _form(sides, **changes):
    data = {"name_fa": "جلسه هماهنگی آذر", "name_ar": "اجتماع التنسيق", "name_en": "Coordination meeting",
            "host_side_id": sides["MSN"].id, "starts_on": "2026/12/10", "start_time": "10:00",
            "ends_on": "", "end_time": "12:30", "venue": "العمارة، مركز التدريب المهني", "online_url": ""}
    return data | changes


def _meeting(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def test_create_stores_host_time_in_utc_and_shows_both_clocks(app, client, sides, users, login):
    login("manager.khz")
    response = client.post("/meetings/new", data=_form(sides))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        # 10:00 in Baghdad (UTC+3) is 07:00 UTC; Tehran shows 10:30.
        assert meeting.starts_at == datetime(2026, 12, 10, 7, 0, tzinfo=UTC)
        assert meeting.ends_at == datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
        assert meeting.status == "draft"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "10:30" in page and "10:00" in page
    assert "Coordination meeting" in page
    # Progress since the last meeting (the first: since the start), in the fragment the progress tab loads.
    progress_url = f"/meetings/{meeting.id}/progress"
    assert f'data-fragment="{progress_url}"' in page
    assert 'class="progress-report"' in client.get(progress_url, headers={"X-Fragment": "1"}).get_data(as_text=True)


def test_end_before_start_is_refused_on_the_field(app, client, sides, users, login):
    login("admin")
    response = client.post("/meetings/new", data=_form(sides, end_time="09:00"))
    assert response.status_code == 400
    assert "The meeting must end after it starts." in response.get_data(as_text=True)
    response = client.post("/meetings/new", data=_form(sides, end_time="10:00"))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Meeting)) is None


def test_bad_link_and_missing_place_are_refused(app, client, sides, users, login):
    login("admin")
    response = client.post("/meetings/new", data=_form(sides, venue="", online_url="javascript:alert(1)"))
    assert response.status_code == 400
    assert "http:// or https://" in response.get_data(as_text=True)
    response = client.post("/meetings/new", data=_form(sides, venue="", online_url=""))
    assert response.status_code == 400
    assert "Enter the venue or the link" in response.get_data(as_text=True)
    response = client.post("/meetings/new", data=_form(sides, venue="", online_url="https://meet.example.org/x"))
    assert response.status_code == 302


def test_persian_digits_and_a_jalali_date(app, sides, users, login):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    login("admin", test_client=client)
    # ۱۹ آذر ۱۴۰۵ is 10 December 2026; the hours are typed in Persian digits too.
    response = client.post("/meetings/new", data=_form(sides, starts_on="۱۴۰۵/۰۹/۱۹", start_time="۱۰:۰۰",
                                                       end_time="۱۲:۰۰", host_side_id=sides["KHZ"].id))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        # 10:00 in Tehran (UTC+3:30) is 06:30 UTC.
        assert meeting.starts_at == datetime(2026, 12, 10, 6, 30, tzinfo=UTC)


def test_stale_edit_is_refused_with_who_changed_it(app, client, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
    login("manager.msn")
    form = client.get(f"/meetings/{meeting_id}/edit")
    assert form.status_code == 200
    assert client.post(f"/meetings/{meeting_id}/edit",
                       data=_form(sides, name_en="First change", version=1)).status_code == 302
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login("admin", test_client=other)
    response = other.post(f"/meetings/{meeting_id}/edit", data=_form(sides, name_en="Second change", version=1))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "changed this record" in page and "Values saved meanwhile" in page
    assert _meeting(app, meeting_id).name_en == "First change"


@pytest.mark.parametrize(("username", "status"), [
    ("trainer.khz", 403), ("liaison.khz", 403), ("liaison.msn", 302), ("manager.khz", 302),
])
def test_who_may_edit_a_maysan_meeting(app, client, sides, users, login, username, status):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
    login(username)
    response = client.post(f"/meetings/{meeting_id}/edit", data=_form(sides, version=1))
    assert response.status_code == status


def test_liaison_may_not_host_for_the_other_side(app, client, sides, users, login):
    login("liaison.khz")
    response = client.post("/meetings/new", data=_form(sides, host_side_id=sides["MSN"].id))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Meeting)) is None


def test_trainer_sees_only_meetings_they_take_part_in(app, client, sides, users, login):
    with app.app_context():
        mine = factories.make_meeting(sides["MSN"].id, name_fa="جلسه من", name_ar="اجتماعي")
        other = factories.make_meeting(sides["MSN"].id, name_fa="جلسه دیگر", name_ar="اجتماع آخر")
        factories.make_action_item(mine, users["trainer_msn"].id, sides["MSN"].id)
    login("trainer.msn")
    assert client.get(f"/meetings/{mine}").status_code == 200
    assert client.get(f"/meetings/{other}").status_code == 403
    page = client.get("/meetings/").get_data(as_text=True)
    assert "اجتماعي" in page or "جلسه من" in page
    assert "جلسه دیگر" not in page and "اجتماع آخر" not in page


def _open_meeting_with_item(app, sides, status="in_progress"):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status=status)
        item = AgendaItem(meeting_id=meeting_id, position=1, name_fa="دوره‌ها", name_ar="الدورات")
        db.session.add(item)
        db.session.commit()
        return meeting_id, item.id


def test_record_agenda_decision_attendee_and_action_item(app, client, sides, users, login):
    meeting_id, item_id = _open_meeting_with_item(app, sides)
    login("manager.msn")
    assert client.post(f"/meetings/{meeting_id}/agenda", data={
        "agenda-name_fa": "تجهیزات", "agenda-name_ar": "المعدات"}).status_code == 302
    assert client.post(f"/meetings/agenda/{item_id}/decisions", data={
        f"decision-{item_id}-text_ar": "اعتماد خطة الدورات"}).status_code == 302
    assert client.post(f"/meetings/agenda/{item_id}/decisions", data={}).status_code == 400
    assert client.post(f"/meetings/{meeting_id}/attendees", data={
        "user_id": users["liaison_khz"].id, "present": "y"}).status_code == 302
    duplicate = client.post(f"/meetings/{meeting_id}/attendees", data={"user_id": users["liaison_khz"].id})
    assert duplicate.status_code == 400 and "already on the list" in duplicate.get_data(as_text=True)
    assert client.post(f"/meetings/{meeting_id}/attendees", data={
        "guest_name": "Dr Salman", "organisation": "UNDP", "job_title": "Adviser",
        "side_id": sides["MSN"].id}).status_code == 302
    response = client.post(f"/meetings/agenda/{item_id}/actions/new", data={
        "name_fa": "ارسال فهرست", "name_ar": "إرسال القائمة", "owner_id": users["liaison_khz"].id,
        "side_id": "", "due_on": "2026/12/30", "status": "open"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        action = db.session.scalar(select(ActionItem))
        assert action.side_id == sides["KHZ"].id  # the owner's side by default
        assert action.due_on == date(2026, 12, 30)
        assert db.session.scalar(select(Decision)).text_ar == "اعتماد خطة الدورات"
        assert len(db.session.scalars(select(MeetingAttendee)).all()) == 2
        assert len(db.session.scalars(select(AgendaItem)).all()) == 2


def test_action_item_needs_owner_and_due_date_and_an_existing_link(app, client, sides, users, login):
    meeting_id, item_id = _open_meeting_with_item(app, sides)
    login("admin")
    response = client.post(f"/meetings/agenda/{item_id}/actions/new", data={
        "name_fa": "x", "name_ar": "y", "owner_id": "", "due_on": "", "status": "open",
        "link_kind": "course", "link_ref": "JC-1999-0999"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose who is responsible" in page and "Enter the due date." in page
    assert "No joint course matches “\u2068JC-1999-0999\u2069”" in page  # the typed code isolated
    with app.app_context():
        assert db.session.scalar(select(ActionItem)) is None


def test_closed_meeting_is_read_only_but_its_action_items_move_on(app, client, sides, users, login):
    meeting_id, item_id = _open_meeting_with_item(app, sides)
    with app.app_context():
        action_id = factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id)
        factories.sign_minutes(meeting_id)
    login("manager.msn")
    assert client.post(f"/meetings/{meeting_id}/state/close", data={"version": 1}).status_code == 302
    closed = _meeting(app, meeting_id)
    assert closed.status == "closed" and closed.closed_at is not None
    response = client.post(f"/meetings/{meeting_id}/edit", data=_form(sides, version=closed.version))
    assert response.status_code == 409
    assert "closed" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting_id}/agenda", data={"agenda-name_fa": "a", "agenda-name_ar": "b"})
    assert response.status_code == 409
    assert "This meeting is closed" in response.get_data(as_text=True)
    assert client.post(f"/meetings/agenda/{item_id}/delete").status_code == 409
    with app.app_context():
        assert db.session.get(AgendaItem, item_id) is not None
    # The owner (a trainer) moves the action item along after the meeting.
    client.post("/logout")
    login("trainer.msn")
    response = client.post(f"/meetings/actions/{action_id}/status", data={"status": "done", "version": 1})
    assert response.status_code == 302
    with app.app_context():
        action = db.session.get(ActionItem, action_id)
        assert action.status == "done" and action.closed_on is not None


def test_only_owner_recorders_and_admin_update_an_action_item(app, client, sides, users, login):
    meeting_id, _item = _open_meeting_with_item(app, sides)
    with app.app_context():
        action_id = factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id)
    login("trainer.khz")
    assert client.post(f"/meetings/actions/{action_id}/status",
                       data={"status": "done", "version": 1}).status_code == 403
    client.post("/logout")
    login("liaison.khz")  # not the host side's liaison
    assert client.post(f"/meetings/actions/{action_id}/status",
                       data={"status": "done", "version": 1}).status_code == 403
    with app.app_context():
        assert db.session.get(ActionItem, action_id).status == "open"


def test_ics_parses_with_utc_times_and_stable_uid(app, client, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
        from coordinator.auth.models import User

        db.session.get(User, users["manager_khz"].id).email = "manager@example.org"
        db.session.add(MeetingAttendee(meeting_id=meeting_id, user_id=users["manager_khz"].id))
        db.session.commit()
    login("manager.khz")
    first = client.get(f"/meetings/{meeting_id}/meeting.ics")
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    event = next(iter(Calendar.from_ical(first.data).walk("VEVENT")))
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert str(event["location"]) == "اهواز"
    assert "mailto:manager@example.org" in str(event["attendee"])
    second = Calendar.from_ical(client.get(f"/meetings/{meeting_id}/meeting.ics").data)
    assert str(next(iter(second.walk("VEVENT")))["uid"]) == str(event["uid"])
    # A link back to the meeting, on the address the app was reached by; what, where and who in words.
    assert str(event["url"]) == f"http://localhost/meetings/{meeting_id}"
    description = str(event["description"])
    manager = "کاربر manager.khz"  # the account made by tests/factories.py
    assert "اهواز" in description and manager in description
    assert f"http://localhost/meetings/{meeting_id}" in description


def test_ics_description_in_the_readers_language_and_link_on_the_public_address(app, client, sides, users, login,
                                                                                  monkeypatch):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
        db.session.add(MeetingAttendee(meeting_id=meeting_id, guest_name="ضيف من ميسان"))
        db.session.commit()
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://coordinator.example.org/")
    login("manager.khz")
    lines = {}
    for lang in ("fa", "ar"):
        data = client.get(f"/meetings/{meeting_id}/meeting.ics", headers={"Accept-Language": lang}).data
        event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
        assert str(event["url"]) == f"https://coordinator.example.org/meetings/{meeting_id}"
        lines[lang] = str(event["description"]).splitlines()
        assert any("ضيف من ميسان" in line for line in lines[lang])
    assert lines["fa"][-1].startswith("جزئیات") and lines["ar"][-1].startswith("التفاصيل")
    assert any(line.startswith("طرف میزبان:") for line in lines["fa"])


def test_action_items_workbook_opens_and_keeps_formulas_as_text(app, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="closed")
        factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id,
                                   name_fa="=HYPERLINK(1)", due_on=date(2020, 1, 5))
        factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id, due_on=date(2099, 1, 5))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    login("manager.msn", test_client=client)
    response = client.get("/meetings/actions.xlsx?overdue=1")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one overdue item
    assert "=HYPERLINK(1)" in rows[1]
    assert sheet.cell(row=2, column=3).data_type == "s"
    # 5 January 2020 as a real date cell, shown by Excel in the Persian reader's calendar (type 16)
    due = sheet.cell(row=2, column=7)
    assert due.value == datetime(2020, 1, 5) and due.is_date
    assert due.number_format == "[$-fa-IR,16]yyyy/mm/dd;@"
    assert sheet.cell(row=2, column=2).is_date  # the meeting's day too
    assert sheet.auto_filter.ref == "A1:L2" and sheet.freeze_panes == "A2"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    sheet = load_workbook(io.BytesIO(client.get("/meetings/actions.xlsx?overdue=1").data)).active
    assert sheet.sheet_view.rightToLeft and sheet.cell(row=2, column=7).number_format == "dd/mm/yyyy"


def test_action_items_list_filters_mine_and_overdue(app, client, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
        factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id, name_fa="مهمة متأخرة",
                                   due_on=date(2020, 1, 1))
        factories.make_action_item(meeting_id, users["manager_khz"].id, sides["KHZ"].id, name_fa="مهمة أخرى",
                                   due_on=date(2099, 1, 1))
    login("liaison.msn")
    page = client.get("/meetings/actions?mine=1").get_data(as_text=True)
    assert "مهمة متأخرة" in page and "مهمة أخرى" not in page
    assert "Overdue" in page
    page = client.get("/meetings/actions?overdue=1").get_data(as_text=True)
    assert "مهمة متأخرة" in page and "مهمة أخرى" not in page
    home = client.get("/").get_data(as_text=True)
    assert "action items" in home.lower()


def test_after_closing_the_owner_updates_notes_but_not_what_was_decided(app, client, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="closed")
        action_id = factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id,
                                               due_on=date(2026, 12, 20))
    login("trainer.msn")
    page = client.get(f"/meetings/actions/{action_id}/edit")
    assert page.status_code == 200 and "stay as decided" in page.get_data(as_text=True)
    response = client.post(f"/meetings/actions/{action_id}/edit", data={
        "name_fa": "عنوان دیگر", "name_ar": "عنوان آخر", "owner_id": users["admin"].id, "due_on": "2027/06/01",
        "status": "in_progress", "notes": "نامه ارسال شد", "version": 1})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        action = db.session.get(ActionItem, action_id)
        assert (action.status, action.notes) == ("in_progress", "نامه ارسال شد")
        assert (action.name_fa, action.owner_id, action.due_on) == (
            "ارسال فهرست کارآموزان", users["trainer_msn"].id, date(2026, 12, 20))


def test_owner_may_not_rewrite_an_action_item_while_the_meeting_is_open(app, client, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="in_progress")
        action_id = factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id)
    login("trainer.msn")
    assert client.get(f"/meetings/actions/{action_id}/edit").status_code == 403
    assert client.post(f"/meetings/actions/{action_id}/status",
                       data={"status": "in_progress", "version": 1}).status_code == 302


def test_opening_a_meeting_puts_open_items_of_earlier_meetings_on_its_agenda(app, client, sides, users, login):
    with app.app_context():
        earlier = factories.make_meeting(sides["KHZ"].id, status="closed",
                                         starts_at=datetime(2026, 9, 1, 6, 0, tzinfo=UTC))
        factories.make_action_item(earlier, users["liaison_khz"].id, sides["KHZ"].id, name_fa="اقدام باز قدیمی")
        meeting_id = factories.make_meeting(sides["MSN"].id)
    login("manager.msn")
    assert client.post(f"/meetings/{meeting_id}/state/open", data={"version": 1}).status_code == 302
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Open action items of earlier meetings" in page and "اقدام باز قدیمی" in page


def test_year_filter_uses_the_viewers_calendar(app, sides, users, login):
    with app.app_context():
        # 1 March 2026 is in Solar Hijri year 1404; 1 April 2026 already in 1405.
        for name, month in (("جلسه اسفند", 3), ("جلسه فروردین", 4)):
            factories.make_meeting(sides["KHZ"].id, name_fa=name, starts_at=datetime(2026, month, 1, 6, tzinfo=UTC))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    login("manager.khz", test_client=client)
    page = client.get("/meetings/?year=۱۴۰۵").get_data(as_text=True)
    assert "جلسه فروردین" in page and "جلسه اسفند" not in page
    page = client.get("/meetings/?year=2026").get_data(as_text=True)  # not a Solar Hijri year: no filter
    assert "جلسه فروردین" in page and "جلسه اسفند" in page


def test_action_item_links_to_an_existing_course(app, client, sides, users, login):
    meeting_id, item_id = _open_meeting_with_item(app, sides)
    with app.app_context():
        course_id = factories.make_course(factories.make_centre(sides["MSN"].id), factories.make_standard())
        code = db.session.get(Course, course_id).code
    login("liaison.msn")
    response = client.post(f"/meetings/agenda/{item_id}/actions/new", data={
        "name_fa": "پیگیری دوره", "name_ar": "متابعة الدورة", "owner_id": users["liaison_msn"].id,
        "due_on": "2027/01/15", "status": "open", "link_kind": "course", "link_ref": code.lower()})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert f"/courses/{course_id}" in page


def test_inline_forms_carry_their_csrf_tokens(app, csrf_app, sides, users):
    import re

    meeting_id, item_id = _open_meeting_with_item(app, sides)
    browser = csrf_app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get("/login").get_data(as_text=True))[1]
    browser.post("/login", data={"username": "manager.msn", "password": factories.PASSWORD, "csrf_token": token})
    page = browser.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    agenda_token = re.search(r'name="agenda-csrf_token"[^>]*value="([^"]+)"', page)[1]
    decision_token = re.search(rf'name="decision-{item_id}-csrf_token" value="([^"]+)"', page)[1]
    assert browser.post(f"/meetings/{meeting_id}/agenda", data={
        "agenda-csrf_token": agenda_token, "agenda-name_fa": "الف", "agenda-name_ar": "ب"}).status_code == 302
    assert browser.post(f"/meetings/agenda/{item_id}/decisions", data={
        f"decision-{item_id}-csrf_token": decision_token, f"decision-{item_id}-text_fa": "مصوبه"}).status_code == 302
    assert browser.post(f"/meetings/agenda/{item_id}/decisions", data={
        f"decision-{item_id}-text_fa": "بدون توکن"}).status_code == 400
    with app.app_context():
        assert [d.text_fa for d in db.session.scalars(select(Decision))] == ["مصوبه"]


def test_recorder_marks_the_head_of_a_delegation_who_then_signs_the_report(app, client, sides, users, login):
    meeting_id, _item_id = _open_meeting_with_item(app, sides)
    login("manager.msn")
    assert client.post(f"/meetings/{meeting_id}/attendees", data={
        "guest_name": "سلمان العبادي", "organisation": "دائرة العمل", "side_id": sides["MSN"].id,
        "present": "y"}).status_code == 302
    with app.app_context():
        guest_id = db.session.scalar(select(MeetingAttendee.id))
    english = {"Accept-Language": "en"}
    response = client.post(f"/meetings/{meeting_id}/attendees/{guest_id}/head", headers=english,
                           follow_redirects=True)
    assert response.status_code == 200 and "heads the delegation" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MeetingAttendee, guest_id).heads_delegation
        db.session.get(Meeting, meeting_id).status = "closed"
        db.session.commit()
    # A closed meeting's record stays as it was signed.
    assert client.post(f"/meetings/{meeting_id}/attendees/{guest_id}/head").status_code == 409


def test_action_item_list_says_status_once_and_how_it_ended_in_agreeing_arabic(app, sides, users, login):
    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
        late = factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id,
                                          name_ar="مهمة قديمة", due_on=date(2020, 1, 5))
        dropped = factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id,
                                             name_ar="مهمة ملغاة", status="cancelled", due_on=date(2099, 1, 5))
        done = factories.make_action_item(meeting_id, users["liaison_msn"].id, sides["MSN"].id,
                                          name_ar="مهمة منجزة", status="done", due_on=date(2099, 1, 5))
        for ident in (dropped, done):
            db.session.get(ActionItem, ident).closed_on = date(2026, 11, 20)
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    login("manager.msn", test_client=client)
    html = client.get("/meetings/actions").get_data(as_text=True)

    def row(ident):
        return re.search(rf'<tr id="action-{ident}">(.*?)</tr>', html, re.S).group(1)

    # Open and overdue: two badges, both masculine like إجراء المتابعة (not "مفتوح متأخرة").
    assert "مفتوح</span>" in row(late) and ">متأخر</span>" in row(late) and "متأخرة" not in row(late)
    # A cancelled item says when it was cancelled, never "done on"; its status is not repeated in the form.
    assert "أُلغي في" in row(dropped) and "أُنجز في" not in row(dropped)
    assert row(dropped).count("ملغى") == 1
    assert "أُنجز في" in row(done) and "أُلغي في" not in row(done)
    assert 'value="done"' not in row(done) and 'value="open"' in row(done)
