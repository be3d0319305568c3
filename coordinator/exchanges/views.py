"""Every views module of the exchange area, imported so their routes join the blueprint."""

from . import assignment_views, group_views, invitation_views, trainer_views  # noqa: F401
from .blueprint import bp  # noqa: F401
