"""Competition pages: list, register and correct, participants, the results grid, medallists."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required, require
from ..catalog.models import Side, SkillStandard
from ..extensions import db
from ..viewer import viewer_lang, viewer_today
from ..web import NOT_TRIED, also_check, attempt, int_arg, load, saved
from . import services
from .blueprint import bp
from .forms import CompetitionForm, DeleteForm, MedallistFilterForm, ParticipantForm, ResultsForm
from .models import LEVELS, MEDALS, Competition

STALE_FIELDS = services.FIELDS



def _sides(competition: Competition | None = None):
    keep = competition.organiser_side_id if competition else None
    sides = db.session.scalars(select(Side).where(Side.active.is_(True) | (Side.id == keep)).order_by(Side.id))
    return [s for s in sides if can(current_user, "competition.manage", SimpleNamespace(organiser_side_id=s.id))]


def _skills(competition: Competition | None = None):
    keep = competition.skill_standard_id if competition else None
    return db.session.scalars(select(SkillStandard).where(SkillStandard.active.is_(True)
                                                          | (SkillStandard.id == keep))
                              .order_by(SkillStandard.code)).all()


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
@login_required
def detail(competition_id):
    return _detail(load(Competition, competition_id, "competition.view"))


def _edit(competition: Competition | None):
    sides = _sides(competition)
    data = None
    if competition is not None:
        data = {name: getattr(competition, name) for name in STALE_FIELDS} | {"version": competition.version}
    form = CompetitionForm(data=data, sides=sides, skills=_skills(competition))
    done = NOT_TRIED
    if form.validate_on_submit():
        if competition is None:
            done = attempt(form, lambda: services.create_competition(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update_competition(
                competition, form.values(), request.form.get("version"), current_user),
                stale=(competition, STALE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("competitions.detail", competition_id=done.result.id))
    else:
        also_check(form, lambda: services.check_values(form.values(), current_user, competition))
    status = 400 if request.method == "POST" else 200
    return render_template("competitions/edit.html", form=form, competition=competition,
                           current=done.current), status


@bp.route("/new", methods=["GET", "POST"])
@require("competition.manage")
def create():
    return _edit(None)


@bp.route("/<int:competition_id>/edit", methods=["GET", "POST"])
@login_required
def edit(competition_id):
    return _edit(load(Competition, competition_id, "competition.manage"))


@bp.route("/<int:competition_id>/participants", methods=["POST"])
@login_required
def participant_add(competition_id):
    competition = load(Competition, competition_id, "competition.manage")
    form = ParticipantForm()
    if not form.validate_on_submit():
        return _detail(competition, form, status=400)
    done = attempt(form, lambda: services.add_participant(competition, form.trainee_id.data, current_user))
    if not done:
        return _detail(competition, form, status=done.error.status)
    return saved(_("%(name)s now takes part.", name=done.result.trainee.name),
                 url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


@bp.route("/<int:competition_id>/participants/<int:participant_id>/remove", methods=["POST"])
@login_required
def participant_remove(competition_id, participant_id):
    competition = load(Competition, competition_id, "competition.manage")
    if not DeleteForm().validate_on_submit():
        abort(400)
    done = attempt(None, lambda: services.remove_participant(competition, participant_id, current_user))
    if not done:
        return _detail(competition, status=done.error.status)
    return saved(_("Participant removed."),
                 url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


def _results_form(competition, formdata=None):
    participants = sorted(competition.participants, key=lambda p: (p.trainee.side_id, p.trainee.name, p.id))
    if formdata is not None:
        return ResultsForm(formdata), participants
    data = {"rows": [{"participant_id": p.id, "version": p.version, "score": p.score, "rank": p.rank,
                      "medal": p.medal or ""} for p in participants]}
    return ResultsForm(formdata=None, data=data), participants


@bp.route("/<int:competition_id>/results", methods=["GET", "POST"])
@login_required
def results(competition_id):
    competition = load(Competition, competition_id, "competition.manage")
    if request.method == "GET":
        form, participants = _results_form(competition)
        return _results_page(competition, form, participants)
    form, participants = _results_form(competition, request.form)
    if not form.validate_on_submit():
        return _results_page(competition, form, participants, status=400)
    done = attempt(form, lambda: services.record_results(competition, form.values(), current_user, viewer_today()))
    if not done:
        return _results_page(competition, form, participants, status=done.error.status)
    return saved(_("Results saved."),
                 url_for("competitions.detail", competition_id=competition.id, _anchor="participants"))


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
