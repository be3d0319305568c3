"""A large data set for benchmarks and scale tests: `flask demo-data --size large`.

About 10,000 courses, 100,000 trainees with enrolments and attendance, 2,000 trainers with assignments,
5,000 equipment items with bookings, 200 tracks with milestones and 300 meetings with action items, on top of
the normal demo data (its sides, centres, standards and users).

Rows go in with Core bulk inserts in batches, ids chosen here so related rows can point at them. That skips
the ORM's per-row work and the audit trail: generated bulk data is not anyone's activity, and an audit entry
per row would cost more than the data. Search keys are computed with the same fold the models use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import func, select, text

from ..auth.models import User
from ..catalog.models import BorderCrossing, Centre, Side, SkillStandard, TargetGroup
from ..courses.models import Course, CourseApproval, CourseSession, course_target_groups
from ..extensions import db
from ..l10n.digits import localize_digits
from ..l10n.timezones import local_to_utc, to_zone, utcnow
from . import large_people, large_work
from .rows import search_key

SIZES = {"courses": 10_000, "trainees": 100_000, "trainers": 2_000, "equipment": 5_000, "tracks": 200,
         "meetings": 300}
BATCH = 5_000
# Weekdays (Monday = 0) a side teaches on: Khuzestan rests on Friday, Maysan on Friday and Saturday.
TEACHING_DAYS = {"KHZ": (5, 6, 0, 1, 2, 3), "MSN": (6, 0, 1, 2, 3)}


@dataclass
class Bulk:
    """Ids handed out ahead of the insert, and batched Core inserts that bypass the ORM and audit trail."""

    rng: random.Random
    today: date
    scale: float
    next_id: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    assignments: list = field(default_factory=list)
    milestones: list = field(default_factory=list)

    def size(self, name: str) -> int:
        return max(1, round(SIZES[name] * self.scale))

    def ids(self, table, n: int) -> range:
        if table.name not in self.next_id:
            self.next_id[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        start = self.next_id[table.name]
        self.next_id[table.name] = start + n
        return range(start, start + n)

    def insert(self, table, rows: list[dict]) -> None:
        for start in range(0, len(rows), BATCH):
            db.session.execute(table.insert(), rows[start:start + BATCH])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def fix_sequences(self) -> None:
        """PostgreSQL's id sequences do not see ids given by hand: move them past the largest."""
        if db.engine.dialect.name != "postgresql":
            return
        for name in self.next_id:
            # Table names come from our own metadata, never from input.
            sql = f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {name}))"  # noqa: S608
            db.session.execute(text(sql))


@dataclass
class Reference:
    """What the normal demo data already holds."""

    sides: dict
    centres: dict
    standards: list
    groups: list
    liaisons: dict
    staff: list  # (user id, side id) of liaisons and managers
    crossing_id: int | None

    @classmethod
    def load(cls) -> Reference:
        sides = {s.code: s for s in db.session.scalars(select(Side).order_by(Side.id))}
        centres = {code: db.session.scalars(select(Centre).where(Centre.side_id == side.id).order_by(Centre.id)).all()
                   for code, side in sides.items()}
        if len(sides) < 2 or not all(centres.values()):
            raise RuntimeError("load the normal demo data first (flask demo-data)")
        liaisons = {code: db.session.scalar(select(User).where(User.role == "liaison", User.side_id == side.id))
                    for code, side in sides.items()}
        staff = db.session.execute(select(User.id, User.side_id).where(User.role.in_(("liaison", "manager")),
                                                                       User.side_id.is_not(None))).all()
        return cls(sides=sides, centres=centres,
                   standards=db.session.scalars(select(SkillStandard).order_by(SkillStandard.id)).all(),
                   # The nine groups the large set was drawn with before the demo named all nineteen: more
                   # groups would shift the seeded random draws and so the whole set (see notes/mobility).
                   groups=db.session.scalars(select(TargetGroup).where(TargetGroup.sort_order <= 50)
                                             .order_by(TargetGroup.id)).all(),
                   liaisons=liaisons, staff=[tuple(r) for r in staff],
                   crossing_id=db.session.scalar(select(BorderCrossing.id).order_by(BorderCrossing.sort_order)))

    def other(self, code: str) -> str:
        return next(c for c in self.sides if c != code)


def _course_status(rng, start: date, end: date, today: date) -> str:
    if end < today:
        return "completed" if rng.random() < 0.9 else "cancelled"
    if start <= today:
        return "running" if rng.random() < 0.95 else "cancelled"
    return rng.choices(("draft", "proposed", "approved", "scheduled"), (15, 20, 25, 40))[0]


def _code_counters() -> dict[int, int]:
    """Courses already numbered per year, so new codes continue the series new_code() counts."""
    counters: dict[int, int] = {}
    for code in db.session.scalars(select(Course.code)):
        parts = code.split("-")
        if len(parts) == 3 and parts[1].isdigit():
            counters[int(parts[1])] = counters.get(int(parts[1]), 0) + 1
    return counters


