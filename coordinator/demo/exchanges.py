"""Demo trainers of both sides: skills, languages, passports and visas (one expiring soon, one expired),
an unavailability period; the demo trainer accounts are linked to one trainer each. No assignments."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Centre, Side, SkillStandard
from ..courses.models import Course
from ..exchanges.models import Trainer, TravelDocument, Unavailability
from ..extensions import db

# (side, name_fa, name_ar, linked username, skill codes, levels fa/ar/en, qualifications, phone)
TRAINERS = [
    ("KHZ", "حمید دشتی", "حميد دشتي", "trainer.khz", ("7212-01", "7411-01"), ("native", "working", "basic"),
     "کارشناس مهندسی مکانیک؛ ۱۲ سال سابقه تدریس جوشکاری؛ گواهی مربیگری سازمان آموزش فنی و حرفه‌ای",
     "09161230001"),
    ("KHZ", "لیلا نیسی", "ليلى النيسي", None, ("7514-02", "7513-01"), ("native", "fluent", None),
     "کارشناس ارشد صنایع غذایی؛ مربی فرآوری خرما و لبنیات", "09161230002"),
    ("KHZ", "عباس ساکی", "عباس الساكي", None, ("6113-01", "6221-01"), ("native", "native", "working"),
     "کارشناس کشاورزی؛ مربی گلخانه و آبزی‌پروری", "09161230003"),
    ("KHZ", "مهدی چنانی", "", None, ("7127-01", "7411-01"), ("native", "basic", None),
     "تکنسین تبرید و تهویه مطبوع؛ ۸ سال سابقه کارگاهی", "09161230004"),
    ("MSN", "زینب موسوی", "زينب الموسوي", "trainer.msn", ("7531-01", "7513-01"), ("basic", "native", "working"),
     "بكالوريوس تصميم أزياء؛ مدربة في مركز التدريب المهني في العمارة", "07701230001"),
    ("MSN", "علی حلفی", "علي الحلفي", None, ("6221-01",), (None, "native", "basic"),
     "مهندس ثروة سمكية؛ خبرة ١٠ سنوات في الأقفاص العائمة", "07701230002"),
    ("MSN", "", "حسين الفريجي", None, ("7127-01", "7212-01"), ("working", "native", None),
     "فني تبريد وتكييف؛ مدرب معتمد من وزارة العمل", "07701230003"),
    ("MSN", "", "نور البهادلي", None, ("6113-01", "7514-02"), (None, "native", "fluent"),
     "ماجستير علوم زراعية؛ مدربة الزراعة المحمية", "07701230004"),
]


def load(today: date, courses: list[Course] | None = None) -> list[Trainer]:
    """Create the demo trainers and return them (the assignments' demo uses them)."""
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    standards = {s.code: s for s in db.session.scalars(select(SkillStandard))}
    users = {u.username: u for u in db.session.scalars(select(User).where(User.role == "trainer"))}
    centres = {code: db.session.scalars(select(Centre).where(Centre.side_id == side.id).order_by(Centre.id)).all()
               for code, side in sides.items()}
    other_country = {code: next((s.country_code for c, s in sides.items() if c != code), side.country_code)
                     for code, side in sides.items()}
    trainers = []
    for i, (code, name_fa, name_ar, username, skills, levels, qualifications, phone) in enumerate(TRAINERS):
        side = sides[code]
        side_centres = centres.get(code) or [None]
        trainer = Trainer(
            name_fa=name_fa, name_ar=name_ar, side_id=side.id, centre=side_centres[i % len(side_centres)],
            user=users.get(username) if username else None,
            skills=[standards[s] for s in skills if s in standards],
            level_fa=levels[0], level_ar=levels[1], level_en=levels[2],
            qualifications=qualifications, phone=phone,
        )
        # Everyone holds a passport; most a visa for the other side, valid for a while.
        trainer.documents.append(TravelDocument(kind="passport", country_code=side.country_code,
                                                expires_on=today + timedelta(days=700 + 90 * i)))
        if i % 4 != 3:
            trainer.documents.append(TravelDocument(kind="visa", country_code=other_country[code],
                                                    expires_on=today + timedelta(days=200 + 30 * i)))
        db.session.add(trainer)
        trainers.append(trainer)
    # One visa expires soon (within the 60 days that raise a flag), one has expired.
    trainers[1].documents[-1].expires_on = today + timedelta(days=25)
    trainers[5].documents[-1].expires_on = today - timedelta(days=10)
    trainers[2].unavailability.append(Unavailability(
        starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=44),
        reason="مرخصی سالانه / إجازة سنوية"))
    db.session.flush()
    return trainers
