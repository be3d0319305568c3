"""Trainee pages: list and search, detail, register and correct, import from CSV or Excel."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.permissions import can, login_required, require
from ..auth.scope import scope_of
from ..catalog.models import Side, TargetGroup
from ..errors import DomainError
from ..extensions import db
from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS
from ..viewer import format_num
from ..web import NOT_TRIED, also_check, attempt, error_page, int_arg, load, saved, stale_differences
from . import import_batches, importing, services
from .blueprint import bp
from .forms import ConfirmImportForm, ImportForm, TraineeForm
from .models import EDUCATION, GENDERS, Trainee

# Shown after a refused stale edit; the national ID stays out so the page never holds it in full.
STALE_FIELDS = ("name_fa", "name_ar", "gender", "side_id", "target_group_ids", "birth_date", "education", "phone",
                "father_name_fa", "father_name_ar", "name_en", "father_name_en")


def _sides(trainee: Trainee | None = None):
    """The sides the current user may register trainees for (and the trainee's own, even if retired)."""
    keep = trainee.side_id if trainee else None
    sides = db.session.scalars(select(Side).where(Side.active.is_(True) | (Side.id == keep)).order_by(Side.id))
    return [s for s in sides if can(current_user, "trainee.manage", SimpleNamespace(side_id=s.id))]


def _target_groups(trainee: Trainee | None = None):
    keep = trainee.target_group_ids if trainee else []
    return db.session.scalars(select(TargetGroup).where(TargetGroup.active.is_(True) | TargetGroup.id.in_(keep))
                              .order_by(TargetGroup.sort_order, TargetGroup.id)).all()


@bp.route("/")
@require("trainee.view")
def listing():
    query = request.args.get("q", "").strip()[:200]
    own_side = services.visible_side(current_user)
    side_id = None if own_side is not None else int_arg("side")
    gender = request.args.get("gender") if request.args.get("gender") in GENDERS else None
    group_id = int_arg("target_group")
    stmt = services.search(query, side_id=side_id, gender=gender, target_group_id=group_id,
                           visible_side_id=own_side, visible_centre_id=scope_of(current_user))
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    sides = db.session.scalars(select(Side).order_by(Side.id)).all() if own_side is None else ()
    return render_template(
        "trainees/list.html", pagination=pagination, query=query, side_id=side_id, gender=gender,
        group_id=group_id, sides=sides, genders=GENDERS, target_groups=_target_groups(),
        filtered=bool(query or side_id or gender or group_id),
    )


# Answers from areas above this one, handed over by create_app: a trainee's courses and certificates
# ("courses"), and nominating imported trainees for a course ("nominate": course id, trainees, user → course).
RECORD: dict = {}


@bp.route("/<int:trainee_id>")
@login_required
def detail(trainee_id):
    trainee = load(Trainee, trainee_id, "trainee.view")
    record = RECORD["courses"](trainee) if "courses" in RECORD else []
    return render_template("trainees/detail.html", trainee=trainee, record=record)


def _form_data(trainee: Trainee) -> dict:
    # Everything but the national ID and passport number, which the form never shows in full.
    return {name: getattr(trainee, name) for name in STALE_FIELDS} | {"version": trainee.version}


def _edit(trainee: Trainee | None):
    sides = _sides(trainee)
    form = TraineeForm(data=_form_data(trainee) if trainee else None, sides=sides,
                       target_groups=_target_groups(trainee))
    if trainee is None and request.method == "GET" and len(sides) == 1:
        form.side_id.data = sides[0].id
    done, current = NOT_TRIED, None
    if form.validate_on_submit():
        values = form.values()
        if trainee is not None and not (values["national_id"] or "").strip() and not form.clear_national_id.data:
            values["national_id"] = trainee.national_id  # an empty box keeps the ID on record
        if trainee is not None and not (values["passport_number"] or "").strip() \
                and not form.clear_passport_number.data:
            values["passport_number"] = trainee.passport_number  # likewise the passport number
        if trainee is None:
            done = attempt(form, lambda: services.create_trainee(values, current_user))
        else:
            # The version the form was opened at, as posted: a form without one is stale.
            done = attempt(form, lambda: services.update_trainee(trainee, values, request.form.get("version"),
                                                                 current_user), stale=(trainee, STALE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("trainees.detail", trainee_id=done.result.id))
        if done.current is not None:
            current = stale_differences(form, trainee, names=STALE_FIELDS, choice_labels=True)
    else:
        also_check(form, lambda: services.check_values(form.values(), current_user, trainee=trainee))
    duplicate = done.error is not None and done.error.field == "different_person"
    status = 400 if request.method == "POST" else 200
    return render_template("trainees/edit.html", form=form, trainee=trainee, current=current,
                           duplicate=duplicate or bool(form.different_person.data)), status


@bp.route("/new", methods=["GET", "POST"])
@require("trainee.manage")
def create():
    return _edit(None)


@bp.route("/<int:trainee_id>/edit", methods=["GET", "POST"])
@login_required
def edit(trainee_id):
    return _edit(load(Trainee, trainee_id, "trainee.manage"))


# Import ------------------------------------------------------------------------------------------------


def _import_page(form=None, rows=None, token=None, filename="", error=None, status=200):
    return render_template(
        "trainees/import.html", course_id=int_arg("course", None, 2**31 - 1) if "nominate" in RECORD else None,
        # formdata=None: after a refused upload the request body must not be read again.
        form=form or ImportForm(formdata=None), rows=rows, token=token, filename=filename,
        error=error, confirm_form=ConfirmImportForm(token=token) if token else None,
        columns=importing.COLUMNS, genders=GENDERS, education=EDUCATION, sides=_sides(),
        target_groups=_target_groups(), max_rows=importing.MAX_ROWS,
        max_mb=importing.MAX_BYTES // (1024 * 1024),
        jalali_years="{}–{}".format(*JALALI_YEARS), gregorian_years="{}–{}".format(*GREGORIAN_YEARS),
        error_rows=[row for row in rows or () if row.errors],
    ), status


@bp.route("/import", methods=["GET", "POST"])
@require("trainee.manage")
def import_file():
    form = ImportForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _import_page(form, status=200 if request.method == "GET" else 400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(form, error=_("Choose a file to upload."), status=400)
    filename = upload.filename[:200]
    # One byte more than allowed is enough to know the file is too large.
    data = upload.stream.read(importing.MAX_BYTES + 1)
    try:
        lines = importing.read_table(filename, data)
    except importing.ImportRefused as exc:
        return _import_page(form, error=exc.message, status=exc.status)
    # Judged only: nothing is added to the session on preview.
    rows = importing.check_rows(lines, current_user)
    if any(row.errors for row in rows):
        return _import_page(form, rows=rows, filename=filename, status=400)
    token = import_batches.save_batch(lines, current_user.id, filename)
    return _import_page(form, rows=rows, token=token, filename=filename)


@bp.route("/import/confirm", methods=["POST"])
@require("trainee.manage")
def import_confirm():
    form = ConfirmImportForm()
    token = request.form.get("token", "")
    if not form.validate_on_submit():
        return _import_page(status=400)
    try:
        batch = import_batches.take_batch(token, current_user.id)
    except importing.ImportRefused as exc:
        return _import_page(error=exc.message, status=400)
    rows = importing.check_rows(batch["lines"], current_user)
    if any(row.errors for row in rows):
        # Something changed since the preview (a trainee registered meanwhile): nothing is written.
        db.session.rollback()
        return _import_page(rows=rows, filename=batch.get("filename", ""), status=409,
                            error=_("The file no longer passes the checks: nothing was imported. "
                                    "Correct the rows below and upload the file again."))
    course_id = int_arg("course", None, 2**31 - 1)
    try:
        created = services.import_trainees([row.values for row in rows], current_user)
        if course_id is not None and "nominate" in RECORD:
            # Straight into the course as nominations: the trainees and their nominations, or neither.
            RECORD["nominate"](course_id, created, current_user)
    except DomainError as exc:  # said on the import page, not above it
        db.session.rollback()
        return _import_page(error=exc.message, status=exc.status)
    if course_id is not None and "nominate" in RECORD:
        return saved(ngettext("%(count)s trainee imported and nominated for the course.",
                              "%(count)s trainees imported and nominated for the course.", len(created),
                              count=format_num(len(created))), url_for("courses.roster", course_id=course_id))
    return saved(ngettext("%(count)s trainee imported.", "%(count)s trainees imported.", len(created),
                          count=format_num(len(created))), url_for("trainees.listing"))


@bp.route("/import/template.csv")
@require("trainee.manage")
def import_template():
    sides = _sides()
    side = current_user.side if current_user.side in sides else next(iter(sides), None)
    group = next(iter(_target_groups()), None)
    body = importing.template_rows(side.code if side else "", group.code if group else "")
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=trainees-template.csv",
    })


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A body beyond the app's limit never reaches the view: say so on the import page, in the user's words."""
    if request.endpoint == "trainees.import_file" and can(current_user, "trainee.manage"):
        return _import_page(error=importing.size_error().message, status=413)
    return error_page(413)
