"""Meeting series: the list (each with its meetings and the last one held) and a new series."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.permissions import can, require
from ..extensions import db
from ..web import NOT_TRIED, attempt, saved
from . import services
from .blueprint import bp
from .forms import SeriesForm
from .models import Meeting
from .views import all_series


def _page(form, status=200):
    counts = dict(db.session.execute(select(Meeting.series_id, func.count(Meeting.id))
                                     .where(Meeting.series_id.is_not(None)).group_by(Meeting.series_id)).all())
    rows = [(s, counts.get(s.id, 0)) for s in all_series()]
    return render_template("meetings/series.html", rows=rows, form=form), status


@bp.route("/series", methods=["GET", "POST"])
@require("meeting.view")
def series_list():
    form = SeriesForm() if can(current_user, "meeting.record") else None
    done = NOT_TRIED
    if request.method == "POST":
        if form is None:
            return _page(None, 403)
        if form.validate_on_submit():
            done = attempt(form, lambda: services.create_series(form.values(), current_user))
            if done:
                return saved(_("Saved: %(name)s", name=done.result.name), url_for("meetings.series_list"))
        return _page(form, 400)
    return _page(form)
