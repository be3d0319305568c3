"""The programme plan's blueprint: yearly targets per side."""

from flask import Blueprint

bp = Blueprint("plan", __name__, url_prefix="/plan")
