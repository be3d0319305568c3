"""Every views module of the exchange area, imported so their routes join the blueprint; the course page's
trainers, as a template global (the courses area sits below this one and cannot ask)."""

from functools import cache
from types import SimpleNamespace

from sqlalchemy import bindparam, select

from ..extensions import db
from ..l10n.locales import pick
from . import assignment_views, group_views, invitation_views, trainer_views  # noqa: F401
from .blueprint import bp
from .models import Assignment, Trainer


@cache
def _trainers_statement():
    return (select(Trainer.name_fa, Trainer.name_ar).join(Assignment, Assignment.trainer_id == Trainer.id)
            .where(Assignment.course_id == bindparam("course_id"),
                   Assignment.status.not_in(("declined", "cancelled")))
            .order_by(Assignment.id))


@bp.app_template_global("course_trainers")
def course_trainers(course) -> list[SimpleNamespace]:
    """The trainers lent to a course and still coming, as the facts card names them. Names only: whole
    assignments would bring each trainer's skills, documents and absences, queries the page does not need."""
    rows = db.session.execute(_trainers_statement(), {"course_id": course.id})
    return [SimpleNamespace(trainer=SimpleNamespace(name=pick(row))) for row in rows]
