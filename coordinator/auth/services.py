"""Log-in, server-side sessions, throttling and account changes. Services flush; the view commits."""

from __future__ import annotations

from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import and_, case, delete, func, or_, select, update

from ..concurrency import lock
from ..db import check_version, utcnow
from ..errors import ConflictError, DomainError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown, to_ascii_digits
from . import passwords, session_user
from .models import LoginFailure, User, UserSession, password_matches
from .roles import ADMIN, ROLES, SIDE_BOUND

# Sent with the user after a password change or reset, in the same transaction: the account's other
# credentials, such as the API's personal access tokens (a layer above, which listens), are revoked.
password_changed = Namespace().signal("password-changed")


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, minutes: int):
        super().__init__(
            lazy_ngettext(
                "Too many failed log-in attempts. Wait %(minutes)s minute and try again.",
                "Too many failed log-in attempts. Wait %(minutes)s minutes and try again.",
                minutes,
                minutes=Shown(minutes),
            )
        )
        self.retry_after = minutes * 60


def normalise_username(username: str) -> str:
    return to_ascii_digits((username or "").strip()).lower()


def _check_throttle(key: str, address: str, since) -> None:
    """Refuse while this (user name, address) pair, this address or this user name has failed too often."""
    cfg = current_app.config
    same_pair = and_(LoginFailure.username_key == key, LoginFailure.address == address)

    def failures(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    pair, by_address, by_account = db.session.execute(
        select(failures(same_pair), failures(LoginFailure.address == address),
               failures(LoginFailure.username_key == key))
        .where(LoginFailure.at >= since, or_(LoginFailure.username_key == key, LoginFailure.address == address))
    ).one()
    if (
        pair >= cfg["LOGIN_MAX_FAILURES"]
        or by_address >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
        or by_account >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    ):
        raise TooManyAttempts(int(cfg["LOGIN_FAILURE_WINDOW"].total_seconds() // 60))


def authenticate(username: str, password: str, address: str) -> User:
    """The user these credentials name, or an error; failures are recorded for throttling (the view
    commits them, which also ends the account's lock below)."""
    key = normalise_username(username)[:60]
    address = (address or "")[:64]
    since = utcnow() - current_app.config["LOGIN_FAILURE_WINDOW"]
    _check_throttle(key, address, since)  # the usual refusal, before any hashing
    user = db.session.scalar(select(User).where(User.username == key))
    # Hashed whether or not the name exists (a stand-in hash for unknown names): timing reveals no names.
    matches = password_matches(user.password_hash if user else None, password or "")
    if user is not None:
        # Guesses sent at once all pass the first check; under the account's row lock (SQLite: the write
        # lock) each counts again and records its failure before the next looks, so only as many answers
        # as the limit allows are given, whatever the hashes said.
        lock(User, user.id)
        _check_throttle(key, address, since)
    if not matches or not user.active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.at < since))
        db.session.add(LoginFailure(username_key=key, address=address))
        db.session.flush()
        raise ValidationFailed(_l("The user name or password is wrong, or the account is disabled."))
    # Only this address's failures go: a guesser elsewhere keeps their count.
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.username_key == key, LoginFailure.address == address)
    )
    return user


def start_session(user: User, address: str = "", user_agent: str = "") -> str:
    token = UserSession.new_token()
    now = utcnow()
    db.session.add(
        UserSession(
            token=token,
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + current_app.config["PERMANENT_SESSION_LIFETIME"],
            address=address[:64],
            user_agent=user_agent[:300],
        )
    )
    # A log-in is not an edit of the account: keep the version (and open edit forms) intact.
    db.session.execute(update(User).where(User.id == user.id).values(last_login_at=now))
    user.session_token = token
    return token


def load_session(token: str | None) -> User | None:
    """The user of a live session, or None when it expired, was revoked or the account was disabled."""
    return session_user.load(token)


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token == token, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def end_all_sessions(user: User) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def check_password_rules(password: str, field: str = "password", *, personal: tuple = ()) -> None:
    """Refuse a short or guessable password (common, keyboard pattern, or built from `personal`: the
    account's user name, full name and e-mail), saying why."""
    reason = passwords.problem(password, personal)
    if reason is not None:
        raise ValidationFailed(reason, field=field)


