"""The shared-equipment blueprint."""

from flask import Blueprint

bp = Blueprint("equipment", __name__, url_prefix="/equipment")
