"""A course list filtered by host side and status (a liaison's usual view) is counted and paged from an index
alone (migration 0022), not by reading every matching course's row."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from coordinator.courses.models import Course
from coordinator.courses.queries import COUNT_CAP, CourseFilters, course_query
from coordinator.extensions import db


def _plan(statement) -> str:
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return " | ".join(row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def test_a_list_filtered_by_side_and_status_is_counted_and_paged_from_the_index(app, sides):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan of SQLite's query planner; PostgreSQL chooses by its statistics")
        ids = course_query(CourseFilters(side=sides["KHZ"].id, status="completed")).with_only_columns(Course.id)
        counted = select(func.count()).select_from(ids.order_by(None).limit(COUNT_CAP + 1).subquery())
        assert "COVERING INDEX ix_courses_status_side_start_date" in _plan(counted)
        assert "ix_courses_status_side_start_date" in _plan(ids.limit(25))
