"""Demo data and reference seeding from the command line."""

from __future__ import annotations

from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.catalog.models import BorderCrossing, Centre, Holiday, Side, SkillStandard, TargetGroup
from coordinator.demo.people import ACCOUNTS, PASSWORD
from coordinator.extensions import db


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_adds_reference_data_once(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        assert count(Side) == 2 and count(BorderCrossing) == 1
        assert count(TargetGroup) == 8
        khz = db.session.scalar(select(Side).where(Side.code == "KHZ"))
        msn = db.session.scalar(select(Side).where(Side.code == "MSN"))
        assert (khz.timezone, khz.calendar, khz.weekend) == ("Asia/Tehran", "jalali", (4,))
        assert (msn.timezone, msn.calendar, msn.weekend) == ("Asia/Baghdad", "gregorian", (4, 5))


def test_demo_data_is_bilingual_and_every_demo_login_works(app, runner):
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0, result.output
    for username, *_ in ACCOUNTS:
        assert username in result.output
    with app.app_context():
        assert count(Centre) >= 10 and count(SkillStandard) >= 8 and count(Holiday) > 10
        for centre in db.session.scalars(select(Centre)):
            assert centre.name_fa and centre.name_ar and centre.city_fa and centre.city_ar
        groups = db.session.scalars(select(TargetGroup)).all()
        assert len(groups) == 19  # the programme's nineteen target groups, each named in fa, ar and en
        assert all(g.name_fa and g.name_ar and g.name_en for g in groups)
        assert {g.code: g.waiting_priority for g in groups}["female_heads_of_household"] == 1
        roles = {(u.role, u.side.code if u.side else None) for u in db.session.scalars(select(User))}
        for role in ("liaison", "trainer", "manager"):
            assert {(role, "KHZ"), (role, "MSN")} <= roles
    for username, *_ in ACCOUNTS:
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200


def test_demo_data_is_not_loaded_twice(app, runner):
    runner.invoke(args=["demo-data", "--if-empty"])
    with app.app_context():
        before = count(Centre)
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output
    with app.app_context():
        assert count(Centre) == before


def test_demo_meetings_have_progress_to_report(app, runner):
    """The demo is loaded at once, but its history is spread over the past months, so the closed demo
    meeting (weeks ago) and the one in progress each report their own courses, places and certificates."""
    from coordinator.audit import AuditEntry
    from coordinator.meetings.models import Meeting
    from coordinator.progress.meetings import progress_for_meeting

    assert runner.invoke(args=["demo-data"]).exit_code == 0
    with app.test_request_context():
        closed, current = db.session.scalars(select(Meeting).where(Meeting.status.in_(("closed", "in_progress")))
                                             .order_by(Meeting.starts_at)).all()
        figures = {}
        for meeting in (closed, current):
            _period, report = progress_for_meeting(meeting)
            figures[meeting.status] = {f.key: f.value for section in report.sections for f in section.figures}
        assert figures["closed"]["courses.completed"] == 1 and figures["closed"]["trainees.certified"] > 0
        assert figures["in_progress"]["courses.started"] >= 1 and figures["in_progress"]["trainees.enrolled"] > 0
        # Each course went through its steps one by one, each step once (finalising the results is one too:
        # it records its moment on the course, which locks the trainers' scores).
        steps = db.session.execute(select(AuditEntry.entity_id, func.count()).where(
            AuditEntry.entity == "courses", AuditEntry.action == "update").group_by(AuditEntry.entity_id)).all()
        assert steps and all(n <= 6 for _course, n in steps)


def test_demo_holds_a_past_visit_with_lessons_and_an_upcoming_one(app, runner):
    from coordinator.meetings.models import ActionItem
    from coordinator.visits.models import Visit

    assert runner.invoke(args=["demo-data"]).exit_code == 0
    with app.app_context():
        visits = db.session.scalars(select(Visit).order_by(Visit.starts_on)).all()
        past, upcoming = visits
        assert past.status == "reported" and past.lessons and len(past.delegates) == 3
        guest = next(d for d in past.delegates if d.trainer_id is None)  # a guest who is not a trainer
        assert guest.user is not None and guest.user.username == "manager.msn" and guest.visa_status == "issued"
        assert {a.visit_id for a in db.session.scalars(select(ActionItem).where(ActionItem.visit_id.is_not(None)))} \
            == {past.id}
        assert upcoming.status == "accepted" and upcoming.days and upcoming.starts_on > past.ends_on
