"""Record factories for tests: ids of committed records, so tests can use them across app contexts."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from sqlalchemy import select

from coordinator.auth import services as auth_services
from coordinator.catalog.models import Centre, Side, SkillStandard
from coordinator.catalog.seed import ensure_reference_data
from coordinator.extensions import db

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def seed_reference() -> dict[str, SimpleNamespace]:
    ensure_reference_data()
    db.session.commit()
    return {
        s.code: SimpleNamespace(id=s.id, code=s.code, timezone=s.timezone)
        for s in db.session.scalars(select(Side))
    }


ROLE_USERS = {
    "admin": ("admin", None),
    "liaison_khz": ("liaison", "KHZ"),
    "liaison_msn": ("liaison", "MSN"),
    "trainer_khz": ("trainer", "KHZ"),
    "trainer_msn": ("trainer", "MSN"),
    "manager_khz": ("manager", "KHZ"),
    "manager_msn": ("manager", "MSN"),
}


def make_user(role: str = "liaison", side_id: int | None = None, username: str | None = None,
              locale: str | None = None, full_name: str | None = None):
    username = username or f"user{next(_counter)}"
    user = auth_services.create_user(
        username=username, full_name=full_name or f"کاربر {username}", role=role, password=PASSWORD,
        side_id=side_id, locale=locale,
    )
    db.session.commit()
    return SimpleNamespace(id=user.id, username=user.username, role=role, side_id=side_id)


def role_users(sides) -> dict[str, SimpleNamespace]:
    return {
        key: make_user(role, sides[code].id if code else None, username=key.replace("_", "."))
        for key, (role, code) in ROLE_USERS.items()
    }


def make_centre(side_id: int, name_fa: str = "مرکز آموزش فنی و حرفه‌ای اهواز",
                name_ar: str = "مركز التدريب المهني في الأهواز", kind: str = "government", **extra) -> int:
    centre = Centre(side_id=side_id, kind=kind, name_fa=name_fa, name_ar=name_ar, city_fa="اهواز",
                    city_ar="الأهواز", **extra)
    db.session.add(centre)
    db.session.commit()
    return centre.id


def make_standard(code: str = "7212-01", theory: int = 60, practice: int = 140) -> int:
    standard = SkillStandard(code=code, name_fa="جوشکاری", name_ar="اللحام", theory_hours=theory,
                             practice_hours=practice)
    db.session.add(standard)
    db.session.commit()
    return standard.id


def make_course(host_centre_id: int, standard_id: int, *, status: str = "draft", capacity: int = 10,
                start=None, end=None, created_by_id: int | None = None, name_fa: str = "دوره مشترک جوشکاری",
                name_ar: str = "دورة اللحام المشتركة", **extra) -> int:
    """A course straight in the database (no workflow checks): tests put it in the state they need."""
    from datetime import date

    from coordinator.catalog.models import Centre
    from coordinator.courses.models import Course

    centre = db.session.get(Centre, host_centre_id)
    start = start or date(2026, 12, 5)
    course = Course(
        code=f"JC-T-{next(_counter):04d}", name_fa=name_fa, name_ar=name_ar, skill_standard_id=standard_id,
        host_centre_id=host_centre_id, host_side_id=centre.side_id, start_date=start,
        end_date=end or date(start.year + (start.month == 12), start.month % 12 + 1, 1), theory_hours=40,
        practice_hours=100, capacity=capacity, status=status, created_by_id=created_by_id, **extra,
    )
    db.session.add(course)
    db.session.commit()
    return course.id


def make_trainee(side_id: int, name_fa: str = "فاطمه کعبی", name_ar: str = "", gender: str = "f",
                 phone: str = "09161234567", **extra) -> int:
    from coordinator.catalog.models import TargetGroup
    from coordinator.trainees.models import Trainee

    # target_group_id (one group) or target_group_ids (several): the trainee's target groups.
    group_ids = extra.pop("target_group_ids", None) or [g for g in [extra.pop("target_group_id", None)] if g]
    trainee = Trainee(name_fa=name_fa, name_ar=name_ar, gender=gender, side_id=side_id, phone=phone, **extra)
    trainee.target_groups = [db.session.get(TargetGroup, g) for g in group_ids]
    db.session.add(trainee)
    db.session.commit()
    return trainee.id


def make_session(course_id: int, day=None, start=None, end=None) -> int:
    """A timetable session on the course's first day, 08:00–12:00 in the host's clock."""
    from datetime import time

    from coordinator.courses.models import Course, CourseSession
    from coordinator.l10n.timezones import local_to_utc

    course = db.session.get(Course, course_id)
    day = day or course.start_date
    start, end = start or time(8), end or time(12)
    tz = course.host_side.timezone
    session = CourseSession(day=day, start_time=start, end_time=end, starts_at=local_to_utc(day, start, tz),
                            ends_at=local_to_utc(day, end, tz))
    course.sessions.append(session)
    db.session.commit()
    return session.id


def make_enrolment(course_id: int, trainee_id: int, status: str = "enrolled") -> int:
    from coordinator.courses.models import Enrolment

    enrolment = Enrolment(course_id=course_id, trainee_id=trainee_id, status=status)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment.id


def make_certificate(enrolment_id: int, number: str | None = None) -> str:
    from coordinator.certificates.models import Certificate
    from coordinator.certificates.services import new_number

    number = number or new_number(2026)
    db.session.add(Certificate(number=number, enrolment_id=enrolment_id))
    db.session.commit()
    return number


def make_trainer(side_id: int, user_id: int | None = None, name_fa: str = "حمید دشتی", **extra) -> int:
    from datetime import date

    from coordinator.exchanges.models import Trainer, TravelDocument, Unavailability

    trainer = Trainer(side_id=side_id, user_id=user_id, name_fa=name_fa, name_ar="", level_fa="native", **extra)
    trainer.documents.append(TravelDocument(kind="passport", country_code="IR", expires_on=date(2030, 1, 1)))
    trainer.unavailability.append(Unavailability(starts_on=date(2027, 3, 20), ends_on=date(2027, 3, 25)))
    db.session.add(trainer)
    db.session.commit()
    return trainer.id


def make_assignment(trainer_id: int, course_id: int, status: str = "proposed") -> int:
    """An assignment straight in the database, travelling the day before the course and back the day after."""
    from datetime import UTC, datetime, time, timedelta

    from coordinator.courses.models import Course
    from coordinator.exchanges.models import Assignment

    course = db.session.get(Course, course_id)
    out = datetime.combine(course.start_date - timedelta(days=1), time(6), tzinfo=UTC)
    back = datetime.combine(course.end_date + timedelta(days=1), time(18), tzinfo=UTC)
    assignment = Assignment(trainer_id=trainer_id, course_id=course_id, travel_out_at=out, travel_back_at=back,
                            status=status)
    db.session.add(assignment)
    db.session.commit()
    return assignment.id


def make_curriculum(side_id: int, standard_id: int, translator_id: int | None = None) -> SimpleNamespace:
    """A curriculum with one Persian version holding one small PDF, and a translation task into Arabic."""
    import hashlib
    import secrets
    from datetime import date
    from pathlib import Path

    from flask import current_app

    from coordinator.curricula.models import Curriculum, CurriculumDocument, CurriculumVersion, TranslationTask

    content = b"%PDF-1.4\n%test\n"
    stored = f"{secrets.token_hex(16)}.pdf"
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(content)
    curriculum = Curriculum(side_id=side_id, skill_standard_id=standard_id, name_fa="استاندارد فرآوری خرما",
                            name_ar="منهج تصنيع التمور")
    version = CurriculumVersion(number=1, language="fa")
    version.documents.append(CurriculumDocument(
        original_name="برنامه درسی.pdf", stored_name=stored, content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest()))
    curriculum.versions.append(version)
    db.session.add(curriculum)
    db.session.flush()
    task = TranslationTask(source_version_id=version.id, target_language="ar", translator_id=translator_id,
                           due_on=date(2027, 1, 31))
    db.session.add(task)
    db.session.commit()
    return SimpleNamespace(id=curriculum.id, version=version.id, document=version.documents[0].id, task=task.id)


def make_area_records(side_id: int, centre_id: int, standard_id: int, trainee_id: int) -> SimpleNamespace:
    """One record of each kind in equipment, agro-industry and competitions, owned by `side_id`."""
    from datetime import date

    from coordinator.agro.models import Milestone, Track
    from coordinator.competitions.models import Competition, Participant
    from coordinator.equipment.models import Booking, EquipmentItem, Transfer

    item = EquipmentItem(side_id=side_id, centre_id=centre_id, category="agro", name_fa="دستگاه درجه‌بندی خرما",
                         name_ar="جهاز فرز التمور", asset_tag=f"EQ-{next(_counter):05d}")
    db.session.add(item)
    db.session.flush()
    booking = Booking(item_id=item.id, user_side_id=side_id, starts_on=date(2027, 1, 10), ends_on=date(2027, 1, 20),
                      held_from=date(2027, 1, 10), held_until=date(2027, 1, 20), purpose="کارگاه")
    transfer = Transfer(item_id=item.id, to_side_id=side_id, status="dispatched", due_back_on=date(2027, 2, 1),
                        dispatched_on=date(2027, 1, 5), dispatched_by="x")
    track = Track(name_fa="فرآوری خرما", name_ar="تصنيع التمور")
    milestone = Milestone(track=track, side_id=side_id, name_fa="کارگاه", name_ar="ورشة", due_on=date(2027, 3, 1))
    competition = Competition(level="provincial", skill_standard_id=standard_id, organiser_side_id=side_id,
                              starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2), name_fa="مسابقه جوشکاری",
                              name_ar="مسابقة اللحام")
    competition.participants.append(Participant(trainee_id=trainee_id))
    db.session.add_all([booking, transfer, track, milestone, competition])
    db.session.commit()
    return SimpleNamespace(item=item.id, booking=booking.id, transfer=transfer.id, track=track.id,
                           milestone=milestone.id, competition=competition.id,
                           participant=competition.participants[0].id)


# Progress figures: records dated in the past, and status changes dated through their audit entries ------


def backdate_audit(model, record_id: int, at) -> None:
    """Date the newest audit entry of a record: the moment its last change "happened"."""
    from sqlalchemy import update

    from coordinator.audit import AuditEntry

    newest = db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.entity == model.__tablename__, AuditEntry.entity_id == str(record_id))
        .order_by(AuditEntry.id.desc()).limit(1))
    # The app refuses ORM changes to the trail; a test rewriting history goes below it, on the table.
    db.session.connection().execute(update(AuditEntry.__table__).where(AuditEntry.__table__.c.id == newest)
                                    .values(at=at))
    db.session.commit()


def set_status_at(model, record_id: int, status: str, at) -> None:
    """Change a record's status (audited, as the workflow would) and date the change `at` (UTC)."""
    record = db.session.get(model, record_id)
    record.status = status
    db.session.commit()
    backdate_audit(model, record_id, at)


