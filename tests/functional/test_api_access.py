"""Every API endpoint × every role, with a bearer token for each: who gets in (not 401/403/404),
who is refused (403, or 404 where the record itself is hidden), and anonymous callers (401).

New API endpoints must be added to API_ACCESS, or the completeness test fails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coordinator.auth.models import User
from coordinator.auth.tokens import create_token
from coordinator.extensions import db
from tests import factories

PUBLIC = "public"
ALL = ("admin", "liaison_khz", "liaison_msn", "trainer_khz", "trainer_msn", "manager_khz", "manager_msn")
READERS = ("admin", "liaison_khz", "liaison_msn", "manager_khz", "manager_msn")
LIAISONS = ("admin", "liaison_khz", "liaison_msn")
HOST = ("admin", "liaison_msn")  # the records belong to Maysan
VIEWERS = (*READERS, "trainer_msn")  # trainer.msn is assigned to the course
RECORDERS = ("admin", "liaison_msn", "manager_khz", "manager_msn")  # who records a Maysan meeting
ROLES = ["anonymous", *factories.ROLE_USERS]


def _own_side(ids, role):
    return ids.khz if role == "liaison_khz" else ids.msn


def _course_body(ids, role):
    return {"name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": ids.standard, "host_centre_id": ids.centre,
            "start_date": "2027-02-01", "end_date": "2027-03-01", "theory_hours": 10, "practice_hours": 30,
            "capacity": 12}


def _assignment_body(ids, role):
    return {"course_id": ids.course, "trainer_id": ids.trainer, "travel_out_at": "2026-12-04T06:00:00+00:00",
            "travel_back_at": "2027-01-02T18:00:00+00:00"}


# endpoint → (method, path, who may use it, body maker or None)
API_ACCESS = {
    "api.openapi_json": ("GET", "/openapi.json", PUBLIC, None),
    "api.docs": ("GET", "/docs", PUBLIC, None),
    "api.docs_asset": ("GET", "/docs/assets/swagger-ui.css", PUBLIC, None),
    "api.docs_init": ("GET", "/docs/init.js", PUBLIC, None),
    "api.catalog.sides": ("GET", "/sides", ALL, None),
    "api.catalog.side": ("GET", "/sides/{msn}", ALL, None),
    "api.catalog.centres": ("GET", "/centres", ALL, None),
    "api.catalog.centre": ("GET", "/centres/{centre}", ALL, None),
    "api.catalog.standards": ("GET", "/skill-standards", ALL, None),
    "api.catalog.standard": ("GET", "/skill-standards/{standard}", ALL, None),
    "api.catalog.target_groups": ("GET", "/target-groups", ALL, None),
    "api.catalog.target_group": ("GET", "/target-groups/{group}", ALL, None),
    "api.courses.listing": ("GET", "/courses", ALL, None),
    "api.courses.detail": ("GET", "/courses/{course}", VIEWERS, None),
    "api.courses.create": ("POST", "/courses", LIAISONS, _course_body),
    "api.courses.update": ("PATCH", "/courses/{course}", HOST, lambda ids, role: {"capacity": 12, "version": 1}),
    "api.courses.transition": ("POST", "/courses/{course}/transitions", HOST,
                               lambda ids, role: {"action": "withdraw", "version": 1}),
    "api.courses.approve": ("POST", "/courses/{course}/approvals", ("liaison_khz", "liaison_msn"),
                            lambda ids, role: {"version": 1}),
    "api.trainees.trainees": ("GET", "/trainees", READERS, None),
    "api.trainees.trainee": ("GET", "/trainees/{trainee}", ("admin", "liaison_msn", "manager_khz", "manager_msn"),
                             None),
    "api.trainees.enrolments": ("GET", "/courses/{course}/enrolments", VIEWERS, None),
    "api.trainees.enrolment": ("GET", "/courses/{course}/enrolments/{enrolment}", VIEWERS, None),
    "api.trainees.enrol": ("POST", "/courses/{course}/enrolments", HOST,
                           lambda ids, role: {"trainee_id": ids.other_trainee}),
    "api.trainees.withdraw": ("POST", "/courses/{course}/enrolments/{enrolment}/withdrawal", HOST,
                              lambda ids, role: {"version": 1}),
    "api.trainees.nominations_list": ("GET", "/courses/{course}/nominations", VIEWERS, None),
    "api.trainees.nominate": ("POST", "/courses/{course}/nominations", ("liaison_khz", "liaison_msn"),
                              lambda ids, role: {"trainee_ids": [ids.other_trainee]}),
    "api.trainees.answer": ("POST", "/courses/{course}/nominations/answer", HOST,
                            lambda ids, role: {"decline": [ids.enrolment]}),
    "api.exchanges.trainers": ("GET", "/trainers", ALL, None),
    "api.exchanges.trainer": ("GET", "/trainers/{trainer}", VIEWERS, None),
    "api.exchanges.assignments": ("GET", "/assignments", ALL, None),
    "api.exchanges.assignment": ("GET", "/assignments/{assignment}", VIEWERS, None),
    "api.exchanges.create": ("POST", "/assignments", HOST, _assignment_body),
    "api.exchanges.update": ("PUT", "/assignments/{assignment}", HOST, lambda ids, role: {
        "travel_out_at": "2026-12-04T07:00:00+00:00", "travel_back_at": "2027-01-02T18:00:00+00:00",
        "version": 1}),
    "api.exchanges.transition": ("POST", "/assignments/{assignment}/transitions", ("trainer_msn",),
                                 lambda ids, role: {"action": "accept", "version": 1}),
    "api.curricula.curricula": ("GET", "/curricula", ALL, None),
    "api.curricula.curriculum": ("GET", "/curricula/{curriculum}", ALL, None),
    "api.curricula.version": ("GET", "/curricula/{curriculum}/versions/{version}", ALL, None),
    "api.curricula.document_file": ("GET", "/curricula/{curriculum}/documents/{document}/file", ALL, None),
    "api.equipment.items": ("GET", "/equipment", ALL, None),
    "api.equipment.item": ("GET", "/equipment/{item}", ALL, None),
    "api.equipment.bookings": ("GET", "/equipment/{item}/bookings", ALL, None),
    "api.equipment.booking": ("GET", "/equipment/{item}/bookings/{booking}", ALL, None),
    "api.equipment.book": ("POST", "/equipment/{item}/bookings", LIAISONS, lambda ids, role: {
        "starts_on": "2027-06-01", "ends_on": "2027-06-05", "user_side_id": _own_side(ids, role),
        "purpose": "کارگاه"}),
    "api.equipment.cancel": ("POST", "/equipment/{item}/bookings/{booking}/cancellation", HOST,
                             lambda ids, role: {"version": 1}),
    "api.agro.tracks": ("GET", "/tracks", ALL, None),
    "api.agro.track": ("GET", "/tracks/{track}", ALL, None),
    "api.agro.milestones": ("GET", "/tracks/{track}/milestones", ALL, None),
    "api.agro.milestone": ("GET", "/milestones/{milestone}", ALL, None),
    "api.agro.milestone_create": ("POST", "/tracks/{track}/milestones", LIAISONS, lambda ids, role: {
        "name_fa": "گام", "name_ar": "خطوة", "side_id": _own_side(ids, role), "due_on": "2027-05-01"}),
    "api.agro.milestone_update": ("PATCH", "/milestones/{milestone}", HOST,
                                  lambda ids, role: {"progress": 50, "version": 1}),
    "api.competitions.competitions": ("GET", "/competitions", ALL, None),
    "api.competitions.competition": ("GET", "/competitions/{competition}", ALL, None),
    "api.visits.visits": ("GET", "/visits", ALL, None),  # a trainer gets only the visits they travel on
    "api.visits.visit": ("GET", "/visits/{visit}", (*READERS, "trainer_khz"), None),  # trainer.khz travels on it
    "api.visits.propose": ("POST", "/visits", LIAISONS, lambda ids, role: {
        "name_fa": "بازدید", "name_ar": "زيارة", "host_side_id": ids.msn, "guest_side_id": ids.khz,
        "purpose_fa": "تبادل تجربه", "starts_on": "2027-04-10", "ends_on": "2027-04-12"}),
    # The visit is reported (hosted by Maysan, Khuzestan's delegation): past the access rule, the workflow refuses
    # (409).
    "api.visits.transition": ("POST", "/visits/{visit}/transitions", HOST,
                              lambda ids, role: {"action": "accept", "version": 1}),
    "api.visits.delegate_add": ("POST", "/visits/{visit}/delegates", ("admin", "liaison_khz"), lambda ids, role: {
        "name_fa": "مهمان", "passport_number": "B12345678", "passport_expires_on": "2031-01-01"}),
    "api.visits.day_add": ("POST", "/visits/{visit}/days", HOST, lambda ids, role: {
        "day": "2027-04-11", "text_fa": "بازدید"}),
    "api.visits.delegate_visa": ("PUT", "/visits/{visit}/delegates/{delegate}/visa", ("admin", "liaison_khz"),
                                 lambda ids, role: {"visa_status": "applied"}),
    # The meeting is a draft hosted in Maysan; trainer.msn owns its action item.
    "api.meetings.meetings": ("GET", "/meetings", ALL, None),
    "api.meetings.meeting": ("GET", "/meetings/{meeting}", VIEWERS, None),
    "api.meetings.action_items": ("GET", "/action-items", ALL, None),
    "api.meetings.action_item": ("GET", "/action-items/{action_item}", VIEWERS, None),
    "api.meetings.action_status": ("POST", "/action-items/{action_item}/status", RECORDERS + ("trainer_msn",),
                                   lambda ids, role: {"status": "in_progress", "version": 1}),
    "api.meetings.action_update": ("PATCH", "/action-items/{action_item}", RECORDERS,
                                   lambda ids, role: {"notes": "پیگیری شد", "version": 1}),
    "api.meetings.transition": ("POST", "/meetings/{meeting}/transitions", RECORDERS,
                                lambda ids, role: {"action": "open", "version": 1}),
    "api.meetings.attendee_add": ("POST", "/meetings/{meeting}/attendees", RECORDERS,
                                  lambda ids, role: {"guest_name": "مهمان", "organisation": "UNDP", "version": 1}),
    "api.meetings.attendee_head": ("POST", "/meetings/{meeting}/attendees/{attendee}/head", RECORDERS,
                                   lambda ids, role: {"version": 1}),
    # The meeting is a draft: every signer is refused by the minutes' rule (409), not by the access rule.
    "api.meetings.sign": ("POST", "/meetings/{meeting}/signatures", VIEWERS,
                          lambda ids, role: {"side_id": ids.msn, "version": 1}),
    "api.meetings.attachment_add": ("POST", "/meetings/{meeting}/attachments", RECORDERS, lambda ids, role: {
        "filename": "report.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK", "version": 1}),
    "api.meetings.attachment_file": ("GET", "/meetings/{meeting}/attachments/{attachment}/file", VIEWERS, None),
    "api.meetings.attachment_delete": ("DELETE", "/meetings/{meeting}/attachments/{attachment}?version=1",
                                       RECORDERS, None),
    # The target and the budget line are Maysan's (the line belongs to the Maysan course).
    "api.plan.targets": ("GET", "/plan/targets", READERS, None),
    "api.plan.target": ("GET", "/plan/targets/{target}", READERS, None),
    "api.plan.target_create": ("POST", "/plan/targets", READERS, lambda ids, role: {
        "side_id": _own_side(ids, role), "year": 1405 if role == "liaison_khz" else 2026,
        "figure": "courses.completed", "target": "12"}),
    "api.plan.target_update": ("PATCH", "/plan/targets/{target}", RECORDERS,
                               lambda ids, role: {"target": "130", "version": 1}),
    "api.plan.target_delete": ("DELETE", "/plan/targets/{target}?version=1", RECORDERS, None),
    "api.budget.lines": ("GET", "/budget-lines", READERS, None),
    "api.budget.line": ("GET", "/budget-lines/{budget_line}", READERS, None),
    "api.budget.line_create": ("POST", "/budget-lines", RECORDERS, lambda ids, role: {
        "course_id": ids.course, "item": "materials", "payer_side_id": ids.msn, "currency": "USD",
        "rate_on": "2026-11-01", "planned": "300"}),
    "api.budget.totals": ("GET", "/budget-lines/totals?course={course}", READERS, None),
    # The trip is to a Maysan course: Maysan keeps its budget. No per-diem rate applies (422), past the access rule.
    "api.budget.per_diem": ("POST", "/budget-lines/per-diem", RECORDERS,
                            lambda ids, role: {"assignment_id": ids.assignment, "rate": "1", "rate_on": "2026-11-01"}),
    "api.budget.line_update": ("PATCH", "/budget-lines/{budget_line}", RECORDERS,
                             lambda ids, role: {"actual": "10", "version": 1}),
    "api.budget.line_delete": ("DELETE", "/budget-lines/{budget_line}?version=1", RECORDERS, None),
    "api.progress.progress": ("GET", "/progress?start=2026-01-01&end=2026-12-31", READERS, None),
}


def make_tokens(users, scope: str = "write") -> dict[str, str]:
    """A token for every role user, by role key."""
    secrets = {}
    for key, user in users.items():
        _token, secrets[key] = create_token(db.session.get(User, user.id), f"test {key}", scope)
    db.session.commit()
    return secrets


def make_records(sides, users) -> SimpleNamespace:
    centre = factories.make_centre(sides["MSN"].id)
    standard = factories.make_standard()
    course = factories.make_course(centre, standard, status="proposed")
    factories.make_session(course)
    trainee = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب الساعدي")
    other_trainee = factories.make_trainee(sides["MSN"].id, name_fa="مریم", phone="09169998877")
    enrolment = factories.make_enrolment(course, trainee)
    trainer = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
    assignment = factories.make_assignment(trainer, course)
    curriculum = factories.make_curriculum(sides["MSN"].id, factories.make_standard("6113-01"),
                                           users["trainer_msn"].id)
    area = factories.make_area_records(sides["MSN"].id, centre, factories.make_standard("7531-01"), trainee)
    meeting = factories.make_meeting_records(sides["MSN"].id, users["trainer_msn"].id, users["manager_khz"].id)
    from coordinator.catalog.models import TargetGroup

    group = db.session.scalar(db.select(TargetGroup.id).limit(1))
    visit = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="reported", lesson=True,
                                 owner_id=users["liaison_khz"].id, delegate_trainer_id=factories.make_trainer(
                                     sides["KHZ"].id, user_id=users["trainer_khz"].id, name_fa="رضا موسوی"))
    return SimpleNamespace(
        khz=sides["KHZ"].id, msn=sides["MSN"].id, centre=centre, standard=standard, course=course, trainee=trainee,
        other_trainee=other_trainee, enrolment=enrolment, trainer=trainer, assignment=assignment,
        curriculum=curriculum.id, version=curriculum.version, document=curriculum.document, item=area.item,
        booking=area.booking,
        track=area.track, milestone=area.milestone, competition=area.competition, group=group or 1,
        meeting=meeting.meeting, action_item=meeting.action_item, attendee=meeting.attendee,
        attachment=factories.make_meeting_attachment(meeting.meeting),
        target=factories.make_plan_target(sides["MSN"].id),
        budget_line=factories.make_budget_line(course, sides["MSN"].id), visit=visit.visit,
        delegate=visit.delegate)


def test_every_api_endpoint_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert endpoints == set(API_ACCESS), (
        f"add to API_ACCESS: {endpoints - set(API_ACCESS)}; stale: {set(API_ACCESS) - endpoints}")


@pytest.mark.parametrize(("endpoint", "role"), [(e, r) for e in API_ACCESS for r in ROLES])
def test_api_access(app, sides, users, endpoint, role):
    method, path, allowed, body = API_ACCESS[endpoint]
    with app.app_context():
        ids = make_records(sides, users)
        tokens = make_tokens(users)
    url = "/api/v1" + path.format(**vars(ids))
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}
    kwargs = {"json": body(ids, role)} if body else {}
    with app.test_client().open(url, method=method, headers=headers, **kwargs) as response:
        status, text = response.status_code, response.get_data(as_text=True)
        body_keys = set(response.get_json() or {}) if response.is_json else set()
    assert status < 500, text
    if allowed == PUBLIC or role in allowed:
        assert status not in (401, 403, 404), (status, text)
    elif role == "anonymous":
        assert status == 401
    else:
        assert status in (403, 404), (status, text)
    if status >= 400:
        assert body_keys == {"code", "message", "errors"}
