"""Every views module of the courses area, imported so their routes join the blueprints."""

from . import certificate_views, course_views, enrolment_views, roster_export, trainee_views  # noqa: F401
from .blueprint import bp, trainees_bp  # noqa: F401