def make_dated_item(side_id: int, centre_id: int, name_fa: str = "دستگاه بسته‌بندی خرما") -> int:
    from coordinator.equipment.models import EquipmentItem

    item = EquipmentItem(side_id=side_id, centre_id=centre_id, category="agro", name_fa=name_fa,
                         name_ar="جهاز تعبئة التمور", asset_tag=f"EQ-P-{next(_counter):05d}")
    db.session.add(item)
    db.session.commit()
    return item.id


def make_dated_booking(item_id: int, user_side_id: int, created_at, cancelled: bool = False) -> int:
    from datetime import date

    from coordinator.equipment.models import Booking

    booking = Booking(item_id=item_id, user_side_id=user_side_id, starts_on=date(2027, 2, 1),
                      ends_on=date(2027, 2, 5), held_from=date(2027, 2, 1), held_until=date(2027, 2, 5),
                      purpose="کارگاه", cancelled=cancelled, created_at=created_at)
    db.session.add(booking)
    db.session.commit()
    return booking.id


def make_dated_transfer(item_id: int, to_side_id: int, dispatched_on, due_back_on, returned_on=None) -> int:
    from coordinator.equipment.models import Transfer

    transfer = Transfer(item_id=item_id, to_side_id=to_side_id, due_back_on=due_back_on,
                        dispatched_on=dispatched_on, dispatched_by="انباردار",
                        status="returned" if returned_on else "received", returned_on=returned_on)
    db.session.add(transfer)
    db.session.commit()
    return transfer.id


