"""The accounts blueprint: log-in, log-out and the user's own profile."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
