"""The meetings blueprints."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
# The meeting report's download keeps its URL (/reports/meetings/<id>.pdf) and endpoint ("reports.meeting_pdf").
report_bp = Blueprint("reports", __name__, url_prefix="/reports")
