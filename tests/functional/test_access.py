"""Every route × every role: who gets in, who is refused (403), who is sent to log in.

New routes must be added to ACCESS, or the completeness test fails."""

from __future__ import annotations

from datetime import date

import pytest

from coordinator.catalog.models import Holiday
from coordinator.exchanges import feed
from coordinator.exchanges.models import InvitationLetter, Trainer
from coordinator.extensions import db
from tests import factories

PUBLIC = "public"
LOGGED_IN = "logged-in"
ADMIN = ("admin",)
COURSE_READERS = ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn")
HOST = ("admin", "liaison_msn")  # the table's course is hosted in Maysan
COURSE_VIEWERS = (*COURSE_READERS, "trainer_msn")  # trainer.msn is assigned to the table's course
MEETING_VIEWERS = (*COURSE_READERS, "trainer_msn")  # trainer.msn owns an action item of the table's meeting
MEETING_RECORDERS = ("admin", "liaison_msn", "manager_khz", "manager_msn")  # the meeting is hosted in Maysan
# The table's study visit: proposed, hosted by Maysan, Khuzestan's delegation with trainer.khz in it.
VISIT_VIEWERS = (*COURSE_READERS, "trainer_khz")
VISIT_GUESTS = ("admin", "liaison_khz")

# endpoint → who may use it: PUBLIC, LOGGED_IN, or a tuple of role keys from factories.ROLE_USERS.
ACCESS = {
    "static": PUBLIC,
    "main.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "main.index": LOGGED_IN,
    "auth.logout": LOGGED_IN,
    "auth.profile": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    "auth.preferences": LOGGED_IN,
    "auth.create_token": LOGGED_IN,  # an empty form: 400, not a refusal
    "auth.revoke_token": LOGGED_IN,  # no token named: back to the profile
    "catalog.home": LOGGED_IN,
    "catalog.listing": LOGGED_IN,
    "catalog.create": ADMIN,
    "catalog.edit": ADMIN,
    "catalog.delete": ADMIN,
    "admin.users": ADMIN,
    "admin.new_user": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.audit": ADMIN,
    # Joint courses: the table's course is a proposed course hosted in Maysan.
    # Who signs the certificates: the table's side is Maysan, whose signatory has a signature image.
    "signatories.listing": COURSE_READERS,
    "signatories.edit": ("admin", "liaison_msn"),
    "signatories.image": COURSE_READERS,
    "courses.listing": LOGGED_IN,
    "courses.calendar": LOGGED_IN,
    "courses.export": LOGGED_IN,
    "courses.detail": COURSE_VIEWERS,
    "courses.create": ("admin", "liaison_khz", "liaison_msn"),
    "courses.edit": ("admin", "liaison_msn"),
    "courses.transition": ("admin", "liaison_msn"),  # withdraw: the host side's step
    "courses.approve": ("liaison_khz", "liaison_msn"),
    "courses.review_course": ("liaison_khz", "liaison_msn"),  # send back or refuse: either side
    "courses.request_override": ("admin", "liaison_msn"),
    "courses.grant_override": ("liaison_msn",),  # a second person of the host side, never an admin
    "courses.add_weekly": ("admin", "liaison_msn"),
    "courses.add_session": ("admin", "liaison_msn"),
    "courses.delete_session": ("admin", "liaison_msn"),
    "courses.edit_session": ("admin", "liaison_msn"),
    "courses.roster": COURSE_VIEWERS,
    "courses.roster_export": COURSE_VIEWERS,
    "courses.enrol": HOST,
    "courses.nominate": ("liaison_khz", "liaison_msn"),  # each side its own trainees
    "courses.answer_nominations": HOST,
    "courses.withdraw_enrolment": HOST,
    "courses.attendance": COURSE_VIEWERS,
    "courses.today": COURSE_VIEWERS,  # read-only but for the host side and the trainers teaching it
    "courses.sign_in_sheet": COURSE_VIEWERS,
    "courses.assessment": COURSE_VIEWERS,
    "courses.finalise": HOST,
    "courses.certificates": COURSE_VIEWERS,
    "courses.issue_certificates": HOST,
    "courses.certificate_pdf": COURSE_VIEWERS,
    "courses.certificates_pdf": COURSE_VIEWERS,  # all of the course's certificates in one PDF
    "courses.revoke_certificate": HOST,
    "trainees.listing": COURSE_READERS,
    "trainees.detail": ("admin", "liaison_msn", "manager_khz", "manager_msn"),  # a Maysan trainee
    "trainees.edit": HOST,
    "trainees.create": ("admin", "liaison_khz", "liaison_msn"),
    "trainees.import_file": ("admin", "liaison_khz", "liaison_msn"),
    "trainees.import_confirm": ("admin", "liaison_khz", "liaison_msn"),
    "trainees.import_template": ("admin", "liaison_khz", "liaison_msn"),
    # Trainer exchange: the table's trainer is trainer.msn's profile, assigned to the table's course.
    "exchanges.trainers": LOGGED_IN,
    "exchanges.trainer": (*COURSE_READERS, "trainer_msn"),
    "exchanges.trainer_create": ("admin", "liaison_khz", "liaison_msn"),
    "exchanges.trainer_edit": HOST,
    "exchanges.document_add": (*HOST, "trainer_msn"),
    "exchanges.document_delete": (*HOST, "trainer_msn"),
    "exchanges.unavailability_add": (*HOST, "trainer_msn"),
    "exchanges.unavailability_delete": (*HOST, "trainer_msn"),
    "exchanges.figures": COURSE_READERS,
    "exchanges.course_assignments": (*COURSE_READERS, "trainer_msn"),
    "exchanges.assignment_detail": (*COURSE_READERS, "trainer_msn"),
    "exchanges.edit_assignment": HOST,
    "exchanges.assignment_action": ("trainer_msn",),  # accept: the trainer themself
    "exchanges.me": ("trainer_khz", "trainer_msn"),
    "exchanges.feed_token": ("trainer_khz", "trainer_msn"),  # both have a trainer record (the visit delegate)
    "exchanges.revoke_feed_token": ("trainer_khz", "trainer_msn"),
    "exchanges.feed_ics": PUBLIC,
    # Curricula: the table's curriculum is owned by Maysan; trainer.msn translates it into Arabic.
    "curricula.listing": LOGGED_IN,
    "curricula.create": ("admin", "liaison_khz", "liaison_msn"),
    "curricula.detail": LOGGED_IN,
    "curricula.edit": HOST,
    # Any liaison may add a translated version (an empty form is then a 400, not a 403).
    "curricula.add_version": ("admin", "liaison_khz", "liaison_msn"),
    "curricula.upload_document": HOST,  # the Persian source version: its owner side
    "curricula.delete_document": HOST,
    "curricula.download": LOGGED_IN,
    "curricula.share": ("liaison_khz",),  # request: the other side's step
    "curricula.comment": LOGGED_IN,
    "curricula.add_task": ("admin", "liaison_khz", "liaison_msn"),
    "curricula.task_action": ("admin", "liaison_khz", "liaison_msn", "trainer_msn"),  # start
    "curricula.tasks": LOGGED_IN,
    # Equipment, agro-industry and competitions: the table's records belong to Maysan.
    "equipment.items": LOGGED_IN,
    "equipment.item": LOGGED_IN,
    "equipment.utilisation": LOGGED_IN,
    "equipment.item_create": ("admin", "liaison_khz", "liaison_msn"),
    "equipment.item_edit": HOST,
    "equipment.booking_add": ("admin", "liaison_khz", "liaison_msn"),
    "equipment.booking_cancel": HOST,
    "equipment.transfer_add": HOST,
    "equipment.transfer_step": HOST,  # received: the receiving side (here Maysan too)
    "equipment.maintenance_add": HOST,
    "agro.tracks": LOGGED_IN,
    "agro.track": LOGGED_IN,
    "agro.timeline": LOGGED_IN,
    "agro.milestone": LOGGED_IN,
    "agro.track_create": ("admin", "liaison_khz", "liaison_msn"),
    "agro.track_edit": ("admin", "liaison_khz", "liaison_msn"),
    "agro.milestone_create": ("admin", "liaison_khz", "liaison_msn"),
    "agro.milestone_edit": HOST,
    "competitions.listing": LOGGED_IN,
    "competitions.detail": LOGGED_IN,
    "competitions.medallists": LOGGED_IN,
    "competitions.create": ("admin", "liaison_khz", "liaison_msn"),
    "competitions.edit": HOST,
    "competitions.participant_add": HOST,
    "competitions.participant_remove": HOST,
    "competitions.results": HOST,
    # Dashboard: progress figures for managers, liaisons and the admin.
    "dashboard.index": COURSE_READERS,
    "dashboard.figure": COURSE_READERS,
    "dashboard.export_xlsx": COURSE_READERS,
    # Meetings: the table's meeting is a draft hosted in Maysan; trainer.msn owns its action item.
    "meetings.listing": LOGGED_IN,
    "meetings.actions": LOGGED_IN,
    "meetings.actions_export": LOGGED_IN,
    "meetings.detail": MEETING_VIEWERS,
    "meetings.progress": MEETING_VIEWERS,
    "meetings.ics": MEETING_VIEWERS,
    "meetings.create": ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn"),
    "meetings.edit": MEETING_RECORDERS,
    "meetings.transition": MEETING_RECORDERS,
    "meetings.attendee_add": MEETING_RECORDERS,
    "meetings.attendee_presence": MEETING_RECORDERS,
    "meetings.attendee_head": MEETING_RECORDERS,
    "meetings.attendee_remove": MEETING_RECORDERS,
    "meetings.agenda_add": MEETING_RECORDERS,
    "meetings.agenda_edit": MEETING_RECORDERS,
    "meetings.agenda_move": MEETING_RECORDERS,
    "meetings.agenda_delete": MEETING_RECORDERS,
    "meetings.decision_add": MEETING_RECORDERS,
    "meetings.decision_edit": MEETING_RECORDERS,
    "meetings.decision_delete": MEETING_RECORDERS,
    "meetings.action_create": MEETING_RECORDERS,
    "meetings.action_edit": MEETING_RECORDERS,  # until the meeting is closed: its recorders only
    "meetings.action_delete": MEETING_RECORDERS,
    "meetings.action_status": (*MEETING_RECORDERS, "trainer_msn"),
    "meetings.sign": MEETING_VIEWERS,  # the minutes' rule then admits only the head of the side's delegation
    "meetings.series_list": LOGGED_IN,
    "meetings.attachment_add": MEETING_RECORDERS,
    "meetings.attachment": MEETING_VIEWERS,
    "meetings.attachment_delete": MEETING_RECORDERS,
    "reports.meeting_pdf": MEETING_VIEWERS,  # the meeting report PDF: whoever may view the meeting
    # Notifications: each person's own inbox and preferences; the outbox and the mail folder for admins.
    "notifications.listing": LOGGED_IN,
    "notifications.follow": LOGGED_IN,
    "notifications.mark_read": LOGGED_IN,
    "notifications.preferences": LOGGED_IN,
    "notifications.outbox": ADMIN,
    "notifications.mail_file": ADMIN,
    "notifications.retry": ADMIN,
    # Days off for a year: the admin's tools (reference data).
    "catalog.holiday_import": ADMIN,
    "catalog.holiday_add": ADMIN,
    "catalog.holiday_copy": ADMIN,
    "catalog.holiday_confirm": ADMIN,
    "catalog.holiday_move": ADMIN,
    "catalog.holiday_touches": ADMIN,
    "admin.centre_import_file": ADMIN,
    "admin.centre_import_confirm": ADMIN,
    "exchanges.assignment_visa": HOST,  # the trip's visa: the host side or the trainer's home side (both Maysan)
    "exchanges.invitation_issue": HOST,  # the host side invites (the table's trip is at home: refused, flashed)
    "exchanges.invitation_pdf": (*COURSE_READERS, "trainer_msn"),  # whoever may see the trainer
    "exchanges.invitation_verify": PUBLIC,  # the consulate checks the number
    # Group trip: Khuzestan's trainees to the table's course (hosted in Maysan).
    "exchanges.group_trip_new": COURSE_READERS,  # to the planned trip
    "exchanges.group_trip": COURSE_READERS,
    "exchanges.group_trip_pdf": COURSE_READERS,  # both sides' liaisons print the group list
    "exchanges.group_trip_edit": ("admin", "liaison_khz"),  # the travelling side plans
    "exchanges.group_traveller": ("admin", "liaison_khz"),
    "exchanges.group_trip_refresh": ("admin", "liaison_khz"),
    "exchanges.group_trip_step": HOST,  # confirm: the host side receives the group
    # Programme plan: the table's target is Maysan's.
    "plan.index": COURSE_READERS,
    "plan.create": ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn"),
    "plan.edit": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    "plan.delete": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    # Budget: the table's course is hosted in Maysan, the trip is to it, the loan goes to Maysan.
    "plan.course_budget": COURSE_READERS,
    "plan.trip_budget": COURSE_READERS,
    "plan.loan_budget": COURSE_READERS,
    "plan.trip_per_diem": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    "plan.line_delete": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    "plan.line_edit": ("admin", "liaison_msn", "manager_khz", "manager_msn"),
    "plan.per_diem_rates": COURSE_READERS,
    "plan.budget_export": COURSE_READERS,
    "visits.listing": LOGGED_IN,  # a trainer sees only the visits they travel on
    "visits.detail": VISIT_VIEWERS,
    "visits.report_pdf": VISIT_VIEWERS,
    "visits.group_list_pdf": ("admin", "liaison_khz", "liaison_msn"),
    "visits.create": ("admin", "liaison_khz", "liaison_msn"),
    "visits.edit": ("admin", "liaison_khz", "liaison_msn"),  # the common record: both sides' liaisons
    "visits.step": HOST,  # accept: the host side's step
    "visits.place_add": HOST,
    "visits.day_add": HOST,
    "visits.part_remove": HOST,  # a place: the host's
    "visits.part_edit": HOST,  # a place: the host's (a delegate or a topic: the visiting side's)
    "visits.delegate_visa": VISIT_GUESTS,  # the visiting side records its delegates' visas
    "visits.delegate_add": VISIT_GUESTS,
    "visits.lesson_add": VISIT_GUESTS,
    "visits.follow_up_add": VISIT_GUESTS,
    "visits.invitation_issue": HOST,  # the host invites (no passport number on record: refused, flashed)
    "visits.attachment_add": ("admin", "liaison_khz", "liaison_msn"),  # an empty post: the page says why
    "visits.attachment": VISIT_VIEWERS,
    "visits.attachment_delete": ("admin", "liaison_khz", "liaison_msn"),
    "verify.form": PUBLIC,
    "verify.certificate": PUBLIC,
}
ROLES = ["anonymous", *factories.ROLE_USERS]


