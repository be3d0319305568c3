"""A trainee's record across courses: enrolment, attendance rate, scores and result, certificate.

Asked by the trainee's page (the trainees area sits below courses and certificates): create_app hands this
function over, as it does the other cross-area answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..courses.attendance import AttendanceFigure, attendance_book
from ..courses.models import Course, Enrolment
from ..extensions import db
from .models import Certificate


@dataclass
class CourseRecord:
    enrolment: Enrolment
    course: Course
    attendance: AttendanceFigure | None  # None while the trainee holds no place (waiting, withdrawn)
    certificate: Certificate | None


def trainee_record(trainee) -> list[CourseRecord]:
    """The trainee's courses, newest first, each with what the trainee made of it."""
    rows = db.session.execute(
        select(Enrolment, Certificate).outerjoin(Certificate, Certificate.enrolment_id == Enrolment.id)
        .join(Course, Enrolment.course_id == Course.id)
        .where(Enrolment.trainee_id == trainee.id).order_by(Course.start_date.desc(), Course.id.desc())
    ).unique().all()
    record = []
    for enrolment, certificate in rows:
        course = enrolment.course
        holds_place = enrolment.status in ("enrolled", "completed", "not_completed")
        figure = attendance_book(course).of(enrolment.id) if holds_place else None
        record.append(CourseRecord(enrolment, course, figure, certificate))
    return record
