"""Creating, listing and revoking personal access tokens for the API (services: flush, never commit)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..db import utcnow
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from .models import PREFIX_LENGTH, SCOPES, ApiToken, hash_secret, new_secret
from .services import password_changed

NAME_MAX = 100
# A user with more live tokens than this has lost track of them.
MAX_LIVE_TOKENS = 20


def live_tokens(user) -> list[ApiToken]:
    now = utcnow()
    return [t for t in tokens_of(user) if t.is_usable(now)]


def tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(user, name: str, scope: str, expires_on: date | None = None,
                 timezone: str = "UTC") -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is returned once and never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(_l("Give the token a name, e.g. the system that will use it."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(_l("The name may have at most 100 characters."), field="name")
    if scope not in SCOPES:
        raise ValidationFailed(_l("Choose what the token may do."), field="scope")
    expires_at = None
    if expires_on is not None:
        # The token works through the whole of its last day, in the owner's own clock.
        expires_at = datetime.combine(expires_on, time.max, tzinfo=ZoneInfo(timezone))
        if expires_at <= utcnow():
            raise ValidationFailed(_l("The expiry date must be in the future."), field="expires_on")
    if len(live_tokens(user)) >= MAX_LIVE_TOKENS:
        raise ValidationFailed(_l("You have too many tokens: revoke the ones you no longer use."), field="name")
    secret = new_secret()
    token = ApiToken(user_id=user.id, name=name, scope=scope, token_hash=hash_secret(secret),
                     prefix=secret[:PREFIX_LENGTH], expires_at=expires_at)
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's is "not found"."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


@password_changed.connect
def revoke_all_tokens(user, **_extra) -> int:
    """A changed password revokes every token of the account (made, perhaps, by whoever had the old one)."""
    now = utcnow()
    live = [t for t in tokens_of(user) if t.revoked_at is None]
    for token in live:
        token.revoked_at = now
    db.session.flush()
    return len(live)
