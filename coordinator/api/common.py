"""What every API resource shares: strict schemas, pagination, ETags and versions, visibility checks."""

from __future__ import annotations

import math

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..auth.permissions import can
from ..converters import MAX_ID
from ..extensions import db
from ..l10n.folding import like_pattern
from .errors import ApiError

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
INVALID_TEXT = _l("This text contains characters that cannot be stored.")
STALE_VERSION = _l("Give the version you are changing: the “If-Match” header (the ETag) or a “version” field.")


class ApiSchema(Schema):
    """Unknown fields are refused, never silently dropped."""

    class Meta:
        unknown = RAISE
        ordered = True


def Id(**kwargs):  # noqa: N802 — a field factory, named like the fields it makes
    """A record id in a JSON body: a JSON number, never a string."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def QueryId(**kwargs):  # noqa: N802
    """A record id in the query string, where every value arrives as text."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class SafeString(fields.String):
    """Text a database can store: no NUL characters and no lone surrogates (PostgreSQL and UTF-8 refuse them)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError(str(INVALID_TEXT)) from exc
        if "\x00" in text:
            raise ValidationError(str(INVALID_TEXT))
        return text


def Text(maximum: int, minimum: int = 0, **kwargs):  # noqa: N802
    return SafeString(validate=validate.Length(min=minimum or None, max=maximum), **kwargs)


def Choice(choices, **kwargs):  # noqa: N802
    return fields.String(validate=validate.OneOf(tuple(choices)), **kwargs)


class ListArgs(ApiSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE))
    q = SafeString(load_default="", validate=validate.Length(max=200),
                      metadata={"description": "Search text; Persian and Arabic spellings and digits match alike."})


class VersionArgs(ApiSchema):
    version = fields.Integer(validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version being changed (or send If-Match)."})


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A page of a list: the items and where they sit in the whole result."""
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True),
        "pages": fields.Integer(required=True),
    })


def paginate(stmt, args: dict) -> dict:
    return page_of(db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False, count=True),
                   args)


def page_of(result, args: dict) -> dict:
    """A Flask-SQLAlchemy pagination as the API's page."""
    page, per_page = args["page"], args["per_page"]
    total = result.total or 0
    return {"items": list(result.items), "page": page, "per_page": per_page, "total": total,
            "pages": math.ceil(total / per_page) if total else 0}


def search(stmt, model, text: str):
    """Match the folded search key: ي/ی, ك/ک, digits, tatweel and ZWNJ spellings find the same record."""
    text = (text or "").strip()
    if not text:
        return stmt
    return stmt.where(model.search_key.like(like_pattern(text), escape="\\"))


def get_visible(model, ident: int, action: str):
    """The record if the token's user may see it; otherwise 404, whether or not it exists."""
    obj = db.session.get(model, ident) if 0 < ident <= MAX_ID else None
    if obj is None or not can(current_user, action, obj):
        raise ApiError(404)
    return obj


def require(action: str, obj=None) -> None:
    """403: the user may see the record (or the area) but not do this."""
    if not can(current_user, action, obj):
        raise ApiError(403)


def etag(obj) -> dict:
    return {"ETag": f'"{obj.version}"'}


def submitted_version(args: dict | None = None) -> int:
    """The version the client saw: If-Match (the ETag) first, else the body's "version" field."""
    if request.if_match and not request.if_match.star_tag:
        for tag in request.if_match.as_set():
            try:
                return int(tag)
            except ValueError:
                return -1  # an ETag we never issued: stale by definition
    version = (args or {}).get("version")
    if version is None:
        raise ApiError(422, STALE_VERSION, {"version": [STALE_VERSION]}, code="version_required")
    return version
