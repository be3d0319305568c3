"""Demo managers' meetings: one closed with decisions and action items (some done, some open, one overdue),
one in progress that follows up what is still open, one draft planned online; dated around today."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from ..agro.models import Milestone
from ..auth.models import User
from ..catalog.models import Side
from ..courses.models import Course
from ..extensions import db
from ..l10n.timezones import local_to_utc
from ..meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    MeetingSignature,
)
from ..meetings.services import carry_over


def _meeting(side: Side, day: date, start: time, hours: int, status: str, **names) -> Meeting:
    starts = local_to_utc(day, start, side.timezone)
    return Meeting(host_side_id=side.id, starts_at=starts, ends_at=starts + timedelta(hours=hours), status=status,
                   **names)


def _attend(meeting: Meeting, people: dict, *usernames: str) -> None:
    for username in usernames:
        user = people[username]
        meeting.attendees.append(MeetingAttendee(user=user, side_id=user.side_id, present=True))


def _action(item: AgendaItem, meeting: Meeting, owner: User, due_on: date, status: str, fa: str, ar: str,
            closed_on: date | None = None, **link) -> ActionItem:
    action = ActionItem(meeting=meeting, owner_id=owner.id, side_id=owner.side_id, due_on=due_on, status=status,
                        closed_on=closed_on, name_fa=fa, name_ar=ar, **link)
    item.action_items.append(action)
    return action


def load(today: date, courses: list[Course] | None = None) -> list[Meeting]:
    sides = {s.code: s for s in db.session.scalars(select(Side))}
    people = {u.username: u for u in db.session.scalars(select(User))}
    courses = courses or list(db.session.scalars(select(Course).order_by(Course.start_date).limit(2)))
    milestone = db.session.scalar(select(Milestone).where(Milestone.status != "done").order_by(Milestone.due_on))
    khz, msn = sides["KHZ"], sides["MSN"]

    first = _meeting(khz, today - timedelta(days=45), time(9, 0), 3, "closed",
                     name_fa="جلسه فصلی مدیران خوزستان و میسان", name_ar="الاجتماع الفصلي لمديري خوزستان وميسان",
                     name_en="Quarterly managers' meeting", venue="اهواز، اداره کل آموزش فنی و حرفه‌ای خوزستان")
    first.closed_at = first.ends_at
    quarterly = MeetingSeries(name_fa="جلسات فصلی مدیران", name_ar="الاجتماعات الفصلية للمديرين",
                              name_en="Quarterly managers' meetings")
    first.series = quarterly
    _attend(first, people, "manager.khz", "manager.msn", "liaison.khz", "liaison.msn")
    for attendee in first.attendees[:2]:  # the two managers head their delegations and signed the minutes
        attendee.heads_delegation = True
        first.signatures.append(MeetingSignature(side_id=attendee.side_id, user_id=attendee.user.id,
                                                 signer_name=attendee.user.full_name,
                                                 signed_at=first.ends_at - timedelta(minutes=15)))
    first.attendees.append(MeetingAttendee(guest_name="سلمان العبادي", organisation="دائرة العمل والتدريب المهني",
                                           job_title="مستشار", side_id=msn.id, present=True))
    courses_item = AgendaItem(position=1, name_fa="برنامه دوره‌های مشترک", name_ar="خطة الدورات المشتركة",
                              minutes_fa="گزارش دوره‌های در جریان ارائه شد و برنامه فصل آینده بررسی شد.",
                              minutes_ar="عُرض تقرير الدورات الجارية ونوقشت خطة الفصل القادم.")
    courses_item.decisions.append(Decision(text_fa="دو دوره مشترک جدید در فصل آینده برگزار شود.",
                                           text_ar="تُعقد دورتان مشتركتان جديدتان في الفصل القادم.", number=1))
    equipment_item = AgendaItem(position=2, name_fa="تجهیزات و ترخیص گمرکی", name_ar="المعدات والتخليص الجمركي",
                                minutes_fa="مشکل ترخیص تجهیزات آبیاری در مرز مطرح شد.",
                                minutes_ar="طُرحت مشكلة تخليص معدات الري على الحدود.")
    equipment_item.decisions.append(Decision(text_fa="پیگیری ترخیص از طریق استانداری",
                                             text_ar="متابعة التخليص عن طريق المحافظة", number=2))
    first.agenda.extend([courses_item, equipment_item])
    course_link = {"course_id": courses[0].id} if courses else {}
    _action(courses_item, first, people["liaison.khz"], today - timedelta(days=30), "done",
            "ارسال فهرست کارآموزان دوره مشترک", "إرسال قائمة متدربي الدورة المشتركة",
            closed_on=today - timedelta(days=33), **course_link)
    _action(courses_item, first, people["liaison.msn"], today - timedelta(days=10), "open",
            "معرفی مربیان عراقی برای دوره آینده", "تسمية المدربين العراقيين للدورة القادمة")  # overdue
    _action(equipment_item, first, people["manager.msn"], today + timedelta(days=20), "in_progress",
            "پیگیری ترخیص تجهیزات آبیاری", "متابعة تخليص معدات الري",
            **({"milestone_id": milestone.id} if milestone else {}))
    _action(equipment_item, first, people["liaison.khz"], today - timedelta(days=20), "cancelled",
            "اجاره کامیون حمل تجهیزات", "استئجار شاحنة لنقل المعدات", closed_on=today - timedelta(days=25))

    second = _meeting(msn, today, time(10, 0), 2, "in_progress",
                      name_fa="جلسه پیگیری مدیران", name_ar="اجتماع المتابعة للمديرين",
                      name_en="Managers' follow-up meeting", venue="العمارة، مركز التدريب المهني",
                      online_url="https://meet.example.org/khz-msn")
    _attend(second, people, "manager.khz", "manager.msn", "liaison.msn")
    plan = AgendaItem(position=1, name_fa="مسابقه مهارت مشترک", name_ar="مسابقة المهارات المشتركة")
    second.agenda.append(plan)
    _action(plan, second, people["liaison.msn"], today + timedelta(days=40), "open",
            "تعیین داوران مسابقه", "تعيين حكّام المسابقة")

    third = _meeting(khz, today + timedelta(days=60), time(9, 30), 2, "draft",
                     name_fa="جلسه برنامه‌ریزی سال آینده", name_ar="اجتماع تخطيط العام القادم",
                     name_en="Next year's planning meeting", online_url="https://meet.example.org/planning")
    third.series = quarterly
    db.session.add_all([first, second, third])
    db.session.flush()
    carry_over(second)  # the in-progress meeting follows up what the closed one left open
    return [first, second, third]
