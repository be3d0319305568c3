"""Trainer pages: list and search, profile, register and correct, travel documents, unavailability, figures."""

from __future__ import annotations

from types import SimpleNamespace

from babel import Locale
from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required, require
from ..auth.roles import TRAINER
from ..auth.scope import scope_condition
from ..catalog.models import Centre, Side, SkillStandard
from ..extensions import db
from ..l10n.locales import babel_locale
from ..viewer import format_day, viewer_lang, viewer_today
from ..web import NOT_TRIED, also_check, attempt, int_arg, load, permit, saved, stale_differences
from . import figures as exchange_figures
from . import trainer_services as services
from . import visas
from .blueprint import bp
from .models import LANGUAGE_LEVELS, Trainer
from .trainer_forms import DeleteForm, DocumentForm, PeriodForm, TrainerForm, UnavailabilityForm

STALE_FIELDS = ("name_fa", "name_ar", "side_id", "centre_id", "user_id", "level_fa", "level_ar", "level_en",
                "qualifications", "phone")



def _trainer(trainer_id: int, action: str = "trainer.view") -> Trainer:
    """The trainer, if the user may see it (a trainer asking for another's profile learns nothing: 404),
    and may do `action` on it (403)."""
    trainer = load(Trainer, trainer_id, "trainer.view", conceal=current_user.role == TRAINER)
    if action != "trainer.view":
        permit(action, trainer)
    return trainer


def _sides(trainer: Trainer | None = None):
    keep = trainer.side_id if trainer else None
    sides = db.session.scalars(select(Side).where(Side.active.is_(True) | (Side.id == keep)).order_by(Side.id))
    return [s for s in sides if can(current_user, "trainer.manage", SimpleNamespace(side_id=s.id))]


def _centres(sides, trainer: Trainer | None = None):
    keep = trainer.centre_id if trainer else None
    return db.session.scalars(
        select(Centre).where(Centre.side_id.in_([s.id for s in sides]),
                             Centre.active.is_(True) | (Centre.id == keep))
        .order_by(Centre.side_id, Centre.search_key, Centre.id)).all()


def _skills(trainer: Trainer | None = None):
    keep = [s.id for s in trainer.skills] if trainer else []
    return db.session.scalars(select(SkillStandard).where(SkillStandard.active.is_(True) | SkillStandard.id.in_(keep))
                              .order_by(SkillStandard.code)).all()


def _users(sides, trainer: Trainer | None = None):
    return [u for s in sides for u in services.linkable_users(s.id, trainer)]


def _countries():
    """The countries of the programme's sides, named in the reader's language (data, not constants)."""
    names = Locale.parse(babel_locale(viewer_lang())).territories
    codes = sorted({s.country_code for s in db.session.scalars(select(Side).where(Side.active.is_(True)))})
    return [(code, names.get(code, code)) for code in codes]


@bp.route("/trainers/")
@require("trainer.view")
def trainers():
    query = request.args.get("q", "").strip()[:200]
    side_id, skill_id = int_arg("side"), int_arg("skill")
    language = request.args.get("language") if request.args.get("language") in services.LANGUAGES else None
    only_own = services.sees_only_own(current_user)
    stmt = services.search(query, side_id=side_id, skill_id=skill_id, language=language,
                           only_user_id=current_user.id if only_own else None,
                           visible_to=scope_condition(current_user, Trainer.side_id, Trainer.centre_id))
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template(
        "exchanges/trainers.html", pagination=pagination, query=query, side_id=side_id, skill_id=skill_id,
        language=language, sides=db.session.scalars(select(Side).order_by(Side.id)).all(), skills=_skills(),
        languages=_language_names(), filtered=bool(query or side_id or skill_id or language),
    )


def _language_names():
    return {"fa": _("Persian"), "ar": _("Arabic"), "en": _("English")}


def _profile(trainer: Trainer, doc_form=None, unavailability_form=None, status=200):
    today = viewer_today()
    documents = [(d, services.document_status(d, today)) for d in trainer.documents]
    return render_template(
        "exchanges/trainer_detail.html", trainer=trainer, documents=documents,
        languages=[(_language_names()[lang], LANGUAGE_LEVELS[getattr(trainer, f"level_{lang}")])
                   for lang in services.LANGUAGES if getattr(trainer, f"level_{lang}")],
        doc_form=doc_form or DocumentForm(formdata=None, countries=_countries()),
        unavailability_form=unavailability_form or UnavailabilityForm(formdata=None),
        delete_form=DeleteForm(), soon_days=services.EXPIRES_SOON_DAYS,
    ), status


@bp.route("/trainers/<int:trainer_id>")
@login_required
def trainer(trainer_id):
    return _profile(_trainer(trainer_id))


def _form_data(trainer: Trainer) -> dict:
    return ({name: getattr(trainer, name) for name in STALE_FIELDS}
            | {"skill_ids": [s.id for s in trainer.skills], "version": trainer.version})


