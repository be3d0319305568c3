"""Notifications raised by the services: who is told, in the inbox and its bell, preferences, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.courses import services as courses
from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.notifications import inbox, worker
from coordinator.notifications.events import raise_event
from coordinator.notifications.events import users as people
from coordinator.notifications.models import Delivery, OutboxEvent
from coordinator.notifications.schedule import next_digest_at
from tests import factories


@pytest.fixture
def course_id(app, sides, users):
    """A draft course hosted in Khuzestan, starting 2026-12-05."""
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        return factories.make_course(centre, factories.make_standard(), status="draft")


def _user(key, users):
    return db.session.get(User, users[key].id)


def _inbox_of(user_id):
    return db.session.scalars(select(Delivery).where(Delivery.user_id == user_id, Delivery.channel == "inbox")).all()


def test_proposal_tells_every_approving_sides_liaisons_but_not_the_proposer(app, users, course_id):
    with app.app_context():
        colleague = factories.make_user("liaison", _user("liaison_khz", users).side_id, username="liaison.khz2")
        courses.transition(db.session.get(Course, course_id), "propose", _user("liaison_khz", users))
        db.session.commit()
        told = {d.user_id for d in db.session.scalars(select(Delivery).where(Delivery.channel == "inbox"))}
        assert told == {users["liaison_msn"].id, colleague.id}  # both sides approve; the proposer knows
        event = db.session.scalar(select(OutboxEvent))
        assert (event.kind, event.record_id, event.link_args) == ("course.awaiting_approval", course_id,
                                                                  {"course_id": course_id})


def test_rolled_back_change_notifies_nobody(app, users, course_id):
    with app.app_context():
        courses.transition(db.session.get(Course, course_id), "propose", _user("liaison_khz", users))
        assert db.session.scalar(select(func.count()).select_from(Delivery)) > 0  # in the transaction
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(OutboxEvent)) == 0
        assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_nobody_is_told_of_a_record_they_may_not_see(app, sides, users, course_id):
    with app.app_context():
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        factories.make_assignment(trainer_id, course_id)
        course = db.session.get(Course, course_id)
        raise_event("course.cancelled", course, people(users["trainer_khz"].id, users["trainer_msn"].id),
                    data={"reason": "x"})
        db.session.commit()
        told = {d.user_id for d in db.session.scalars(select(Delivery))}
        assert told == {users["trainer_msn"].id}  # trainer.khz is not assigned to this course


def test_approval_by_both_sides_tells_both_sides_and_the_bell_and_home_agree(app, client, login, users, course_id):
    with app.app_context():
        course = db.session.get(Course, course_id)
        courses.transition(course, "propose", _user("liaison_khz", users))
        db.session.commit()
    login("liaison.msn")
    home = client.get("/").get_data(as_text=True)
    # The home page's "needs your attention" lists the course; the bell counts the same notice.
    assert "دورة اللحام المشتركة" in home or "دوره مشترک جوشکاری" in home
    assert 'class="bell"' in home and '<strong class="bell-count">۱</strong>' in home
    page = client.get("/inbox").get_data(as_text=True)
    assert "دوره مشترک جوشکاری" in page and "تأیید" in page, page[page.find("<main"):][:1500]
    with app.app_context():
        notice = _inbox_of(users["liaison_msn"].id)[0]
    followed = client.get(f"/inbox/open?id={notice.id}")
    assert followed.status_code == 302 and followed.headers["Location"].endswith(f"/courses/{course_id}")
    assert 'class="bell-count"' not in client.get("/inbox").get_data(as_text=True)  # read: the bell is quiet
    with app.app_context():
        courses.approve(db.session.get(Course, course_id), _user("liaison_msn", users))
        courses.approve(db.session.get(Course, course_id), _user("liaison_khz", users))
        db.session.commit()
        approved = db.session.scalars(select(Delivery).join(OutboxEvent).where(
            OutboxEvent.kind == "course.approved", Delivery.channel == "inbox")).all()
        # Each approver is the actor of one approval only; the second one completes it and tells the other.
        assert {d.user_id for d in approved} == {users["liaison_msn"].id}


def test_someone_elses_notice_cannot_be_opened_or_marked(app, client, login, users, course_id):
    with app.app_context():
        courses.transition(db.session.get(Course, course_id), "propose", _user("liaison_khz", users))
        db.session.commit()
        notice_id = _inbox_of(users["liaison_msn"].id)[0].id
    login("liaison.khz")
    assert client.get(f"/inbox/open?id={notice_id}").headers["Location"].endswith("/inbox")
    client.post("/inbox/read", data={"id": notice_id})
    client.post("/inbox/read", data={"all": "1"})
    with app.app_context():
        assert db.session.get(Delivery, notice_id).read_at is None
    client.post("/logout")
    login("liaison.msn")
    assert client.post("/inbox/read", data={"id": notice_id}).status_code == 302
    with app.app_context():
        assert db.session.get(Delivery, notice_id).read_at is not None  # the owner marks it read


def test_inbox_speaks_the_readers_language_and_dates_in_their_calendar(app, client, login, users, course_id):
    with app.app_context():
        course = db.session.get(Course, course_id)
        raise_event("course.approved", course, people(users["manager_khz"].id),
                    data={"course": {"fa": "دوره جوشکاری", "ar": "دورة اللحام"}, "day": {"date": "2026-12-05"}},
                    link=("courses.detail", {"course_id": course_id}))
        db.session.commit()
    login("manager.khz")
    client.post("/language", data={"lang": "fa"})
    page = client.get("/inbox").get_data(as_text=True)
    assert "دوره جوشکاری" in page and "۱۴ آذر ۱۴۰۵" in page
    client.post("/language", data={"lang": "ar"})
    page = client.get("/inbox").get_data(as_text=True)
    assert "دورة اللحام" in page and "كانون الأول" in page


def test_assignment_proposed_to_the_trainer_and_answer_to_both_sides(app, sides, users, course_id):
    from coordinator.exchanges import assignments
    from coordinator.exchanges.models import Assignment

    with app.app_context():
        db.session.get(Course, course_id).status = "approved"
        db.session.commit()
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        assignment_id = factories.make_assignment(trainer_id, course_id, status="proposed")
        assignment = db.session.get(Assignment, assignment_id)
        assignment.skill_override = "تنها مربی آزاد این ماه"
        assignments.accept(assignment, _user("trainer_msn", users))
        db.session.commit()
        told = {d.user_id for d in db.session.scalars(select(Delivery).where(Delivery.channel == "inbox"))}
        assert told == {users["liaison_khz"].id, users["liaison_msn"].id}
        assignments.confirm(db.session.get(Assignment, assignment_id), _user("liaison_khz", users))
        db.session.commit()
        confirmed = db.session.scalars(select(Delivery).join(OutboxEvent).where(
            OutboxEvent.kind == "assignment.confirmed", Delivery.channel == "inbox")).all()
        assert {d.user_id for d in confirmed} == {users["trainer_msn"].id, users["liaison_msn"].id}


def test_preferences_off_and_digest_and_kinds_that_cannot_be_turned_off(app, client, login, users, course_id):
    login("liaison.msn")
    form = {inbox.field_name(code): "immediate" for code in inbox.KINDS}
    refused = client.post("/inbox/preferences", data={**form, inbox.field_name("course.awaiting_approval"): "off"})
    assert refused.status_code == 400  # not offered: the form refuses it, nothing saved
    saved = client.post("/inbox/preferences", data={**form, inbox.field_name("course.approved"): "off",
                                                   inbox.field_name("course.cancelled"): "digest"})
    assert saved.status_code == 302
    with app.app_context():
        assert inbox.preferences_of(_user("liaison_msn", users))["course.approved"] == "off"
        course = db.session.get(Course, course_id)
        for kind in ("course.approved", "course.cancelled", "course.awaiting_approval"):
            raise_event(kind, course, people(users["liaison_msn"].id), data={"reason": "r"})
        db.session.commit()
        rows = {(d.event.kind, d.channel): d for d in db.session.scalars(select(Delivery))}
        assert ("course.approved", "inbox") in rows and ("course.approved", "email") not in rows
        assert rows[("course.cancelled", "email")].digest is True
        assert rows[("course.awaiting_approval", "email")].digest is False


def test_digest_waits_for_the_recipients_next_working_morning(app, users):
    with app.app_context():
        khz, msn = _user("liaison_khz", users), _user("liaison_msn", users)
        thursday_evening = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)  # Thursday, after 7:00 on both clocks
        # Khuzestan rests on Friday: Saturday 7:00 Tehran; Maysan on Friday and Saturday: Sunday 7:00 Baghdad.
        assert next_digest_at(khz, thursday_evening) == datetime(2026, 12, 12, 3, 30, tzinfo=UTC)
        assert next_digest_at(msn, thursday_evening) == datetime(2026, 12, 13, 4, 0, tzinfo=UTC)


def test_digest_skips_the_sides_holidays(app, sides, users):
    from coordinator.catalog.models import Holiday

    with app.app_context():
        db.session.add(Holiday(side_id=sides["KHZ"].id, day=date(2026, 12, 12), name_fa="تعطیل", name_ar="عطلة"))
        db.session.commit()
        khz = _user("liaison_khz", users)
        assert next_digest_at(khz, datetime(2026, 12, 10, 15, 0, tzinfo=UTC)).date() == date(2026, 12, 13)


def test_action_item_given_and_its_reminders_raised_once(app, sides, users):
    from coordinator.meetings.models import ActionItem

    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id)
        action_id = factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id,
                                               due_on=date(2026, 12, 20))
        action = db.session.get(ActionItem, action_id)
        now = datetime(2026, 12, 18, 9, 0, tzinfo=UTC)
        assert worker.run(now=now).reminders == 1
        assert worker.run(now=now + timedelta(hours=1)).reminders == 0  # once
        assert worker.run(now=datetime(2026, 12, 21, 9, 0, tzinfo=UTC)).reminders == 1  # overdue: once more
        kinds = [e.kind for e in db.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]
        assert kinds == ["action.due_soon", "action.overdue"]
        assert {d.user_id for d in db.session.scalars(select(Delivery))} == {users["trainer_msn"].id}
        assert action.id == action_id


def test_admin_outbox_and_mail_folder_pages(app, client, login, users, course_id, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path / "mail"))
    with app.app_context():
        db.session.get(User, users["liaison_msn"].id).email = "msn@example.org"
        courses.transition(db.session.get(Course, course_id), "propose", _user("liaison_khz", users))
        db.session.commit()
        assert worker.run().sent == 1
    login("admin")
    page = client.get("/admin/notifications?status=sent").get_data(as_text=True)
    assert "msn@example.org" in page
    name = next((tmp_path / "mail").glob("*.eml")).name
    mail = client.get(f"/admin/notifications/mail?name={name}").get_data(as_text=True)
    assert "msn@example.org" in mail and f"/courses/{course_id}" in mail
    assert client.get("/admin/notifications/mail?name=../../etc/passwd").status_code == 302


def test_curriculum_offer_and_translation_task_and_waiting_list_promotion(app, sides, users, course_id):
    from coordinator.courses.enrolment import promote_waiting
    from coordinator.curricula import services as curricula
    from coordinator.curricula.models import Curriculum, CurriculumVersion
    from coordinator.curricula.translation import create_task

    with app.app_context():
        made = factories.make_curriculum(sides["MSN"].id, factories.make_standard("6113-01"))
        curriculum = db.session.get(Curriculum, made.id)
        curricula.share(curriculum, _user("liaison_msn", users), "offered")
        db.session.commit()
        offered = db.session.scalars(select(Delivery).join(OutboxEvent).where(
            OutboxEvent.kind == "curriculum.offered", Delivery.channel == "inbox")).all()
        assert {d.user_id for d in offered} == {users["liaison_khz"].id}  # the other side
        version = db.session.get(CurriculumVersion, made.version)
        create_task(version, _user("liaison_msn", users), "en",
                    users["trainer_khz"].id, date(2027, 1, 10), date(2026, 12, 1))
        db.session.commit()
        task_notice = db.session.scalars(select(Delivery).join(OutboxEvent).where(
            OutboxEvent.kind == "translation.assigned")).all()
        assert {d.user_id for d in task_notice} == {users["trainer_khz"].id}

        course = db.session.get(Course, course_id)
        course.capacity = 1
        first = factories.make_trainee(sides["KHZ"].id, name_fa="مریم")
        second = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب")
        factories.make_enrolment(course_id, first)
        factories.make_enrolment(course_id, second, status="waiting")
        course = db.session.get(Course, course_id)
        course.capacity = 2
        assert len(promote_waiting(course)) == 1
        db.session.commit()
        promoted = db.session.scalars(select(Delivery).join(OutboxEvent).where(
            OutboxEvent.kind == "enrolment.promoted", Delivery.channel == "inbox")).all()
        assert {d.user_id for d in promoted} == {users["liaison_khz"].id, users["liaison_msn"].id}
        assert promoted[0].event.data["trainee"]["ar"] == "زينب"


def test_demo_gives_every_account_a_believable_inbox(app, runner, client, login, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path))
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    with app.app_context():
        counts = dict(db.session.execute(select(User.username, func.count(Delivery.id)).join(
            Delivery, (Delivery.user_id == User.id) & (Delivery.channel == "inbox")).group_by(User.username)).all())
        unread = db.session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.channel == "inbox", Delivery.read_at.is_(None)))
        read = db.session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.channel == "inbox", Delivery.read_at.is_not(None)))
    from coordinator.demo.people import ACCOUNTS, PASSWORD

    assert set(counts) == {account[0] for account in ACCOUNTS} and min(counts.values()) >= 1
    assert unread and read  # some news is new, older news has been read
    result = runner.invoke(args=["notify", "run"])
    assert result.exit_code == 0 and "failed 0" in result.output
    assert len(list(tmp_path.glob("*.eml"))) >= len(ACCOUNTS)  # every account's e-mails, in the mail folder
    login("liaison.msn", PASSWORD)
    assert client.get("/inbox").status_code == 200


def test_answered_requests_leave_the_unread_list_as_they_leave_the_home_page(app, client, login, sides, users,
                                                                            course_id):
    from coordinator.exchanges import assignments
    from coordinator.exchanges.models import Assignment

    with app.app_context():
        colleague = factories.make_user("liaison", users["liaison_khz"].side_id, username="liaison.khz2")
        courses.transition(db.session.get(Course, course_id), "propose", _user("liaison_khz", users))
        db.session.commit()
    login("liaison.msn")
    assert "دوره مشترک جوشکاری" in attention(client)
    assert inbox_unread(app, users["liaison_msn"].id) == 1
    with app.app_context():
        courses.approve(db.session.get(Course, course_id), _user("liaison_msn", users))
        db.session.commit()
    assert "دوره مشترک جوشکاری" not in attention(client)
    assert inbox_unread(app, users["liaison_msn"].id) == 0  # approved: nothing left to do
    assert inbox_unread(app, colleague.id) == 1  # the host side still owes its approval

    with app.app_context():
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        assignment_id = factories.make_assignment(trainer_id, course_id)
        assignment = db.session.get(Assignment, assignment_id)
        assignments.tell("assignment.proposed", assignment, _user("liaison_khz", users),
                         people(users["trainer_msn"].id))
        db.session.commit()
        assert inbox_unread(app, users["trainer_msn"].id) == 1
        assignments.decline(db.session.get(Assignment, assignment_id), _user("trainer_msn", users), "بیمار")
        db.session.commit()
    assert inbox_unread(app, users["trainer_msn"].id) == 0


def inbox_unread(app, user_id) -> int:
    with app.app_context():
        return inbox.unread_count(db.session.get(User, user_id))


def attention(client) -> str:
    home = client.get("/").get_data(as_text=True)
    return home.split('class="card attention"')[1].split("</section>")[0] if 'class="card attention"' in home else ""


def test_preferences_page_offers_only_immediately_for_what_asks_something(app, client, login, users):
    login("trainer.msn")
    client.post("/language", data={"lang": "ar"})
    page = client.get("/inbox/preferences").get_data(as_text=True)
    assert "تفضيلات الإشعارات" in page and "تُرسل دائمًا فورًا." in page
    mandatory = page.split(f'name="{inbox.field_name("assignment.proposed")}"')[1].split("</select>")[0]
    optional = page.split(f'name="{inbox.field_name("action.assigned")}"')[1].split("</select>")[0]
    assert mandatory.count("<option") == 1 and optional.count("<option") == 3


def test_reminders_for_loans_translation_tasks_and_milestones_are_raised_once_each(app, sides, users):
    with app.app_context():
        item = factories.make_dated_item(sides["MSN"].id, factories.make_centre(sides["MSN"].id))
        factories.make_dated_transfer(item, sides["KHZ"].id, date(2027, 1, 2), date(2027, 1, 30))
        factories.make_curriculum(sides["MSN"].id, factories.make_standard("6113-01"), users["trainer_msn"].id)
        # Due Wednesday 2027-01-27: on Thursday it is overdue for Khuzestan (Maysan's rule is the same here).
        factories.make_dated_milestone(sides["KHZ"].id, date(2027, 1, 27))
        factories.make_dated_milestone(sides["KHZ"].id, date(2027, 1, 27), done_on=date(2027, 1, 26))
        now = datetime(2027, 1, 28, 8, 0, tzinfo=UTC)
        assert worker.run(now=now).reminders == 3  # loan due soon, translation due soon, milestone overdue
        assert worker.run(now=now + timedelta(hours=6)).reminders == 0
        assert worker.run(now=datetime(2027, 2, 1, 8, 0, tzinfo=UTC)).reminders == 2  # loan and task overdue
        told = {}
        for delivery in db.session.scalars(select(Delivery).where(Delivery.channel == "inbox")):
            told.setdefault(delivery.event.kind, set()).add(delivery.user_id)
        assert told == {"loan.due": {users["liaison_khz"].id, users["liaison_msn"].id},
                        "loan.overdue": {users["liaison_khz"].id, users["liaison_msn"].id},
                        "translation.due": {users["trainer_msn"].id},
                        "milestone.overdue": {users["liaison_khz"].id}}


def test_closing_a_meeting_tells_attendees_and_action_owners_the_minutes_are_ready(app, sides, users):
    from coordinator.meetings import services as meetings
    from coordinator.meetings.models import Meeting, MeetingAttendee, MeetingSignature

    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status="in_progress")
        factories.make_action_item(meeting_id, users["trainer_msn"].id, sides["MSN"].id)
        db.session.add(MeetingAttendee(meeting_id=meeting_id, user_id=users["manager_khz"].id))
        for side in ("KHZ", "MSN"):  # the minutes are signed by both delegations before the meeting closes
            db.session.add(MeetingSignature(meeting_id=meeting_id, side_id=sides[side].id, signer_name=side,
                                            signed_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC)))
        db.session.commit()
        meeting = db.session.get(Meeting, meeting_id)
        meetings.transition(meeting, "close", _user("liaison_msn", users), meeting.version)
        db.session.commit()
        told = {d.user_id for d in db.session.scalars(select(Delivery).where(Delivery.channel == "inbox"))}
        assert told == {users["trainer_msn"].id, users["manager_khz"].id}
        assert db.session.scalar(select(OutboxEvent.kind)) == "meeting.minutes_ready"


def test_travel_document_expiring_before_a_confirmed_trip_warns_the_trainer_and_their_side_once(
        app, sides, users, course_id):
    from coordinator.exchanges.models import Trainer, TravelDocument

    with app.app_context():
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        factories.make_assignment(trainer_id, course_id, status="confirmed")  # back on 2027-01-02
        trainer = db.session.get(Trainer, trainer_id)
        trainer.documents[0].expires_on = date(2027, 3, 1)  # passport: less than 180 days after the return
        trainer.documents.append(TravelDocument(kind="visa", country_code="IR", expires_on=date(2027, 6, 1)))
        db.session.commit()
        now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
        assert worker.run(now=now).reminders == 1  # the passport; the visa outlasts the trip
        assert worker.run(now=now + timedelta(days=1)).reminders == 0
        event = db.session.scalar(select(OutboxEvent))
        assert event.kind == "document.expiring" and event.data["day"] == {"date": "2027-03-01"}
        told = {d.user_id for d in event.deliveries if d.channel == "inbox"}
        assert told == {users["trainer_msn"].id, users["liaison_msn"].id}


@pytest.mark.parametrize("status, told", [("open", True), ("draft", False)])
def test_a_change_to_an_issued_agenda_is_issued_again_once_a_day_with_the_calendar_file(app, sides, users, status,
                                                                                        told):
    from coordinator.meetings import agenda
    from coordinator.meetings.models import Meeting, MeetingAttendee
    from coordinator.notifications.render import ATTACHMENTS

    with app.app_context():
        meeting_id = factories.make_meeting(sides["MSN"].id, status=status)
        db.session.add(MeetingAttendee(meeting_id=meeting_id, user_id=users["manager_khz"].id))
        db.session.commit()
        meeting = db.session.get(Meeting, meeting_id)
        recorder = _user("liaison_msn", users)
        for title in ("بودجه", "الميزانية"), ("گزارش", "التقرير"):  # two edits the same day: one notice
            agenda.add_agenda_item(meeting, {"name_fa": title[0], "name_ar": title[1]}, recorder)
        db.session.commit()
        events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.kind == "meeting.agenda_changed")).all()
        if not told:  # a draft's agenda is not issued yet: nobody hears of its changes
            assert events == []
            return
        assert len(events) == 1
        inbox_of = {d.user_id for d in db.session.scalars(select(Delivery).where(Delivery.event_id == events[0].id,
                                                                                 Delivery.channel == "inbox"))}
        assert inbox_of == {users["manager_khz"].id}  # the attendee; the recorder made the change
        with app.test_request_context():
            name, mime, content = ATTACHMENTS["meeting.agenda_changed"](events[0], "fa")
        event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
        assert name.endswith(".ics") and mime == "text/calendar" and "گزارش" in str(event["DESCRIPTION"])


def test_a_milestone_whose_due_date_moves_later_is_news_for_both_sides(app, sides, users):
    from coordinator.agro import services as agro
    from coordinator.agro.models import Milestone
    from coordinator.notifications.render import sentence

    with app.app_context():
        milestone = db.session.get(Milestone, factories.make_dated_milestone(sides["MSN"].id, date(2027, 1, 10)))
        liaison = _user("liaison_msn", users)
        values = {"name_fa": milestone.name_fa, "name_ar": milestone.name_ar, "side_id": sides["MSN"].id,
                  "starts_on": None, "status": "in_progress", "progress": 10, "depends_on_ids": [], "course_ids": []}
        agro.update_milestone(milestone, values | {"due_on": date(2027, 1, 5)}, milestone.version, liaison)
        db.session.commit()  # earlier: not a slip, nobody is told
        assert db.session.scalar(select(func.count(OutboxEvent.id))) == 0
        agro.update_milestone(milestone, values | {"due_on": date(2027, 2, 1)}, milestone.version, liaison)
        db.session.commit()
        event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.kind == "milestone.slipped"))
        inbox_of = {d.user_id for d in db.session.scalars(select(Delivery).where(Delivery.channel == "inbox"))}
        assert inbox_of == {users["liaison_khz"].id}  # both sides' liaisons but the one who moved it
        assert "۱۵ دی ۱۴۰۵" in sentence(event, "fa") and "۱۲ بهمن ۱۴۰۵" in sentence(event, "fa")
