"""Reading courses: the filtered, searched, sorted list shared by the page, the calendar and the export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased

from ..catalog.models import Centre, Side, SkillStandard
from ..extensions import db
from ..l10n.calendars import parse_date
from ..l10n.digits import InputError, parse_int
from ..l10n.locales import pick
from ..search import matches
from .models import STATUSES, Course, CourseApproval, course_target_groups

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
# A search counts only so far: "more than 250 courses" asks for a narrower search as well as any figure would, and
# on PostgreSQL counting a common word's matches up to 1,000 read most of the table (the planner walks the search
# keys one by one: 6 ms at 10,000 courses, four times the page itself).
SEARCH_COUNT_CAP = 250


class _CountedWithPage(SelectPagination):
    """The page's ids and the number of all matches from one statement (a window count)."""

    counted: int | None = None

    def _query_items(self) -> list:
        stmt = self._query_args["select"].add_columns(func.count().over())
        found = self._query_args["session"].execute(stmt.limit(self.per_page).offset(self._query_offset)).all()
        self.counted = found[0][1] if found else None
        return [row[0] for row in found]

    def _query_count(self) -> int:
        # Past the last page no row carries the count: counted on its own then.
        return self.counted if self.counted is not None else super()._query_count()


def paginate_by_id(stmt: Select, model, page: int, per_page: int, count: bool = True, options=(),
                   cap: int | None = None, rows=None, counted_with_page: bool = False):
    """db.paginate(stmt), but the page is chosen on ids alone and only its rows are loaded whole.

    Sorting whole rows with their joined relationships before the LIMIT made the database join and sort every
    matching row (thousands of courses) at full width; ids sort in a fraction of that time. One query more,
    whatever the size. `options`: loader options for the page's rows. With `cap`, the matches are counted up to
    the cap (or to the page asked, if further): `pagination.capped` then says there are more than
    `pagination.total - 1`, and the pager offers the next page without a page count. `rows`: a function that
    reads the page's rows from their ids (`list_rows`) instead of loading whole records. `counted_with_page`:
    the matches are counted by the statement that chooses the page (`count(*) OVER ()`), where the database reads
    every match to sort them anyway (a search through SQLite's FTS5 table: a second statement counting them read
    them all again, half the SQL of a searched list); a count past `cap` is shown as capped all the same."""
    ids_stmt = stmt.with_only_columns(model.id)
    if count and counted_with_page:
        pagination = _CountedWithPage(select=ids_stmt, session=db.session(), page=page, per_page=per_page,
                                      error_out=False, count=True)
    else:
        pagination = db.paginate(ids_stmt, page=page, per_page=per_page, error_out=False,
                                 count=count and cap is None)
    pagination.capped = False
    if count and cap is not None:
        limit = max(cap, page * per_page)
        if not counted_with_page:
            counted = ids_stmt.order_by(None).limit(limit + 1).subquery()
            pagination.total = db.session.scalar(select(func.count()).select_from(counted)) or 0
        # Counted exactly with the page or up to the cap here: shown the same way, on every database.
        if pagination.total > limit:
            pagination.total, pagination.capped = limit + 1, True
    ids = list(pagination.items)
    if ids:
        records = rows(ids) if rows else db.session.scalars(select(model).where(model.id.in_(ids))
                                                              .options(*options)).unique()
        loaded = {obj.id: obj for obj in records}
        pagination.items = [loaded[ident] for ident in ids if ident in loaded]
    return pagination


# The list page's rows, read as columns --------------------------------------------------------------------
# The page shows a course's code, names, dates, capacity, status, where it is held and which sides approved:
# loading 25 whole courses (every column, the joined standard, centre and side records, the approvals with
# their sides) cost more than the rest of the page together.


@dataclass(slots=True)
class Named:
    """A record's names only (a standard, a centre, a side)."""

    name_fa: str
    name_ar: str
    name_en: str | None

    @property
    def name(self) -> str:
        return pick(self, "name")


@dataclass(slots=True)
class ApprovalRow:
    side: Named


@dataclass(slots=True)
class CourseRow:
    """What a course list row shows; the same attribute names as a Course, so templates read either."""

    id: int
    code: str
    name_fa: str
    name_ar: str
    name_en: str | None
    start_date: date
    end_date: date
    capacity: int
    status: str
    skill_standard: Named
    host_centre: Named
    host_side: Named
    approvals: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return pick(self, "name")

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)


def _names(model):
    return (model.name_fa, model.name_ar, model.name_en)


@cache
def _row_statements():
    """Built once: putting together a select of aliased tables costs more than running it."""
    standard, centre, side = aliased(SkillStandard), aliased(Centre), aliased(Side)
    ids = bindparam("ids", expanding=True)
    courses = (select(Course.id, Course.code, *_names(Course), Course.start_date, Course.end_date, Course.capacity,
                      Course.status, *_names(standard), *_names(centre), *_names(side))
               .join(standard, standard.id == Course.skill_standard_id)
               .join(centre, centre.id == Course.host_centre_id)
               .join(side, side.id == Course.host_side_id).where(Course.id.in_(ids)))
    approvals = (select(CourseApproval.course_id, *_names(Side)).join(Side, Side.id == CourseApproval.side_id)
                 .where(CourseApproval.course_id.in_(ids)).order_by(CourseApproval.id))
    return courses, approvals


def list_rows(ids) -> list[CourseRow]:
    """The rows of these courses (in no particular order), in two queries whatever their number."""
    courses, approvals = _row_statements()
    rows = {r[0]: CourseRow(*r[:9], Named(*r[9:12]), Named(*r[12:15]), Named(*r[15:18]))
            for r in db.session.execute(courses, {"ids": list(ids)})}
    for course_id, *names in db.session.execute(approvals, {"ids": list(ids)}):
        rows[course_id].approvals.append(ApprovalRow(Named(*names)))
    return list(rows.values())