def _personal_words(user: User) -> tuple:
    return (user.username, user.full_name, user.email)


def change_password(user: User, current: str, new: str) -> None:
    """Change the password; end every session of the account, this one included, and revoke its tokens."""
    if not user.check_password(current or ""):
        raise ValidationFailed(_l("The current password is wrong."), field="current_password")
    check_password_rules(new, field="new_password", personal=_personal_words(user))
    user.set_password(new)
    _forget_old_credentials(user)


def _forget_old_credentials(user: User) -> None:
    """Whoever knew the old password may have logged in or made a token with it: all of them stop."""
    end_all_sessions(user)
    password_changed.send(user)
    db.session.flush()


def set_language(user: User | None, lang: str) -> None:
    if user is not None and user.is_authenticated and user.locale != lang:
        # Saved without a version bump through a plain UPDATE: choosing a language is not an edit.
        db.session.execute(update(User).where(User.id == user.id).values(locale=lang))


# The clocks a person may read the app in; none chosen means their side's.
TIMEZONES = ("Asia/Tehran", "Asia/Baghdad", "UTC")


def save_preferences(user: User, lang: str, timezone: str | None) -> None:
    if timezone and timezone not in TIMEZONES:
        # A zone no clock knows would break every page that shows a time to this person.
        raise ValidationFailed(_l("Choose a time zone from the list."), field="timezone")
    user.locale = lang
    user.timezone = timezone or None
    db.session.flush()


def _check_role_side(role: str, side_id: int | None) -> None:
    if role not in ROLES:
        raise ValidationFailed(_l("Choose a role."), field="role")
    if role in SIDE_BOUND and not side_id:
        raise ValidationFailed(_l("This role belongs to one side: choose the side."), field="side_id")


def create_user(
    *,
    username: str,
    full_name: str,
    role: str,
    password: str,
    side_id: int | None = None,
    email: str | None = None,
    locale: str | None = None,
    skip_password_policy: bool = False,
) -> User:
    """A new account. `skip_password_policy` is for the demo data only (see demo/people.py)."""
    key = normalise_username(username)
    if not key or len(key) > 60:
        raise ValidationFailed(_l("Enter a user name of at most 60 characters."), field="username")
    if db.session.scalar(select(User.id).where(User.username == key)) is not None:
        raise ConflictError(_l("This user name is already taken."), field="username")
    _check_role_side(role, side_id)
    if not skip_password_policy:
        check_password_rules(password, personal=(key, full_name, email))
    user = User(
        username=key,
        full_name=full_name.strip(),
        role=role,
        side_id=side_id,
        email=(email or None),
        locale=locale or None,
        active=True,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, version, full_name: str, role: str, side_id: int | None, email: str | None,
                active: bool) -> None:
    check_version(user, version)
    _check_role_side(role, side_id)
    if user.role == ADMIN and user.active and (role != ADMIN or not active) and _other_active_admins(user) == 0:
        raise ValidationFailed(
            _l("This is the last active administrator: make another account an administrator first."),
            field="role" if role != ADMIN else "active",
        )
    was_active, old_role = user.active, user.role
    user.full_name = full_name.strip()
    user.role = role
    user.side_id = side_id if side_id else None
    user.email = email or None
    user.active = active
    if (was_active and not active) or old_role != role:
        # A disabled or re-roled account must not keep acting under its old powers.
        end_all_sessions(user)
    db.session.flush()


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == ADMIN, User.active.is_(True), User.id != user.id)
    )


def reset_password(user: User, password: str) -> None:
    """An administrator sets a new password: the account's sessions end and its tokens are revoked."""
    check_password_rules(password, personal=_personal_words(user))
    user.set_password(password)
    _forget_old_credentials(user)