def make_dated_milestone(side_id: int, due_on, done_on=None, track_id: int | None = None) -> int:
    from coordinator.agro.models import Milestone, Track

    if track_id is None:
        track = Track(name_fa="فرآوری خرما", name_ar="تصنيع التمور")
        db.session.add(track)
        db.session.flush()
        track_id = track.id
    milestone = Milestone(track_id=track_id, side_id=side_id, name_fa=f"گام {next(_counter)}", name_ar="مرحلة",
                          due_on=due_on, done_on=done_on, status="done" if done_on else "in_progress")
    db.session.add(milestone)
    db.session.commit()
    return milestone.id


def make_dated_meeting(host_side_id: int, starts_at, status: str = "closed") -> SimpleNamespace:
    """A meeting with one agenda item (for action items to hang on)."""
    from datetime import timedelta

    from coordinator.meetings.models import AgendaItem, Meeting

    meeting = Meeting(host_side_id=host_side_id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                      status=status, name_fa="جلسه هماهنگی", name_ar="اجتماع التنسيق")
    meeting.agenda.append(AgendaItem(position=1, name_fa="پیگیری", name_ar="المتابعة"))
    db.session.add(meeting)
    db.session.commit()
    return SimpleNamespace(id=meeting.id, agenda_item=meeting.agenda[0].id)


