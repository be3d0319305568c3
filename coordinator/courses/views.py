"""Every views module of the courses area, imported so their routes join the blueprints."""

from . import approval_views, classroom_views, course_views, enrolment_views, nomination_views  # noqa: F401
from .blueprint import bp  # noqa: F401
