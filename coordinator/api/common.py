"""What every API resource shares: strict schemas, pagination, ETags and versions, visibility checks."""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate
from webargs.flaskparser import FlaskParser

from ..converters import MAX_ID
from ..extensions import db
from ..l10n.bounds import DATE_MAX, DATE_MIN, DATE_PATTERN, INSTANT_PATTERN
from ..l10n.calendars import OUT_OF_RANGE
from ..l10n.text import drop_bidi_controls
from ..search import matches
from ..web import permit
from .errors import ApiError

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
INVALID_TEXT = _l("This text contains characters that cannot be stored.")
# What SafeString refuses, as a pattern the document can state: NUL (lone surrogates cannot be written in UTF-8).
STORABLE_TEXT = "^[^\\x00]*$"
STALE_VERSION = _l("Give the version you are changing: the “If-Match” header (the ETag) or a “version” field.")


class Blueprint(SmorestBlueprint):
    """A resource blueprint whose query parameters are as strict as its bodies: webargs would drop unknown
    query parameters silently; here each schema's own Meta (RAISE) decides, so a mistyped filter is refused
    instead of returning everything."""

    ARGUMENTS_PARSER = FlaskParser(unknown=None)


class ApiSchema(Schema):
    """Unknown fields are refused, never silently dropped."""

    class Meta:
        unknown = RAISE
        ordered = True


def Id(**kwargs):  # noqa: N802 — a field factory, named like the fields it makes
    """A record id in a JSON body: a JSON number, never a string."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def QueryId(**kwargs):  # noqa: N802
    """A record id (or any whole number) in the query string, where every value arrives as text; bounded, so
    no filter reaches the database as a number no column can hold."""
    return QueryInt(1, MAX_ID, **kwargs)


def QueryInt(minimum: int, maximum: int, **kwargs):  # noqa: N802
    """The one field for a whole number in the query string: always bounded, and documented so."""
    return fields.Integer(validate=validate.Range(min=minimum, max=maximum), **kwargs)


class _Bounded:
    """A date field that takes exactly the ISO 8601 text its document's pattern states, in the years the
    programme stores (1900–2100): what the document promises is what is checked, no more, no less."""

    pattern: re.Pattern

    def __init__(self, *args, metadata: dict | None = None, **kwargs):
        super().__init__(*args, metadata={"pattern": self.pattern.pattern, **(metadata or {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        # A moment is judged by its date as written (in its own offset), as the pattern does.
        if not DATE_MIN <= (parsed.date() if isinstance(parsed, datetime) else parsed) <= DATE_MAX:
            raise ValidationError(OUT_OF_RANGE)  # lazy: written in the client's language with the other errors
        # Python reads other ISO 8601 spellings too (20261205, a space for T); the document names one.
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return parsed


class Day(_Bounded, fields.Date):
    """A date, YYYY-MM-DD, in a body or a query."""

    pattern = re.compile(DATE_PATTERN)


class Instant(_Bounded, fields.AwareDateTime):
    """A moment, ISO 8601 with its UTC offset (Z or ±HH:MM)."""

    pattern = re.compile(INSTANT_PATTERN)


class SafeString(fields.String):
    """Text a database can store: no NUL characters and no lone surrogates (PostgreSQL and UTF-8 refuse them),
    and no bidi controls (dropped, as from every form: see l10n/text.py) before lengths are checked."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = drop_bidi_controls(super()._deserialize(value, attr, data, **kwargs))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError(str(INVALID_TEXT)) from exc
        if "\x00" in text:
            raise ValidationError(str(INVALID_TEXT))
        return text


def Text(maximum: int, minimum: int = 0, metadata: dict | None = None, **kwargs):  # noqa: N802
    return SafeString(validate=validate.Length(min=minimum or None, max=maximum),
                      metadata={"pattern": STORABLE_TEXT, **(metadata or {})}, **kwargs)


def Choice(choices, **kwargs):  # noqa: N802
    return fields.String(validate=validate.OneOf(tuple(choices)), **kwargs)


class ListArgs(ApiSchema):
    page = QueryInt(1, 100_000, load_default=1)
    per_page = QueryInt(1, MAX_PER_PAGE, load_default=DEFAULT_PER_PAGE)
    q = Text(200, load_default="",
             metadata={"description": "Search text; Persian and Arabic spellings and digits match alike."})


AMOUNT_PATTERN = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
RATE_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,6})?$"
NOT_AN_AMOUNT = _l("Give the amount as decimal text, such as “1250000” or “12.50”.")


class Amount(fields.String):
    """An exact decimal as text; the document states its pattern, the field reads it as a Decimal."""

    def __init__(self, pattern: str = AMOUNT_PATTERN, **kwargs):
        self.regex = re.compile(pattern)
        metadata = {"pattern": pattern, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format(Decimal(value), "f")

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not self.regex.fullmatch(text):
            raise ValidationError(str(NOT_AN_AMOUNT))
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # the pattern keeps this out; a guard, not a path
            raise ValidationError(str(NOT_AN_AMOUNT)) from exc


def Version(**kwargs):  # noqa: N802
    return fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=MAX_ID), metadata={
        "description": "The version being changed, as read (or send it as the ETag in If-Match)."}, **kwargs)


class VersionArgs(ApiSchema):
    """A change to a record: the version the client saw is required, in the body or as If-Match."""

    version = Version()

    @pre_load
    def version_from_if_match(self, data, **kwargs):
        # The If-Match header stands for the body's version (submitted_version reads it first anyway).
        if isinstance(data, dict) and "version" not in data and request.if_match and not request.if_match.star_tag:
            for tag in request.if_match.as_set():
                if tag.isdigit() and len(tag) <= 10:
                    return {**data, "version": int(tag)}
        return data


class VersionQuery(VersionArgs):
    """The version of a DELETE: in If-Match, or as ?version= (a query string's values arrive as text)."""

    version = QueryInt(1, MAX_ID, required=True, metadata={
        "description": "The version being removed, as read (or send it as the ETag in If-Match)."})

    @pre_load
    def version_from_if_match(self, data, **kwargs):
        # webargs hands the query string over as a mapping proxy, not a dict.
        return super().version_from_if_match({key: data[key] for key in data}, **kwargs)


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
    return stmt.where(matches(model, text))


def require(action: str, obj=None) -> None:
    """403: the user may see the record (or the area) but not do this. Records are loaded with the web
    kit's `load(..., conceal=True)`: 404 for what the token's user may not see, whether or not it exists."""
    permit(action, obj)


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
