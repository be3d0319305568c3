"""The notifications blueprint: the inbox, preferences and the admins' outbox."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
