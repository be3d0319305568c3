"""The large data set (`flask demo-data --size large`) at a tiny scale: consistent records, pages that render."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select, text

from coordinator import demo
from coordinator.certificates.models import Certificate
from coordinator.courses.models import Attendance, Course, CourseSession, Enrolment
from coordinator.demo.large import build_large
from coordinator.demo.rows import search_key
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from coordinator.l10n.folding import fold
from coordinator.meetings.models import ActionItem, Meeting
from coordinator.trainees.models import Trainee

SCALE = 0.002  # 20 courses, 200 trainees, 4 trainers, 10 items, 1 track, 1 meeting


@pytest.fixture
def large(app):
    with app.app_context():
        g.actor_id = None
        demo.load()
        counts = build_large(scale=SCALE)
        db.session.commit()
        yield counts
        db.session.rollback()


def test_builds_every_kind_of_record(app, large):
    for table in ("courses", "course_sessions", "trainees", "enrolments", "attendance", "trainers", "assignments",
                  "equipment_items", "equipment_bookings", "agro_tracks", "milestones", "meetings", "action_items"):
        assert large.get(table, 0) > 0, table
    assert large["courses"] == 20 and large["trainees"] == 200 and large["meetings"] == 1


def test_records_are_consistent(app, large):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
        # Codes continue the demo's series and stay unique; search keys are what the models would store.
        codes = db.session.scalars(select(Course.code)).all()
        assert len(codes) == len(set(codes))
        course = db.session.scalars(select(Course).order_by(Course.id.desc())).first()
        assert course.search_key == search_key(Course, {f: getattr(course, f) for f in Course.__search_fields__})
        assert db.session.scalars(select(Course).where(Course.search_key.contains(fold(course.name_ar)))).first()
        # Enrolments stay within capacity; attendance only for sessions held, of the trainee's own course.
        over = db.session.execute(
            select(Enrolment.course_id).join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.status.in_(("enrolled", "completed", "not_completed"))).group_by(Enrolment.course_id)
            .having(func.count() > func.max(Course.capacity))).all()
        assert over == []
        wrong_course = db.session.scalar(
            select(func.count()).select_from(Attendance)
            .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
            .join(CourseSession, CourseSession.id == Attendance.session_id)
            .where(CourseSession.course_id != Enrolment.course_id))
        assert wrong_course == 0
        uncompleted = db.session.scalar(
            select(func.count()).select_from(Certificate).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .where(Enrolment.status != "completed"))
        assert uncompleted == 0
        # A trainer never travels on two overlapping trips; an item never held twice on the same day.
        for trainer_id, in db.session.execute(select(Assignment.trainer_id).distinct()):
            trips = db.session.execute(select(Assignment.travel_out_at, Assignment.travel_back_at)
                                       .where(Assignment.trainer_id == trainer_id)
                                       .order_by(Assignment.travel_out_at)).all()
            assert all(a[1] < b[0] for a, b in zip(trips, trips[1:], strict=False))
        for item_id, in db.session.execute(select(Booking.item_id).distinct()):
            held = db.session.execute(select(Booking.held_from, Booking.held_until).where(Booking.item_id == item_id)
                                      .order_by(Booking.held_from)).all()
            assert all(a[1] < b[0] for a, b in zip(held, held[1:], strict=False))
        assert not db.session.scalar(select(func.count()).select_from(Trainee).where(Trainee.search_key == ""))


def test_pages_render_with_the_large_data(app, large, client, login):
    login("admin", password=demo.people.PASSWORD)
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.status == "completed").order_by(Course.id.desc()))
        trainer_id = db.session.scalar(select(Trainer.id).order_by(Trainer.id.desc()))
        item_id = db.session.scalar(select(EquipmentItem.id).order_by(EquipmentItem.id.desc()))
        meeting_id = db.session.scalar(select(Meeting.id).order_by(Meeting.id.desc()))
        actions = select(func.count()).select_from(ActionItem).where(ActionItem.meeting_id == meeting_id)
        assert db.session.scalar(actions)
    pages = ["/courses/", "/courses/?q=" + "خرما", f"/courses/{course_id}", f"/courses/{course_id}/roster",
             f"/courses/{course_id}/attendance", f"/courses/{course_id}/assessment",
             f"/courses/{course_id}/certificates", f"/exchange/trainers/{trainer_id}", f"/equipment/{item_id}",
             "/agro/", f"/meetings/{meeting_id}", "/dashboard/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
