"""Course roster, enrolment and withdrawal, the attendance sheet, the assessment sheet and finalising results."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import lazyload

from ..auth.permissions import can, require
from ..errors import DomainError
from ..extensions import db
from ..viewer import format_day, format_num
from . import assessment as assessing
from . import attendance as marking
from . import enrolment as rules
from . import roster as roster_data
from .blueprint import bp
from .enrolment_forms import (
    EnrolForm,
    assessment_form,
    foreign_cells,
    parse_attendance,
    parse_versions,
    scores_of,
    versions_of,
)
from .models import Course
from .trainee_models import ATTENDANCE, Enrolment, Trainee

# Ids beyond a 32-bit integer exist in no table, and the database would refuse to even compare them.
MAX_ID = 2**31 - 1


def _get(model, ident):
    return db.session.get(model, ident) if isinstance(ident, int) and 0 < ident <= MAX_ID else None


# The roster, attendance and assessment pages show neither the course's target groups nor its approvals.
COURSE_LOADING = (lazyload(Course.target_groups), lazyload(Course.approvals))


def _course(course_id: int) -> Course:
    valid = isinstance(course_id, int) and 0 < course_id <= MAX_ID
    course = (db.session.get(Course, course_id, options=COURSE_LOADING) if valid else None) or abort(404)
    if not can(current_user, "course.view", course):
        # A trainer learns nothing of courses they are not assigned to, not even that they exist.
        abort(404 if current_user.role == "trainer" else 403)
    return course


def _manage(course: Course) -> bool:
    return can(current_user, "course.manage", course)


def _require_manage(course: Course) -> None:
    if not _manage(course):
        abort(403)


def _page(template: str, course: Course, status: int = 200, **context):
    return render_template(template, course=course, manage=_manage(course),
                           detail_url=url_for("courses.detail", course_id=course.id), **context), status


def _refused(exc: DomainError) -> None:
    db.session.rollback()
    flash(str(exc.message), "error")


# Roster --------------------------------------------------------------------------------------------------


def _roster_page(course: Course, status: int = 200, form: EnrolForm | None = None):
    query = request.args.get("q", "").strip()[:200]
    can_enrol = _manage(course) and course.status in rules.ENROL_STATUSES
    trainees, more = rules.trainee_choices(course, query) if can_enrol else ([], False)
    return _page("courses/roster.html", course, status, roster=roster_data.roster(course), query=query, more=more,
                 can_enrol=can_enrol, form=form or EnrolForm(trainees=trainees), picker_limit=rules.PICKER_LIMIT)


@bp.route("/<int:course_id>/roster")
@require("course.list")
def roster(course_id):
    return _roster_page(_course(course_id))


@bp.route("/<int:course_id>/enrol", methods=["POST"])
@require("course.list")
def enrol(course_id):
    course = _course(course_id)
    _require_manage(course)
    form = EnrolForm()
    trainee = _get(Trainee, form.trainee_id.data) if form.validate() else None
    if trainee is None:
        flash(_("Choose a trainee from the list."), "error")
        return _roster_page(course, 400)
    try:
        enrolment = rules.enrol(course, trainee, current_user)
    except DomainError as exc:
        _refused(exc)
        return _roster_page(course, exc.status)
    position = rules.waiting_position(enrolment)
    db.session.commit()
    if position is None:
        flash(_("%(name)s is enrolled.", name=trainee.name), "success")
    else:
        flash(_("The course is full: %(name)s is on the waiting list, position %(position)s.",
                name=trainee.name, position=format_num(position)), "info")
    return redirect(url_for("courses.roster", course_id=course.id))


@bp.route("/<int:course_id>/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
@require("course.list")
def withdraw_enrolment(course_id, enrolment_id):
    course = _course(course_id)
    _require_manage(course)
    enrolment = _get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.course_id != course.id:
        abort(404)
    name = enrolment.trainee.name
    try:
        promoted = rules.withdraw(enrolment, current_user, request.form.get("version"))
    except DomainError as exc:
        _refused(exc)
        return _roster_page(course, exc.status)
    messages = [_("%(name)s is withdrawn from the course.", name=name)]
    messages += [_("%(name)s moves up from the waiting list and is enrolled.", name=e.trainee.name)
                 for e in promoted]
    db.session.commit()
    for message in messages:
        flash(message, "success")
    return redirect(url_for("courses.roster", course_id=course.id))


# Attendance ----------------------------------------------------------------------------------------------


def _attendance_page(course: Course, status: int = 200, posted=None, stale=()):
    grid = marking.attendance_grid(course)
    marks = dict(grid.marks)
    for key, value in (posted or {}).items():
        # After a refused save the sheet shows what the person entered, not what is stored.
        if value is None:
            marks.pop(key, None)
        else:
            marks[key] = value
    editable = _manage(course) and course.status in marking.ATTENDANCE_STATUSES
    # Translated and formatted once here, not again in each of the sheet's hundreds of cells.
    labels = {value: str(label) for value, label in ATTENDANCE.items()}
    days = {s.id: format_day(s.day, "short") for s in grid.sessions}
    return _page("courses/attendance.html", course, status, grid=grid, marks=marks, stale=set(stale),
                 editable=editable, labels=labels, days=days, excused_counts=marking.EXCUSED_COUNTS_AS_ATTENDED)


@bp.route("/<int:course_id>/attendance", methods=["GET", "POST"])
@require("course.list")
def attendance(course_id):
    course = _course(course_id)
    if request.method == "GET":
        return _attendance_page(course)
    _require_manage(course)
    cells = {}
    try:
        cells, versions = parse_attendance(request.form)
        changed = marking.save_attendance(course, current_user, cells, versions)
    except marking.StaleRowsError as exc:
        _refused(exc)
        return _attendance_page(course, exc.status, posted=cells, stale=exc.rows)
    except DomainError as exc:
        _refused(exc)
        return _attendance_page(course, exc.status)
    db.session.commit()
    flash(ngettext("Attendance saved: %(count)s mark changed.", "Attendance saved: %(count)s marks changed.",
                   changed, count=format_num(changed)), "success")
    return redirect(url_for("courses.attendance", course_id=course.id))


# Assessment ----------------------------------------------------------------------------------------------


def _assessment_page(course: Course, status: int = 200, form=None, stale=()):
    results = assessing.outcomes(course)
    rows = [r.enrolment for r in results]
    if form is None:
        form = assessment_form(rows)
    else:
        # The sheet moves to the current versions: saving again is a deliberate choice.
        for enrolment in rows:
            field = form._fields.get(f"version_{enrolment.id}")
            if field is not None:
                field.data = enrolment.version
    editable = _manage(course) and course.status in assessing.ASSESSMENT_STATUSES
    return _page("courses/assessment.html", course, status, results=results, form=form, stale=set(stale),
                 editable=editable)


@bp.route("/<int:course_id>/assessment", methods=["GET", "POST"])
@require("course.list")
def assessment(course_id):
    course = _course(course_id)
    if request.method == "GET":
        return _assessment_page(course)
    _require_manage(course)
    rows = rules.place_holders(course)
    form = assessment_form(rows, formdata=request.form)
    if foreign_cells(form, request.form):
        flash(_("The sheet holds cells or values that are not allowed. Nothing was saved."), "error")
        return _assessment_page(course, 400)
    if not form.validate():
        flash(_("Some scores are not valid: correct the marked cells. Nothing was saved."), "error")
        return _assessment_page(course, 400, form=form)
    try:
        changed = assessing.save_scores(course, current_user, scores_of(form, rows), versions_of(form, rows))
    except marking.StaleRowsError as exc:
        _refused(exc)
        return _assessment_page(course, exc.status, form=form, stale=exc.rows)
    except DomainError as exc:
        _refused(exc)
        return _assessment_page(course, exc.status, form=form)
    db.session.commit()
    flash(ngettext("Scores saved: %(count)s trainee changed.", "Scores saved: %(count)s trainees changed.",
                   changed, count=format_num(changed)), "success")
    return redirect(url_for("courses.assessment", course_id=course.id))


@bp.route("/<int:course_id>/finalise", methods=["POST"])
@require("course.list")
def finalise(course_id):
    course = _course(course_id)
    _require_manage(course)
    try:
        results = assessing.finalise(course, current_user, parse_versions(request.form))
    except marking.StaleRowsError as exc:
        _refused(exc)
        return _assessment_page(course, exc.status, stale=exc.rows)
    except DomainError as exc:
        _refused(exc)
        return _assessment_page(course, exc.status)
    completed = sum(1 for r in results if r.completed)
    db.session.commit()
    flash(_("Results recorded: %(completed)s completed the course, %(not_completed)s did not.",
            completed=format_num(completed), not_completed=format_num(len(results) - completed)), "success")
    return redirect(url_for("courses.assessment", course_id=course.id))
