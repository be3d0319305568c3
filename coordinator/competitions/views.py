"""Competition pages: list, register and correct, participants, the results grid, medallists."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, require
from ..catalog.models import Side, SkillStandard
from ..errors import DomainError, StaleEditError
from ..extensions import db
from ..viewer import viewer_lang, viewer_today
from ..web import form_error, int_arg, stale_differences
from . import services
from .blueprint import competitions_bp as bp
from .forms import CompetitionForm, DeleteForm, MedallistFilterForm, ParticipantForm, ResultsForm
from .models import LEVELS, MEDALS, Competition

STALE_FIELDS = services.FIELDS



def _competition(competition_id: int, action: str = "competition.view") -> Competition:
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    if not can(current_user, action, competition):
        abort(403)
    return competition


def _sides(competition: Competition | None = None):
    keep = competition.organiser_side_id if competition else None
    sides = db.session.scalars(select(Side).where(Side.active.is_(True) | (Side.id == keep)).order_by(Side.id))
    return [s for s in sides if can(current_user, "competition.manage", SimpleNamespace(organiser_side_id=s.id))]


def _skills(competition: Competition | None = None):
    keep = competition.skill_standard_id if competition else None
    return db.session.scalars(select(SkillStandard).where(SkillStandard.active.is_(True)
                                                          | (SkillStandard.id == keep))
                              .order_by(SkillStandard.code)).all()


def _put_problems(form, exc) -> None:
    for name, message in getattr(exc, "problems", [(exc.field, exc.message)]):
        form_error(form, DomainError(message, field=name))


@bp.route("/")
@require("competition.view")
def listing():
    query = request.args.get("q", "").strip()[:200]
    level = request.args.get("level") if request.args.get("level") in LEVELS else None
    side_id, skill_id = int_arg("side"), int_arg("skill")
    stmt = services.search(query, level=level, side_id=side_id, skill_id=skill_id)
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template(
        "competitions/list.html", pagination=pagination, query=query, level=level, side_id=side_id,
        skill_id=skill_id, levels=LEVELS, sides=db.session.scalars(select(Side).order_by(Side.id)).all(),
        skills=_skills(), filtered=bool(query or level or side_id or skill_id))


def _detail(competition, participant_form=None, status=200):
    manage = can(current_user, "competition.manage", competition)
    query = request.args.get("q", "").strip()[:200]
    trainees, more = services.trainee_choices(competition, query) if manage else ([], False)
    if participant_form is None:
        participant_form = ParticipantForm(formdata=None, trainees=trainees)
    else:
        participant_form.trainee_id.choices = ParticipantForm(formdata=None, trainees=trainees).trainee_id.choices
    participants = sorted(competition.participants,
                          key=lambda p: (p.rank is None, p.rank or 0, p.trainee.side_id, p.trainee.name))
    return render_template(
        "competitions/detail.html", competition=competition, participants=participants, manage=manage,
        participant_form=participant_form, delete_form=DeleteForm(), query=query, more=more,
        picker_limit=services.PICKER_LIMIT, has_results=services.has_results(competition),
        results_open=viewer_today() >= competition.starts_on), status


@bp.route("/<int:competition_id>")
@require("competition.view")
def detail(competition_id):
    return _detail(_competition(competition_id))


def _edit(competition: Competition | None):
    sides = _sides(competition)
    data = None
    if competition is not None:
        data = {name: getattr(competition, name) for name in STALE_FIELDS} | {"version": competition.version}
    form = CompetitionForm(data=data, sides=sides, skills=_skills(competition))
    current = None
    if form.validate_on_submit():
        try:
            if competition is None:
                saved = services.create_competition(form.values(), current_user)
            else:
                saved = services.update_competition(competition, form.values(), request.form.get("version"),
                                                    current_user)
        except StaleEditError as exc:
            db.session.rollback()
            form_error(form, exc)
            current = stale_differences(form, competition, names=STALE_FIELDS)
        except DomainError as exc:
            db.session.rollback()
            _put_problems(form, exc)
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=saved.name), "success")
            return redirect(url_for("competitions.detail", competition_id=saved.id))
    elif form.is_submitted() and not form.errors.get("csrf_token"):
        _data, problems = services.check_values(form.values(), current_user, competition)
        for name, message in problems:
            field = getattr(form, name, None)
            if field is not None and not field.errors:
                field.errors = [*field.errors, message]
    status = 400 if request.method == "POST" else 200
    return render_template("competitions/edit.html", form=form, competition=competition,
                           current=current), status


@bp.route("/new", methods=["GET", "POST"])
@require("competition.manage")
def create():
    return _edit(None)


@bp.route("/<int:competition_id>/edit", methods=["GET", "POST"])
@require("competition.view")
def edit(competition_id):
    return _edit(_competition(competition_id, "competition.manage"))


@bp.route("/<int:competition_id>/participants", methods=["POST"])
@require("competition.view")
def participant_add(competition_id):
    competition = _competition(competition_id, "competition.manage")
    form = ParticipantForm()
    if not form.validate_on_submit():
        return _detail(competition, form, status=400)
    try:
        participant = services.add_participant(competition, form.trainee_id.data, current_user)
    except DomainError as exc:
        db.session.rollback()
        form_error(form, exc)
        return _detail(competition, form, status=exc.status)
    db.session.commit()
    flash(_("%(name)s now takes part.", name=participant.trainee.name), "success")
    return redirect(url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


@bp.route("/<int:competition_id>/participants/<int:participant_id>/remove", methods=["POST"])
@require("competition.view")
def participant_remove(competition_id, participant_id):
    competition = _competition(competition_id, "competition.manage")
    if not DeleteForm().validate_on_submit():
        abort(400)
    try:
        services.remove_participant(competition, participant_id, current_user)
    except services.NotFound:
        db.session.rollback()
        abort(404)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return _detail(competition, status=exc.status)
    db.session.commit()
    flash(_("Participant removed."), "success")
    return redirect(url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


def _results_form(competition, formdata=None):
    participants = sorted(competition.participants, key=lambda p: (p.trainee.side_id, p.trainee.name, p.id))
    if formdata is not None:
        return ResultsForm(formdata), participants
    data = {"rows": [{"participant_id": p.id, "version": p.version, "score": p.score, "rank": p.rank,
                      "medal": p.medal or ""} for p in participants]}
    return ResultsForm(formdata=None, data=data), participants


@bp.route("/<int:competition_id>/results", methods=["GET", "POST"])
@require("competition.view")
def results(competition_id):
    competition = _competition(competition_id, "competition.manage")
    if request.method == "GET":
        form, participants = _results_form(competition)
        return _results_page(competition, form, participants)
    form, participants = _results_form(competition, request.form)
    if not form.validate_on_submit():
        return _results_page(competition, form, participants, status=400)
    try:
        services.record_results(competition, form.values(), current_user, viewer_today())
    except services.CompetitionInvalid as exc:
        db.session.rollback()
        for name, message in exc.problems:
            field = _grid_field(form, name)
            if field is not None:
                field.errors = [*(field.errors or []), str(message)]
            else:
                flash(str(message), "error")
        return _results_page(competition, form, participants, status=400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return _results_page(competition, form, participants, status=exc.status)
    db.session.commit()
    flash(_("Results saved."), "success")
    return redirect(url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


def _grid_field(form, name):
    """rows-3-rank → the rank field of the fourth row."""
    if not name or not name.startswith("rows-"):
        return None
    _prefix, index, key = name.split("-", 2)
    try:
        return getattr(form.rows[int(index)].form, key)
    except (IndexError, ValueError, AttributeError):
        return None


def _results_page(competition, form, participants, status=200):
    names = {p.id: p for p in participants}
    rows = [(row, names.get(row.form.participant_id.data)) for row in form.rows]
    return render_template("competitions/results.html", competition=competition, form=form, rows=rows,
                           results_open=viewer_today() >= competition.starts_on), status


@bp.route("/medallists")
@require("competition.view")
def medallists():
    lang = viewer_lang()
    this_year = services.year_of(viewer_today(), lang)
    form = MedallistFilterForm(formdata=request.args if request.args else None)
    status = 200
    if request.args and not form.validate():
        status = 400
    level = form.level.data if form.level.data in LEVELS else None
    year = form.year.data if not form.year.errors and form.year.data else this_year
    if form.year.data is None and not form.year.errors:
        form.year.data = this_year
    start, end = services.year_bounds(year, lang)
    return render_template(
        "competitions/medallists.html", form=form, year=year, medals=MEDALS,
        counts=services.medal_counts(level=level, start=start, end=end),
        winners=services.medallists(level=level, start=start, end=end)), status
