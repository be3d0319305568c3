"""Every module that adds routes to the meetings blueprint, imported once by the app factory."""

from . import agenda_views, exports, views  # noqa: F401
from .blueprint import meetings_bp  # noqa: F401
