"""Every conflict rule of an assignment, with its boundaries: instants across time zones, whole days in
the home side's clock, the document expiry margin."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from coordinator.catalog.models import Holiday
from coordinator.courses.models import Course
from coordinator.exchanges import conflicts
from coordinator.exchanges.models import Assignment, Trainer, TravelDocument, Unavailability
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from tests import factories

TEHRAN, BAGHDAD = "Asia/Tehran", "Asia/Baghdad"
COURSE_DAY = date(2026, 12, 6)  # a Sunday: a working day on both sides
_serial = itertools.count(1)


def make_trainer(side_id: int, *, user_id: int | None = None, skill_ids=(), name_fa: str = "حسن موسوی",
                 name_ar: str = "حسن الموسوي", passport_until: date | None = date(2030, 1, 1)) -> int:
    from coordinator.catalog.models import SkillStandard

    trainer = Trainer(side_id=side_id, user_id=user_id, name_fa=name_fa, name_ar=name_ar)
    trainer.skills = [db.session.get(SkillStandard, i) for i in skill_ids]
    if passport_until is not None:
        trainer.documents.append(TravelDocument(kind="passport", country_code="", expires_on=passport_until))
    db.session.add(trainer)
    db.session.commit()
    return trainer.id


def make_assignment(trainer_id: int, course_id: int, out_at: datetime, back_at: datetime,
                    status: str = "proposed") -> int:
    assignment = Assignment(trainer_id=trainer_id, course_id=course_id, travel_out_at=out_at,
                            travel_back_at=back_at, status=status)
    db.session.add(assignment)
    db.session.commit()
    return assignment.id


def exchange_setup(sides, *, host: str = "MSN", with_session: bool = True, status: str = "approved"):
    """A course hosted by `host` with one session 08:00–12:00 host time on COURSE_DAY; its standard id."""
    standard_id = factories.make_standard(code=f"S-{next(_serial)}")
    centre_id = factories.make_centre(sides[host].id)
    course_id = factories.make_course(centre_id, standard_id, status=status, start=COURSE_DAY,
                                      end=COURSE_DAY + timedelta(days=20))
    if with_session:
        factories.make_session(course_id, COURSE_DAY)
    return course_id, standard_id


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def ctx(app_ctx, sides):
    course_id, standard_id = exchange_setup(sides)
    trainer_id = make_trainer(sides["KHZ"].id, skill_ids=[standard_id])
    return {"course": course_id, "standard": standard_id, "trainer": trainer_id, "sides": sides}


def run(ctx, out_at, back_at, course_id=None, trainer_id=None, exclude_id=None):
    values = {"trainer": db.session.get(Trainer, trainer_id or ctx["trainer"]),
              "course": db.session.get(Course, course_id or ctx["course"]),
              "travel_out_at": out_at, "travel_back_at": back_at}
    return conflicts.check(values, exclude_id=exclude_id)


def kinds(problems) -> list[str]:
    return [p.kind for p in problems]


# The session is 05:00–09:00 UTC on COURSE_DAY (08:00–12:00 Baghdad); a window covering it:
OUT = utc(2026, 12, 5, 6)
BACK = utc(2026, 12, 7, 12)


def other_course(ctx):
    course_id, _ = exchange_setup(ctx["sides"], with_session=False)
    return course_id


# Travel window -------------------------------------------------------------------------------------------


def test_a_clean_window_passes(ctx):
    report = run(ctx, OUT, BACK)
    assert report.ok and report.warnings == []


@pytest.mark.parametrize("back", [OUT, OUT - timedelta(minutes=1)])
def test_return_not_after_departure_is_refused(ctx, back):
    report = run(ctx, OUT, back)
    assert kinds(report.errors) == ["window"]
    assert report.errors[0].field == "travel_back_date"


def test_window_must_cover_the_sessions_exactly_at_the_edges(ctx):
    start, end = utc(2026, 12, 6, 5), utc(2026, 12, 6, 9)
    assert run(ctx, start, end).ok
    late = run(ctx, start + timedelta(minutes=1), end)
    assert kinds(late.errors) == ["window"] and late.errors[0].field == "travel_out_date"
    early = run(ctx, start, end - timedelta(minutes=1))
    assert kinds(early.errors) == ["window"] and early.errors[0].field == "travel_back_date"


# Overlapping assignments ---------------------------------------------------------------------------------


def test_back_to_back_assignments_do_not_overlap(ctx):
    make_assignment(ctx["trainer"], other_course(ctx), OUT - timedelta(days=3), OUT)
    make_assignment(ctx["trainer"], other_course(ctx), BACK, BACK + timedelta(days=3))
    assert run(ctx, OUT, BACK).ok


def test_one_minute_overlap_is_refused_with_the_other_course_named(ctx):
    other = other_course(ctx)
    make_assignment(ctx["trainer"], other, OUT - timedelta(days=3), OUT + timedelta(minutes=1))
    report = run(ctx, OUT, BACK)
    assert kinds(report.errors) == ["overlap"]
    assert db.session.get(Course, other).name in str(report.errors[0])


def test_tehran_noon_and_baghdad_noon_are_half_an_hour_apart(ctx):
    """Ends 12:00 Tehran (08:30 UTC), the next starts 12:00 Baghdad (09:00 UTC): no overlap."""
    day = date(2026, 11, 20)
    ends = local_to_utc(day, time(12), TEHRAN)
    starts = local_to_utc(day, time(12), BAGHDAD)
    assert ends == utc(2026, 11, 20, 8, 30) and starts == utc(2026, 11, 20, 9)
    make_assignment(ctx["trainer"], other_course(ctx), ends - timedelta(days=2), ends)
    assert not [p for p in run(ctx, starts, BACK).errors if p.kind == "overlap"]


def test_baghdad_noon_then_tehran_noon_overlaps_by_thirty_minutes(ctx):
    day = date(2026, 11, 20)
    make_assignment(ctx["trainer"], other_course(ctx), local_to_utc(day, time(8), BAGHDAD),
                    local_to_utc(day, time(12), BAGHDAD))
    report = run(ctx, local_to_utc(day, time(12), TEHRAN), BACK)
    assert kinds(report.errors) == ["overlap"]


@pytest.mark.parametrize("status", ["declined", "cancelled"])
def test_declined_and_cancelled_assignments_do_not_block(ctx, status):
    make_assignment(ctx["trainer"], other_course(ctx), OUT, BACK, status=status)
    assert run(ctx, OUT, BACK).ok


@pytest.mark.parametrize("status", ["proposed", "accepted", "confirmed", "travelled", "completed"])
def test_live_assignments_block(ctx, status):
    make_assignment(ctx["trainer"], other_course(ctx), OUT, BACK, status=status)
    assert kinds(run(ctx, OUT, BACK).errors) == ["overlap"]


def test_the_assignment_being_edited_is_left_out(ctx):
    own = make_assignment(ctx["trainer"], ctx["course"], OUT, BACK)
    assert run(ctx, OUT, BACK, exclude_id=own).ok
    assert kinds(run(ctx, OUT, BACK).errors) == ["overlap"]


def test_another_trainer_does_not_conflict(ctx):
    someone = make_trainer(ctx["sides"]["KHZ"].id, skill_ids=[ctx["standard"]], name_fa="دیگری")
    make_assignment(someone, other_course(ctx), OUT, BACK)
    assert run(ctx, OUT, BACK).ok


# Unavailability: whole days in the trainer's home clock -----------------------------------------------


def _unavailable(trainer_id, first, last, reason="مرخصی"):
    trainer = db.session.get(Trainer, trainer_id)
    trainer.unavailability.append(Unavailability(starts_on=first, ends_on=last, reason=reason))
    db.session.commit()


def test_unavailability_boundaries_in_the_home_clock(ctx):
    _unavailable(ctx["trainer"], date(2026, 12, 10), date(2026, 12, 12))
    first_midnight = local_to_utc(date(2026, 12, 10), time(0), TEHRAN)  # 09 Dec 20:30 UTC
    after_last = local_to_utc(date(2026, 12, 13), time(0), TEHRAN)
    # Sessions are elsewhere: use a course without sessions so only unavailability speaks.
    bare = other_course(ctx)
    assert run(ctx, first_midnight - timedelta(days=2), first_midnight, course_id=bare).ok
    refused = run(ctx, first_midnight - timedelta(days=2), first_midnight + timedelta(minutes=1), course_id=bare)
    assert kinds(refused.errors) == ["unavailable"] and "مرخصی" in str(refused.errors[0])
    assert run(ctx, after_last, after_last + timedelta(days=2), course_id=bare).ok
    assert kinds(run(ctx, after_last - timedelta(minutes=1), after_last + timedelta(days=1),
                     course_id=bare).errors) == ["unavailable"]


def test_midnight_in_baghdad_is_already_the_next_day_in_tehran(ctx):
    """A Khuzestan trainer away from the 10th: returning at 00:00 Baghdad on the 10th (00:30 Tehran) clashes."""
    _unavailable(ctx["trainer"], date(2026, 12, 10), date(2026, 12, 12))
    bare = other_course(ctx)
    back = local_to_utc(date(2026, 12, 10), time(0), BAGHDAD)
    assert kinds(run(ctx, back - timedelta(days=2), back, course_id=bare).errors) == ["unavailable"]


# Travel documents -----------------------------------------------------------------------------------------


def _passport(trainer_id, expires_on):
    trainer = db.session.get(Trainer, trainer_id)
    trainer.documents.clear()
    trainer.documents.append(TravelDocument(kind="passport", country_code="IR", expires_on=expires_on))
    db.session.commit()


RETURN_DAY = date(2026, 12, 7)  # BACK is 12:00 UTC: 15:30 in Tehran, the same day


def test_passport_valid_exactly_until_return_plus_margin_is_enough(ctx):
    _passport(ctx["trainer"], RETURN_DAY + timedelta(days=180))
    assert run(ctx, OUT, BACK).ok


def test_passport_expiring_one_day_earlier_is_refused_naming_the_dates(ctx):
    _passport(ctx["trainer"], RETURN_DAY + timedelta(days=179))
    report = run(ctx, OUT, BACK)
    assert kinds(report.errors) == ["document"]
    assert "180" in str(report.errors[0]) or "۱۸۰" in str(report.errors[0])


def test_return_day_is_taken_in_the_home_clock(ctx):
    """Back at 00:15 Tehran on the 8th (20:45 UTC on the 7th): the 8th counts."""
    _passport(ctx["trainer"], RETURN_DAY + timedelta(days=180))
    back = local_to_utc(date(2026, 12, 8), time(0, 15), TEHRAN)
    assert back.date() == RETURN_DAY
    assert kinds(run(ctx, OUT, back).errors) == ["document"]


def test_margin_comes_from_the_configuration(ctx, app):
    _passport(ctx["trainer"], RETURN_DAY + timedelta(days=30))
    app.config["DOCUMENT_EXPIRY_MARGIN_DAYS"] = 30
    try:
        assert run(ctx, OUT, BACK).ok
    finally:
        app.config.pop("DOCUMENT_EXPIRY_MARGIN_DAYS")
    assert kinds(run(ctx, OUT, BACK).errors) == ["document"]


def test_missing_and_expired_passports_are_refused(ctx):
    trainer = db.session.get(Trainer, ctx["trainer"])
    trainer.documents.clear()
    db.session.commit()
    assert kinds(run(ctx, OUT, BACK).errors) == ["document"]
    _passport(ctx["trainer"], date(2020, 1, 1))
    assert kinds(run(ctx, OUT, BACK).errors) == ["document"]


def test_no_document_is_needed_at_home(ctx):
    home_course, _ = exchange_setup(ctx["sides"], host="KHZ")
    trainer = db.session.get(Trainer, ctx["trainer"])
    trainer.documents.clear()
    trainer.skills = list(trainer.skills) + [db.session.get(Course, home_course).skill_standard]
    db.session.commit()
    assert run(ctx, OUT, BACK, course_id=home_course).ok


def test_visa_when_the_host_country_requires_it(ctx, app):
    app.config["VISA_REQUIRED"] = [("IR", "IQ")]
    try:
        report = run(ctx, OUT, BACK)
        assert kinds(report.errors) == ["visa"]  # no visa at all
        trainer = db.session.get(Trainer, ctx["trainer"])
        trainer.documents.append(TravelDocument(kind="visa", country_code="IR", expires_on=date(2030, 1, 1)))
        visa = TravelDocument(kind="visa", country_code="IQ", expires_on=RETURN_DAY)
        trainer.documents.append(visa)
        db.session.commit()
        assert run(ctx, OUT, BACK).ok  # valid exactly until the return day; the visa for Iran does not count
        visa.expires_on = RETURN_DAY - timedelta(days=1)
        db.session.commit()
        assert kinds(run(ctx, OUT, BACK).errors) == ["visa"]
    finally:
        app.config.pop("VISA_REQUIRED")
    assert run(ctx, OUT, BACK).ok


# Warnings -------------------------------------------------------------------------------------------------


def test_a_skill_not_in_the_profile_is_a_warning_on_the_override_field(ctx):
    unskilled = make_trainer(ctx["sides"]["KHZ"].id, name_fa="بی‌مهارت")
    report = run(ctx, OUT, BACK, trainer_id=unskilled)
    assert report.ok and report.skill_missing
    assert report.warnings[0].field == "skill_override"


def _session_at(course_id, day, start, end):
    factories.make_session(course_id, day, start, end)


def test_session_on_the_host_weekend_is_a_warning(ctx):
    course_id, _ = exchange_setup(ctx["sides"], with_session=False)
    _session_at(course_id, date(2026, 12, 12), time(8), time(12))  # Saturday: weekend in Maysan only
    trainer = db.session.get(Trainer, ctx["trainer"])
    trainer.skills = [db.session.get(Course, course_id).skill_standard]
    db.session.commit()
    report = run(ctx, utc(2026, 12, 11), utc(2026, 12, 13), course_id=course_id)
    assert report.ok and kinds(report.warnings) == ["weekend"]
    assert "میسان" in str(report.warnings[0]) or "Maysan" in str(report.warnings[0])


def test_friday_is_a_weekend_on_both_sides(ctx):
    course_id, _ = exchange_setup(ctx["sides"], with_session=False)
    _session_at(course_id, date(2026, 12, 11), time(8), time(12))
    trainer = db.session.get(Trainer, ctx["trainer"])
    trainer.skills = [db.session.get(Course, course_id).skill_standard]
    db.session.commit()
    assert kinds(run(ctx, utc(2026, 12, 10), utc(2026, 12, 12), course_id=course_id).warnings) == [
        "weekend", "weekend"]


def test_a_late_thursday_session_in_baghdad_is_friday_in_tehran(ctx):
    course_id, _ = exchange_setup(ctx["sides"], with_session=False)
    _session_at(course_id, date(2026, 12, 10), time(23, 30), time(23, 50))  # Thu 23:30 Baghdad = Fri 00:00 Tehran
    trainer = db.session.get(Trainer, ctx["trainer"])
    trainer.skills = [db.session.get(Course, course_id).skill_standard]
    db.session.commit()
    report = run(ctx, utc(2026, 12, 10), utc(2026, 12, 12), course_id=course_id)
    assert [w.kind for w in report.warnings] == ["weekend"]
    assert "خوزستان" in str(report.warnings[0]) or "Khuzestan" in str(report.warnings[0])


def test_holiday_of_the_home_side_is_a_warning_naming_it(ctx):
    db.session.add(Holiday(side_id=ctx["sides"]["KHZ"].id, day=COURSE_DAY, name_fa="تعطیل آزمایشی",
                           name_ar="عطلة تجريبية", name_en="Test holiday"))
    db.session.commit()
    report = run(ctx, OUT, BACK)
    assert report.ok and kinds(report.warnings) == ["holiday"]
    assert any(name in str(report.warnings[0]) for name in ("تعطیل آزمایشی", "عطلة تجريبية", "Test holiday"))


def test_holiday_of_the_host_side_is_a_warning(ctx):
    db.session.add(Holiday(side_id=ctx["sides"]["MSN"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة"))
    db.session.commit()
    assert kinds(run(ctx, OUT, BACK).warnings) == ["holiday"]


def test_the_installation_default_needs_a_visa_both_ways():
    from coordinator.config import Config

    assert {("IR", "IQ"), ("IQ", "IR")} <= set(Config.VISA_REQUIRED)
