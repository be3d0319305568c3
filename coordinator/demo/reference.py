"""Demo centres, skill standards and public holidays of both provinces (real city names)."""

from __future__ import annotations

from datetime import date

import jdatetime
from sqlalchemy import select

from ..catalog import isco
from ..catalog.models import Centre, Holiday, Side, SkillStandard, TargetGroup
from ..extensions import db

KHZ_CENTRES = [
    # (kind, name_fa, name_ar, name_en, city_fa, city_ar)
    ("government", "مرکز آموزش فنی و حرفه‌ای شماره ۱ اهواز", "مركز التدريب التقني والمهني رقم ١ في الأهواز",
     "Ahvaz Technical and Vocational Centre No. 1", "اهواز", "الأهواز"),
    ("government", "مرکز آموزش فنی و حرفه‌ای خواهران اهواز", "مركز التدريب التقني والمهني للنساء في الأهواز",
     "Ahvaz Women's Technical and Vocational Centre", "اهواز", "الأهواز"),
    ("government", "مرکز آموزش فنی و حرفه‌ای آبادان", "مركز التدريب التقني والمهني في عبادان",
     "Abadan Technical and Vocational Centre", "آبادان", "عبادان"),
    ("government", "مرکز آموزش فنی و حرفه‌ای خرمشهر", "مركز التدريب التقني والمهني في المحمرة",
     "Khorramshahr Technical and Vocational Centre", "خرمشهر", "المحمرة"),
    ("government", "مرکز آموزش فنی و حرفه‌ای دزفول", "مركز التدريب التقني والمهني في دزفول",
     "Dezful Technical and Vocational Centre", "دزفول", "دزفول"),
    ("government", "مرکز آموزش فنی و حرفه‌ای سوسنگرد", "مركز التدريب التقني والمهني في الخفاجية",
     "Susangerd Technical and Vocational Centre", "سوسنگرد", "الخفاجية"),
    ("private", "آموزشگاه آزاد فنی و حرفه‌ای نخل کارون", "معهد نخيل كارون للتدريب الأهلي",
     "Karun Palm Private Institute", "اهواز", "الأهواز"),
    ("private", "آموزشگاه آزاد صنایع غذایی شادگان", "معهد شادكان الأهلي للصناعات الغذائية",
     "Shadegan Food Industry Private Institute", "شادگان", "الفلاحية"),
]

MSN_CENTRES = [
    ("iraqi_vocational", "مرکز آموزش حرفه‌ای العماره", "مركز التدريب المهني في العمارة",
     "Amarah Vocational Training Centre", "العماره", "العمارة"),
    ("iraqi_vocational", "مرکز آموزش حرفه‌ای علی الغربی", "مركز التدريب المهني في علي الغربي",
     "Ali Al-Gharbi Vocational Training Centre", "علی الغربی", "علي الغربي"),
    ("iraqi_vocational", "مرکز آموزش حرفه‌ای المجر الکبیر", "مركز التدريب المهني في المجر الكبير",
     "Al-Majar Al-Kabir Vocational Training Centre", "المجر الکبیر", "المجر الكبير"),
    ("iraqi_vocational", "مرکز آموزش حرفه‌ای قلعه صالح", "مركز التدريب المهني في قلعة صالح",
     "Qalat Salih Vocational Training Centre", "قلعه صالح", "قلعة صالح"),
]

