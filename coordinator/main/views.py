"""Home page and the language switcher."""

from flask import abort, current_app, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import func, select

from ..auth import services as auth_services
from ..auth.permissions import can, login_required
from ..catalog.models import BorderCrossing, Centre, SkillStandard, TargetGroup
from ..extensions import db
from ..l10n.timezones import utcnow
from ..viewer import viewer_today
from ..web import commit, safe_next
from . import attention
from .blueprint import bp
from .upcoming import upcoming


@bp.route("/")
@login_required
def index():
    counts = {
        "centres": _count(Centre),
        "my_centres": _count(Centre, Centre.side_id == current_user.side_id) if current_user.side_id else None,
        "standards": _count(SkillStandard),
        "target_groups": _count(TargetGroup),
        "crossings": _count(BorderCrossing),
    }
    today = viewer_today()
    events = upcoming(today, can_see_courses=can(current_user, "course.list"),
                      can_see_meetings=can(current_user, "meeting.view"))
    return render_template("main/index.html", counts=counts, now=utcnow(), today=today,
                           attention=attention.for_user(current_user, today), events=events)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(model.active.is_(True), *where))


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        auth_services.set_language(current_user, lang)
        commit()
    return redirect(safe_next(request.form.get("next")))