def _edit(trainer: Trainer | None):
    sides = _sides(trainer)
    form = TrainerForm(data=_form_data(trainer) if trainer else None, sides=sides,
                       centres=_centres(sides, trainer), users=_users(sides, trainer), skills=_skills(trainer))
    if trainer is None and request.method == "GET" and len(sides) == 1:
        form.side_id.data = sides[0].id
    done, current = NOT_TRIED, None
    if form.validate_on_submit():
        if trainer is None:
            done = attempt(form, lambda: services.create_trainer(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update_trainer(trainer, form.values(), request.form.get("version"),
                                                                 current_user), stale=(trainer, STALE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("exchanges.trainer", trainer_id=done.result.id))
        if done.current is not None:
            current = stale_differences(form, trainer, names=STALE_FIELDS, choice_labels=True)
    else:
        also_check(form, lambda: services.check_values(form.values(), current_user, trainer))
    status = 400 if request.method == "POST" else 200
    return render_template("exchanges/trainer_edit.html", form=form, trainer=trainer, current=current), status


@bp.route("/trainers/new", methods=["GET", "POST"])
@require("trainer.manage")
def trainer_create():
    return _edit(None)


@bp.route("/trainers/<int:trainer_id>/edit", methods=["GET", "POST"])
@login_required
def trainer_edit(trainer_id):
    return _edit(_trainer(trainer_id, "trainer.manage"))


# Travel documents and unavailability --------------------------------------------------------------------


@bp.route("/trainers/<int:trainer_id>/documents", methods=["POST"])
@login_required
def document_add(trainer_id):
    trainer = _trainer(trainer_id, "trainer.self_service")
    form = DocumentForm(countries=_countries())
    if not form.validate_on_submit():
        return _profile(trainer, doc_form=form, status=400)
    done = attempt(form, lambda: services.add_document(trainer, form.values(), current_user))
    if not done:
        return _profile(trainer, doc_form=form, status=done.error.status)
    back = url_for("exchanges.trainer", trainer_id=trainer.id, _anchor="documents")
    document = done.result
    if services.document_status(document, viewer_today()) != "expired":
        return saved(_("Travel document saved."), back)
    response = saved(None, back)
    flash(_("Saved, but this document expired on %(day)s: it cannot be used for travel until it is renewed.",
            day=format_day(document.expires_on)), "warning")
    return response


@bp.route("/trainers/<int:trainer_id>/documents/<int:doc_id>/delete", methods=["POST"])
@login_required
def document_delete(trainer_id, doc_id):
    trainer = _trainer(trainer_id, "trainer.self_service")
    if not DeleteForm().validate_on_submit():
        abort(400)
    attempt(None, lambda: services.remove_document(trainer, doc_id, current_user))  # not there: 404
    response = saved(_("Travel document removed."), url_for("exchanges.trainer", trainer_id=trainer.id,
                                                            _anchor="documents"))
    _flash_trip_gaps(trainer)
    return response


def _flash_trip_gaps(trainer) -> None:
    """Documents changed: say at once which accepted or confirmed trips they no longer cover."""
    for trip, problems in visas.trips_with_gaps(trainer):
        for problem in problems:
            flash(_("%(course)s: %(problem)s", course=trip.course.code, problem=problem.message), "warning")


@bp.route("/trainers/<int:trainer_id>/unavailability", methods=["POST"])
@login_required
def unavailability_add(trainer_id):
    trainer = _trainer(trainer_id, "trainer.self_service")
    form = UnavailabilityForm()
    if not form.validate_on_submit():
        return _profile(trainer, unavailability_form=form, status=400)
    done = attempt(form, lambda: services.add_unavailability(trainer, form.values(), current_user))
    if not done:
        return _profile(trainer, unavailability_form=form, status=done.error.status)
    return saved(_("Unavailability saved."), url_for("exchanges.trainer", trainer_id=trainer.id,
                                                     _anchor="unavailability"))


@bp.route("/trainers/<int:trainer_id>/unavailability/<int:period_id>/delete", methods=["POST"])
@login_required
def unavailability_delete(trainer_id, period_id):
    trainer = _trainer(trainer_id, "trainer.self_service")
    if not DeleteForm().validate_on_submit():
        abort(400)
    attempt(None, lambda: services.remove_unavailability(trainer, period_id, current_user))  # not there: 404
    return saved(_("Unavailability removed."), url_for("exchanges.trainer", trainer_id=trainer.id,
                                                       _anchor="unavailability"))


# Figures ------------------------------------------------------------------------------------------------


@bp.route("/figures")
@require("exchange.figures")
def figures():
    lang = viewer_lang()
    default_start, default_end = exchange_figures.year_of(viewer_today(), lang)
    form = PeriodForm(formdata=request.args if request.args else None)
    status, report = 200, None
    if request.args:
        form.validate()
        if form.start.data is None and not form.start.errors:
            form.start.data = default_start
        if form.end.data is None and not form.end.errors:
            form.end.data = default_end
    else:
        form.start.data, form.end.data = default_start, default_end
    start, end = form.start.data, form.end.data
    if not form.errors and start and end:
        if end < start:
            form.end.errors = [*form.end.errors, _("The last day cannot be before the first day.")]
        elif (end - start).days > exchange_figures.MAX_PERIOD_DAYS:
            form.end.errors = [*form.end.errors, _("Choose a period of at most five years.")]
        else:
            report = exchange_figures.trainer_days(start, end)
    if report is None:
        status = 400
    return render_template("exchanges/figures.html", form=form, report=report, lang=lang), status
