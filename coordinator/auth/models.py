"""Accounts, their server-side sessions, failed log-in attempts and personal access tokens for the API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import Audited
from ..db import SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from .permissions import can
from .roles import ROLE_LABELS
from .scope import hides

SCOPES = ("read", "write")
# Shown in lists so owners can tell tokens apart; carries too little of the secret to matter.
PREFIX_LENGTH = 12
TOKEN_MARK = "coord_"  # noqa: S105 — a marker that makes leaked tokens easy to spot, not a secret


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_MARK + secrets.token_urlsafe(32)


def _hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


# One stand-in hash per method, made on first use: what an unknown user name is checked against.
_STAND_IN: dict[str, str] = {}


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether the password fits the stored hash. Without a hash (a user name nobody has) a stand-in of the
    configured method is checked all the same: an unknown name costs the same hashing as a known one, so
    the time of the answer does not tell which user names exist."""
    if not stored_hash:
        method = _hash_method()
        if method not in _STAND_IN:
            _STAND_IN[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
        check_password_hash(_STAND_IN[method], password)
        return False
    return check_password_hash(stored_hash, password)


class User(Audited, SearchableMixin, VersionedMixin, db.Model):
    __tablename__ = "users"
    __search_fields__ = ("username", "full_name", "email")
    __audit_redact__ = ("password_hash",)
    audit_name = _l("User account")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), index=True)
    side_id: Mapped[int | None] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), nullable=True)
    # A liaison scoped to one centre of their side plans and runs only the courses that centre hosts.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="SET NULL"), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(5), nullable=True)
    timezone: Mapped[str | None] = mapped_column(String(60), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    side = relationship("Side", foreign_keys=[side_id], lazy="joined")

    # Set when the user is loaded through a session, so Flask-Login stores the session, not the user.
    session_token = None

    def may(self, action: str, obj=None) -> bool:
        """The permission registry's answer for this user; the web kit asks it this way, so it needs no
        import of the accounts area (which sits above it)."""
        return can(self, action, obj)

    def hides(self, obj) -> bool:
        """Is the record out of this user's centre scope (then it is "not found" for them, not "forbidden")?"""
        return hides(self, obj)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=_hash_method())

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_label(self):
        return ROLE_LABELS.get(self.role, self.role)

    def audit_label(self) -> str:
        return self.username

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

class UserSession(db.Model):
    """A log-in on one browser; deleting or revoking it logs that browser out, whatever its cookie says."""

    __tablename__ = "user_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    user = relationship(User, lazy="joined")

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class LoginFailure(db.Model):
    """One failed log-in, kept for the throttling window; stored in the database so every worker sees it."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username_key: Mapped[str] = mapped_column(String(60), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ApiToken(Audited, db.Model):
    __tablename__ = "api_tokens"
    __audit_redact__ = ("token_hash",)
    __audit_skip__ = ("last_used_at",)
    audit_name = _l("API token")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10), default="read")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def audit_label(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == "write"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
