"""Reading courses: the filtered, searched, sorted list shared by the page, the calendar and the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from ..extensions import db
from ..l10n.calendars import parse_date
from ..l10n.digits import InputError, parse_int
from ..search import matches
from .models import STATUSES, Course, course_target_groups

SORTS = {
    "start": (_l("Start date"), (Course.start_date.desc(), Course.id.desc())),
    "start_asc": (_l("Start date (oldest first)"), (Course.start_date, Course.id)),
    "code": (_l("Code"), (Course.code,)),
    "status": (_l("Status"), (Course.status, Course.start_date.desc())),
}


@dataclass
class CourseFilters:
    q: str = ""
    side: int | None = None
    status: str = ""
    skill: int | None = None
    target_group: int | None = None
    start: date | None = None
    end: date | None = None
    sort: str = "start"
    errors: tuple = ()

    @classmethod
    def from_args(cls, args, lang: str) -> CourseFilters:
        errors = []

        def number(name):
            text = args.get(name, "")
            try:
                return parse_int(text, minimum=1, maximum=10**9) if text else None
            except InputError:
                return None

        def day(name):
            text = args.get(name, "").strip()
            if not text:
                return None
            try:
                return parse_date(text, lang)
            except InputError as exc:
                errors.append(exc.message)
                return None

        status = args.get("status", "")
        sort = args.get("sort", "start")
        return cls(
            q=args.get("q", "").strip()[:200], side=number("side"), status=status if status in STATUSES else "",
            skill=number("skill"), target_group=number("target_group"), start=day("from"), end=day("to"),
            sort=sort if sort in SORTS else "start", errors=tuple(errors),
        )


def course_query(filters: CourseFilters, visible_to=None) -> Select:
    """Courses matching the filters; `visible_to` narrows a trainer to the courses they may see."""
    stmt = select(Course)
    if filters.q:
        stmt = stmt.where(matches(Course, filters.q))
    if filters.side:
        stmt = stmt.where(Course.host_side_id == filters.side)
    if filters.status:
        stmt = stmt.where(Course.status == filters.status)
    if filters.skill:
        stmt = stmt.where(Course.skill_standard_id == filters.skill)
    if filters.target_group:
        stmt = stmt.where(Course.id.in_(
            select(course_target_groups.c.course_id).where(
                course_target_groups.c.target_group_id == filters.target_group)
        ))
    # A course matches a period when the two overlap.
    if filters.start:
        stmt = stmt.where(Course.end_date >= filters.start)
    if filters.end:
        stmt = stmt.where(Course.start_date <= filters.end)
    if visible_to is not None:
        stmt = stmt.where(visible_to)
    return stmt.order_by(*SORTS[filters.sort][1])


# A list counts its matches only so far: past this many, "more than 1,000 courses" tells the reader as much as
# an exact figure, and counting every match of a loose filter on a large table costs more than the page itself.
COUNT_CAP = 1000


def paginate_by_id(stmt: Select, model, page: int, per_page: int, count: bool = True, options=(),
                   cap: int | None = None):
    """db.paginate(stmt), but the page is chosen on ids alone and only its rows are loaded whole.

    Sorting whole rows with their joined relationships before the LIMIT made the database join and sort every
    matching row (thousands of courses) at full width; ids sort in a fraction of that time. One query more,
    whatever the size. `options`: loader options for the page's rows. With `cap`, the matches are counted up to
    the cap (or to the page asked, if further): `pagination.capped` then says there are more than
    `pagination.total - 1`, and the pager offers the next page without a page count."""
    ids_stmt = stmt.with_only_columns(model.id)
    pagination = db.paginate(ids_stmt, page=page, per_page=per_page, error_out=False,
                             count=count and cap is None)
    pagination.capped = False
    if count and cap is not None:
        limit = max(cap, page * per_page)
        counted = ids_stmt.order_by(None).limit(limit + 1).subquery()
        pagination.total = db.session.scalar(select(func.count()).select_from(counted)) or 0
        pagination.capped = pagination.total > limit
    ids = list(pagination.items)
    if ids:
        loaded = {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids))
                                                                     .options(*options)).unique()}
        pagination.items = [loaded[ident] for ident in ids if ident in loaded]
    return pagination
