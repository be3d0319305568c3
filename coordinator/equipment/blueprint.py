"""The shared-equipment blueprint."""

from flask import Blueprint

equipment_bp = Blueprint("equipment", __name__, url_prefix="/equipment")
