"""The agro-industry collaboration blueprint: tracks, milestones and their timeline."""

from flask import Blueprint

bp = Blueprint("agro", __name__, url_prefix="/agro")