STANDARDS = [
    # (code, fa, ar, en, field_fa, field_ar, theory, practice)
    ("7212-01", "جوشکاری برق", "اللحام الكهربائي", "Arc welding", "متالورژی", "المعادن", 60, 180),
    ("7514-02", "فرآوری خرما", "تصنيع التمور", "Date processing", "صنایع غذایی", "الصناعات الغذائية", 40, 100),
    ("6113-01", "پرورش محصولات گلخانه‌ای", "زراعة المحاصيل في البيوت المحمية", "Greenhouse crops",
     "کشاورزی", "الزراعة", 50, 130),
    ("7513-01", "فرآوری شیر و لبنیات", "تصنيع الألبان", "Dairy processing", "صنایع غذایی",
     "الصناعات الغذائية", 45, 105),
    ("6221-01", "پرورش ماهیان گرم‌آبی", "تربية أسماك المياه الدافئة", "Warm-water fish farming", "شیلات",
     "الثروة السمكية", 60, 140),
    ("7411-01", "برق‌کار ساختمان", "كهربائي المباني", "Building electrician", "برق", "الكهرباء", 80, 190),
    ("7231-01", "مکانیک خودرو", "ميكانيك السيارات", "Car mechanic", "خودرو", "السيارات", 90, 210),
    ("7531-01", "خیاطی", "الخياطة", "Tailoring", "پوشاک", "الملابس", 50, 150),
    ("7127-01", "تعمیر کولر گازی", "صيانة أجهزة التكييف", "Air-conditioner repair", "تأسیسات",
     "التبريد والتكييف", 60, 160),
    ("3512-01", "کاربر رایانه", "مستخدم الحاسوب", "Computer user", "فناوری اطلاعات", "تقنية المعلومات",
     40, 80),
]

# Iran's fixed Solar Hijri holidays: (month, day, fa, ar, en).
IRAN_HOLIDAYS = [
    (1, 1, "نوروز", "عيد النوروز", "Nowruz"), (1, 2, "نوروز", "عيد النوروز", "Nowruz"),
    (1, 3, "نوروز", "عيد النوروز", "Nowruz"), (1, 4, "نوروز", "عيد النوروز", "Nowruz"),
    (1, 12, "روز جمهوری اسلامی", "يوم الجمهورية الإسلامية", "Islamic Republic Day"),
    (1, 13, "روز طبیعت", "يوم الطبيعة", "Nature Day"),
    (3, 14, "رحلت امام خمینی", "ذكرى رحيل الإمام الخميني", "Death of Imam Khomeini"),
    (3, 15, "قیام ۱۵ خرداد", "ذكرى انتفاضة ١٥ خرداد", "15 Khordad uprising"),
    (11, 22, "پیروزی انقلاب اسلامی", "ذكرى انتصار الثورة الإسلامية", "Victory of the Islamic Revolution"),
    (12, 29, "ملی شدن صنعت نفت", "تأميم صناعة النفط", "Oil nationalisation day"),
]
# Iraq's fixed Gregorian holidays: (month, day, fa, ar, en).
IRAQ_HOLIDAYS = [
    (1, 1, "سال نو میلادی", "رأس السنة الميلادية", "New Year's Day"),
    (1, 6, "روز ارتش عراق", "عيد الجيش العراقي", "Army Day"),
    (3, 21, "نوروز", "عيد نوروز", "Nowruz"),
    (5, 1, "روز جهانی کارگر", "عيد العمال", "Labour Day"),
    (7, 14, "سالروز انقلاب ۱۴ ژوئیه", "ذكرى ثورة ١٤ تموز", "14 July Revolution Day"),
    (10, 3, "روز ملی عراق", "اليوم الوطني العراقي", "National Day"),
    (12, 10, "روز پیروزی", "يوم النصر", "Victory Day"),
    (12, 25, "میلاد مسیح", "عيد الميلاد المجيد", "Christmas"),
]


def _sides() -> dict[str, Side]:
    return {s.code: s for s in db.session.scalars(select(Side))}


def _holidays(side: Side, years: range) -> None:
    days = set()
    if side.calendar == "jalali":
        for jyear in years:
            for month, day, fa, ar, en in IRAN_HOLIDAYS:
                gday = jdatetime.date(jyear, month, day).togregorian()
                days.add((gday, fa, ar, en))
    else:
        for year in years:
            for month, day, fa, ar, en in IRAQ_HOLIDAYS:
                days.add((date(year, month, day), fa, ar, en))
    for gday, fa, ar, en in sorted(days):
        db.session.add(Holiday(side=side, day=gday, name_fa=fa, name_ar=ar, name_en=en))


