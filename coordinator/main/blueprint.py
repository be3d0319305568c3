"""The home page's blueprint: the home page, the language switcher, the web font."""

from flask import Blueprint

bp = Blueprint("main", __name__)
