"""Every views module of the exchange area, imported so their routes join the blueprint; the course page's
trainers, as a template global (the courses area sits below this one and cannot ask)."""

from sqlalchemy import select

from ..extensions import db
from . import assignment_views, group_views, invitation_views, trainer_views  # noqa: F401
from .blueprint import bp
from .models import Assignment


@bp.app_template_global("course_trainers")
def course_trainers(course) -> list[Assignment]:
    """The trainers lent to a course and still coming."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.course_id == course.id,
                                 Assignment.status.not_in(("declined", "cancelled"))).order_by(Assignment.id)))
