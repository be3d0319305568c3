"""The trainer's classroom: today's attendance in one screen, and the printable sign-in sheet of a session."""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required
from ..extensions import db
from ..reports.sign_in_pdf import render_sign_in_sheet
from ..viewer import format_num
from ..web import attempt, load, permit, saved
from . import attendance as marking
from . import clock
from . import enrolment as rules
from . import labels as gendered
from .blueprint import bp
from .enrolment_forms import parse_attendance
from .enrolment_views import _course
from .models import CourseSession


def _today_sessions(course) -> list[CourseSession]:
    today = clock.host_today(course)
    return list(db.session.scalars(select(CourseSession).where(
        CourseSession.course_id == course.id, CourseSession.day == today).order_by(CourseSession.starts_at)))


def _next_session(course) -> CourseSession | None:
    return db.session.scalar(select(CourseSession).where(
        CourseSession.course_id == course.id, CourseSession.day > clock.host_today(course))
        .order_by(CourseSession.starts_at).limit(1))


def _today_page(course, status=200, chosen=None):
    sessions = _today_sessions(course)
    session = chosen or next((s for s in sessions if str(s.id) == request.args.get("session")), None) \
        or (sessions[0] if sessions else None)
    grid = marking.attendance_grid(course) if session is not None else None
    labels = {gender: {value: str(label) for value, label in gendered.attendance(gender).items()}
              for gender in ("f", "m")}
    return render_template(
        "courses/today.html", course=course, sessions=sessions, session=session, grid=grid, labels=labels,
        begun=grid is not None and session.id in grid.markable, next_session=_next_session(course),
        editable=can(current_user, "course.mark", course) and course.status in marking.ATTENDANCE_STATUSES,
        detail_url=url_for("courses.detail", course_id=course.id)), status


@bp.route("/<int:course_id>/today", methods=["GET", "POST"])
@login_required
def today(course_id):
    course = _course(course_id)
    if request.method == "GET":
        return _today_page(course)  # read-only for those who only follow the course
    permit("course.mark", course)
    session = load(CourseSession, int(request.form.get("session_id", "0") or 0)
                   if (request.form.get("session_id") or "").isdigit() else 0)
    if session.course_id != course.id:
        abort(404)

    def save():
        cells, versions = parse_attendance(request.form)
        if request.form.get("all_present"):
            cells = {key: "present" for key in cells}
        return marking.save_attendance(course, current_user, cells, versions)

    done = attempt(None, save)
    if not done:
        return _today_page(course, done.error.status, chosen=session)
    return saved(ngettext("Attendance saved: %(count)s mark changed.", "Attendance saved: %(count)s marks changed.",
                          done.result, count=format_num(done.result)),
                 url_for("courses.today", course_id=course.id, session=session.id))


@bp.route("/<int:course_id>/sessions/<int:session_id>/sign-in.pdf")
@login_required
def sign_in_sheet(course_id, session_id):
    course = _course(course_id)
    session = load(CourseSession, session_id)
    if session.course_id != course.id:
        abort(404)
    trainees = [e.trainee for e in rules.place_holders(course)]
    pdf = render_sign_in_sheet(course, session, trainees)
    name = f"sign-in-{course.code}-{session.day.isoformat()}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})
