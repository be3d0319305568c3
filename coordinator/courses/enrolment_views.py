"""Course roster, enrolment and withdrawal, the attendance sheet, the assessment sheet and finalising results."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.orm import lazyload

from ..auth.permissions import can, login_required
from ..auth.scope import scope_of
from ..extensions import db
from ..trainees.models import Trainee
from ..viewer import format_day, format_num, side_today, viewer_lang
from ..web import attempt, load, permit, saved
from . import assessment as assessing
from . import attendance as marking
from . import attendance_sheet as sheet
from . import clock
from . import enrolment as rules
from . import labels as gendered
from . import roster as roster_data
from .blueprint import bp
from .calendar import WEEK_STARTS, month_grid
from .enrolment_forms import (
    EnrolForm,
    assessment_form,
    foreign_cells,
    parse_attendance,
    parse_versions,
    scores_of,
    versions_of,
)
from .models import WITHDRAW_REASONS, Course, Enrolment

# Ids beyond a 32-bit integer exist in no table, and the database would refuse to even compare them.
MAX_ID = 2**31 - 1


def _get(model, ident):
    return db.session.get(model, ident) if isinstance(ident, int) and 0 < ident <= MAX_ID else None


# The roster, attendance and assessment pages show neither the course's target groups nor its approvals.
COURSE_LOADING = (lazyload(Course.target_groups), lazyload(Course.approvals))


# The roster and the attendance sheet name neither the skill standard nor the host centre either.
SHEET_LOADING = (*COURSE_LOADING, lazyload(Course.skill_standard), lazyload(Course.host_centre))


def _course(course_id: int, options=COURSE_LOADING) -> Course:
    # A trainer learns nothing of courses they are not assigned to, not even that they exist.
    return load(Course, course_id, "course.view", conceal=current_user.role == "trainer", options=options)


def _manage(course: Course) -> bool:
    return can(current_user, "course.manage", course)


def _require_manage(course: Course) -> None:
    permit("course.manage", course)


def _page(template: str, course: Course, status: int = 200, **context):
    return render_template(template, course=course, manage=_manage(course),
                           detail_url=url_for("courses.detail", course_id=course.id), **context), status


# Roster --------------------------------------------------------------------------------------------------


def _roster_page(course: Course, status: int = 200, form: EnrolForm | None = None):
    query = request.args.get("q", "").strip()[:200]
    can_enrol = _manage(course) and course.status in rules.ENROL_STATUSES
    trainees, more = rules.trainee_choices(course, query) if can_enrol else ([], False)
    can_nominate = can(current_user, "course.nominate", course) and course.status in rules.ENROL_STATUSES
    own, _more = (rules.trainee_choices(course, query, side_id=current_user.side_id, centre_id=scope_of(current_user))
                  if can_nominate else ([], False))
    data = roster_data.roster(course)
    return _page("courses/roster.html", course, status, roster=data, status_words=_status_words(data.holding),
                 query=query, more=more,
                 withdraw_reasons=WITHDRAW_REASONS, can_nominate=can_nominate, own_trainees=own,
                 can_enrol=can_enrol, picker_limit=rules.PICKER_LIMIT,
                 # Built only for those the page offers it to.
                 form=form or (EnrolForm(trainees=trainees) if can_enrol else None))


def _status_words(enrolments) -> dict[int, Markup]:
    """Each row's status in words agreeing with the trainee's gender, translated once per status and gender
    (not once per row), escaped as the template would."""
    said: dict[tuple, Markup] = {}
    words = {}
    for e in enrolments:
        key = (e.status, getattr(e.trainee, "gender", None) == "f")
        if key not in said:
            said[key] = escape(e.status_label)
        words[e.id] = said[key]
    return words


@bp.route("/<int:course_id>/roster")
@login_required
def roster(course_id):
    return _roster_page(_course(course_id, SHEET_LOADING))


@bp.route("/<int:course_id>/enrol", methods=["POST"])
@login_required
def enrol(course_id):
    course = _course(course_id)
    _require_manage(course)
    form = EnrolForm()
    trainee = _get(Trainee, form.trainee_id.data) if form.validate() else None
    if trainee is None:
        flash(_("Choose a trainee from the list."), "error")
        return _roster_page(course, 400)
    done = attempt(None, lambda: rules.enrol(course, trainee, current_user))
    if not done:
        return _roster_page(course, done.error.status)
    position = rules.waiting_position(done.result)
    back = url_for("courses.roster", course_id=course.id)
    if position is None:
        return saved(_("%(name)s is enrolled.", name=trainee.name), back)
    response = saved(None, back)
    flash(_("The course is full: %(name)s is on the waiting list, position %(position)s.",
            name=trainee.name, position=format_num(position)), "info")
    return response


@bp.route("/<int:course_id>/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
@login_required
def withdraw_enrolment(course_id, enrolment_id):
    course = _course(course_id)
    _require_manage(course)
    enrolment = load(Enrolment, enrolment_id)
    if enrolment.course_id != course.id:
        abort(404)
    name = enrolment.trainee.name
    reason = request.form.get("reason", "")
    if reason not in WITHDRAW_REASONS:
        flash(_("Choose the reason for the withdrawal from the list."), "error")
        return _roster_page(course, 400)
    done = attempt(None, lambda: rules.withdraw(enrolment, current_user, request.form.get("version"), reason))
    if not done:
        return _roster_page(course, done.error.status)
    promoted = [e.trainee.name for e in done.result]
    response = saved(_("%(name)s is withdrawn from the course.", name=name),
                     url_for("courses.roster", course_id=course.id))
    for moved_up in promoted:
        flash(_("%(name)s moves up from the waiting list and is enrolled.", name=moved_up), "success")
    return response


# Attendance ----------------------------------------------------------------------------------------------


# A course with more sessions than this shows its attendance a week (or a month) at a time.
PAGE_SESSIONS = 12


def _period(course: Course, sessions) -> tuple[str, object, object, dict]:
    """The sessions' period shown: "all", "week" (Saturday to Friday) or "month" (the viewer's calendar);
    its first and last day, and the links to the neighbouring periods."""
    period = request.args.get("period", "")
    if period not in ("all", "week", "month"):
        period = "week" if len(sessions) > PAGE_SESSIONS else "all"
    if period == "all":
        return period, None, None, {}
    if period == "month":
        month = month_grid(viewer_lang(), side_today(course.host_side), request.args.get("year", ""),
                           request.args.get("month", ""))
        return period, month.first, month.last, {
            "prev": {"period": "month", "year": month.prev[0], "month": month.prev[1]},
            "next": {"period": "month", "year": month.next[0], "month": month.next[1]}, "title": month.title}
    try:
        anchor = date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        anchor = min(max(clock.host_today(course), course.start_date), course.end_date)
    first = anchor - timedelta(days=(anchor.weekday() - WEEK_STARTS) % 7)
    last = first + timedelta(days=6)
    return period, first, last, {
        "prev": {"period": "week", "from": (first - timedelta(days=7)).isoformat()},
        "next": {"period": "week", "from": (last + timedelta(days=1)).isoformat()},
        "title": f"{format_day(first)} – {format_day(last)}"}


def _attendance_page(course: Course, status: int = 200, posted=None, stale=()):
    grid = marking.attendance_grid(course)
    period, first, last, links = _period(course, grid.sessions)
    if first is not None:
        grid.sessions = [s for s in grid.sessions if first <= s.day <= last]
    marks = dict(grid.marks)
    for key, value in (posted or {}).items():
        # After a refused save the sheet shows what the person entered, not what is stored.
        if value is None:
            marks.pop(key, None)
        else:
            marks[key] = value
    editable = can(current_user, "course.mark", course) and course.status in marking.ATTENDANCE_STATUSES
    # Translated and formatted once here, not again in each of the sheet's hundreds of cells.
    labels = {gender: {value: str(label) for value, label in gendered.attendance(gender).items()}
              for gender in ("f", "m")}
    days = {s.id: format_day(s.day, "short") for s in grid.sessions}
    columns = [(s.id, days[s.id], s.id in grid.markable) for s in grid.sessions]
    cells = sheet.row_cells(grid.rows, columns, marks, labels, editable)
    return _page("courses/attendance.html", course, status, grid=grid, cells=cells, stale=set(stale),
                 period=period, period_links=links,
                 editable=editable, labels=labels, days=days, excused_counts=marking.EXCUSED_COUNTS_AS_ATTENDED)


@bp.route("/<int:course_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(course_id):
    course = _course(course_id, SHEET_LOADING)
    if request.method == "GET":
        return _attendance_page(course)
    permit("course.mark", course)
    posted = {}

    def save():
        cells, versions = parse_attendance(request.form)
        posted.update(cells)
        return marking.save_attendance(course, current_user, cells, versions)

    done = attempt(None, save)
    if not done:
        if isinstance(done.error, marking.StaleRowsError):
            return _attendance_page(course, done.error.status, posted=posted, stale=done.error.rows)
        return _attendance_page(course, done.error.status)
    return saved(ngettext("Attendance saved: %(count)s mark changed.", "Attendance saved: %(count)s marks changed.",
                          done.result, count=format_num(done.result)),
                 url_for("courses.attendance", course_id=course.id))


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
    editable = can(current_user, "course.score", course) and course.status in assessing.ASSESSMENT_STATUSES
    return _page("courses/assessment.html", course, status, results=results, form=form, stale=set(stale),
                 editable=editable)


@bp.route("/<int:course_id>/assessment", methods=["GET", "POST"])
@login_required
def assessment(course_id):
    course = _course(course_id)
    if request.method == "GET":
        return _assessment_page(course)
    permit("course.score", course)
    rows = rules.place_holders(course)
    form = assessment_form(rows, formdata=request.form)
    if foreign_cells(form, request.form):
        flash(_("The sheet holds cells or values that are not allowed. Nothing was saved."), "error")
        return _assessment_page(course, 400)
    if not form.validate():
        flash(_("Some scores are not valid: correct the marked cells. Nothing was saved."), "error")
        return _assessment_page(course, 400, form=form)
    done = attempt(None, lambda: assessing.save_scores(course, current_user, scores_of(form, rows),
                                                       versions_of(form, rows)))
    if not done:
        return _assessment_page(course, done.error.status, form=form, stale=getattr(done.error, "rows", ()))
    return saved(ngettext("Scores saved: %(count)s trainee changed.", "Scores saved: %(count)s trainees changed.",
                          done.result, count=format_num(done.result)),
                 url_for("courses.assessment", course_id=course.id))


@bp.route("/<int:course_id>/finalise", methods=["POST"])
@login_required
def finalise(course_id):
    course = _course(course_id)
    _require_manage(course)
    done = attempt(None, lambda: assessing.finalise(course, current_user, parse_versions(request.form)))
    if not done:
        return _assessment_page(course, done.error.status, stale=getattr(done.error, "rows", ()))
    completed = sum(1 for r in done.result if r.completed)
    return saved(_("Results recorded: %(completed)s completed the course, %(not_completed)s did not.",
                   completed=format_num(completed), not_completed=format_num(len(done.result) - completed)),
                 url_for("courses.assessment", course_id=course.id))
