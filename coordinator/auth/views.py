"""Log-in, log-out and the user's own profile (password, language, time zone)."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_user, logout_user

from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..main.template_helpers import LANGUAGE_NAMES
from ..web import client_address, form_error, safe_next
from . import services
from .forms import LoginForm, PasswordForm, PreferencesForm
from .permissions import login_required

bp = Blueprint("auth", __name__)

TIMEZONES = ("Asia/Tehran", "Asia/Baghdad", "UTC")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data, client_address())
        except services.TooManyAttempts as exc:
            db.session.commit()
            flash(str(exc.message), "error")
            status = 429
        except DomainError as exc:
            db.session.commit()  # keep the failure: throttling counts it
            flash(str(exc.message), "error")
            status = 401
        else:
            lang = session.get("lang")
            services.start_session(user, client_address(), request.user_agent.string or "")
            if not user.locale and lang:
                services.set_language(user, lang)
            db.session.commit()
            session.clear()
            session.permanent = True
            login_user(user)
            refresh()  # the page so far spoke the visitor's language; from here on, the user's own
            flash(_("Welcome, %(name)s", name=user.display_name), "success")
            return redirect(safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    response = render_template("auth/login.html", form=form), status
    if status == 429:
        response = (*response, {"Retry-After": "900"})
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_session(current_user.session_token)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


def _profile_forms():
    password_form = PasswordForm(prefix="pw")
    prefs_form = PreferencesForm(prefix="prefs", locale=current_user.locale, timezone=current_user.timezone)
    prefs_form.locale.choices = choices(LANGUAGE_NAMES.items())
    prefs_form.timezone.choices = choices([("", _("The clock of my side"))] + [(tz, tz) for tz in TIMEZONES])
    return password_form, prefs_form


def _render_profile(password_form, prefs_form, status=200):
    return render_template("auth/profile.html", password_form=password_form, prefs_form=prefs_form), status


@bp.route("/profile")
@login_required
def profile():
    return _render_profile(*_profile_forms())


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    password_form, prefs_form = _profile_forms()
    if password_form.validate():
        try:
            services.change_password(
                current_user, password_form.current_password.data, password_form.new_password.data
            )
        except DomainError as exc:
            db.session.rollback()
            form_error(password_form, exc)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your password was changed. Log in again with the new password."), "success")
            return redirect(url_for("auth.login"))
    return _render_profile(password_form, prefs_form, 400)


@bp.route("/profile/preferences", methods=["POST"])
@login_required
def preferences():
    password_form, prefs_form = _profile_forms()
    if prefs_form.validate():
        services.save_preferences(current_user, prefs_form.locale.data, prefs_form.timezone.data)
        db.session.commit()
        flash(_("Your preferences were saved."), "success")
        return redirect(url_for("auth.profile"))
    return _render_profile(password_form, prefs_form, 400)
