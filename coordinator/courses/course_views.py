"""Course pages: list, detail with history, create, edit, workflow steps, approvals, timetable."""

from __future__ import annotations

from typing import NamedTuple

from flask import Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import escape
from sqlalchemy import select

from ..audit import history_for
from ..auth.participation import participation_query
from ..auth.permissions import can, login_required, require
from ..auth.scope import scope_condition
from ..catalog import clocks
from ..catalog.models import Centre, Side, SkillStandard, TargetGroup
from ..extensions import db
from ..kept import Kept
from ..l10n.locales import pick
from ..reports.excel import XLSX_MIMETYPE, workbook
from ..search import reads_every_match
from ..viewer import format_num, viewer_lang, viewer_today
from ..web import NOT_TRIED, attempt, int_arg, load, permit, saved
from . import clock, course_page, review, services, timetable, timetable_summary
from .blueprint import bp
from .calendar import month_grid
from .forms import (
    CancelForm,
    CourseForm,
    OverrideForm,
    ReviewForm,
    SessionEditForm,
    SessionForm,
    WeeklySessionsForm,
)
from .models import SESSION_KINDS, STATUSES, Course, CourseSession
from .queries import COUNT_CAP, SEARCH_COUNT_CAP, SORTS, CourseFilters, course_query, list_rows, paginate_by_id


def visible_courses():
    """The condition a list is narrowed by: a trainer's assignments, a centre-scoped liaison's centre (of their
    own side); None: sees every course."""
    if current_user.role == "trainer":
        return Course.id.in_(participation_query("course", current_user.id))
    return scope_condition(current_user, Course.host_side_id, Course.host_centre_id)


def _course(course_id: int, action: str | None = None) -> Course:
    """The course, if the user may see it (and do `action` on it); refused before any input is read."""
    course = load(Course, course_id, "course.view", conceal=current_user.role == "trainer")
    if action:
        permit(action, course)
    return course


def _choices():
    return {
        "standards": db.session.scalars(select(SkillStandard).where(SkillStandard.active.is_(True))
                                        .order_by(SkillStandard.code)).all(),
        "centres": db.session.scalars(select(Centre).where(Centre.active.is_(True))
                                      .order_by(Centre.side_id, Centre.id)).all(),
        "target_groups": db.session.scalars(select(TargetGroup).where(TargetGroup.active.is_(True))
                                            .order_by(TargetGroup.sort_order)).all(),
    }


class Choice(NamedTuple):
    id: int
    name: str


def _named(model, *where, order) -> list[Choice]:
    """An option list's ids and names in the viewer's language, read as columns: a list page offers a hundred
    skill standards, and loading each as a whole record cost more than the page's own rows."""
    rows = db.session.execute(select(model.id, model.name_fa, model.name_ar, model.name_en)
                              .where(*where).order_by(*order)).all()
    return [Choice(row.id, pick(row, "name")) for row in rows]


# The list's option lists change only with the catalogue: kept per language until the data moves (kept.py).
_CHOICES = Kept(ttl_seconds=120, capacity=8)


def _filter_choices():
    """The list's filter options (the centres are the form's, not the list's)."""
    return _CHOICES.get(("course list", viewer_lang()), lambda: {
        "sides": _named(Side, order=(Side.id,)),
        "standards": _named(SkillStandard, SkillStandard.active.is_(True), order=(SkillStandard.code,)),
        "target_groups": _named(TargetGroup, TargetGroup.active.is_(True), order=(TargetGroup.sort_order,))})


@bp.route("/")
@require("course.list")
def listing():
    filters = CourseFilters.from_args(request.args, viewer_lang())
    page = int_arg("page", 1, 100000)
    searched = bool(filters.q)
    pagination = paginate_by_id(course_query(filters, visible_courses()), Course, page,
                                current_app.config["PAGE_SIZE"], cap=SEARCH_COUNT_CAP if searched else COUNT_CAP,
                                rows=list_rows, counted_with_page=searched and reads_every_match(Course, filters.q))
    return render_template("courses/list.html", pagination=pagination, filters=filters, sorts=SORTS,
                           statuses=STATUSES, **_filter_choices()), 400 if filters.errors else 200


@bp.route("/<int:course_id>")
@login_required
def detail(course_id):
    found = course_page.load_course(course_id)
    if found is None:
        abort(404)
    course, enrolled = found
    permit("course.view", course, conceal=current_user.role == "trainer")
    return _render_detail(course, enrolled=enrolled)


