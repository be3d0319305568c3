"""Every module that adds routes to the meetings blueprints (views.py is a module the others import, so this
list cannot live there)."""

from . import agenda_views, attachment_views, exports, series_views, signature_views, views  # noqa: F401
from .blueprint import bp, report_bp  # noqa: F401
from .report import views as _report_views  # noqa: F401
