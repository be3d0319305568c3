"""The meetings blueprint."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
