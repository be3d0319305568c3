"""The managers' dashboard blueprint: progress figures for a period, their records, the Excel export."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
