"""Every module that adds routes to the meetings blueprint (views.py is a module the others import, so this
list cannot live there)."""

from . import agenda_views, exports, views  # noqa: F401
from .blueprint import bp  # noqa: F401