def make_dated_action(meeting, owner_id: int, side_id: int, created_at, due_on, closed_on=None,
                      status: str | None = None) -> int:
    from coordinator.meetings.models import ActionItem

    item = ActionItem(meeting_id=meeting.id, agenda_item_id=meeting.agenda_item, owner_id=owner_id,
                      side_id=side_id, due_on=due_on, closed_on=closed_on,
                      status=status or ("done" if closed_on else "open"), created_at=created_at,
                      name_fa=f"اقدام {next(_counter)}", name_ar="إجراء")
    db.session.add(item)
    db.session.commit()
    return item.id


def make_share(curriculum_id: int, side_id: int, step: str, at) -> int:
    from coordinator.curricula.models import CurriculumShare

    share = CurriculumShare(curriculum_id=curriculum_id, side_id=side_id, step=step, at=at)
    db.session.add(share)
    db.session.commit()
    return share.id


def make_results(organiser_side_id: int, standard_id: int, ends_on, medals: dict[int, str | None]) -> int:
    """A competition that ended on `ends_on` with {trainee id: medal or None}."""
    from datetime import timedelta

    from coordinator.competitions.models import Competition, Participant

    competition = Competition(level="provincial", skill_standard_id=standard_id, organiser_side_id=organiser_side_id,
                              starts_on=ends_on - timedelta(days=1), ends_on=ends_on, name_fa="مسابقه",
                              name_ar="مسابقة")
    for trainee_id, medal in medals.items():
        competition.participants.append(Participant(trainee_id=trainee_id, medal=medal))
    db.session.add(competition)
    db.session.commit()
    return competition.id


def make_meeting(side_id: int, *, status: str = "draft", starts_at=None, hours: int = 2,
                 name_fa: str = "جلسه مدیران خوزستان و میسان", name_ar: str = "اجتماع مديري خوزستان وميسان",
                 venue: str = "اهواز") -> int:
    from datetime import UTC, datetime, timedelta

    from coordinator.meetings.models import Meeting

    starts_at = starts_at or datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    meeting = Meeting(host_side_id=side_id, status=status, starts_at=starts_at,
                      ends_at=starts_at + timedelta(hours=hours), venue=venue, name_fa=name_fa, name_ar=name_ar)
    db.session.add(meeting)
    db.session.commit()
    return meeting.id


def make_action_item(meeting_id: int, owner_id: int, side_id: int, *, due_on=None, status: str = "open",
                     name_fa: str = "ارسال فهرست کارآموزان", name_ar: str = "إرسال قائمة المتدربين") -> int:
    """An action item on the meeting's first agenda item (made when there is none)."""
    from datetime import date

    from coordinator.meetings.models import ActionItem, AgendaItem, Meeting

    meeting = db.session.get(Meeting, meeting_id)
    item = meeting.agenda[0] if meeting.agenda else None
    if item is None:
        item = AgendaItem(meeting=meeting, position=1, name_fa="گزارش دوره‌ها", name_ar="تقرير الدورات")
        db.session.add(item)
    action = ActionItem(meeting_id=meeting_id, owner_id=owner_id, side_id=side_id, status=status,
                        due_on=due_on or date(2026, 12, 20), name_fa=name_fa, name_ar=name_ar,
                        closed_on=date(2026, 12, 10) if status in ("done", "cancelled") else None)
    item.action_items.append(action)
    db.session.commit()
    return action.id


