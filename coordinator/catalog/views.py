"""Reference data pages: every kind of record is listed, searched, created, edited and deleted the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, require
from ..extensions import db
from ..web import NOT_TRIED, attempt, int_arg, load, saved
from . import forms, services
from .blueprint import bp
from .models import BorderCrossing, Centre, Holiday, Side, SkillStandard, TargetGroup


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    title: object
    new_label: object
    template: str
    side_filter: bool = False
    extra: dict = field(default_factory=dict)


KINDS = {
    "sides": Kind(Side, forms.SideForm, _l("Sides"), _l("New side"), "catalog/_sides.html"),
    "holidays": Kind(Holiday, forms.HolidayForm, _l("Public holidays"), _l("New holiday"),
                     "catalog/_holidays.html", side_filter=True),
    "centres": Kind(Centre, forms.CentreForm, _l("Training centres"), _l("New training centre"),
                    "catalog/_centres.html", side_filter=True),
    "standards": Kind(SkillStandard, forms.SkillStandardForm, _l("Skill standards"),
                      _l("New skill standard"), "catalog/_standards.html"),
    "target-groups": Kind(TargetGroup, forms.TargetGroupForm, _l("Target groups"), _l("New target group"),
                          "catalog/_target_groups.html"),
    "crossings": Kind(BorderCrossing, forms.BorderCrossingForm, _l("Border crossings"),
                      _l("New border crossing"), "catalog/_crossings.html"),
}


def _kind(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        abort(404)
    return kind


def _sides():
    return db.session.scalars(select(Side).order_by(Side.id)).all()


@bp.route("/")
@require("catalog.view")
def home():
    return redirect(url_for("catalog.listing", kind="centres"))


@bp.route("/<kind>/")
@require("catalog.view")
def listing(kind):
    spec = _kind(kind)
    query = request.args.get("q", "").strip()[:200]
    side_id = int_arg("side") if spec.side_filter else None
    page = int_arg("page") or 1
    stmt = services.search(spec.model, query, side_id)
    pagination = db.paginate(stmt, page=page, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "catalog/list.html", kind=kind, spec=spec, kinds=KINDS, pagination=pagination, query=query,
        side_id=side_id, sides=_sides() if spec.side_filter else (),
    )


def _edit(kind: str, obj=None):
    spec = _kind(kind)
    extra = {"centres": db.session.scalars(select(Centre).order_by(Centre.side_id, Centre.name_fa)).all()} \
        if spec.model is Holiday else {}
    form = spec.form(obj=obj, sides=_sides(), **extra)
    if obj is not None and request.method == "GET":
        form.version.data = obj.version
        if isinstance(obj, Side):
            form.weekend.data = [str(d) for d in obj.weekend]
    done = NOT_TRIED
    if form.validate_on_submit():
        # The version the form was opened at, as posted: a form without one is stale, never "current".
        done = attempt(form, lambda: services.save(spec.model, obj, form.values(), request.form.get("version")),
                       stale=(obj, None))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name), url_for("catalog.listing", kind=kind))
    status = 400 if request.method == "POST" else 200
    return render_template("catalog/edit.html", kind=kind, spec=spec, kinds=KINDS, form=form, obj=obj,
                           current=done.current), status


@bp.route("/<kind>/new", methods=["GET", "POST"])
@require("catalog.manage")
def create(kind):
    return _edit(kind)


@bp.route("/<kind>/<int:record_id>/edit", methods=["GET", "POST"])
@require("catalog.manage")
def edit(kind, record_id):
    return _edit(kind, load(_kind(kind).model, record_id))


@bp.route("/<kind>/<int:record_id>/delete", methods=["POST"])
@require("catalog.manage")
def delete(kind, record_id):
    obj = load(_kind(kind).model, record_id)
    name = obj.name
    done = attempt(None, lambda: services.delete(obj, request.form.get("version")))
    if not done:
        return redirect(url_for("catalog.edit", kind=kind, record_id=record_id))
    return saved(_("Deleted: %(name)s", name=name), url_for("catalog.listing", kind=kind))


@bp.app_context_processor
def catalog_nav():
    return {"catalog_kinds": KINDS if can(current_user, "catalog.view") else {}}


from . import holiday_views as _holiday_views  # noqa: E402, F401  (adds the holiday tools to the blueprint)
