"""Reference data every installation starts with: the two sides, the programme's named target groups
and the Chazabeh crossing. Idempotent: existing records (matched by code) are left as they are."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import BorderCrossing, Side, TargetGroup

SIDES = [
    {
        "code": "KHZ", "country_code": "IR", "timezone": "Asia/Tehran", "calendar": "jalali",
        "weekend_days": "4",
        "name_fa": "خوزستان", "name_ar": "خوزستان", "name_en": "Khuzestan",
        "organisation_fa": "اداره کل آموزش فنی و حرفه‌ای استان خوزستان",
        "organisation_ar": "المديرية العامة للتدريب التقني والمهني في محافظة خوزستان",
        "organisation_en": "Khuzestan Technical and Vocational Training Directorate",
    },
    {
        "code": "MSN", "country_code": "IQ", "timezone": "Asia/Baghdad", "calendar": "gregorian",
        "weekend_days": "4,5",
        "name_fa": "میسان", "name_ar": "ميسان", "name_en": "Maysan",
        "organisation_fa": "مرکز آموزش حرفه‌ای میسان، وزارت کار و امور اجتماعی عراق",
        "organisation_ar": "مركز التدريب المهني في ميسان، وزارة العمل والشؤون الاجتماعية",
        "organisation_en": "Maysan Vocational Training Centre, Ministry of Labour and Social Affairs",
    },
]

# The groups the programme names; administrators add the rest of the nineteen.
TARGET_GROUPS = [
    ("school_students", "دانش‌آموزان", "طلبة المدارس", "School students"),
    ("university_students", "دانشجویان", "طلبة الجامعات", "University students"),
    ("university_graduates", "دانش‌آموختگان دانشگاهی", "خريجو الجامعات", "University graduates"),
    ("female_heads_of_household", "زنان سرپرست خانوار", "النساء المعيلات لأسرهن", "Female heads of household"),
    ("child_labourers", "کودکان کار", "الأطفال العاملون", "Child labourers"),
    ("recovered_from_addiction", "بهبودیافتگان اعتیاد", "المتعافون من الإدمان",
     "People recovered from addiction"),
    ("urban_job_seekers", "کارجویان شهری", "الباحثون عن عمل في المدن", "Urban job seekers"),
    ("rural_job_seekers", "کارجویان روستایی", "الباحثون عن عمل في الأرياف", "Rural job seekers"),
]

CROSSINGS = [
    {"name_fa": "گذرگاه مرزی چذابه", "name_ar": "منفذ الشيب الحدودي", "name_en": "Chazabeh / Al-Sheeb",
     "sort_order": 1,
     "notes": "چذابه (خوزستان) – الشيب (ميسان)"},
]


def ensure_reference_data() -> dict:
    """Add what is missing; returns how many records of each kind were added."""
    added = {"sides": 0, "target_groups": 0, "crossings": 0}
    for data in SIDES:
        if db.session.scalar(select(Side.id).where(Side.code == data["code"])) is None:
            db.session.add(Side(**data))
            added["sides"] += 1
    for order, (code, fa, ar, en) in enumerate(TARGET_GROUPS, start=1):
        if db.session.scalar(select(TargetGroup.id).where(TargetGroup.code == code)) is None:
            db.session.add(TargetGroup(code=code, name_fa=fa, name_ar=ar, name_en=en, sort_order=order))
            added["target_groups"] += 1
    for data in CROSSINGS:
        if db.session.scalar(select(BorderCrossing.id).where(BorderCrossing.name_en == data["name_en"])) is None:
            db.session.add(BorderCrossing(**data))
            added["crossings"] += 1
    db.session.flush()
    return added
