"""The curricula blueprint; views.py and translation.py add their routes to it."""

from flask import Blueprint

bp = Blueprint("curricula", __name__, url_prefix="/curricula")
