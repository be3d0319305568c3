"""The trainer exchange blueprint."""

from flask import Blueprint

bp = Blueprint("exchanges", __name__, url_prefix="/exchange")
