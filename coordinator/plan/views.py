"""Plan pages: the yearly targets of each side, adding one, changing its value, removing it."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, require
from ..catalog.models import Side
from ..extensions import db
from ..viewer import viewer_today
from ..web import NOT_TRIED, act, attempt, load, saved
from . import catalogue, services, years
from .blueprint import bp
from .compare import target_groups
from .forms import TargetForm, TargetValueForm
from .models import PlanTarget


def _sides():
    return list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))


def _new_form(groups, formdata=None):
    # Every side is offered: a liaison choosing the other one is told why it is refused.
    sides = sorted(_sides(), key=lambda s: not can(current_user, "plan.manage", s))
    form = TargetForm(formdata=formdata)
    form.side_id.choices = [(s.id, s.name) for s in sides]
    form.figure.choices = [(p.key, p.label) for p in catalogue.choices(groups)]
    if form.year.data is None and not request.form and sides:
        form.year.data = years.year_of(sides[0].calendar, viewer_today())
    return form


def _page(form, status=200):
    groups = target_groups()
    rows = db.session.scalars(select(PlanTarget).order_by(PlanTarget.side_id, PlanTarget.year.desc(),
                                                          PlanTarget.id)).all()
    order = {p.key: i for i, p in enumerate(catalogue.choices(groups))}
    rows = sorted(rows, key=lambda t: (t.side_id, -t.year, order.get(t.figure, 999)))
    listed = [(t, catalogue.plannable(t.figure, groups), years.other_years(t.side.calendar, t.year)) for t in rows]
    return render_template("plan/index.html", form=form, rows=listed,
                           minimum=catalogue.PRACTICAL_MINIMUM), status


@bp.route("/")
@require("plan.view")
def index():
    form = _new_form(target_groups()) if can(current_user, "plan.manage") else None
    return _page(form)


@bp.route("/targets/new", methods=["POST"])
@require("plan.manage")
def create():
    form = _new_form(target_groups(), request.form)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: services.create_target(form.values(), current_user))
        if done:
            return saved(_("Target saved."), url_for("plan.index"))
    return _page(form, 400)


@bp.route("/targets/<int:target_id>/edit", methods=["GET", "POST"])
@require("plan.view")
def edit(target_id):
    record = load(PlanTarget, target_id, "plan.manage")
    form = TargetValueForm(data={"target": record.target, "version": record.version})
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update_target(record, form.target.data, form.version.data,
                                                            current_user), stale=(record, ("target",)))
        if done:
            return saved(_("Target saved."), url_for("plan.index"))
    figure = catalogue.plannable(record.figure, target_groups())
    status = 400 if request.method == "POST" else 200
    return render_template("plan/edit.html", form=form, record=record, figure=figure,
                           other=years.other_years(record.side.calendar, record.year), current=done.current), status


@bp.route("/targets/<int:target_id>/delete", methods=["POST"])
@require("plan.view")
def delete(target_id):
    record = load(PlanTarget, target_id, "plan.manage")
    return act(lambda: services.delete_target(record, request.form.get("version"), current_user),
               _("Target removed."), url_for("plan.index"))
