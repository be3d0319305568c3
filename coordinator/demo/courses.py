"""Demo joint courses in every state of the workflow, with timetables and approvals."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Centre, Side, SkillStandard, TargetGroup
from ..courses import services, timetable
from ..courses.models import Course, CourseApproval
from ..extensions import db

# (standard code, host side, centre index on that side, fa, ar, status, start offset in days, weeks, groups)
COURSES = [
    ("7514-02", "KHZ", 7, "فرآوری و بسته‌بندی خرما", "تصنيع التمور وتعبئتها", "completed", -120, 6,
     ("rural_job_seekers", "female_heads_of_household")),
    ("7212-01", "KHZ", 0, "جوشکاری برق مقدماتی", "اللحام الكهربائي الأساسي", "running", -14, 8,
     ("urban_job_seekers", "university_graduates")),
    ("6221-01", "MSN", 0, "پرورش ماهی در قفس", "تربية الأسماك في الأقفاص", "running", -7, 6,
     ("rural_job_seekers",)),
    ("6113-01", "MSN", 1, "کشت گلخانه‌ای گوجه‌فرنگی", "الزراعة المحمية للطماطم", "scheduled", 20, 5,
     ("rural_job_seekers", "female_heads_of_household")),
    ("7513-01", "KHZ", 1, "فرآوری لبنیات برای زنان سرپرست خانوار", "تصنيع الألبان للنساء المعيلات",
     "approved", 40, 4, ("female_heads_of_household",)),
    ("7127-01", "MSN", 2, "تعمیر کولر گازی", "صيانة أجهزة التكييف", "proposed", 60, 6, ("urban_job_seekers",)),
    ("7411-01", "KHZ", 4, "برق‌کاری ساختمان", "كهربائي المباني", "draft", 90, 8, ("school_students",)),
    ("7531-01", "MSN", 3, "خیاطی و طراحی لباس", "الخياطة وتصميم الأزياء", "cancelled", 10, 6,
     ("female_heads_of_household", "recovered_from_addiction")),
]


def load(today: date) -> list[Course]:
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    standards = {s.code: s for s in db.session.scalars(select(SkillStandard))}
    groups = {g.code: g for g in db.session.scalars(select(TargetGroup))}
    creators = {s.id: db.session.scalar(select(User).where(User.role == "liaison", User.side_id == s.id))
                for s in sides.values()}
    made = []
    for code, side, index, fa, ar, status, offset, weeks, group_codes in COURSES:
        centres = db.session.scalars(select(Centre).where(Centre.side_id == sides[side].id)
                                     .order_by(Centre.id)).all()
        centre = centres[index % len(centres)]
        standard = standards[code]
        start = today + timedelta(days=offset)
        course = Course(
            code=services.new_code(start.year), name_fa=fa, name_ar=ar, skill_standard=standard,
            host_centre_id=centre.id, host_side_id=centre.side_id, start_date=start,
            end_date=start + timedelta(weeks=weeks), theory_hours=standard.theory_hours,
            practice_hours=standard.practice_hours, capacity=12, min_attendance=80, language="fa_ar",
            delivery="centre", contact_name=creators[centre.side_id].full_name, status="draft",
            created_by_id=creators[centre.side_id].id,
            funding_note="هزینه دوره را برنامه مشترک می‌پردازد. / تتحمل تكاليف الدورة البرنامج المشترك.",
        )
        course.target_groups = [groups[g] for g in group_codes]
        db.session.add(course)
        db.session.flush()
        timetable.add_weekly_sessions(course, admin, (5, 0, 2), time(8, 30), time(12, 30), "")
        if status not in ("draft",):
            for side_row in sides.values():
                if status != "proposed" or side_row.id == centre.side_id:
                    course.approvals.append(CourseApproval(side_id=side_row.id, user_id=creators[side_row.id].id))
        course.status = status
        if status == "cancelled":
            course.cancel_reason = "کمبود متقاضی در موعد ثبت‌نام. / عدم كفاية المتقدمين في موعد التسجيل."
        made.append(course)
    db.session.flush()
    return made
