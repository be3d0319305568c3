"""The certificates area's blueprints.

A course's certificate pages stay on the courses blueprint (/courses/<id>/certificates, endpoints
"courses.certificates" ...): the URLs are printed and bookmarked, so they keep their names. The public
verification page, reached by the QR code on every certificate, has a blueprint of its own.
"""

from flask import Blueprint

from ..courses.blueprint import bp as courses_bp

bp = Blueprint("verify", __name__, url_prefix="/verify")
# Who signs each side's certificates, with their signature and seal images.
signatories_bp = Blueprint("signatories", __name__, url_prefix="/signatories")

__all__ = ["bp", "courses_bp", "signatories_bp"]
