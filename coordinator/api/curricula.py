"""Curricula and their versions, read-only; each document downloads with the token, after the same check."""

from __future__ import annotations

from flask import url_for
from marshmallow import fields
from sqlalchemy import select

from ..curricula import uploads
from ..curricula.models import VERSION_LANGUAGES, Curriculum, CurriculumVersion
from ..web import load
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    ListArgs,
    QueryId,
    etag,
    page_schema,
    paginate,
    require,
    search,
)
from .errors import ApiError
from .schemas import CodeRef, NamesMixin, Ref, Versioned

blp = Blueprint("curricula", __name__, description="Curricula, versions and their documents")


class DocumentSchema(ApiSchema):
    id = fields.Integer(required=True)
    filename = fields.String(attribute="original_name")
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    download_url = fields.Method("_url", metadata={"description": "The file itself (with the same token)"})

    def _url(self, document):
        return url_for("api.curricula.document_file", curriculum_id=document.version.curriculum_id,
                       document_id=document.id, _external=True)


class VersionSchema(ApiSchema):
    id = fields.Integer(required=True)
    curriculum_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    language = fields.String(required=True, metadata={"enum": list(VERSION_LANGUAGES)})
    change_note = fields.String()
    source_version_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    documents = fields.List(fields.Nested(DocumentSchema))


class CurriculumSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    side = fields.Nested(Ref, required=True)
    skill_standard = fields.Nested(CodeRef, required=True)
    description = fields.String()
    versions = fields.List(fields.Nested(VersionSchema))


class CurriculumArgs(ListArgs):
    side = QueryId()
    skill_standard = QueryId()
    language = Choice(VERSION_LANGUAGES, metadata={"description": "Curricula with a version in this language"})


@blp.route("/curricula")
@blp.arguments(CurriculumArgs, location="query")
@blp.response(200, page_schema(CurriculumSchema, "CurriculumPage"))
def curricula(args):
    """Curricula of both sides"""
    require("curriculum.view")
    stmt = search(select(Curriculum), Curriculum, args["q"])
    if args.get("side"):
        stmt = stmt.where(Curriculum.side_id == args["side"])
    if args.get("skill_standard"):
        stmt = stmt.where(Curriculum.skill_standard_id == args["skill_standard"])
    if args.get("language"):
        stmt = stmt.where(Curriculum.id.in_(select(CurriculumVersion.curriculum_id)
                                            .where(CurriculumVersion.language == args["language"])))
    return paginate(stmt.order_by(Curriculum.id.desc()), args)


@blp.route("/curricula/<int:curriculum_id>")
@blp.response(200, CurriculumSchema)
def curriculum(curriculum_id):
    """One curriculum with its versions and documents"""
    obj = load(Curriculum, curriculum_id, "curriculum.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/curricula/<int:curriculum_id>/versions/<int:version_id>")
@blp.response(200, VersionSchema)
def version(curriculum_id, version_id):
    """One version of a curriculum"""
    obj = load(Curriculum, curriculum_id, "curriculum.view", conceal=True)
    found = next((v for v in obj.versions if v.id == version_id), None)
    if found is None:
        raise ApiError(404)
    return found


@blp.route("/curricula/<int:curriculum_id>/documents/<int:document_id>/file")
@blp.doc(responses={"200": {"description": "The document, under its original name (Content-Disposition)",
                            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}})
def document_file(curriculum_id, document_id):
    """Download a document of a curriculum"""
    obj = load(Curriculum, curriculum_id, "curriculum.view", conceal=True)
    document = next((d for v in obj.versions for d in v.documents if d.id == document_id), None)
    if document is None:
        raise ApiError(404)
    return uploads.send_document(document)
