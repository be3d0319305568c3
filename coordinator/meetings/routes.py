"""Every module that adds routes to the meetings blueprints, imported once by the app factory."""

from . import agenda_views, exports, views  # noqa: F401
from .blueprint import meetings_bp, report_bp  # noqa: F401
from .report import views as _report_views  # noqa: F401