def make_meeting_records(side_id: int, owner_id: int, attendee_user_id: int) -> SimpleNamespace:
    """A draft meeting hosted by `side_id` with an attendee, an agenda item, a decision and an action item."""
    from coordinator.meetings.models import Decision, Meeting, MeetingAttendee

    meeting_id = make_meeting(side_id)
    action_id = make_action_item(meeting_id, owner_id, side_id)
    meeting = db.session.get(Meeting, meeting_id)
    item = meeting.agenda[0]
    decision = Decision(text_fa="تصویب برنامه", text_ar="إقرار الخطة")
    item.decisions.append(decision)
    attendee = MeetingAttendee(meeting=meeting, user_id=attendee_user_id)
    db.session.add(attendee)
    db.session.commit()
    return SimpleNamespace(meeting=meeting_id, attendee=attendee.id, agenda_item=item.id, decision=decision.id,
                           action_item=action_id)


def make_plan_target(side_id: int, year: int = 2026, figure: str = "trainees.enrolled", target=120) -> int:
    """A yearly target straight in the database; the year is read in the side's calendar."""
    from decimal import Decimal

    from coordinator.catalog.models import Side
    from coordinator.plan.models import PlanTarget
    from coordinator.plan.years import year_span

    first, last = year_span(db.session.get(Side, side_id).calendar, year)
    record = PlanTarget(side_id=side_id, year=year, figure=figure, target=Decimal(target), starts_on=first,
                        ends_on=last)
    db.session.add(record)
    db.session.commit()
    return record.id


def sign_minutes(meeting_id: int, at=None) -> None:
    """Both heads of delegation's signatures on the minutes, straight in the database (closing needs them)."""
    from datetime import UTC, datetime

    from coordinator.catalog.models import Side
    from coordinator.meetings.models import Meeting, MeetingSignature

    meeting = db.session.get(Meeting, meeting_id)
    for side in db.session.scalars(select(Side).where(Side.active.is_(True))):
        meeting.signatures.append(MeetingSignature(side_id=side.id, signer_name=f"رئیس هیئت {side.name_fa}",
                                                   signed_at=at or datetime(2026, 12, 1, 9, 0, tzinfo=UTC)))
    db.session.commit()


def make_budget_line(course_id: int, payer_side_id: int, planned="1000000.00", currency: str = "IRR") -> int:
    from datetime import date
    from decimal import Decimal

    from coordinator.plan.models import BudgetLine

    line = BudgetLine(course_id=course_id, item="tuition", payer_side_id=payer_side_id, currency=currency,
                      rate=Decimal("420000"), rate_on=date(2026, 11, 1), planned=Decimal(planned))
    db.session.add(line)
    db.session.commit()
    return line.id


def make_meeting_attachment(meeting_id: int, name: str = "گزارش پیشرفت.pdf") -> int:
    """A small PDF attached to a meeting, with its file on disk."""
    import hashlib

    from coordinator.curricula import uploads
    from coordinator.meetings.models import MeetingAttachment

    content = b"%PDF-1.4\n%test\n"
    attachment = MeetingAttachment(meeting_id=meeting_id, original_name=name,
                                   stored_name=uploads.store(content, ".pdf"), content_type="application/pdf",
                                   size=len(content), sha256=hashlib.sha256(content).hexdigest())
    db.session.add(attachment)
    db.session.commit()
    return attachment.id


def make_signatory(side_id: int) -> int:
    """A side's certificate signatory with a small signature image on disk."""
    import io

    from PIL import Image

    from coordinator.certificates.models import Signatory, SignatoryImage
    from coordinator.curricula import uploads

    out = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 20, 90)).save(out, "PNG")
    data = out.getvalue()
    signatory = Signatory(side_id=side_id, name_fa="امضاکننده", name_ar="الموقّع", post_fa="مدیر", post_ar="مدير")
    signatory.images.append(SignatoryImage(kind="signature", original_name="s.png", content_type="image/png",
                                           stored_name=uploads.store(data, ".png"), size=len(data), sha256=""))
    db.session.add(signatory)
    db.session.commit()
    return signatory.id


