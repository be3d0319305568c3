"""Demo collaboration tracks (date palm, fisheries, greenhouse crops, dairy) with milestones on both sides:
dependencies, some done, one blocked and one overdue, dated around today."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..agro.models import Milestone, Track, TrackLead
from ..catalog.models import Side
from ..courses.models import Course
from ..extensions import db

# (name_fa, name_ar, name_en, description, lead KHZ, lead MSN)
TRACKS = [
    ("فرآوری خرما", "تصنيع التمور", "Date-palm processing",
     "بسته‌بندی، درجه‌بندی و فرآوری خرما؛ تبادل مربی بین اهواز و العمارة.", "لیلا نیسی", "نور البهادلي"),
    ("شیلات و آبزی‌پروری", "الثروة السمكية وتربية الأحياء المائية", "Fisheries and aquaculture",
     "پرورش ماهی در قفس و استخرهای خاکی در هورالعظیم و الأهوار.", "عباس ساکی", "علي الحلفي"),
    ("محصولات گلخانه‌ای", "محاصيل البيوت المحمية", "Greenhouse crops",
     "گلخانه‌های کم‌مصرف آب و کشت هیدروپونیک.", "عباس ساکی", "نور البهادلي"),
    ("لبنیات", "الألبان", "Dairy", "فرآوری شیر گاومیش و تولید ماست و پنیر محلی.", "لیلا نیسی", ""),
]

# Per track: (side, name_fa, name_ar, start offset, due offset, status, progress, depends on indexes,
#             blocked reason, evidence) — offsets in days from today.
MILESTONES = [
    [
        ("KHZ", "نیازسنجی کارگاه‌های بسته‌بندی", "تقييم احتياجات ورش التعبئة", -120, -90, "done", 100, (), "",
         "گزارش نیازسنجی: https://example.org/agro/date-needs.pdf"),
        ("MSN", "تدوین برنامه درسی درجه‌بندی خرما", "إعداد منهج فرز التمور", -80, -20, "done", 100, (0,), "", ""),
        ("KHZ", "دوره مشترک فرآوری خرما", "الدورة المشتركة لتصنيع التمور", -10, 40, "in_progress", 35, (1,), "",
         "دوره مشترک در مرکز اهواز"),
        ("MSN", "راه‌اندازی خط بسته‌بندی نمونه", "تشغيل خط تعبئة نموذجي", 45, 120, "planned", 0, (2,), "", ""),
    ],
    [
        ("MSN", "بازدید از مزارع قفسی الأهوار", "زيارة مزارع الأقفاص في الأهوار", -60, -30, "done", 100, (), "", ""),
        ("KHZ", "ترجمه استاندارد تکثیر ماهی", "ترجمة معيار تفريخ الأسماك", -40, -9, "in_progress", 60, (0,), "",
         "نسخه عربی در دست بازبینی است."),
        ("MSN", "دوره آبزی‌پروری در العمارة", "دورة تربية الأحياء المائية في العمارة", 10, 60, "planned", 0,
         (1,), "", ""),
    ],
    [
        ("KHZ", "طراحی گلخانه آموزشی", "تصميم البيت المحمي التدريبي", -30, 15, "in_progress", 50, (), "", ""),
        ("MSN", "تأمین تجهیزات آبیاری قطره‌ای", "توفير معدات الري بالتنقيط", -15, 30, "blocked", 20, (0,),
         "ترخیص گمرکی تجهیزات در مرز شلمچه متوقف است.", ""),
        ("KHZ", "دوره کشت هیدروپونیک", "دورة الزراعة المائية", 35, 80, "planned", 0, (0, 1), "", ""),
    ],
    [
        ("KHZ", "نیازسنجی واحدهای لبنی روستایی", "تقييم احتياجات وحدات الألبان الريفية", -20, 25, "in_progress",
         40, (), "", ""),
        ("MSN", "برنامه درسی فرآوری شیر گاومیش", "منهج تصنيع حليب الجاموس", 20, 70, "planned", 0, (0,), "", ""),
        ("KHZ", "دوره مشترک پنیرسازی", "الدورة المشتركة لصناعة الجبن", 75, 110, "planned", 0, (1,), "", ""),
    ],
]


def _working(day: date, weekend) -> date:
    while day.weekday() in weekend:
        day -= timedelta(days=1)
    return day


def load(today: date, courses: list[Course] | None = None) -> list[Track]:
    """Create the demo tracks and milestones (dates relative to today) and return the tracks."""
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    courses = courses or list(db.session.scalars(select(Course).order_by(Course.start_date).limit(3)))
    tracks = []
    for (fa, ar, en, description, lead_khz, lead_msn), rows in zip(TRACKS, MILESTONES, strict=True):
        track = Track(name_fa=fa, name_ar=ar, name_en=en, description=description)
        for code, name in (("KHZ", lead_khz), ("MSN", lead_msn)):
            if name and code in sides:
                track.leads.append(TrackLead(side_id=sides[code].id, name=name))
        db.session.add(track)
        made: list[Milestone] = []
        for code, m_fa, m_ar, start, due, status, progress, deps, reason, notes in rows:
            side = sides[code]
            due_on = _working(today + timedelta(days=due), side.weekend)
            milestone = Milestone(
                track=track, side_id=side.id, name_fa=m_fa, name_ar=m_ar, starts_on=today + timedelta(days=start),
                due_on=due_on, status=status, progress=progress, blocked_reason=reason, evidence_notes=notes,
                done_on=due_on - timedelta(days=3) if status == "done" else None,
                depends_on=[made[i] for i in deps])
            db.session.add(milestone)
            made.append(milestone)
        if courses and track.name_en == "Date-palm processing":
            made[2].courses = list(courses[:1])
        tracks.append(track)
    db.session.flush()
    return tracks