# With the eight seeded groups these make the programme's nineteen: (code, fa, ar, en, waiting-list priority).
DEMO_TARGET_GROUPS = [
    ("secondary_graduates", "دیپلمه‌های جویای کار", "خريجو الإعدادية الباحثون عن عمل",
     "Secondary-school graduates seeking work", None),
    ("people_with_disabilities", "افراد دارای معلولیت", "الأشخاص ذوو الإعاقة", "People with disabilities", 1),
    ("martyrs_and_veterans_families", "ایثارگران و خانواده‌های شاهد", "ذوو الشهداء والجرحى",
     "Veterans and martyrs' families", 1),
    ("released_prisoners", "مددجویان آزادشده از زندان", "المفرج عنهم من السجون", "Released prisoners", 2),
    ("returnees_and_displaced", "آوارگان و بازگشتگان", "النازحون والعائدون", "Displaced people and returnees", 2),
    ("conscripts", "سربازان وظیفه پیش از پایان خدمت", "المكلّفون قبل انتهاء الخدمة",
     "Conscripts before discharge", None),
    ("farmers_and_herders", "کشاورزان و دامداران", "المزارعون ومربّو المواشي", "Farmers and herders", None),
    ("rural_women", "زنان روستایی", "النساء الريفيات", "Rural women", 2),
    ("nomads", "عشایر", "البدو الرُّحَّل", "Nomadic communities", 3),
    ("employed_upskilling", "شاغلان برای ارتقای مهارت", "العاملون لرفع المهارة",
     "Employed workers upgrading their skills", None),
    ("informal_workers", "کارگران بخش غیررسمی", "عمّال القطاع غير المنظَّم", "Informal-sector workers", None),
]


def load() -> dict[str, Side]:
    sides = _sides()
    for code, rows in (("KHZ", KHZ_CENTRES), ("MSN", MSN_CENTRES)):
        for number, (kind, fa, ar, en, city_fa, city_ar) in enumerate(rows, start=1):
            # Private institutes carry a licence: one valid for years, so demo courses may be hosted there.
            licence = {"licence_number": f"{code}-L-{number:04d}", "licence_valid_until": date(2029, 3, 20),
                       "accreditation": "accredited"} if kind == "private" else {}
            db.session.add(Centre(
                side=sides[code], kind=kind, name_fa=fa, name_ar=ar, name_en=en, city_fa=city_fa,
                city_ar=city_ar, contact_name="", phone="", **licence,
            ))
    for code, fa, ar, en, field_fa, field_ar, theory, practice in STANDARDS:
        # The demo standards' codes begin with their ISCO-08 unit group, as the ministries number them.
        db.session.add(SkillStandard(code=code, name_fa=fa, name_ar=ar, name_en=en, field_fa=field_fa,
                                     field_ar=field_ar, theory_hours=theory, practice_hours=practice,
                                     isco_code=code[:4] if isco.is_code(code[:4]) else None))
    _holidays(sides["KHZ"], range(1405, 1407))
    _holidays(sides["MSN"], range(2026, 2028))
    for order, (code, fa, ar, en, priority) in enumerate(DEMO_TARGET_GROUPS, start=50):
        if db.session.scalar(select(TargetGroup.id).where(TargetGroup.code == code)) is None:
            db.session.add(TargetGroup(code=code, name_fa=fa, name_ar=ar, name_en=en, sort_order=order,
                                       waiting_priority=priority))
    # The seeded groups the programme puts first on waiting lists (an admin may change it).
    for code, priority in (("female_heads_of_household", 1), ("child_labourers", 1),
                           ("recovered_from_addiction", 2), ("rural_job_seekers", 3)):
        group = db.session.scalar(select(TargetGroup).where(TargetGroup.code == code))
        if group is not None and group.waiting_priority is None:
            group.waiting_priority = priority
    db.session.flush()
    return sides
