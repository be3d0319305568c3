"""Demo trainees of both sides, enrolled in the demo courses, with attendance, scores and certificates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Side, TargetGroup
from ..certificates import services as certificates
from ..courses import assessment, attendance, enrolment
from ..courses.models import Course
from ..extensions import db
from ..trainees.models import Trainee

# Names as people of each province write them.
KHZ_NAMES = [
    ("فاطمه کعبی", "f"), ("زهرا چنانی", "f"), ("مریم ساکی", "f"), ("لیلا حیدری", "f"), ("سکینه عبیات", "f"),
    ("نرگس باوی", "f"), ("معصومه نیسی", "f"), ("حسین سواری", "m"), ("علی عساکره", "m"), ("رضا زرگانی", "m"),
    ("محمد طرفی", "m"), ("جواد مزرعه", "m"), ("حمید بحرانی", "m"), ("سعید آلبوغبیش", "m"), ("کریم شریفی", "m"),
    ("یوسف حمیدی", "m"), ("مهدی دشتی", "m"), ("امیر چعب", "m"),
]
MSN_NAMES = [
    ("زينب الساعدي", "f"), ("فاطمة المياحي", "f"), ("مريم الكعبي", "f"), ("نور البهادلي", "f"),
    ("هدى الموسوي", "f"), ("سارة العلياوي", "f"), ("علي الحلفي", "m"), ("حسين الفريجي", "m"),
    ("مصطفى الزيدي", "m"), ("أحمد الدراجي", "m"), ("عباس المالكي", "m"), ("حيدر السوداني", "m"),
    ("محمد الشويلي", "m"), ("كرار البزوني", "m"), ("مرتضى اللامي", "m"), ("جعفر الربيعي", "m"),
]
GROUPS = ("rural_job_seekers", "urban_job_seekers", "female_heads_of_household", "university_graduates",
          "school_students", "recovered_from_addiction", "child_labourers", "university_students")
EDUCATION = ("primary", "lower_secondary", "secondary", "secondary", "post_secondary", "bachelor")


def _trainees(today: date) -> list[Trainee]:
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    groups = {g.code: g for g in db.session.scalars(select(TargetGroup))}
    made = []
    for code, names, phone_prefix in (("KHZ", KHZ_NAMES, "0916"), ("MSN", MSN_NAMES, "0770")):
        for i, (name, gender) in enumerate(names):
            group = GROUPS[i % len(GROUPS)]
            if group == "female_heads_of_household" and gender == "m":
                group = "urban_job_seekers"
            trainee = Trainee(
                name_fa=name if code == "KHZ" else "", name_ar=name if code == "MSN" else "", gender=gender,
                side_id=sides[code].id,
                birth_date=today - timedelta(days=365 * (18 + (i * 7) % 30) + i * 11),
                education=EDUCATION[i % len(EDUCATION)], phone=f"{phone_prefix}{4100000 + i * 7919:07d}",
                national_id=f"{1740000000 + i * 104729}" if code == "KHZ" and i % 3 else None,
            )
            # Every fourth trainee is also a job seeker of their kind: a trainee may be in several groups.
            trainee.target_groups = [groups[group]] + (
                [groups["rural_job_seekers"]] if i % 4 == 3 and group != "rural_job_seekers" else [])
            db.session.add(trainee)
            made.append(trainee)
    db.session.flush()
    return made


def load(today: date, courses: list[Course]) -> None:
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    people = _trainees(today)
    finished = [c for c in courses if c.status == "completed"]
    for course in finished:
        course.status = "running"  # trainees joined while it ran
    for n, course in enumerate(courses):
        if course.status in ("draft", "cancelled"):
            continue
        # Both sides' trainees in every course; one over capacity waits in the queue.
        queue = people[n::2][: course.capacity + 3] if course.status == "approved" else people[n::3]
        for trainee in queue[: course.capacity + 3]:
            enrolment.enrol(course, trainee, admin)
    db.session.flush()
    for course in courses:
        if course.status not in ("running", "completed"):
            continue
        grid = attendance.attendance_grid(course, today)
        cells = {}
        for r, row in enumerate(grid.rows):
            for s, session_id in enumerate(sorted(grid.markable)):
                mark = "absent" if (r * 7 + s) % 11 == 0 else "excused" if (r + s) % 13 == 0 else "present"
                cells[(row.id, session_id)] = mark
        attendance.save_attendance(course, admin, cells, {row.id: row.version for row in grid.rows}, today)
        if course in finished:
            course.status = "completed"
            scores = {row.id: (Decimal(55 + (r * 9) % 40), Decimal(60 + (r * 13) % 40))
                      for r, row in enumerate(grid.rows)}
            assessment.save_scores(course, admin, scores, {row.id: row.version for row in grid.rows})
            assessment.finalise(course, admin, today=today)
            certificates.issue_certificates(course, admin)
    db.session.flush()
