"""Study visit pages: the list, a visit's page with its pieces, propose and edit, the workflow's steps."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..audit import history_for
from ..auth.models import User
from ..auth.permissions import can, login_required, require
from ..catalog.models import Centre, Side
from ..exchanges.models import Trainer
from ..extensions import db
from ..viewer import side_today
from ..web import NOT_TRIED, attempt, int_arg, load, saved
from . import delegation, parts, services
from .blueprint import bp
from .forms import (
    DayForm,
    DelegateForm,
    DelegatePostForm,
    FollowUpForm,
    LessonForm,
    PlaceForm,
    StepForm,
    VisaForm,
    VisitForm,
)
from .models import VISIT_STATUSES, Visit

PREFIXES = {"place_form": "place", "day_form": "day", "delegate_form": "delegate", "lesson_form": "lesson",
            "follow_up_form": "follow"}
# A piece's edit form on the visit's page, prefixed by the piece (place-3-…) so one page holds many.
EDIT_FORMS = {"place": PlaceForm, "day": DayForm, "lesson": LessonForm, "delegate": DelegatePostForm}


def _sides():
    return db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)).all()


def _people(visit: Visit):
    """Who may own a follow-up: active people of the visit's two sides."""
    return db.session.scalars(select(User).where(User.active.is_(True), User.side_id.in_(visit.side_ids))
                              .order_by(User.full_name, User.id)).all()


def _accounts(visit: Visit):
    """The accounts a guest delegate may be linked to: managers and liaisons of the visiting side (a manager
    without a side belongs to the whole programme)."""
    return db.session.scalars(select(User).where(
        User.active.is_(True), User.role.in_(delegation.GUEST_ROLES),
        or_(User.side_id == visit.guest_side_id, User.side_id.is_(None))).order_by(User.full_name, User.id)).all()


def _centres(visit: Visit):
    return db.session.scalars(select(Centre).where(Centre.active.is_(True), Centre.side_id == visit.host_side_id)
                              .order_by(Centre.name_fa, Centre.id)).all()


def edit_form(visit: Visit, kind: str, part, formdata=None, cache: dict | None = None):
    """The form editing one piece: filled from the record, or from the posted data."""
    cache = {} if cache is None else cache  # the choices, read once for the page's many forms
    extra = {}
    if kind == "place":
        if "centres" not in cache:
            cache["centres"] = _centres(visit)
        extra["centres"] = cache["centres"]
    elif kind == "delegate":
        if "accounts" not in cache:
            cache["accounts"] = _accounts(visit)
        extra["accounts"] = cache["accounts"]
    form = EDIT_FORMS[kind](formdata, obj=part if formdata is None else None, prefix=f"{kind}-{part.id}", **extra)
    if kind == "delegate" and formdata is None:
        form.passport_number.data = ""  # never shown in full: left empty, the number kept stays
    return form


def visa_form(delegate, formdata=None):
    return VisaForm(formdata, obj=delegate if formdata is None else None, prefix=f"visa-{delegate.id}")


def _forms(visit: Visit, given: dict) -> dict:
    sides = [visit.host_side, visit.guest_side]
    centres, accounts = _centres(visit), _accounts(visit)
    travellers = db.session.scalars(select(Trainer).where(Trainer.side_id == visit.guest_side_id)
                                    .order_by(Trainer.name_fa, Trainer.id)).all()
    made = {
        "place_form": lambda fd=None: PlaceForm(fd, prefix="place", centres=centres),
        "day_form": lambda fd=None: DayForm(fd, prefix="day"),
        "delegate_form": lambda fd=None: DelegateForm(fd, prefix="delegate", travellers=travellers,
                                                        accounts=accounts),
        "lesson_form": lambda fd=None: LessonForm(fd, prefix="lesson"),
        "follow_up_form": lambda fd=None: FollowUpForm(fd, prefix="follow", lessons=visit.lessons,
                                                          people=_people(visit), sides=sides),
    }
    return {name: given.get(name) or make(None) for name, make in made.items()} | {"_make": made}


def make_form(visit: Visit, name: str):
    """The named form of the visit's page, read from the posted data."""
    return _forms(visit, {})["_make"][name](request.form)