def _render_detail(course: Course, status: int = 200, enrolled: int | None = None):
    history = grouped_history(history_for("courses", course.id))
    # The sides that approve (services.sides_to_approve: the active sides) are the timetable's clocks' sides: kept
    # between requests while no side changes (catalog.clocks).
    sides = clocks.active_sides()
    actions = services.allowed_actions(course, current_user)
    # The forms are built only when the page shows them (most visits show none of them).
    edit_timetable = can(current_user, "course.manage", course) and course.status not in ("completed", "cancelled")
    early = _too_early(course, actions)
    reviewing = can(current_user, "course.approve", course) and course.status == "proposed"
    return render_template(
        "courses/detail.html", course=course, history=history, sides=sides,
        target_groups=course_page.target_group_names(course),
        early=early, overrides=services.open_overrides(course) if early else [],
        override_form=OverrideForm(prefix="override") if early else None,
        review_form=ReviewForm(prefix="review", version=course.version) if reviewing else None,
        latest_review=review.latest_review(course),
        actions=actions, action_labels=services.ACTION_LABELS,
        warnings=timetable.warnings(course),
        enrolled=services.enrolled_count(course) if enrolled is None else enrolled,
        hours=timetable.scheduled_hours(course), practical_norm=timetable.PRACTICAL_NORM,
        summary=timetable_summary.summarise(course.sessions), session_rows=course_page.session_rows(course.sessions),
        # The timetable's kinds in words, translated (and escaped, as the template would) once, not per session.
        session_kinds={kind: escape(label) for kind, label in SESSION_KINDS.items()},
        edit_timetable=edit_timetable,
        weekly_form=WeeklySessionsForm(prefix="weekly") if edit_timetable else None,
        session_form=SessionForm(prefix="one") if edit_timetable else None,
        cancel_form=CancelForm(prefix="cancel", version=course.version) if "cancel" in actions else None,
    ), status


def _too_early(course: Course, actions) -> dict:
    """Steps offered that the calendar does not allow yet → why: the page offers an override for them."""
    early = {}
    for action, check in (("start", clock.check_start), ("complete", clock.check_complete)):
        if action in actions:
            try:
                check(course)
            except clock.TooEarly as error:
                early[action] = error.message
            except services.TransitionError:
                pass
    return early


def grouped_history(entries):
    """Runs of alike entries (24 sessions added at once) shown as one line with a count."""
    groups: list[list] = []
    for entry in entries:
        key = (entry.entity, entry.action, entry.user_id, entry.at.replace(second=0, microsecond=0))
        if groups and groups[-1][0] == key and entry.entity != "courses":
            groups[-1][2] += 1
        else:
            groups.append([key, entry, 1])
    return [(entry, count) for _key, entry, count in groups]


def _form(course=None):
    choices = _choices()
    if current_user.role == "liaison":
        # A liaison hosts courses at their own side's centres; the service refuses any other with a message.
        choices["centres"] = [c for c in choices["centres"] if c.side_id == current_user.side_id]
    form = CourseForm(obj=course, **choices)
    form.host_centre_id.validate_choice = False  # the service judges the centre and says why
    if course is not None and request.method == "GET":
        form.version.data = course.version
        form.target_group_ids.data = [g.id for g in course.target_groups]
    return form


@bp.route("/new", methods=["GET", "POST"])
@require("course.create")
def create():
    form = _form()
    if form.validate_on_submit() and (done := attempt(form, lambda: services.create_course(form.values(),
                                                                                           current_user))):
        return saved(_("Course %(code)s created as a draft.", code=done.result.code),
                     url_for("courses.detail", course_id=done.result.id))
    return render_template("courses/edit.html", form=form, course=None), 400 if request.method == "POST" else 200


@bp.route("/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def edit(course_id):
    course = _course(course_id, "course.edit")
    form = _form(course)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update_course(course, form.values(), request.form.get("version"),
                                                            current_user), stale=(course, None))
        if done:
            if done.result:
                flash(_("Dates, host or capacity changed: the course goes back to both sides for approval."),
                      "info")
            return saved(_("Course saved."), url_for("courses.detail", course_id=course.id))
    status = 400 if request.method == "POST" else 200
    return render_template("courses/edit.html", form=form, course=course, current=done.current), status


def _step(course, change, message):
    """A button on the course's page: done → back to it with `message(result)`; refused → the page again
    with the reason and the status that says what went wrong."""
    done = attempt(None, change)
    if not done:
        return _render_detail(course, done.error.status)
    return saved(message(done.result), url_for("courses.detail", course_id=course.id))


def _refused(course, message):
    flash(str(message), "error")
    return _render_detail(course, 400)


@bp.route("/<int:course_id>/transition/<action>", methods=["POST"])
@login_required
def transition(course_id, action):
    course = _course(course_id)
    if action not in services.TRANSITIONS:
        abort(404)
    reason = request.form.get("cancel-reason", "")
    return _step(course, lambda: services.transition(course, action, current_user, request.form.get("version", ""),
                                                     reason),
                 lambda _result: _("The course is now “%(status)s”.", status=course.status_label))


@bp.route("/<int:course_id>/approve", methods=["POST"])
@login_required
def approve(course_id):
    course = _course(course_id)

    def approve_once():
        try:
            return services.approve(course, current_user, request.form.get("version", ""))
        except services.AlreadyApproved:
            return None  # a double click (or a colleague just before): the approval stands, nothing to do

    return _step(course, approve_once,
                 lambda complete: _("Your side had already approved this course; nothing more to do.")
                 if complete is None
                 else _("Both sides have approved: the course is approved.") if complete
                 else _("Your side's approval is recorded; the other side has yet to approve."))


