"""Demo curricula: versions in both languages, sharing across the border, translation work (one overdue)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Side, SkillStandard
from ..curricula.models import Curriculum, CurriculumComment, CurriculumShare, CurriculumVersion, TranslationTask
from ..extensions import db

# (standard code, owner side, fa, ar, first version's language, change note)
CURRICULA = [
    ("7514-02", "KHZ", "فرآوری و بسته‌بندی خرما", "تصنيع التمور وتعبئتها", "fa",
     "نسخه نخست بر پایه استاندارد مهارت ملی."),
    ("6113-01", "MSN", "کشت گلخانه‌ای سبزیجات", "الزراعة المحمية للخضروات", "ar",
     "النسخة الأولى المعتمدة من دائرة التدريب المهني في ميسان."),
    ("6221-01", "MSN", "پرورش ماهی در قفس", "تربية الأسماك في الأقفاص", "ar", "النسخة الأولى."),
    ("7212-01", "KHZ", "جوشکاری برق مقدماتی", "اللحام الكهربائي الأساسي", "fa", "بازنگری فصل ایمنی کارگاه."),
]


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def load(today: date) -> list[Curriculum]:
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    standards = {s.code: s for s in db.session.scalars(select(SkillStandard))}
    liaison = {"KHZ": _user("liaison.khz"), "MSN": _user("liaison.msn")}
    made = []
    for code, side, fa, ar, language, note in CURRICULA:
        standard = standards.get(code) or next(iter(standards.values()))
        curriculum = Curriculum(name_fa=fa, name_ar=ar, skill_standard_id=standard.id, side_id=sides[side].id,
                                description="")
        db.session.add(curriculum)
        db.session.flush()
        version = CurriculumVersion(curriculum_id=curriculum.id, number=1, language=language, change_note=note,
                                    created_by_id=liaison[side].id if liaison[side] else None)
        db.session.add(version)
        made.append((curriculum, version))
    db.session.flush()
    (dates, dates_v1), (greenhouse, greenhouse_v1), _fish, (welding, welding_v1) = made
    khz, msn = liaison["KHZ"], liaison["MSN"]
    # Date processing: offered by Khuzestan, adopted by Maysan, an Arabic translation in progress.
    for step, side, user, note in (("offered", "KHZ", khz, "پیشنهاد برای مراکز میسان."),
                                   ("requested", "MSN", msn, "نحتاجه لمركز العمارة."),
                                   ("adopted", "MSN", msn, "")):
        db.session.add(CurriculumShare(curriculum_id=dates.id, side_id=sides[side].id, step=step, note=note,
                                       user_id=user.id if user else None))
    translator_ar, translator_fa = _user("trainer.msn"), _user("trainer.khz")
    db.session.add(TranslationTask(source_version_id=dates_v1.id, source_version=dates_v1, target_language="ar",
                                   translator_id=translator_ar.id if translator_ar else None,
                                   due_on=today + timedelta(days=14), status="in_progress"))
    # Greenhouse crops: Maysan's, offered; its Persian translation is overdue.
    db.session.add(CurriculumShare(curriculum_id=greenhouse.id, side_id=sides["MSN"].id, step="offered",
                                   user_id=msn.id if msn else None))
    db.session.add(TranslationTask(source_version_id=greenhouse_v1.id, source_version=greenhouse_v1,
                                   target_language="fa", translator_id=translator_fa.id if translator_fa else None,
                                   due_on=today - timedelta(days=5), status="open"))
    # Welding: a second version and a finished English translation linked to its source.
    welding_v2 = CurriculumVersion(curriculum_id=welding.id, number=2, language="en", source_version_id=welding_v1.id,
                                   change_note="English translation for the joint trainers' guide.",
                                   created_by_id=khz.id if khz else None)
    db.session.add(welding_v2)
    db.session.flush()
    db.session.add(TranslationTask(source_version_id=welding_v1.id, source_version=welding_v1, target_language="en",
                                   translator_id=translator_fa.id if translator_fa else None,
                                   due_on=today - timedelta(days=20), status="done", result_version_id=welding_v2.id))
    first = CurriculumComment(curriculum_id=dates.id, user_id=msn.id if msn else None,
                              body="هل يمكن إضافة فصل عن تجفيف التمور بالطاقة الشمسية؟")
    db.session.add(first)
    db.session.flush()
    db.session.add(CurriculumComment(curriculum_id=dates.id, parent_id=first.id, user_id=khz.id if khz else None,
                                     body="بله، در نسخه بعدی اضافه می‌شود."))
    db.session.flush()
    return [c for c, _v in made]
