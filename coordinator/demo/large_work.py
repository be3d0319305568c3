"""The large data set's shared work: equipment with bookings and maintenance, agro-industry tracks with
milestones, and managers' meetings with agendas, decisions and action items (see large.py)."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

from ..agro.models import Milestone, Track, TrackLead, milestone_courses, milestone_dependencies
from ..equipment.bookings import held_span, transport_days
from ..equipment.models import CATEGORIES, Booking, EquipmentItem, Maintenance
from ..l10n.digits import localize_digits
from ..l10n.timezones import local_to_utc
from ..meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingAttendee
from .rows import search_key

ITEM_NAMES = {
    "workshop": ("دستگاه جوش اینورتر", "ماكنة لحام عاكسة"), "agro": ("دستگاه بسته‌بندی خرما", "آلة تعبئة التمور"),
    "lab": ("کیت آزمون خاک", "عدة فحص التربة"), "simulator": ("شبیه‌ساز جوشکاری", "محاكي اللحام"),
    "mobile_unit": ("واحد آموزش سیار", "وحدة تدريب متنقلة"), "ict": ("رایانه همراه آموزشی", "حاسوب محمول تدريبي"),
}
TRACK_THEMES = [("فرآوری خرما", "تصنيع التمور"), ("آبزی‌پروری", "تربية الأحياء المائية"),
                ("کشت گلخانه‌ای", "الزراعة المحمية"), ("لبنیات", "الألبان"), ("نیشکر", "قصب السكر")]
AGENDA = [("گزارش دوره‌های مشترک", "تقرير الدورات المشتركة"), ("تبادل مربیان", "تبادل المدربين"),
          ("تجهیزات مشترک", "المعدات المشتركة"), ("برنامه‌های درسی", "المناهج الدراسية")]


def build_equipment(bulk, ref, courses: list[dict]) -> None:
    rng, today = bulk.rng, bulk.today
    pad = transport_days()
    categories = list(CATEGORIES)
    items, bookings, maintenance = [], [], []
    codes = list(ref.sides)
    for item_id in bulk.ids(EquipmentItem.__table__, bulk.size("equipment")):
        code = codes[item_id % 2]
        category = rng.choice(categories)
        fa, ar = ITEM_NAMES.get(category, ITEM_NAMES["workshop"])
        row = {"id": item_id, "side_id": ref.sides[code].id, "centre_id": rng.choice(ref.centres[code]).id,
               "category": category, "name_fa": f"{fa} {localize_digits(str(item_id), 'fa')}",
               "name_ar": f"{ar} {localize_digits(str(item_id), 'ar')}", "name_en": None,
               "model": f"M-{rng.randint(100, 999)}", "asset_tag": f"{code}-L-{item_id:06d}",
               "condition": rng.choice(("new", "good", "good", "good", "fair", "poor")),
               "shareable": rng.random() < 0.8, "location": "انبار مرکز / مخزن المركز"}
        row["search_key"] = search_key(EquipmentItem, row)
        items.append(row)
        # Bookings one after another, never holding the same day twice (the rule the app enforces).
        owner = SimpleNamespace(side_id=row["side_id"])
        cursor = today - timedelta(days=rng.randint(0, 300))
        for _ in range(rng.randint(0, 5)):
            start = cursor + timedelta(days=rng.randint(pad + 1, 40))
            end = start + timedelta(days=rng.randint(1, 20))
            user_code = code if not row["shareable"] or rng.random() < 0.6 else ref.other(code)
            user_side = ref.sides[user_code].id
            held_from, held_until = held_span(owner, user_side, start, end, days=pad)
            bookings.append({"item_id": item_id, "course_id": None, "user_side_id": user_side, "starts_on": start,
                             "ends_on": end, "held_from": held_from, "held_until": held_until,
                             "purpose": "دوره آموزشی / دورة تدريبية", "cancelled": rng.random() < 0.05})
            cursor = held_until
        if rng.random() < 0.3:
            maintenance.append({"item_id": item_id, "day": today - timedelta(days=rng.randint(1, 400)),
                                "kind": rng.choice(("preventive", "repair", "inspection")), "cost": None,
                                "currency": "IRR" if code == "KHZ" else "IQD", "notes": ""})
    bulk.insert(EquipmentItem.__table__, items)
    for booking_id, row in zip(bulk.ids(Booking.__table__, len(bookings)), bookings, strict=True):
        row["id"] = booking_id
    bulk.insert(Booking.__table__, bookings)
    bulk.insert(Maintenance.__table__, maintenance)


def build_tracks(bulk, ref, courses: list[dict]) -> None:
    rng, today = bulk.rng, bulk.today
    tracks, leads, milestones, depends, links = [], [], [], [], []
    linkable = [c["id"] for c in courses if c["status"] not in ("draft", "cancelled")] or [courses[0]["id"]]
    milestone_ids = iter(bulk.ids(Milestone.__table__, bulk.size("tracks") * 8))
    for track_id in bulk.ids(Track.__table__, bulk.size("tracks")):
        fa, ar = TRACK_THEMES[track_id % len(TRACK_THEMES)]
        row = {"id": track_id, "name_fa": f"{fa} {localize_digits(str(track_id), 'fa')}",
               "name_ar": f"{ar} {localize_digits(str(track_id), 'ar')}", "name_en": None,
               "description": "همکاری دو سوی مرز / تعاون بين جانبي الحدود"}
        row["search_key"] = search_key(Track, row)
        tracks.append(row)
        for code, liaison in ref.liaisons.items():
            leads.append({"track_id": track_id, "side_id": ref.sides[code].id, "user_id": liaison.id, "name": ""})
        day = today - timedelta(days=rng.randint(30, 400))
        previous = None
        for n in range(rng.randint(4, 8)):
            milestone_id = next(milestone_ids)
            code = rng.choice(list(ref.sides))
            start, due = day, day + timedelta(days=rng.randint(15, 60))
            status = ("done" if rng.random() < 0.85 else "in_progress") if due < today else (
                "planned" if start > today else rng.choice(("in_progress", "in_progress", "blocked")))
            milestone = {"id": milestone_id, "track_id": track_id, "side_id": ref.sides[code].id,
                         "starts_on": start, "due_on": due, "done_on": due if status == "done" else None,
                         "status": status, "blocked_reason": "انتظار ترخیص / بانتظار التخليص" if status == "blocked"
                         else "", "progress": {"done": 100, "planned": 0}.get(status, rng.randint(10, 90)),
                         "evidence_notes": "", "name_fa": f"{fa}: مرحله {localize_digits(str(n + 1), 'fa')}",
                         "name_ar": f"{ar}: المرحلة {localize_digits(str(n + 1), 'ar')}", "name_en": None}
            milestone["search_key"] = search_key(Milestone, milestone)
            milestones.append(milestone)
            if previous is not None:
                depends.append({"milestone_id": milestone_id, "depends_on_id": previous})
            if rng.random() < 0.3:
                links.append({"milestone_id": milestone_id, "course_id": rng.choice(linkable)})
            previous, day = milestone_id, due + timedelta(days=1)
    bulk.insert(Track.__table__, tracks)
    bulk.insert(TrackLead.__table__, leads)
    bulk.insert(Milestone.__table__, milestones)
    bulk.insert(milestone_dependencies, depends)
    bulk.insert(milestone_courses, links)
    bulk.milestones = [m["id"] for m in milestones]


def build_meetings(bulk, ref, courses: list[dict]) -> None:
    """Meetings every few days over the last years (the latest ones still to come), each with attendees, an
    agenda, decisions and action items; the past ones are closed."""
    rng, today = bulk.rng, bulk.today
    n = bulk.size("meetings")
    meetings, attendees, agenda, decisions, actions = [], [], [], [], []
    codes = list(ref.sides)
    agenda_ids = iter(bulk.ids(AgendaItem.__table__, n * len(AGENDA)))
    course_ids = [c["id"] for c in courses]
    for k, meeting_id in enumerate(bulk.ids(Meeting.__table__, n)):
        code = codes[k % 2]
        side = ref.sides[code]
        day = today - timedelta(days=4 * (n - k) - 40)
        starts = local_to_utc(day, time(10), side.timezone)
        past = day < today
        number = localize_digits(str(k + 1), "fa"), localize_digits(str(k + 1), "ar")
        row = {"id": meeting_id, "host_side_id": side.id, "starts_at": starts, "ends_at": starts + timedelta(hours=3),
               "venue": "سالن جلسات مرکز / قاعة اجتماعات المركز", "online_url": "",
               "status": "closed" if past else ("open" if day < today + timedelta(days=14) else "draft"),
               "closed_at": starts + timedelta(hours=4) if past else None, "created_by_id": ref.liaisons[code].id,
               "name_fa": f"نشست مشترک شماره {number[0]}", "name_ar": f"الاجتماع المشترك رقم {number[1]}",
               "name_en": None}
        row["search_key"] = search_key(Meeting, row)
        meetings.append(row)
        for user_id, user_side in ref.staff:
            attendees.append({"meeting_id": meeting_id, "user_id": user_id, "side_id": user_side, "guest_name": "",
                              "organisation": "", "job_title": "", "present": rng.random() < 0.9 or not past})
        attendees.append({"meeting_id": meeting_id, "user_id": None, "side_id": side.id,
                          "guest_name": "نماینده استانداری / ممثل المحافظة", "organisation": "", "job_title": "",
                          "present": True})
        for position, (fa, ar) in enumerate(AGENDA, start=1):
            agenda_id = next(agenda_ids)
            agenda.append({"id": agenda_id, "meeting_id": meeting_id, "position": position, "kind": "regular",
                           "minutes_fa": "گزارش ارائه شد." if past else "",
                           "minutes_ar": "قُدّم التقرير." if past else "",
                           "name_fa": fa, "name_ar": ar, "name_en": None})
            if past:
                decisions.append({"agenda_item_id": agenda_id, "text_fa": "تصویب شد.", "text_ar": "تمت الموافقة."})
            if position <= 2:
                owner_id, owner_side = rng.choice(ref.staff)
                due = day + timedelta(days=rng.randint(10, 60))
                status = (rng.choices(("done", "cancelled", "open", "in_progress"), (70, 5, 15, 10))[0]
                          if due < today else rng.choice(("open", "in_progress")))
                action = {"agenda_item_id": agenda_id, "meeting_id": meeting_id, "owner_id": owner_id,
                          "side_id": owner_side, "due_on": due, "status": status,
                          "closed_on": min(due, today) if status in ("done", "cancelled") else None, "notes": "",
                          "course_id": None, "assignment_id": None, "curriculum_id": None, "booking_id": None,
                          "milestone_id": None,
                          "name_fa": f"پیگیری {fa}", "name_ar": f"متابعة {ar}", "name_en": None}
                # Some point at the record they follow up: a course, a trainer's trip, a milestone.
                link = rng.random()
                if link < 0.3:
                    action["course_id"] = rng.choice(course_ids)
                elif link < 0.4 and bulk.assignments:
                    action["assignment_id"] = rng.choice(bulk.assignments)["id"]
                elif link < 0.5 and bulk.milestones:
                    action["milestone_id"] = rng.choice(bulk.milestones)
                action["search_key"] = search_key(ActionItem, action)
                actions.append(action)
    bulk.insert(Meeting.__table__, meetings)
    bulk.insert(MeetingAttendee.__table__, attendees)
    bulk.insert(AgendaItem.__table__, agenda)
    bulk.insert(Decision.__table__, decisions)
    bulk.insert(ActionItem.__table__, actions)