def test_every_route_is_in_the_access_table(app):
    # The API authenticates with bearer tokens, not the session: tests/functional/test_api_access.py covers it.
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if not rule.endpoint.startswith("api.")}
    assert endpoints == set(ACCESS), f"add to ACCESS: {endpoints - set(ACCESS)}; stale: {set(ACCESS) - endpoints}"


def _action(endpoint: str) -> str:
    return {"exchanges": "accept", "curricula": "start"}.get(endpoint.split(".")[0], "withdraw")


def _url(app, rule, ids):
    values = {}
    for arg in rule.arguments:
        values[arg] = {"filename": "css/app.css", "record_id": ids["centre"], "side_id": ids.get("side"),
                       "kind": "signature" if rule.endpoint.startswith("signatories.") else "centres",
                       "user_id": ids["user"], "course_id": ids["course"], "session_id": ids["session"],
                       "action": _action(rule.endpoint), "enrolment_id": ids["enrolment"], "number": ids["number"],
                       "trainee_id": ids["trainee"], "trainer_id": ids["trainer"], "doc_id": ids["doc"],
                       "period_id": ids["period"], "assignment_id": ids["assignment"],
                       "token": ids["token"], "curriculum_id": ids["curriculum"].id,
                       "version_id": ids["curriculum"].version, "document_id": ids["curriculum"].document,
                       "task_id": ids["curriculum"].task, "item_id": ids["area"].item,
                       "booking_id": ids["area"].booking,
                       "transfer_id": ids["area"].transfer, "track_id": ids["area"].track,
                       "milestone_id": ids["area"].milestone, "competition_id": ids["area"].competition,
                       "participant_id": ids["area"].participant, "key": "trainees.enrolled",
                       "meeting_id": ids["meeting"].meeting, "attendee_id": ids["meeting"].attendee,
                       "agenda_item_id": ids["meeting"].agenda_item, "decision_id": ids["meeting"].decision,
                       "action_item_id": ids["meeting"].action_item, "state": "open", "holiday_id": ids.get("holiday"),
                       "letter_number": ids.get("letter"), "target_id": ids.get("target"),
                       "line_id": ids.get("line"),
                       "attachment_id": getattr(ids.get("visit"), "attachment", None)
                       if rule.endpoint.startswith("visits.") else ids.get("attachment"),
                       "direction": "later" if rule.endpoint == "catalog.holiday_move" else "down",
                       "trip_id": ids.get("trip"), "traveller_id": ids.get("traveller"),
                       "visit_id": ids.get("visit") and ids["visit"].visit, "part": "place",
                       "part_id": ids.get("visit") and ids["visit"].place,
                       "delegate_id": ids.get("visit") and ids["visit"].delegate,
                       "step": {"equipment": "received", "visits": "accept"}.get(
                           rule.endpoint.split(".")[0],
                           "confirm" if rule.endpoint == "exchanges.group_trip_step" else "requested")}[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _cases():
    return [(endpoint, role) for endpoint in ACCESS for role in ROLES]


@pytest.mark.parametrize(("endpoint", "role"), _cases())
def test_access(app, sides, users, endpoint, role):
    with app.app_context():
        centre_id = factories.make_centre(sides["MSN"].id)
        course_id = factories.make_course(centre_id, factories.make_standard(), status="proposed")
        session_id = factories.make_session(course_id)
        trainee_id = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب الساعدي")
        enrolment_id = factories.make_enrolment(course_id, trainee_id, status="completed")
        number = factories.make_certificate(enrolment_id)
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        assignment_id = factories.make_assignment(trainer_id, course_id)
        trainer = db.session.get(Trainer, trainer_id)
        doc_id, period_id = trainer.documents[0].id, trainer.unavailability[0].id
        token = feed.new_token(trainer)
        holiday = Holiday(side_id=sides["MSN"].id, day=date(2027, 6, 15), name_fa="عاشورا", name_ar="عاشوراء",
                          estimated=True)
        db.session.add(holiday)
        db.session.commit()
        holiday_id = holiday.id
        letter = InvitationLetter(number="INV-2026-ABCD-EFGH", assignment_id=assignment_id)
        db.session.add(letter)
        db.session.commit()
        curriculum = factories.make_curriculum(sides["MSN"].id, factories.make_standard("6113-01"),
                                               users["trainer_msn"].id)
        area = factories.make_area_records(sides["MSN"].id, centre_id, factories.make_standard("7531-01"),
                                           trainee_id)
        meeting = factories.make_meeting_records(sides["MSN"].id, users["trainer_msn"].id,
                                                 users["manager_khz"].id)
        target = factories.make_plan_target(sides["MSN"].id)
        line = factories.make_budget_line(course_id, sides["KHZ"].id)
        attachment = factories.make_meeting_attachment(meeting.meeting)
        factories.make_signatory(sides["MSN"].id)
        trip, traveller = factories.make_group_trip(course_id, sides["KHZ"].id)
        visit = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, delegate_trainer_id=factories.make_trainer(
            sides["KHZ"].id, user_id=users["trainer_khz"].id, name_fa="رضا موسوی"))
        visit.attachment = factories.make_visit_attachment(visit.visit)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = _url(app, rule, {"centre": centre_id, "user": users["trainer_msn"].id, "course": course_id,
                           "session": session_id, "enrolment": enrolment_id, "number": number,
                           "trainee": trainee_id, "trainer": trainer_id, "doc": doc_id, "period": period_id,
                           "assignment": assignment_id, "token": token, "curriculum": curriculum,
                           "area": area, "meeting": meeting, "holiday": holiday_id,
                           "letter": "INV-2026-ABCD-EFGH", "target": target,
                           "line": line, "attachment": attachment, "side": sides["MSN"].id, "trip": trip,
                           "traveller": traveller, "visit": visit})
    client = app.test_client()
    if role != "anonymous":
        client.post("/login", data={"username": role.replace("_", "."), "password": factories.PASSWORD})
    method = "GET" if "GET" in rule.methods else "POST"
    with client.open(url, method=method, data={}) as response:
        status, location = response.status_code, response.headers.get("Location", "")
    allowed = ACCESS[endpoint]
    if allowed == PUBLIC or (allowed == LOGGED_IN and role != "anonymous") or role in allowed:
        assert status not in (401, 403, 404, 500) and "/login?next=" not in location, (status, location)
    elif role == "anonymous":
        assert status == 302 and "/login?next=" in location, (status, location)
    else:
        # 404 where the record itself is hidden from the role (a trainer and courses not theirs).
        assert status in (403, 404), (status, location)


def test_khuzestan_liaison_cannot_change_maysan_records(app, client, sides, users, login):
    with app.app_context():
        centre_id = factories.make_centre(sides["MSN"].id, name_fa="مرکز العماره", name_ar="مركز العمارة")
    login("liaison.khz")
    response = client.post(f"/catalog/centres/{centre_id}/edit", data={
        "name_fa": "تغییر", "name_ar": "تغيير", "side_id": sides["KHZ"].id, "kind": "government",
        "city_fa": "x", "city_ar": "y", "version": 1,
    })
    assert response.status_code == 403
    assert client.post(f"/catalog/centres/{centre_id}/delete", data={"version": 1}).status_code == 403
    from coordinator.catalog.models import Centre
    from coordinator.extensions import db

    with app.app_context():
        centre = db.session.get(Centre, centre_id)
        assert (centre.name_ar, centre.side_id, centre.version) == ("مركز العمارة", sides["MSN"].id, 1)
