"""The home page's blueprint: the home page, the language switcher."""

from flask import Blueprint

bp = Blueprint("main", __name__)
