"""Log-in, log-out and the user's own profile (password, language, time zone)."""

import logging

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_user, logout_user

from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..l10n.locales import LANGUAGE_NAMES
from ..security_log import log_event, tried_username
from ..viewer import viewer_tz
from ..web import attempt, client_address, commit, safe_next, saved
from . import services, tokens
from .blueprint import bp
from .forms import LoginForm, PasswordForm, PreferencesForm, RevokeForm, TokenForm
from .permissions import login_required


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
            log_event("login_locked_out", logging.WARNING, username=tried_username(form.username.data))
            flash(str(exc.message), "error")
            status = 429
        except DomainError as exc:
            db.session.commit()  # keep the failure: throttling counts it
            log_event("login_failure", logging.WARNING, username=tried_username(form.username.data))
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
            log_event("login_success", user_id=user.id, username=user.username)
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
    log_event("logout", user_id=current_user.id)
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


def _profile_forms():
    password_form = PasswordForm(prefix="pw")
    prefs_form = PreferencesForm(prefix="prefs", locale=current_user.locale, timezone=current_user.timezone)
    prefs_form.locale.choices = choices(LANGUAGE_NAMES.items())
    prefs_form.timezone.choices = choices([("", _("The clock of my side"))] + [(tz, tz) for tz in services.TIMEZONES])
    return password_form, prefs_form


def _render_profile(password_form, prefs_form, status=200, token_form=None, new_secret=None):

    return render_template("auth/profile.html", password_form=password_form, prefs_form=prefs_form,
                           token_form=token_form or TokenForm(prefix="token"), revoke_form=RevokeForm(),
                           tokens=tokens.tokens_of(current_user), new_secret=new_secret), status


@bp.route("/profile")
@login_required
def profile():
    return _render_profile(*_profile_forms())


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    password_form, prefs_form = _profile_forms()
    if password_form.validate():
        done = attempt(password_form, lambda: services.change_password(
            current_user, password_form.current_password.data, password_form.new_password.data))
        if not done:
            log_event("password_change_refused", logging.WARNING, user_id=current_user.id)
        else:
            commit()
            log_event("password_changed", user_id=current_user.id)
            logout_user()
            session.clear()
            flash(_("Your password was changed. Log in again with the new password."), "success")
            return redirect(url_for("auth.login"))
    return _render_profile(password_form, prefs_form, 400)


@bp.route("/profile/preferences", methods=["POST"])
@login_required
def preferences():
    password_form, prefs_form = _profile_forms()
    if prefs_form.validate() and attempt(prefs_form, lambda: services.save_preferences(
            current_user, prefs_form.locale.data, prefs_form.timezone.data)):
        return saved(_("Your preferences were saved."), url_for("auth.profile"))
    return _render_profile(password_form, prefs_form, 400)


# Personal access tokens for the API ----------------------------------------------------------------------


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token():

    token_form = TokenForm(prefix="token")
    if token_form.validate() and (done := attempt(token_form, lambda: tokens.create_token(
            current_user, token_form.name.data, token_form.scope.data, token_form.expires_on.data, viewer_tz()))):
        token, secret = done.result
        commit()
        log_event("api_token_created", user_id=current_user.id, token_id=token.id, scope=token.scope)
        # Shown in this response only: the database keeps a hash, the session never sees it.
        return _render_profile(*_profile_forms(), token_form=TokenForm(prefix="token", formdata=None),
                               new_secret=secret)
    return _render_profile(*_profile_forms(), status=400, token_form=token_form)


@bp.route("/profile/tokens/revoke", methods=["POST"])
@login_required
def revoke_token():

    form = RevokeForm()
    if not form.validate_on_submit():
        return redirect(url_for("auth.profile", _anchor="tokens"))
    try:
        tokens.revoke_token(current_user, form.token_id.data)
    except DomainError:
        abort(404)  # not the user's token: it does not exist for them (the error handler rolls back)
    log_event("api_token_revoked", user_id=current_user.id, token_id=form.token_id.data)
    return saved(_("The token is revoked: programs using it can no longer reach the API."),
                 url_for("auth.profile", _anchor="tokens"))
