"""What the course page reads of a course, in few queries: the records it shows, not those it does not."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import defaultload, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from ..auth.models import User
from ..catalog.clocks import both_clocks
from ..catalog.models import Centre, TargetGroup
from ..converters import MAX_ID
from ..extensions import db
from ..l10n.digits import localize_digits
from ..l10n.locales import pick
from ..viewer import format_day, viewer_lang
from .enrolment import PLACE_HOLDING
from .models import Course, CourseApproval, CourseReview, CourseSession, Enrolment, course_target_groups

# The host centre's name (not its side); who approved for each side (approval_for compares side ids: neither the
# approval's side nor the user's is read), joined to the course's own row instead of a query of their own; who
# answered a review and for which side (not that user's side); the target groups' names (target_group_names).
LOADING = (defaultload(Course.host_centre).lazyload(Centre.side), lazyload(Course.target_groups),
           joinedload(Course.approvals).lazyload(CourseApproval.side),
           joinedload(Course.approvals).joinedload(CourseApproval.user).lazyload(User.side),
           defaultload(Course.reviews).defaultload(CourseReview.user).lazyload(User.side))

# Asked with the course's row rather than in queries of their own: the places taken (enrolment.enrolled_count's
# count), and whether any side ever answered the course with a review (most courses: none, and then the page's
# list of answers needs no query).
PLACES_TAKEN = (select(func.count()).select_from(Enrolment)
                .where(Enrolment.course_id == Course.id, Enrolment.status.in_(PLACE_HOLDING))
                .correlate(Course).scalar_subquery())
REVIEWED = exists().where(CourseReview.course_id == Course.id).correlate(Course)


@cache
def _course_statement():
    return select(Course, PLACES_TAKEN, REVIEWED).where(Course.id == bindparam("course_id")).options(*LOADING)


def load_course(course_id: int) -> tuple[Course, int] | None:
    """The course and its places taken, or None; the caller checks the viewer may see it."""
    row = db.session.execute(_course_statement(), {"course_id": course_id}).unique().first() \
        if 0 < course_id <= MAX_ID else None
    if row is None:
        return None
    course, enrolled, reviewed = row
    if not reviewed and "reviews" not in course.__dict__:
        set_committed_value(course, "reviews", [])
    return course, enrolled


@cache
def _target_groups_statement():
    return (select(TargetGroup.name_fa, TargetGroup.name_ar, TargetGroup.name_en)
            .join(course_target_groups, course_target_groups.c.target_group_id == TargetGroup.id)
            .where(course_target_groups.c.course_id == bindparam("course_id"))
            .order_by(TargetGroup.sort_order, TargetGroup.id))


def target_group_names(course: Course) -> list[str]:
    """The names of the course's target groups in their order: read as columns (the page shows nothing else of
    them), unless the course came with them already (a step refused on the page's form)."""
    if "target_groups" in course.__dict__:
        return [g.name for g in course.target_groups]
    rows = db.session.execute(_target_groups_statement(), {"course_id": course.id})
    return [pick(row, "name") for row in rows]


class SessionRow(NamedTuple):
    """A row of the timetable as the page shows it: its day, host-clock hours and both sides' clocks."""

    session: CourseSession
    day: str
    start: str
    end: str
    clocks: str


def session_rows(sessions) -> list[SessionRow]:
    """The timetable's rows written once here, in the viewer's language looked up once (the template's day,
    digits and clocks filters, called for every cell, cost more than the table's own work)."""
    lang = viewer_lang()
    return [SessionRow(s, format_day(s.day, "weekday"), localize_digits(f"{s.start_time:%H:%M}", lang),
                       localize_digits(f"{s.end_time:%H:%M}", lang), both_clocks(s.starts_at)) for s in sessions]
