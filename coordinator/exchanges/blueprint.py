"""The trainer exchange blueprint."""

from flask import Blueprint

exchanges_bp = Blueprint("exchanges", __name__, url_prefix="/exchange")
