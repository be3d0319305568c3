"""Personal access tokens and the API's error messages, without HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from coordinator.api.errors import _flatten, _text
from coordinator.auth.models import ApiToken, User, hash_secret
from coordinator.auth.tokens import MAX_LIVE_TOKENS, create_token, revoke_token
from coordinator.db import utcnow
from coordinator.errors import NotFound, ValidationFailed
from coordinator.extensions import db


def _user(users, key="liaison_msn"):
    return db.session.get(User, users[key].id)


def test_token_is_stored_hashed_with_a_display_prefix(app_ctx, users):
    token, secret = create_token(_user(users), "  سامانه   وزارت ", "read")
    assert token.name == "سامانه وزارت"
    assert token.token_hash == hash_secret(secret) and secret not in token.token_hash
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 2
    assert token.is_usable() and not token.can_write


def test_expiry_is_the_end_of_the_chosen_day_in_the_owners_clock(app_ctx, users):
    tomorrow = date.today() + timedelta(days=2)
    token, _secret = create_token(_user(users), "x", "write", tomorrow, "Asia/Baghdad")
    local = token.expires_at.astimezone(ZoneInfo("Asia/Baghdad"))
    assert (local.date(), local.hour, local.minute) == (tomorrow, 23, 59)
    assert not token.is_usable(token.expires_at + timedelta(seconds=1))


@pytest.mark.parametrize(("name", "scope", "expires", "field"), [
    ("", "read", None, "name"),
    ("x" * 101, "read", None, "name"),
    ("x", "admin", None, "scope"),
    ("x", "read", date(2020, 1, 1), "expires_on"),
])
def test_bad_token_values_are_refused_on_their_field(app_ctx, users, name, scope, expires, field):
    with pytest.raises(ValidationFailed) as refused:
        create_token(_user(users), name, scope, expires)
    assert refused.value.field == field


def test_too_many_live_tokens_are_refused(app_ctx, users):
    for n in range(MAX_LIVE_TOKENS):
        create_token(_user(users), f"t{n}", "read")
    with pytest.raises(ValidationFailed):
        create_token(_user(users), "one more", "read")


def test_revoking_is_for_the_owner_only_and_idempotent(app_ctx, users):
    token, _secret = create_token(_user(users), "x", "read")
    with pytest.raises(NotFound):
        revoke_token(_user(users, "admin"), token.id)
    first = revoke_token(_user(users), token.id).revoked_at
    assert first is not None and first <= utcnow()
    assert revoke_token(_user(users), token.id).revoked_at == first
    assert not db.session.get(ApiToken, token.id).is_usable()


def test_validation_messages_are_translated_and_flattened(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert _text("Missing data for required field.") == "This field is required."
        assert _text("Must be greater than or equal to 1 and less than or equal to 100.") == \
            "Give a value from 1 to 100."
        assert _flatten({"json": {"items": {0: {"id": ["Not a valid integer."]}}}}) == {
            "json.items.0.id": ["Give a whole number."]}
