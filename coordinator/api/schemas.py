"""Schemas shared by every resource: the error shape and small references to related records."""

from __future__ import annotations

from marshmallow import Schema, fields


class ErrorSchema(Schema):
    code = fields.String(required=True, metadata={
        "description": "Stable machine-readable code, e.g. not_found, stale_version, conflict, invalid."})
    message = fields.String(required=True, metadata={"description": "In the language of Accept-Language."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True,
                         metadata={"description": "Messages per field; empty when the error concerns no field."})


class NamesMixin(Schema):
    name_fa = fields.String(required=True)
    name_ar = fields.String(required=True)
    name_en = fields.String(allow_none=True)


class Ref(Schema):
    """A related record: its id and its names."""

    id = fields.Integer(required=True)
    name_fa = fields.String()
    name_ar = fields.String()
    name_en = fields.String(allow_none=True)


class CodeRef(Ref):
    code = fields.String()


class UserRef(Schema):
    id = fields.Integer(required=True)
    username = fields.String()
    full_name = fields.String()


class Versioned(Schema):
    version = fields.Integer(required=True, metadata={"description": "Send it back (or the ETag as If-Match)."})
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
