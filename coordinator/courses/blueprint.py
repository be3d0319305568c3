"""The courses blueprint; each views module of the area adds its routes to it."""

from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")