def make_group_trip(course_id: int, side_id: int, trainee_names=("فاطمه کعبی",), status: str = "planned"):
    """A group trip of `side_id`'s trainees (enrolled now) to the course, leaving the day before it starts at 08:00
    UTC and back the day after it ends; returns (trip id, first traveller id)."""
    from datetime import UTC, datetime, timedelta

    from coordinator.courses.models import Course
    from coordinator.exchanges.group_models import GroupTraveller, GroupTrip

    course = db.session.get(Course, course_id)
    trip = GroupTrip(course_id=course_id, side_id=side_id, status=status,
                     travel_out_at=datetime.combine(course.start_date - timedelta(days=1), datetime.min.time(),
                                                    UTC) + timedelta(hours=8),
                     travel_back_at=datetime.combine(course.end_date + timedelta(days=1), datetime.min.time(),
                                                     UTC) + timedelta(hours=8))
    db.session.add(trip)
    for n, name in enumerate(trainee_names):
        trainee_id = make_trainee(side_id, name_fa=name, phone=f"0916{n:07d}")
        make_enrolment(course_id, trainee_id)
        trip.travellers.append(GroupTraveller(trainee_id=trainee_id, nationality="IR"))
    db.session.commit()
    return trip.id, trip.travellers[0].id if trip.travellers else None


def make_visit(host_side_id: int, guest_side_id: int, *, status: str = "proposed", starts_on=None, ends_on=None,
               delegate_trainer_id: int | None = None, lesson: bool = False, owner_id: int | None = None,
               name_fa: str = "بازدید علمی از مراکز آموزشی", name_ar: str = "زيارة علمية إلى مراكز التدريب"
               ) -> SimpleNamespace:
    """A study visit straight in the database with one programme day and one place; with a delegate's traveller,
    and with `lesson` a topic (and a follow-up owned by `owner_id` when given)."""
    from datetime import date

    from coordinator.meetings.models import ActionItem
    from coordinator.visits.models import Visit, VisitDay, VisitDelegate, VisitLesson, VisitPlace

    starts_on = starts_on or date(2027, 4, 10)
    ends_on = ends_on or date(2027, 4, 12)
    visit = Visit(host_side_id=host_side_id, guest_side_id=guest_side_id, proposed_by_side_id=guest_side_id,
                  name_fa=name_fa, name_ar=name_ar, purpose_fa="آشنایی با کارگاه‌ها", purpose_ar="التعرف على الورش",
                  starts_on=starts_on, ends_on=ends_on, status=status)
    visit.days.append(VisitDay(day=starts_on, text_fa="بازدید از کارگاه جوشکاری", text_ar="زيارة ورشة اللحام"))
    visit.places.append(VisitPlace(kind="agro_site", name_fa="کارخانه خرما", name_ar="معمل التمور"))
    if delegate_trainer_id is not None:
        visit.delegates.append(VisitDelegate(trainer_id=delegate_trainer_id, post_fa="مدیر مرکز",
                                             post_ar="مدير المركز", heads=True))
    db.session.add(visit)
    db.session.flush()
    ids = SimpleNamespace(visit=visit.id, day=visit.days[0].id, place=visit.places[0].id,
                          delegate=visit.delegates[0].id if visit.delegates else None, lesson=None, action=None)
    if lesson:
        topic = VisitLesson(topic_fa="ارزشیابی مهارت", topic_ar="تقييم المهارة", observations="آزمون عملی",
                            practices="بانک سؤال")
        visit.lessons.append(topic)
        db.session.flush()
        ids.lesson = topic.id
        if owner_id is not None:
            action = ActionItem(visit_id=visit.id, visit_lesson_id=topic.id, owner_id=owner_id, side_id=guest_side_id,
                                due_on=date(2027, 6, 1), name_fa="تهیه بانک سؤال", name_ar="إعداد بنك الأسئلة")
            db.session.add(action)
            db.session.flush()
            ids.action = action.id
    db.session.commit()
    return ids


def make_visit_attachment(visit_id: int, name: str = "عکس بازدید.png") -> int:
    """A tiny PNG attached to a visit, with its file on disk."""
    import hashlib

    from coordinator.curricula import uploads
    from coordinator.visits.models import VisitAttachment

    content = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    attachment = VisitAttachment(visit_id=visit_id, original_name=name, stored_name=uploads.store(content, ".png"),
                                 content_type="image/png", size=len(content),
                                 sha256=hashlib.sha256(content).hexdigest())
    db.session.add(attachment)
    db.session.commit()
    return attachment.id