@bp.route("/<int:course_id>/sessions/weekly", methods=["POST"])
@login_required
def add_weekly(course_id):
    course = _course(course_id, "course.manage")
    form = WeeklySessionsForm(prefix="weekly")
    if not form.validate():
        return _refused(course, _("Check the weekdays and the hours of the sessions."))
    return _step(course, lambda: timetable.add_weekly_sessions(
        course, current_user, form.weekdays.data, form.start_time.data, form.end_time.data,
        form.topic.data, skip_days_off=form.skip_days_off.data == "skip", kind=form.kind.data, room=form.room.data),
        lambda created: _hours_warning(course) or _("%(count)s sessions added to the timetable.",
                                                     count=len(created)))


@bp.route("/<int:course_id>/sessions", methods=["POST"])
@login_required
def add_session(course_id):
    course = _course(course_id, "course.manage")
    form = SessionForm(prefix="one")
    if not form.validate():
        errors = [str(e) for field in form for e in field.errors]
        return _refused(course, errors[0] if errors else _("Check the session's date and hours."))
    return _step(course, lambda: timetable.add_session(course, current_user, form.day.data, form.start_time.data,
                                                       form.end_time.data, form.topic.data, form.kind.data,
                                                       form.room.data),
                 lambda _result: _hours_warning(course) or _("Session added."))


def _hours_warning(course: Course):
    """Said after the timetable grew, in place of the plain confirmation, when it now exceeds the plan."""
    hours = timetable.scheduled_hours(course)
    if not hours.over_plan:
        return None
    flash(_("The timetable now holds %(scheduled)s hours, more than the %(planned)s planned.",
            scheduled=format_num(hours.scheduled_shown), planned=format_num(hours.planned)), "warning")
    return _("Saved.")


@bp.route("/<int:course_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(course_id, session_id):
    course = _course(course_id, "course.manage")
    session = load(CourseSession, session_id)
    if session.course_id != course.id:
        abort(404)
    form = SessionEditForm(obj=session)
    if request.method == "GET":
        form.version.data = session.version
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: timetable.update_session(course, session, current_user, form.values(),
                                                              form.version.data), stale=(session, None))
        if done:
            return saved(_hours_warning(course) or _("Session saved."), url_for("courses.detail", course_id=course.id))
    status = (done.error.status if done.error else 400) if request.method == "POST" else 200
    return render_template("courses/session_edit.html", course=course, session=session, form=form,
                           current=done.current), status


@bp.route("/<int:course_id>/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(course_id, session_id):
    course = _course(course_id, "course.manage")
    session = load(CourseSession, session_id)
    if session.course_id != course.id:
        abort(404)
    return _step(course, lambda: timetable.delete_session(course, session, current_user),
                 lambda _result: _("Session deleted."))



COURSE_PAGES = (
    ("courses.today", _l("Today's class")),
    ("courses.roster", _l("Roster and enrolment")),
    ("courses.attendance", _l("Attendance")),
    ("courses.assessment", _l("Assessment")),
    ("courses.certificates", _l("Certificates")),
    ("exchanges.course_assignments", _l("Trainers")),
)


@bp.app_context_processor
def course_page_links():
    """Links between a course's pages."""
    return {"course_pages": COURSE_PAGES, "status_label": lambda code: STATUSES.get(code, code)}


@bp.route("/calendar")
@require("course.list")
def calendar():
    lang = viewer_lang()
    month = month_grid(lang, viewer_today(), request.args.get("year", ""), request.args.get("month", ""))
    sessions = db.session.execute(
        select(CourseSession, Course).join(Course, CourseSession.course_id == Course.id)
        .where(CourseSession.day.between(month.first, month.last), Course.status != "cancelled",
               *([visible_courses()] if visible_courses() is not None else []))
        .order_by(CourseSession.starts_at)
    ).all()
    by_day: dict = {}
    for session, course in sessions:
        by_day.setdefault(session.day, []).append((session, course))
    today = viewer_today()
    return render_template("courses/calendar.html", month=month, by_day=by_day, today=today)


@bp.route("/export.xlsx")
@require("course.list")
def export():
    filters = CourseFilters.from_args(request.args, viewer_lang())
    courses = db.session.scalars(course_query(filters, visible_courses()).limit(20000)).all()
    headers = [_("Code"), _("Title in Persian"), _("Title in Arabic"), _("Skill standard"), _("Host centre"),
               _("Host side"), _("Start date"), _("End date"), _("Theory hours"), _("Practice hours"),
               _("Capacity"), _("Status"), _("Target groups")]
    rows = [
        (c.code, c.name_fa, c.name_ar, c.skill_standard.code, c.host_centre.name, c.host_side.name,
         c.start_date, c.end_date, c.theory_hours, c.practice_hours,
         c.capacity, str(c.status_label), "، ".join(g.name for g in c.target_groups))
        for c in courses
    ]
    data = workbook(_("Joint courses"), headers, rows, rtl=viewer_lang() != "en", lang=viewer_lang())
    return Response(data, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": 'attachment; filename="joint-courses.xlsx"'})
