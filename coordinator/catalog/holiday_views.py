"""Pages for setting up a year's days off: import from the holiday library (preview, then confirm), add a day
or a range (or by its Hijri date), copy fixed days to the next year, confirm or move an estimated day,
and the list of what the changed days now touch."""

from __future__ import annotations

from datetime import date, timedelta

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..auth.permissions import require
from ..extensions import db
from ..web import NOT_TRIED, act, attempt, int_arg, load, saved
from . import holidays
from .blueprint import bp
from .forms import DaysOffForm, YearForm
from .models import Centre, Holiday, Side

MAX_DAYS_LISTED = 400


def _sides():
    return db.session.scalars(select(Side).order_by(Side.id)).all()


def _centres():
    return db.session.scalars(select(Centre).where(Centre.active.is_(True)).order_by(Centre.side_id, Centre.name_fa)
                              ).all()


def _touches_url(side_id: int, days, centre_id=None) -> str:
    days = sorted(set(days))[:MAX_DAYS_LISTED]
    return url_for("catalog.holiday_touches", side=side_id, centre=centre_id or None,
                   days=",".join(d.isoformat() for d in days))


def _added_message(count: int) -> str:
    return ngettext("%(num)s day off added.", "%(num)s days off added.", count)


@bp.route("/holidays/import", methods=["GET", "POST"])
@require("catalog.manage")
def holiday_import():
    """First post: the library's list for the side and year (what exists is marked); second post (confirm):
    store the new days. The list is computed again on confirm, from the same library version."""
    form = YearForm(sides=_sides())
    rows, side = None, None
    done = NOT_TRIED
    if form.validate_on_submit():
        side = db.session.get(Side, form.side_id.data)
        if request.form.get("confirm"):
            done = attempt(form, lambda: holidays.import_year(side, form.year.data))
            if done:
                added, _clashes = done.result
                return saved(_added_message(len(added)), _touches_url(side.id, [h.day for h in added]))
        else:
            done = attempt(form, lambda: holidays.library_year(side, form.year.data))
            rows = done.result if done else None
    status = 400 if request.method == "POST" and not rows else 200
    return render_template("catalog/holiday_import.html", form=form, rows=rows, side=side), status


@bp.route("/holidays/add", methods=["GET", "POST"])
@require("catalog.manage")
def holiday_add():
    form = DaysOffForm(sides=_sides(), centres=_centres())
    if form.validate_on_submit():
        done = attempt(form, lambda: holidays.add_days_off(form.values()))
        if done:
            added, _clashes = done.result
            return saved(_added_message(len(added)),
                         _touches_url(form.side_id.data, [h.day for h in added], form.centre_id.data))
    status = 400 if request.method == "POST" else 200
    return render_template("catalog/holiday_add.html", form=form), status


@bp.route("/holidays/copy", methods=["GET", "POST"])
@require("catalog.manage")
def holiday_copy():
    form = YearForm(sides=_sides())
    if form.validate_on_submit():
        side = db.session.get(Side, form.side_id.data)
        done = attempt(form, lambda: holidays.copy_fixed(side, form.year.data))
        if done:
            added, _clashes = done.result
            return saved(_added_message(len(added)), _touches_url(side.id, [h.day for h in added]))
    status = 400 if request.method == "POST" else 200
    return render_template("catalog/holiday_copy.html", form=form), status


@bp.route("/holidays/<int:holiday_id>/confirm", methods=["POST"])
@require("catalog.manage")
def holiday_confirm(holiday_id):
    holiday = load(Holiday, holiday_id)
    return act(lambda: holidays.confirm(holiday, request.form.get("version")),
               lambda: _("Confirmed: %(name)s", name=holiday.name),
               url_for("catalog.listing", kind="holidays", side=holiday.side_id))


@bp.route("/holidays/<int:holiday_id>/move/<any(earlier, later):direction>", methods=["POST"])
@require("catalog.manage")
def holiday_move(holiday_id, direction):
    holiday = load(Holiday, holiday_id)
    delta = -1 if direction == "earlier" else 1
    # Done or refused, the next page lists what the new day touches (a refusal is flashed above it).
    target = holiday.day + timedelta(days=delta)
    return act(lambda: holidays.move(holiday, delta, request.form.get("version")),
               lambda: _("Moved: %(name)s", name=holiday.name),
               _touches_url(holiday.side_id, [target], holiday.centre_id))


def _days_arg() -> list[date]:
    days = []
    for part in request.args.get("days", "").split(",")[:MAX_DAYS_LISTED]:
        try:
            days.append(date.fromisoformat(part.strip()))
        except ValueError:
            continue  # a hand-edited address: what cannot be read is left out
    return days


@bp.route("/holidays/touches")
@require("catalog.manage")
def holiday_touches():
    """The sessions, trips and bookings that fall on the given days off of a side (or of one centre)."""
    side_id = int_arg("side")
    if side_id is None:
        return redirect(url_for("catalog.listing", kind="holidays"))
    side = load(Side, side_id)
    centre_id = int_arg("centre")
    days = _days_arg()
    found = holidays.clashes(side.id, days, centre_id)
    return render_template("catalog/holiday_touches.html", side=side, days=days, clashes=found)
