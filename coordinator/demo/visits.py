"""Demo study visits: a past one (Maysan's delegation in Khuzestan, reported, with lessons and follow-ups among
the action items) and an upcoming one (Khuzestan's delegation to Maysan, accepted with its programme)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Centre, Side
from ..exchanges.models import Trainer
from ..extensions import db
from ..meetings.models import ActionItem
from ..visits.models import Visit, VisitDay, VisitDelegate, VisitLesson, VisitPlace


def _trainer(name_fa: str = "", name_ar: str = "") -> Trainer | None:
    column, value = (Trainer.name_fa, name_fa) if name_fa else (Trainer.name_ar, name_ar)
    return db.session.scalars(select(Trainer).where(column == value)).first()


def load(today: date) -> list[Visit]:
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    users = {u.username: u for u in db.session.scalars(select(User))}
    khz, msn = sides["KHZ"], sides["MSN"]
    khz_centre = db.session.scalars(select(Centre).where(Centre.side_id == khz.id).order_by(Centre.id)).first()
    msn_centre = db.session.scalars(select(Centre).where(Centre.side_id == msn.id).order_by(Centre.id)).first()

    start = today - timedelta(days=60)
    past = Visit(
        host_side_id=khz.id, guest_side_id=msn.id, proposed_by_side_id=msn.id, status="reported",
        name_fa="بازدید علمی هیئت میسان از مراکز آموزشی خوزستان",
        name_ar="زيارة علمية لوفد ميسان إلى مراكز خوزستان",
        name_en="Maysan delegation's study visit to Khuzestan's centres",
        purpose_fa="آشنایی با ارزشیابی مهارت، آمادگی المپیاد مهارت و کارگاه‌های صنایع تبدیلی خرما",
        purpose_ar="التعرف على تقييم المهارات والتحضير لأولمبياد المهارات وورش الصناعات التحويلية للتمور",
        starts_on=start, ends_on=start + timedelta(days=2),
        host_contacts="مریم کعبی، کارشناس رابط استان خوزستان", created_by_id=users["liaison.msn"].id)
    if khz_centre is not None:
        past.places.append(VisitPlace(kind="centre", centre_id=khz_centre.id))
    past.places.append(VisitPlace(kind="agro_site", name_fa="کارخانه بسته‌بندی خرمای شادگان",
                                  name_ar="معمل تعبئة تمور شادكان"))
    past.days += [
        VisitDay(day=start, text_fa="استقبال، معرفی برنامه و بازدید از کارگاه جوشکاری",
                 text_ar="الاستقبال وعرض البرنامج وزيارة ورشة اللحام"),
        VisitDay(day=start + timedelta(days=1), text_fa="حضور در آزمون عملی ارزشیابی مهارت",
                 text_ar="حضور الاختبار العملي لتقييم المهارة"),
        VisitDay(day=start + timedelta(days=2), text_fa="بازدید از کارخانه خرما و جلسه جمع‌بندی",
                 text_ar="زيارة معمل التمور واجتماع الختام"),
    ]
    for name_ar, post_fa, post_ar, heads in (("زينب الموسوي", "مربی طراحی لباس", "مدربة تصميم الأزياء", True),
                                             ("علي الحلفي", "مربی آبزی‌پروری", "مدرب الاستزراع السمكي", False)):
        traveller = _trainer(name_ar=name_ar)
        if traveller is not None:
            past.delegates.append(VisitDelegate(trainer_id=traveller.id, trainer=traveller,
                                                post_fa=post_fa, post_ar=post_ar,
                                                heads=heads))
    # A guest who is not a trainer: Maysan's manager, with the passport and the visa of this visit on record.
    manager = users.get("manager.msn")
    past.delegates.append(VisitDelegate(
        name_fa="مدیر آموزش فنی و حرفه‌ای میسان", name_ar="مدير التدريب المهني في ميسان",
        name_en=manager.full_name if manager is not None and manager.full_name.isascii() else "",
        side_id=msn.id, side=msn, user_id=manager.id if manager is not None else None,
        passport_number="A31745286", passport_expires_on=today + timedelta(days=900),
        post_fa="مدیر کل آموزش فنی و حرفه‌ای", post_ar="المدير العام للتدريب المهني", visa_status="issued",
        visa_valid_from=start - timedelta(days=5), visa_valid_until=start + timedelta(days=25),
        visa_number="IRV2024117"))
    assessment = VisitLesson(topic_fa="ارزشیابی عملی مهارت", topic_ar="التقييم العملي للمهارة",
                             observations="آزمون عملی با چک‌لیست استاندارد و دو ارزیاب مستقل برگزار می‌شود.",
                             practices="بانک سؤال مشترک و چک‌لیست ارزیابی به عربی ترجمه شود.")
    dates = VisitLesson(topic_fa="فرآوری و بسته‌بندی خرما", topic_ar="تصنيع التمور وتعبئتها",
                        observations="خط بسته‌بندی کوچک با استاندارد بهداشتی برای کارگاه آموزشی کافی است.",
                        practices="دوره مشترک بسته‌بندی خرما برای زنان سرپرست خانوار در میسان.")
    past.lessons += [assessment, dates]
    db.session.add(past)
    db.session.flush()
    db.session.add_all([
        ActionItem(visit_id=past.id, visit_lesson_id=assessment.id, owner_id=users["liaison.msn"].id,
                   side_id=msn.id, due_on=today + timedelta(days=20), status="in_progress",
                   name_fa="ترجمه چک‌لیست ارزیابی به عربی", name_ar="ترجمة قائمة التقييم إلى العربية"),
        ActionItem(visit_id=past.id, visit_lesson_id=dates.id, owner_id=users["manager.khz"].id,
                   side_id=khz.id, due_on=today - timedelta(days=10), status="done",
                   closed_on=today - timedelta(days=12),
                   name_fa="پیشنهاد دوره مشترک بسته‌بندی خرما", name_ar="اقتراح دورة مشتركة لتعبئة التمور"),
    ])

    start = today + timedelta(days=40)
    upcoming = Visit(
        host_side_id=msn.id, guest_side_id=khz.id, proposed_by_side_id=khz.id, status="accepted",
        name_fa="بازدید علمی هیئت خوزستان از مراکز و مزارع میسان",
        name_ar="زيارة علمية لوفد خوزستان إلى مراكز ومزارع ميسان",
        purpose_fa="آشنایی با پرورش ماهی در قفس و آموزش کشاورزی گلخانه‌ای در میسان",
        purpose_ar="التعرف على تربية الأسماك في الأقفاص والتدريب على الزراعة المحمية في ميسان",
        starts_on=start, ends_on=start + timedelta(days=1),
        host_contacts="حيدر الساعدي، ضابط الارتباط في محافظة ميسان", created_by_id=users["liaison.khz"].id)
    if msn_centre is not None:
        upcoming.places.append(VisitPlace(kind="centre", centre_id=msn_centre.id))
    upcoming.places.append(VisitPlace(kind="agro_site", name_fa="مزرعه پرورش ماهی در قفس، هور",
                                      name_ar="مزرعة الأقفاص العائمة، الهور"))
    upcoming.days += [
        VisitDay(day=start, text_fa="بازدید از مرکز آموزش حرفه‌ای العماره و کارگاه گلخانه",
                 text_ar="زيارة مركز التدريب المهني في العمارة وورشة البيت البلاستيكي"),
        VisitDay(day=start + timedelta(days=1), text_fa="بازدید از مزرعه قفس‌های شناور",
                 text_ar="زيارة مزرعة الأقفاص العائمة"),
    ]
    for name_fa, post_fa, post_ar, heads in (("حمید دشتی", "مربی جوشکاری", "مدرب اللحام", True),
                                             ("عباس ساکی", "مربی کشاورزی", "مدرب الزراعة", False)):
        traveller = _trainer(name_fa=name_fa)
        if traveller is not None:
            upcoming.delegates.append(VisitDelegate(trainer_id=traveller.id, trainer=traveller,
                                                    post_fa=post_fa, post_ar=post_ar,
                                                    heads=heads))
    db.session.add(upcoming)
    db.session.flush()
    return [past, upcoming]
