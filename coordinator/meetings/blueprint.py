"""The meetings blueprint."""

from flask import Blueprint

meetings_bp = Blueprint("meetings", __name__, url_prefix="/meetings")
