"""Bearer-token authentication for the API: the token's user acts; the session cookie never does."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update

from ..auth.models import ApiToken, hash_secret
from ..db import utcnow
from ..extensions import db, login_manager
from .errors import ApiError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# last_used_at is a hint for the owner, not a log: written at most this often per token.
TOUCH_EVERY = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200
BAD_TOKEN_LIMIT = 30
BAD_TOKEN_WINDOW = timedelta(minutes=10)
# Addresses anyone may read: the OpenAPI document and its browsable page.
PUBLIC_ENDPOINTS = ("api.openapi_json", "api.docs", "api.docs_asset", "api.docs_init")

INVALID = _l("This token is not valid: it may have been mistyped, revoked or expired.")
READ_ONLY = _l("This token may only read. Create a token with write access to make changes.")
REQUIRED = _l("Give a valid personal access token in the header “Authorization: Bearer …”.")


def _set_user(user) -> None:
    # Flask-Login reads g._login_user before looking at the session cookie: setting it here means the
    # cookie is never consulted for API requests, and nothing is written back to the session.
    g._login_user = user


@cache
def _token_statement():
    return select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))


def authenticate() -> None:
    """before_request: find the token's user, or leave the request anonymous; refuse bad tokens."""
    _set_user(login_manager.anonymous_user())
    header = request.headers.get("Authorization", "")
    if not header:
        if request.endpoint in PUBLIC_ENDPOINTS:
            return
        raise ApiError(401, REQUIRED, code="unauthorized")
    scheme, _sep, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > MAX_TOKEN_LENGTH:
        raise ApiError(401, REQUIRED, code="unauthorized")
    token = db.session.scalar(_token_statement(), {"token_hash": hash_secret(secret)})
    if token is None or not token.is_usable() or not token.user.is_active:
        _count_refusal()
        raise ApiError(401, INVALID, code="invalid_token")
    if request.method not in SAFE_METHODS and not token.can_write:
        raise ApiError(403, READ_ONLY, code="read_only_token")
    g.api_token = token
    g.actor_id = token.user_id  # the audit trail names the token's owner
    _set_user(token.user)
    _touch(token)


def _count_refusal() -> None:
    """Refused tokens are counted per address (in the database, shared by every process): a caller trying
    token after token gets 429 for a while. Only refusals are counted, so good tokens cost nothing."""
    from .. import ratelimit
    from ..web import client_address

    limit = int(current_app.config.get("API_MAX_BAD_TOKENS", BAD_TOKEN_LIMIT))
    allowed = ratelimit.hit("api_token", client_address() or "-", limit, BAD_TOKEN_WINDOW)
    db.session.commit()
    if not allowed:
        retry = str(int(BAD_TOKEN_WINDOW.total_seconds()))
        raise ApiError(429, code="too_many_requests", headers={"Retry-After": retry})


def _touch(token: ApiToken) -> None:
    """Note the use outside the request's transaction, so reads (which never commit) record it too."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    with db.engine.begin() as connection:
        connection.execute(update(ApiToken.__table__).where(ApiToken.__table__.c.id == token.id)
                           .values(last_used_at=now))
