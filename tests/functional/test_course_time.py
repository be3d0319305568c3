"""The course's calendar holds: start, completion, finalising, attendance and certificates at their boundaries
on the host side's clock; the override by a second person of the host side; each side's answer to a proposal."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from coordinator.audit import AuditEntry
from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.certificates import services as certificates
from coordinator.courses import assessment, attendance, clock, review, services
from coordinator.courses.models import Course, CourseOverride, Enrolment
from coordinator.errors import PermissionDenied, TransitionError, ValidationFailed
from coordinator.extensions import db
from coordinator.l10n import timezones
from tests import factories

EN = {"Accept-Language": "en"}


def text(app, error) -> str:
    with app.test_request_context(headers=EN):
        return str(error.value.message if hasattr(error, "value") else error)


def make_world(sides, users):
    class World:
        def course(self, host="KHZ", status="scheduled", days=(date(2026, 12, 5), date(2026, 12, 20))):
            centre = factories.make_centre(sides[host].id)
            course_id = factories.make_course(centre, factories.make_standard(f"S-{next(factories._counter)}"),
                                              status=status, start=days[0], end=days[-1])
            for day in days:
                factories.make_session(course_id, day=day)  # 08:00–12:00 at the host
            return db.session.get(Course, course_id)

        def user(self, key):
            return db.session.get(User, users[key].id)

    w = World()
    w.sides = sides
    return w


@pytest.fixture
def world(app_ctx, sides, users):
    return make_world(sides, users)


@pytest.fixture
def outside(app, sides, users):
    """Records made in an app context of their own: page requests must not share its cached locale."""
    return make_world(sides, users)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Starting: the first session's day at the host centre -------------------------------------------------------


def test_start_waits_for_the_first_sessions_day_on_the_hosts_clock(app, world):
    course = world.course("KHZ")  # Tehran, UTC+3:30
    liaison = world.user("liaison_khz")
    with pytest.raises(clock.TooEarly) as refused:
        services.transition(course, "start", liaison, now=at(2026, 12, 4, 20, 29))  # 23:59 in Tehran
    assert text(app, refused) == ("The course can start on 5 December 2026, the day of its first session; "
                                  "today at the host centre is 4 December 2026.")
    assert course.status == "scheduled"
    services.transition(course, "start", liaison, now=at(2026, 12, 4, 20, 30))  # 00:00 on the 5th in Tehran
    assert course.status == "running"


def test_the_maysan_clock_decides_for_a_maysan_course(world):
    course = world.course("MSN")  # Baghdad, UTC+3: still the 4th when Tehran is already on the 5th
    with pytest.raises(clock.TooEarly):
        services.transition(course, "start", world.user("liaison_msn"), now=at(2026, 12, 4, 20, 45))
    services.transition(course, "start", world.user("liaison_msn"), now=at(2026, 12, 4, 21, 0))
    assert course.status == "running"


# Completing: after the last session has ended -------------------------------------------------------------


def test_completion_waits_for_the_end_of_the_last_session(app, world):
    course = world.course("KHZ", status="running")
    liaison = world.user("liaison_khz")
    # The last session: 20 December 08:00–12:00 in Tehran = 04:30–08:30 UTC.
    with pytest.raises(clock.TooEarly) as refused:
        services.transition(course, "complete", liaison, now=at(2026, 12, 20, 8, 29, 59))
    assert text(app, refused) == ("The last session of the course ends on 20 December 2026 at 12:00 (host "
                                  "centre's clock): it can be completed after that.")
    assert (course.status, course.completed_on) == ("running", None)
    services.transition(course, "complete", liaison, now=at(2026, 12, 20, 8, 30))
    assert (course.status, course.completed_on) == ("completed", date(2026, 12, 20))


def test_finalising_waits_for_the_last_session_of_a_running_course(app, world):
    course = world.course("KHZ", status="running")
    liaison = world.user("liaison_khz")
    enrolment = Enrolment(course_id=course.id, trainee_id=factories.make_trainee(world.sides["KHZ"].id))
    db.session.add(enrolment)
    db.session.flush()
    first, last = course.sessions
    attendance.save_attendance(course, liaison, {(enrolment.id, first.id): "present"},
                               {enrolment.id: enrolment.version}, now=at(2026, 12, 5, 5))
    with pytest.raises(clock.TooEarly) as refused:
        assessment.finalise(course, liaison, today=date(2026, 12, 19))
    assert "ends on 20 December 2026 at 12:00" in text(app, refused)
    assert course.results_final_at is None and enrolment.status == "enrolled"


# Attendance: not for a session that has not begun --------------------------------------------------------


def test_attendance_of_a_session_not_yet_begun_is_refused(app, world):
    course = world.course("KHZ", status="running")
    liaison = world.user("liaison_khz")
    enrolment = Enrolment(course_id=course.id, trainee_id=factories.make_trainee(world.sides["KHZ"].id))
    db.session.add(enrolment)
    db.session.flush()
    _first, last = course.sessions
    cells = {(enrolment.id, last.id): "present"}
    with pytest.raises(ValidationFailed) as refused:  # 07:59 in Tehran: the session begins at 08:00
        attendance.save_attendance(course, liaison, cells, {enrolment.id: enrolment.version},
                                   now=at(2026, 12, 20, 4, 29))
    assert text(app, refused) == ("The session of 20 December 2026 at 08:00 has not begun yet: its attendance "
                                  "is recorded once it has. Nothing was saved.")
    assert attendance.save_attendance(course, liaison, cells, {enrolment.id: enrolment.version},
                                      now=at(2026, 12, 20, 4, 30)) == 1


# Certificates: after completion, carrying its date -------------------------------------------------------


def test_certificates_carry_the_completion_date_never_after_their_issue(app, world, monkeypatch):
    course = world.course("KHZ", status="running")
    liaison = world.user("liaison_khz")
    enrolment = Enrolment(course_id=course.id, trainee_id=factories.make_trainee(world.sides["KHZ"].id),
                          status="completed")
    db.session.add(enrolment)
    db.session.flush()
    with pytest.raises(TransitionError):  # running: not yet
        certificates.issue_certificates(course, liaison)
    monkeypatch.setattr(timezones, "utcnow", lambda: at(2026, 12, 21, 6))
    services.transition(course, "complete", liaison)
    (certificate,) = certificates.issue_certificates(course, liaison)
    assert certificate.completed_on == date(2026, 12, 20 + 1) == course.completed_on
    assert certificates.lookup_public(certificate.number)["completed_on"] == date(2026, 12, 21)

    # A course marked completed before these rules, its planned end still to come: no certificate yet.
    other = world.course("KHZ", status="completed", days=(date(2026, 12, 5), date(2027, 3, 1)))
    db.session.add(Enrolment(course_id=other.id, trainee_id=factories.make_trainee(world.sides["KHZ"].id),
                             status="completed"))
    with pytest.raises(TransitionError) as refused:
        certificates.issue_certificates(other, liaison)
    assert "1 March 2027" in text(app, refused)


# The override: a second person of the host side, with a reason, kept in the history ------------------------


def test_override_needs_a_reason_and_a_second_person_of_the_host_side(app, world):
    course = world.course("KHZ", status="running")
    asker = world.user("liaison_khz")
    second = db.session.get(User, factories.make_user("liaison", world.sides["KHZ"].id, username="liaison.khz2").id)
    now = at(2026, 12, 10, 6)  # ten days before the last session
    with pytest.raises(ValidationFailed):
        services.request_override(course, "complete", asker, "  ", now=now)
    override = services.request_override(course, "complete", asker, "The workshop floods next week; the "
                                         "remaining practice was held on Fridays.", now=now)
    with pytest.raises(PermissionDenied) as refused:
        services.grant_override(course, override.id, asker, now=now)
    assert text(app, refused) == "A second person of the host side grants the override: you asked for it yourself."
    with pytest.raises(PermissionDenied) as refused:
        services.grant_override(course, override.id, world.user("liaison_msn"), now=now)
    assert text(app, refused) == "Only a liaison officer of the host side grants an override."
    assert course.status == "running"
    services.grant_override(course, override.id, second, now=now)
    assert (course.status, course.completed_on) == ("completed", date(2026, 12, 10))
    assert (override.granted_by_id, override.requested_by_id) == (second.id, asker.id)
    db.session.commit()
    trail = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == CourseOverride.__tablename__)
                               .order_by(AuditEntry.id)).all()
    assert len(trail) == 2 and "floods" in str(trail[0].changes) and str(asker.id) in str(trail[0].changes)
    assert str(second.id) in str(trail[1].changes["granted_by_id"])


def test_an_override_is_not_offered_when_the_step_is_allowed(app, world):
    course = world.course("KHZ", status="running")
    with pytest.raises(TransitionError) as refused:
        services.request_override(course, "complete", world.user("liaison_khz"), "x", now=at(2027, 1, 1))
    assert text(app, refused) == "This step is allowed now: no override is needed."


def test_override_through_the_pages(app, client, outside, login, monkeypatch):
    with app.app_context():
        course_id = outside.course("KHZ", status="scheduled").id
        factories.make_user("liaison", outside.sides["KHZ"].id, username="liaison.khz2")
    monkeypatch.setattr(timezones, "utcnow", lambda: at(2026, 12, 1, 6))
    login("liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/courses/{course_id}", headers=EN).get_data(as_text=True)
    assert "The course can start on 5 December 2026" in page and "Ask for an override" in page
    response = client.post(f"/courses/{course_id}/overrides", data={"override-action": "start",
                                                                    "override-reason": "تقدیم به خاطر مهمانان"})
    assert response.status_code == 302
    page = client.get(f"/courses/{course_id}", headers=EN).get_data(as_text=True)
    assert "Waiting for a second person of the host side" in page and "Grant the override" not in page
    with app.app_context():
        override_id = db.session.scalar(select(CourseOverride.id))
    client.post("/logout")
    login("liaison.khz2")
    client.post("/language", data={"lang": "en", "next": "/"})
    assert "Grant the override" in client.get(f"/courses/{course_id}", headers=EN).get_data(as_text=True)
    assert client.post(f"/courses/{course_id}/overrides/grant",
                       data={"override_id": str(override_id)}).status_code == 302
    with app.app_context():
        assert db.session.get(Course, course_id).status == "running"


# Approval with a voice: send back with a comment, or refuse, by either side --------------------------------


@pytest.mark.parametrize("side", ["liaison_khz", "liaison_msn"])
def test_each_side_sends_back_with_a_comment(world, side):
    course = world.course("KHZ", status="proposed")
    services.approve(course, world.user("liaison_khz"))
    entry = review.review(course, world.user(side), "sent_back", "ساعات عملی کم است", version=course.version)
    assert (course.status, course.approvals, entry.comment) == ("draft", [], "ساعات عملی کم است")
    assert review.latest_review(course) is entry


@pytest.mark.parametrize("side", ["liaison_khz", "liaison_msn"])
def test_each_side_refuses_with_a_reason(app, world, side):
    course = world.course("KHZ", status="proposed")
    with pytest.raises(ValidationFailed):
        review.review(course, world.user(side), "refused", " ")
    review.review(course, world.user(side), "refused", "لا يوجد مدرّب")
    assert course.status == "refused" and review.latest_review(course).comment == "لا يوجد مدرّب"
    with pytest.raises(TransitionError) as refused:
        review.review(course, world.user(side), "sent_back", "again")
    assert text(app, refused) == "Only a proposed course can be sent back or refused."
    assert services.allowed_actions(course, world.user("liaison_khz")) == []


def test_a_manager_has_no_voice_in_approval(world):
    course = world.course("KHZ", status="proposed")
    assert not can(world.user("manager_msn"), "course.approve", course)  # the page's one check
    assert course.status == "proposed"


def test_the_proposer_reads_why_the_course_came_back(app, client, outside, login):
    with app.app_context():
        course = outside.course("KHZ", status="proposed")
        course_id, version = course.id, course.version
    login("liaison.msn")
    response = client.post(f"/courses/{course_id}/review", data={
        "review-decision": "sent_back", "review-comment": "يرجى زيادة الساعات العملية إلى ١٠٠", "version": version})
    assert response.status_code == 302
    client.post("/logout")
    login("liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/courses/{course_id}", headers=EN).get_data(as_text=True)
    assert 'data-review="sent_back"' in page and "Sent back by Maysan" in page
    assert "يرجى زيادة الساعات العملية إلى ١٠٠" in page
    with app.app_context():
        assert db.session.get(Course, course_id).status == "draft"


@pytest.mark.parametrize("decision, kind", [("sent_back", "course.returned"), ("refused", "course.refused")])
def test_the_host_side_hears_why_its_course_came_back(world, users, decision, kind):
    """Maysan answers a Khuzestan course: Khuzestan's liaisons are told, with the comment, in their language;
    Maysan's own liaison (who answered) is not, and its 'awaiting approval' notice is settled."""
    from coordinator.notifications.render import sentence
    from tests.notices import heard

    course = world.course("KHZ", status="proposed")
    review.review(course, world.user("liaison_msn"), decision, "ساعات عملی کم است", version=course.version)
    told_to = heard(kind)
    assert set(told_to) == {users["liaison_khz"].id}
    told = sentence(told_to[users["liaison_khz"].id], "fa")
    assert "ساعات عملی کم است" in told and course.name_fa in told
    assert ("بازگرداند" if decision == "sent_back" else "رد کرد") in told
