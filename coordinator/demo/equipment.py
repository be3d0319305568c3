"""Demo shared equipment of both sides in every state: bookings (one cross-border for a joint course, one
cancelled), loans at every step (one overdue), an unshareable and an out-of-service item, maintenance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..catalog.models import Centre, Side
from ..courses.models import Course
from ..equipment.bookings import held_span
from ..equipment.models import Booking, EquipmentItem, Maintenance, Transfer
from ..extensions import db

# (side, centre index, category, fa, ar, en, model, asset tag, condition, shareable, location)
ITEMS = [
    ("KHZ", 0, "agro", "دستگاه درجه‌بندی و سورت خرما", "آلة فرز وتدريج التمور", "Date grading and sorting machine",
     "Sortex DG-400", "KHZ-AGR-0001", "good", True, "سالن فرآوری"),
    ("KHZ", 0, "agro", "کنترلر اقلیم گلخانه", "وحدة التحكم بمناخ البيت المحمي", "Greenhouse climate controller",
     "Priva Compact CC", "KHZ-AGR-0002", "new", True, "گلخانه آموزشی"),
    ("KHZ", 0, "simulator", "شبیه‌ساز جوشکاری", "محاكي اللحام", "Welding simulator", "Soldamatic 2.0",
     "KHZ-SIM-0001", "good", True, "کارگاه جوشکاری"),
    ("KHZ", 1, "simulator", "شبیه‌ساز جوشکاری (دوم)", "محاكي اللحام (الثاني)", "Welding simulator (2)",
     "Soldamatic 2.0", "KHZ-SIM-0002", "fair", True, "کارگاه جوشکاری"),
    ("KHZ", 1, "agro", "پاستوریزاتور لبنیات", "جهاز بسترة الألبان", "Dairy pasteuriser", "HTST 500L",
     "KHZ-AGR-0003", "good", False, "کارگاه لبنیات"),
    ("KHZ", 0, "workshop", "دستگاه تراش CNC", "مخرطة CNC", "CNC lathe", "Emco Concept Turn 105",
     "KHZ-WSH-0001", "poor", False, "کارگاه ماشین‌ابزار"),
    ("KHZ", 1, "mobile_unit", "واحد آموزشی سیار برق", "وحدة تدريب متنقلة للكهرباء", "Mobile electrical unit",
     "", "KHZ-MOB-0001", "good", True, "پارکینگ مرکز"),
    ("MSN", 0, "agro", "هواده‌های مزرعه پرورش ماهی", "مهويات مزارع الأسماك", "Fish-farm aerators",
     "Paddlewheel 2HP ×4", "MSN-AGR-0001", "good", True, "أحواض التدريب"),
    ("MSN", 0, "simulator", "شبیه‌ساز جوشکاری", "محاكي اللحام", "Welding simulator", "Lincoln VRTEX 360",
     "MSN-SIM-0001", "good", True, "ورشة اللحام"),
    ("MSN", 1, "workshop", "میز آموزشی کولر گازی", "منصة تدريب أجهزة التكييف", "AC training rig",
     "Split 24000 BTU", "MSN-WSH-0001", "good", True, "ورشة التبريد"),
    ("MSN", 1, "lab", "کیت آزمایش خاک", "عدة فحص التربة", "Soil testing kit", "Hanna HI3896",
     "MSN-LAB-0001", "fair", True, "المختبر"),
    ("MSN", 0, "ict", "رایانه‌های کلاس", "حواسيب القاعة", "Classroom laptops", "×20",
     "MSN-ICT-0001", "out_of_service", True, "قاعة الحاسوب"),
]


def _book(item, side, start, end, course=None, purpose="", cancelled=False):
    held_from, held_until = held_span(item, side.id, start, end)
    booking = Booking(item_id=item.id, user_side_id=side.id, course_id=course.id if course else None,
                      starts_on=start, ends_on=end, held_from=held_from, held_until=held_until, purpose=purpose,
                      cancelled=cancelled)
    db.session.add(booking)
    return booking


def load(today: date, courses: list[Course] | None = None) -> list[EquipmentItem]:
    """Create the demo equipment and return it."""
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    centres = {code: db.session.scalars(select(Centre).where(Centre.side_id == side.id).order_by(Centre.id)).all()
               for code, side in sides.items()}
    items = []
    for code, centre_index, category, fa, ar, en, model, tag, condition, shareable, location in ITEMS:
        side_centres = centres.get(code)
        if code not in sides or not side_centres:
            continue
        item = EquipmentItem(side_id=sides[code].id, centre_id=side_centres[centre_index % len(side_centres)].id,
                             category=category, name_fa=fa, name_ar=ar, name_en=en, model=model, asset_tag=tag,
                             condition=condition, shareable=shareable, location=location)
        db.session.add(item)
        items.append(item)
    db.session.flush()
    if len(items) < len(ITEMS):
        return items
    khz, msn = sides["KHZ"], sides["MSN"]
    (sorter, climate, welder, welder2, pasteuriser, lathe, mobile, aerators, msn_welder, ac_rig, soil,
     laptops) = items
    d = timedelta
    msn_course = next((c for c in courses or [] if c.host_side_id == msn.id and c.start_date > today), None)
    khz_course = next((c for c in courses or [] if c.host_side_id == khz.id and c.status == "running"), None)

    # Bookings: a cross-border one for a joint course, same-side ones, a cancelled one.
    _book(climate, msn, *((msn_course.start_date, msn_course.end_date) if msn_course
                                            else (today + d(20), today + d(55))), course=msn_course,
                            purpose="" if msn_course else "دوره گلخانه / دورة البيوت المحمية")
    if khz_course:
        _book(welder, khz, khz_course.start_date, khz_course.end_date, course=khz_course)
    else:
        _book(welder, khz, today - d(14), today + d(42), purpose="کارگاه جوشکاری")
    _book(sorter, khz, today - d(100), today - d(60), purpose="فصل برداشت خرما / موسم جني التمور")
    _book(sorter, msn, today + d(70), today + d(80), purpose="دورة تصنيع التمور في العمارة")
    _book(aerators, msn, today - d(10), today + d(30), purpose="دورة تربية الأسماك")
    _book(pasteuriser, khz, today + d(40), today + d(68), purpose="فرآوری لبنیات")
    _book(ac_rig, khz, today + d(5), today + d(12), purpose="تعمیر کولر گازی", cancelled=True)
    _book(welder2, msn, today - d(30), today + d(10), purpose="تدريب اللحام في ميسان")
    db.session.flush()

    # Loans at every step; the soil kit is overdue.
    def loan(item, to_side, status, start, due, booking=None):
        t = Transfer(item_id=item.id, to_side_id=to_side.id, status=status, due_back_on=due,
                     booking_id=booking.id if booking else None, dispatched_on=start,
                     dispatched_by="حمید دشتی" if to_side is msn else "علي الحلفي", dispatch_condition="good")
        if status in ("customs_cleared", "received", "returned"):
            t.cleared_on, t.cleared_by = start + d(1), "گمرک شلمچه / منفذ الشلامجة"
        if status in ("received", "returned"):
            t.received_on, t.received_by, t.received_condition = start + d(2), "زينب الموسوي", "good"
        if status == "returned":
            t.returned_on, t.returned_by, t.returned_condition = due - d(1), "حمید دشتی", "good"
        db.session.add(t)
        return t

    loan(welder2, msn, "received", today - d(32), today + d(12))
    loan(mobile, msn, "dispatched", today - d(1), today + d(30))
    loan(ac_rig, khz, "customs_cleared", today - d(3), today + d(25))
    loan(soil, khz, "received", today - d(40), today - d(5))  # overdue
    loan(sorter, msn, "returned", today - d(200), today - d(150))
    # The climate controller leaves for its course later: booked across the border, not yet dispatched.

    # Maintenance.
    for item, day, kind, cost, currency, notes in (
        (sorter, today - d(50), "preventive", Decimal("18500000"), "IRR", "تعویض تسمه‌ها و روغن‌کاری"),
        (lathe, today - d(20), "repair", Decimal("96000000"), "IRR", "خرابی اسپیندل؛ در انتظار قطعه"),
        (msn_welder, today - d(90), "calibration", Decimal("350000"), "IQD", "معايرة المستشعرات"),
        (laptops, today - d(15), "inspection", None, "IQD", "تلف اللوحة الأم في ١٢ جهازاً"),
        (aerators, today - d(120), "preventive", Decimal("600000"), "IQD", "تغيير المحامل"),
    ):
        db.session.add(Maintenance(item_id=item.id, day=day, kind=kind, cost=cost, currency=currency, notes=notes))
    db.session.flush()
    return items
