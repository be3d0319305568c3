"""The trainees blueprint; the views module adds its routes to it."""

from flask import Blueprint

bp = Blueprint("trainees", __name__, url_prefix="/trainees")
