"""Administration: user accounts and the audit trail."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import ACTIONS, AuditEntry
from ..auth import services as auth_services
from ..auth.forms import UserForm
from ..auth.models import User
from ..auth.permissions import require
from ..auth.roles import ROLE_LABELS
from ..catalog.models import Centre, Side
from ..errors import ValidationFailed
from ..extensions import db
from ..l10n.calendars import parse_date
from ..l10n.digits import InputError
from ..l10n.folding import like_pattern
from ..l10n.timezones import local_to_utc
from ..viewer import viewer_lang, viewer_tz
from ..web import NOT_TRIED, attempt, int_arg, load, saved
from . import centre_scope
from .blueprint import bp


def _page() -> int:
    return int_arg("page", 1, maximum=100_000)


def _sides():
    return db.session.scalars(select(Side).order_by(Side.id)).all()


def _centres():
    return db.session.scalars(select(Centre).where(Centre.active.is_(True))
                              .order_by(Centre.side_id, Centre.name_fa)).all()


@bp.route("/users/")
@require("users.manage")
def users():
    query = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "")
    stmt = select(User).order_by(User.username)
    if query:
        stmt = stmt.where(User.search_key.like(like_pattern(query), escape="\\"))
    if role in ROLE_LABELS:
        stmt = stmt.where(User.role == role)
    pagination = db.paginate(stmt, page=_page(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/users.html", pagination=pagination, query=query, role=role)


@bp.route("/users/new", methods=["GET", "POST"])
@require("users.manage")
def new_user():
    form = UserForm(sides=_sides(), centres=_centres())

    def create():
        if not form.password.data:
            raise ValidationFailed(_("Set a first password for the account."), field="password")
        user = auth_services.create_user(
            username=form.username.data, full_name=form.full_name.data, role=form.role.data,
            password=form.password.data, side_id=int(form.side_id.data) if form.side_id.data else None,
            email=form.email.data,
        )
        centre_scope.set_centre(user, form.centre_id.data)
        return user

    if form.validate_on_submit() and (done := attempt(form, create)):
        return saved(_("Account created: %(name)s", name=done.result.username), url_for("admin.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_edit.html", form=form, user=None), status


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@require("users.manage")
def edit_user(user_id):
    user = load(User, user_id)
    form = UserForm(obj=user, sides=_sides(), centres=_centres())
    if request.method == "GET":
        form.version.data = user.version
        form.side_id.data = str(user.side_id or "")

    def update():
        auth_services.update_user(
            user, version=request.form.get("version"), full_name=form.full_name.data,
            role=form.role.data, side_id=int(form.side_id.data) if form.side_id.data else None,
            email=form.email.data, active=form.active.data,
        )
        centre_scope.set_centre(user, form.centre_id.data)
        if form.password.data:
            auth_services.reset_password(user, form.password.data)

    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, update, stale=(user, ("full_name", "email", "role", "active")))
        if done:
            return saved(_("Account saved: %(name)s", name=user.username), url_for("admin.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_edit.html", form=form, user=user, current=done.current), status


def _date_arg(name: str, errors: list):
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_date(text, viewer_lang())
    except InputError as exc:
        errors.append(str(exc.message))
        return None


@bp.route("/audit/")
@require("audit.view")
def audit():
    errors: list[str] = []
    entity = request.args.get("entity", "")
    action = request.args.get("action", "")
    user_q = request.args.get("user", "").strip()[:60]
    start, end = _date_arg("from", errors), _date_arg("to", errors)
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity[:60])
    if action in ACTIONS:
        stmt = stmt.where(AuditEntry.action == action)
    if user_q:
        stmt = stmt.join(User, AuditEntry.user_id == User.id).where(
            User.search_key.like(like_pattern(user_q), escape="\\")
        )
    from datetime import time, timedelta

    if start:
        stmt = stmt.where(AuditEntry.at >= local_to_utc(start, time(0), viewer_tz()))
    if end:
        stmt = stmt.where(AuditEntry.at < local_to_utc(end + timedelta(days=1), time(0), viewer_tz()))
    entities = db.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)).all()
    pagination = db.paginate(stmt, page=_page(), per_page=current_app.config["PAGE_SIZE"] * 2,
                             error_out=False)
    return render_template("admin/audit.html", pagination=pagination, entities=entities, errors=errors,
                           actions=ACTIONS, args=request.args), 400 if errors else 200

from . import centre_views as _centre_views  # noqa: E402, F401  (adds the centres import to the blueprint)