def build_courses(bulk: Bulk, ref: Reference) -> list[dict]:
    """Courses with target groups, approvals and a timetable; returns the course rows (with a few extras)."""

    rng, today = bulk.rng, bulk.today
    counters = _code_counters()
    n = bulk.size("courses")
    courses, groups, approvals, sessions = [], [], [], []
    for course_id in bulk.ids(Course.__table__, n):
        code = rng.choice(list(ref.sides))
        side = ref.sides[code]
        centre = rng.choice(ref.centres[code])
        standard = rng.choice(ref.standards)
        start = today + timedelta(days=rng.randint(-720, 360))
        end = start + timedelta(weeks=rng.randint(4, 8))
        status = _course_status(rng, start, end, today)
        counters[start.year] = counters.get(start.year, 0) + 1
        serial = counters[start.year]
        liaison = ref.liaisons[code]
        city_fa, city_ar = centre.city_fa or centre.name_fa, centre.city_ar or centre.name_ar
        row = {
            "id": course_id, "code": f"JC-{start.year}-{serial:04d}",
            "name_fa": f"{standard.name_fa}، {city_fa}، گروه {localize_digits(serial, 'fa')}",
            "name_ar": f"{standard.name_ar}، {city_ar}، الفوج {localize_digits(serial, 'ar')}",
            "name_en": None, "skill_standard_id": standard.id, "host_centre_id": centre.id, "host_side_id": side.id,
            "start_date": start, "end_date": end, "theory_hours": standard.theory_hours or 40,
            "practice_hours": standard.practice_hours or 120, "capacity": rng.randint(12, 25), "min_attendance": 80,
            "pass_mark_theory": None, "pass_mark_practice": None, "language": "fa_ar", "delivery": "centre",
            "funding_note": "", "contact_name": liaison.full_name, "contact_phone": "", "status": status,
            "cancel_reason": "کمبود متقاضی / عدم كفاية المتقدمين" if status == "cancelled" else "",
            "created_by_id": liaison.id,
        }
        row["search_key"] = search_key(Course, row)
        courses.append(row)
        for group in rng.sample(ref.groups, k=min(len(ref.groups), rng.randint(1, 2))):
            groups.append({"course_id": course_id, "target_group_id": group.id})
        if status != "draft":
            for other_code, other_side in ref.sides.items():
                if status != "proposed" or other_code == code:
                    approvals.append({"course_id": course_id, "side_id": other_side.id,
                                      "user_id": ref.liaisons[other_code].id,
                                      "at": local_to_utc(start - timedelta(days=30), time(10), side.timezone)})
            weekdays = rng.sample(TEACHING_DAYS.get(code, (6, 0, 1, 2, 3)), 2)
            day = start
            while day <= end:
                if day.weekday() in weekdays:
                    sessions.append({"course_id": course_id, "day": day, "start_time": time(8, 30),
                                     "end_time": time(12, 30), "topic": "",
                                     "starts_at": local_to_utc(day, time(8, 30), side.timezone),
                                     "ends_at": local_to_utc(day, time(12, 30), side.timezone)})
                day += timedelta(days=1)
    bulk.insert(Course.__table__, courses)
    bulk.insert(course_target_groups, groups)
    bulk.insert(CourseApproval.__table__, approvals)
    session_ids = bulk.ids(CourseSession.__table__, len(sessions))
    for session_id, session in zip(session_ids, sessions, strict=True):
        session["id"] = session_id
    bulk.insert(CourseSession.__table__, sessions)
    by_course: dict[int, list] = {}
    for session in sessions:
        by_course.setdefault(session["course_id"], []).append((session["id"], session["day"]))
    for row in courses:
        row["_sessions"] = by_course.get(row["id"], [])
        row["_side"] = next(c for c, s in ref.sides.items() if s.id == row["host_side_id"])
    return courses


def build(scale: float = 1.0, seed: int = 1405, echo=None) -> dict[str, int]:
    """Add the large data set to a database holding the normal demo data; returns rows added per table."""
    echo = echo or (lambda message: None)
    bulk = Bulk(rng=random.Random(seed), today=to_zone(utcnow(), "Asia/Tehran").date(), scale=scale)
    ref = Reference.load()
    echo("building courses and timetables …")
    courses = build_courses(bulk, ref)
    echo("building trainees, enrolments and attendance …")
    large_people.build_trainees(bulk, ref, courses)
    echo("building trainers and assignments …")
    large_people.build_trainers(bulk, ref, courses)
    echo("building equipment, tracks and meetings …")
    large_work.build_equipment(bulk, ref, courses)
    large_work.build_tracks(bulk, ref, courses)
    large_work.build_meetings(bulk, ref, courses)
    bulk.fix_sequences()
    db.session.flush()
    # Fresh statistics, as after any bulk load: without them SQLite's planner drives aggregate queries from the
    # wrong table (a 4 s dashboard query becomes 16 ms).
    db.session.execute(text("ANALYZE"))
    return bulk.counts


build_large = build
