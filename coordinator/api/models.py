"""Personal access tokens for the JSON API: stored as a SHA-256 hash, shown to their owner once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import UTCDateTime, utcnow
from ..extensions import db

SCOPES = ("read", "write")
# Shown in lists so owners can tell tokens apart; carries too little of the secret to matter.
PREFIX_LENGTH = 12
TOKEN_MARK = "coord_"  # noqa: S105 — a marker that makes leaked tokens easy to spot, not a secret


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_MARK + secrets.token_urlsafe(32)


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
