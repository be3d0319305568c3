"""Records a journey starts from, made directly in the live app's database (the journeys that make them
through the pages are elsewhere): run through the `in_app` fixture."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.catalog.models import Centre, Side, SkillStandard
from coordinator.courses import services, timetable
from coordinator.courses.models import Course, CourseApproval
from coordinator.exchanges.models import Trainer
from coordinator.extensions import db
from coordinator.l10n.timezones import to_zone, utcnow
from coordinator.trainees.models import Trainee


def today() -> date:
    return to_zone(utcnow(), "Asia/Tehran").date()


def course(side_code: str, standard_code: str, start: date, weeks: int, status: str, name: str) -> int:
    """An approved-by-both course at the side's first centre, with three sessions a week; returns its id."""
    side = db.session.scalar(select(Side).where(Side.code == side_code))
    centre = db.session.scalar(select(Centre).where(Centre.side_id == side.id).order_by(Centre.id))
    standard = db.session.scalar(select(SkillStandard).where(SkillStandard.code == standard_code))
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    record = Course(code=services.new_code(start.year), name_fa=name, name_ar=name, skill_standard=standard,
                    host_centre_id=centre.id, host_side_id=side.id, start_date=start,
                    end_date=start + timedelta(weeks=weeks), theory_hours=20, practice_hours=60, capacity=10,
                    min_attendance=80, language="fa_ar", delivery="centre", status="draft")
    db.session.add(record)
    db.session.flush()
    timetable.add_weekly_sessions(record, admin, (5, 0, 2), time(8, 30), time(12, 30), "")
    for each in db.session.scalars(select(Side)):
        liaison = db.session.scalar(select(User).where(User.role == "liaison", User.side_id == each.id))
        record.approvals.append(CourseApproval(side_id=each.id, user_id=liaison.id))
    record.status = status
    db.session.flush()
    return record.id


def trainer_of(username: str) -> int:
    return db.session.scalar(select(Trainer.id).join(User, Trainer.user_id == User.id)
                             .where(User.username == username))


def free_trainee(side_code: str) -> tuple[int, str, str]:
    """A demo trainee of the side (new courses have nobody yet): (id, Persian name, Arabic name)."""
    side_id = db.session.scalar(select(Side.id).where(Side.code == side_code))
    trainee = db.session.scalar(select(Trainee).where(Trainee.side_id == side_id).order_by(func.random()))
    return trainee.id, trainee.name_fa, trainee.name_ar
