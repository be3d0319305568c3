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
    from coordinator.courses.trainee_models import Trainee

    trainee = Trainee(name_fa=name_fa, name_ar=name_ar, gender=gender, side_id=side_id, phone=phone, **extra)
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
    from coordinator.courses.trainee_models import Enrolment

    enrolment = Enrolment(course_id=course_id, trainee_id=trainee_id, status=status)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment.id


def make_certificate(enrolment_id: int, number: str | None = None) -> str:
    from coordinator.courses.certificates import new_number
    from coordinator.courses.trainee_models import Certificate

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