def render_detail(visit: Visit, status: int = 200, **given):
    forms = _forms(visit, {k: v for k, v in given.items() if k in PREFIXES})
    forms.pop("_make")
    posted = given.get("edited")  # (kind, id, form) of a piece whose change was refused
    cache: dict = {}

    def piece_form(kind, part):
        if posted is not None and posted[:2] == (kind, part.id):
            return posted[2]
        return visa_form(part) if kind == "visa" else edit_form(visit, kind, part, cache=cache)
    return render_template(
        "visits/detail.html", visit=visit, **forms, step_form=given.get("step_form") or StepForm(formdata=None),
        steps=[s for s in services.allowed_steps(visit) if can(current_user, services.STEPS[s][2], visit)],
        step_labels=services.STEP_LABELS, documents=services.document_problems(visit)
        if visit.status in ("proposed", "accepted") else [],
        host_today=side_today(visit.host_side), guest_today=side_today(visit.guest_side),
        may_host=can(current_user, "visit.host", visit), may_delegation=can(current_user, "visit.delegation", visit),
        may_edit=can(current_user, "visit.take_part", visit) and visit.status in services.EDITABLE,
        programme_open=visit.status in parts.PROGRAMME_OPEN, delegation_open=visit.status in delegation.DELEGATION_OPEN,
        lessons_open=visit.status in parts.LESSONS_OPEN, attachment_error=given.get("attachment_error"),
        may_attach=can(current_user, "visit.take_part", visit), max_mb=current_app.config.get("UPLOAD_MAX_MB", 10),
        piece_form=piece_form, visa_open=visit.status in delegation.VISA_OPEN,
        delegate_problems={d.id: services.delegate_problems(visit, d) for d in visit.delegates}
        if visit.status in delegation.VISA_OPEN else {},
        history=history_for("visits", visit.id)), status


@bp.route("/")
@require("visit.view")
def listing():
    query = request.args.get("q", "").strip()[:200]
    status = request.args.get("status") if request.args.get("status") in VISIT_STATUSES else None
    role = request.args.get("role") if request.args.get("role") in ("host", "guest") else None
    side_id = int_arg("side")
    stmt = services.search(query, status=status, side_id=side_id, role=role)
    mine = current_user.role == "trainer" or request.args.get("mine") == "1"
    if mine:  # a trainer sees only the visits they travel on; anyone may ask for theirs
        stmt = stmt.where(Visit.id.in_(services.travelling(current_user.id)))
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template("visits/list.html", pagination=pagination, query=query, status=status, role=role,
                           side_id=side_id, statuses=VISIT_STATUSES, sides=_sides(), mine=mine,
                           filtered=bool(query or status or side_id or mine))


@bp.route("/<int:visit_id>")
@login_required
def detail(visit_id):
    return render_detail(load(Visit, visit_id, "visit.view"))


def _edit(visit: Visit | None):
    data = None
    if visit is not None:
        data = {name: getattr(visit, name) for name in services.FIELDS} | {"version": visit.version}
    elif current_user.side_id is not None:
        data = {"host_side_id": current_user.side_id}
    form = VisitForm(data=data, sides=_sides())
    done = NOT_TRIED
    if form.validate_on_submit():
        if visit is None:
            done = attempt(form, lambda: services.propose(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update(visit, form.values(), form.version.data, current_user),
                           stale=(visit, services.FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("visits.detail", visit_id=done.result.id))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and done.error is not None:
        status = done.error.status
    return render_template("visits/edit.html", form=form, visit=visit, current=done.current), status


@bp.route("/new", methods=["GET", "POST"])
@require("visit.propose")
def create():
    return _edit(None)


@bp.route("/<int:visit_id>/edit", methods=["GET", "POST"])
@login_required
def edit(visit_id):
    visit = load(Visit, visit_id, "visit.take_part")
    if visit.status not in services.EDITABLE:
        flash(_("A visit that is “%(status)s” can no longer be changed this way.", status=visit.status_label),
              "error")
        return render_detail(visit, 409)
    return _edit(visit)


@bp.route("/<int:visit_id>/step/<step>", methods=["POST"])
@login_required
def step(visit_id, step):
    if step not in services.STEPS:
        abort(404)
    visit = load(Visit, visit_id, services.STEPS[step][2])
    form = StepForm()
    if not form.validate_on_submit():
        return render_detail(visit, 400, step_form=form)
    done = attempt(form, lambda: services.move(visit, step, current_user, reason=form.reason.data or "",
                                               version=form.version.data or None))
    if not done:
        return render_detail(db.session.get(Visit, visit_id), done.error.status, step_form=form)
    return saved(_("The visit is now “%(status)s”.", status=visit.status_label),
                 url_for("visits.detail", visit_id=visit.id))


@bp.route("/<int:visit_id>/report.pdf")
@login_required
def report_pdf(visit_id):
    from urllib.parse import quote

    from flask import make_response

    from .report_pdf import LANGS, build_visit_report

    visit = load(Visit, visit_id, "visit.view")
    lang = request.args.get("lang", "bilingual")
    if lang not in LANGS:
        lang = "bilingual"
    response = make_response(build_visit_report(visit, lang))
    title = " ".join(visit.name_fa.replace("/", " ").replace("\\", " ").split())[:120]
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"visit-{visit.id}-{lang}.pdf\"; "
        f"filename*=UTF-8''{quote(f'{title} ({lang}).pdf', safe='')}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:visit_id>/group-list.pdf")
@login_required
def group_list_pdf(visit_id):
    """The delegation's list for the border crossing (passport numbers: both sides' liaisons only)."""
    from ..reports.group_list_pdf import render_group_list
    from .group_list import list_data

    visit = load(Visit, visit_id, "visit.take_part")
    response = make_response(render_group_list(list_data(visit)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f"attachment; filename=\"visit-{visit.id}-delegation.pdf\""
    response.headers["Cache-Control"] = "private, no-store"
    return response
