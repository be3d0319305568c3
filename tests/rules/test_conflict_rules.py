"""Conflict rules of an assignment as a liaison states them: which other records count (two of each where a
filter decides), and what each refusal or warning tells (the name, the course, the dates)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale

from coordinator.catalog.models import Holiday, Side
from coordinator.courses.models import Course
from coordinator.exchanges import conflicts
from coordinator.exchanges.models import Trainer, TravelDocument, TripVisa, Unavailability
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from coordinator.viewer import format_day, format_instant
from tests import factories
from tests.unit.test_conflicts import (
    BACK,
    COURSE_DAY,
    OUT,
    RETURN_DAY,
    TEHRAN,
    exchange_setup,
    kinds,
    make_assignment,
    make_trainer,
    other_course,
    run,
    utc,
)


@pytest.fixture
def ctx(app_ctx, sides):
    course_id, standard_id = exchange_setup(sides)
    trainer_id = make_trainer(sides["KHZ"].id, skill_ids=[standard_id])
    with force_locale("en"):
        yield {"course": course_id, "standard": standard_id, "trainer": trainer_id, "sides": sides}


def trainer_of(ctx) -> Trainer:
    return db.session.get(Trainer, ctx["trainer"])


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# Nothing to check without the four values -------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["trainer", "course", "travel_out_at", "travel_back_at"])
def test_without_the_trainer_the_course_or_either_time_only_that_is_said(ctx, missing):
    values = {"trainer": trainer_of(ctx), "course": db.session.get(Course, ctx["course"]),
              "travel_out_at": OUT, "travel_back_at": BACK}
    values[missing] = None
    report = conflicts.check(values)
    assert kinds(report.errors) == ["missing"] and report.warnings == []
    assert messages(report.errors) == ["Choose the trainer and the travel dates and times."]


def test_the_trainer_and_course_may_be_given_by_id(ctx):
    report = conflicts.check({"trainer_id": ctx["trainer"], "course_id": ctx["course"],
                              "travel_out_at": OUT, "travel_back_at": BACK})
    assert report.ok and report.warnings == []
    missing = conflicts.check({"trainer_id": None, "course_id": ctx["course"],
                               "travel_out_at": OUT, "travel_back_at": BACK})
    assert kinds(missing.errors) == ["missing"]


# The travel window -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("back", [OUT, OUT - timedelta(minutes=1)])
def test_a_return_not_after_the_departure_is_refused_with_that_reason_alone(ctx, back):
    report = run(ctx, OUT, back)
    assert messages(report.errors) == ["The return must come after the departure."]
    assert report.errors[0].field == "travel_back_date" and report.warnings == []


def test_arriving_late_or_leaving_early_names_the_session_time(ctx):
    start, end = utc(2026, 12, 6, 5), utc(2026, 12, 6, 9)
    late = run(ctx, start + timedelta(minutes=1), end + timedelta(hours=1))
    assert messages(late.errors) == [
        f"The trainer would arrive after the first session starts ({format_instant(start)})."]
    early = run(ctx, start - timedelta(hours=1), end - timedelta(minutes=1))
    assert messages(early.errors) == [
        f"The trainer would leave before the last session ends ({format_instant(end)})."]
    both = run(ctx, start + timedelta(minutes=1), end - timedelta(minutes=1))
    assert [p.field for p in both.errors] == ["travel_out_date", "travel_back_date"]


def test_the_window_is_measured_from_the_earliest_and_to_the_latest_session(ctx):
    # A second session two days later, listed first: the window must still cover both.
    from tests import factories

    factories.make_session(ctx["course"], COURSE_DAY + timedelta(days=2))
    first_start, last_end = utc(2026, 12, 6, 5), utc(2026, 12, 8, 9)
    assert run(ctx, first_start, last_end).ok
    assert kinds(run(ctx, first_start, last_end - timedelta(minutes=1)).errors) == ["window"]
    assert kinds(run(ctx, first_start + timedelta(minutes=1), last_end).errors) == ["window"]


# Overlapping assignments -------------------------------------------------------------------------------------


def test_an_overlap_names_the_trainer_the_other_course_and_its_travel(ctx):
    other = other_course(ctx)
    out, back = OUT - timedelta(days=3), OUT + timedelta(hours=1)
    make_assignment(ctx["trainer"], other, out, back)
    report = run(ctx, OUT, BACK)
    assert messages(report.errors) == [
        f"{trainer_of(ctx).name} is already assigned to {db.session.get(Course, other).name} "
        f"from {format_instant(out)} to {format_instant(back)}."]
    assert report.errors[0].field == "travel_out_date"


def test_every_overlapping_assignment_is_named_earliest_first(ctx):
    later = make_assignment(ctx["trainer"], other_course(ctx), BACK - timedelta(hours=1), BACK + timedelta(days=1))
    earlier = make_assignment(ctx["trainer"], other_course(ctx), OUT - timedelta(days=1), OUT + timedelta(hours=1))
    report = run(ctx, OUT, BACK)
    assert kinds(report.errors) == ["overlap", "overlap"]
    from coordinator.exchanges.models import Assignment

    starts = [format_instant(db.session.get(Assignment, i).travel_out_at) for i in (earlier, later)]
    assert [s in m for s, m in zip(starts, messages(report.errors), strict=True)] == [True, True]


def test_editing_an_assignment_leaves_out_that_one_but_still_sees_the_others(ctx):
    own = make_assignment(ctx["trainer"], ctx["course"], OUT, BACK)
    other = other_course(ctx)
    make_assignment(ctx["trainer"], other, BACK - timedelta(hours=2), BACK + timedelta(days=2))
    report = run(ctx, OUT, BACK, exclude_id=own)
    assert kinds(report.errors) == ["overlap"]
    assert db.session.get(Course, other).name in messages(report.errors)[0]
    assert kinds(run(ctx, OUT, BACK).errors) == ["overlap", "overlap"]


def test_another_trainers_assignment_never_blocks_but_the_trainers_own_does(ctx):
    someone = make_trainer(ctx["sides"]["KHZ"].id, skill_ids=[ctx["standard"]], name_fa="دیگری")
    make_assignment(someone, other_course(ctx), OUT, BACK)
    assert run(ctx, OUT, BACK).ok
    assert kinds(run(ctx, OUT, BACK, trainer_id=someone).errors) == ["overlap"]


# Unavailability -----------------------------------------------------------------------------------------------


def test_unavailability_names_the_days_and_the_reason_or_a_dash(ctx):
    trainer = trainer_of(ctx)
    trainer.unavailability.append(Unavailability(starts_on=date(2026, 12, 6), ends_on=date(2026, 12, 6),
                                                 reason="مرخصی"))
    trainer.unavailability.append(Unavailability(starts_on=date(2026, 12, 7), ends_on=date(2026, 12, 8),
                                                 reason=""))
    trainer.unavailability.append(Unavailability(starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 21),
                                                 reason="دور"))
    db.session.commit()
    report = run(ctx, OUT, BACK)
    name = trainer.name
    assert messages(report.errors) == [
        f"{name} is unavailable from {format_day(date(2026, 12, 6))} to {format_day(date(2026, 12, 6))}: مرخصی",
        f"{name} is unavailable from {format_day(date(2026, 12, 7))} to {format_day(date(2026, 12, 8))}: —",
    ]
    assert [p.field for p in report.errors] == ["travel_out_date", "travel_out_date"]


def test_a_day_span_is_whole_days_in_the_given_clock():
    start, end = conflicts.day_span(date(2026, 12, 10), date(2026, 12, 12), TEHRAN)
    assert start == local_to_utc(date(2026, 12, 10), time(0), TEHRAN)
    assert end == local_to_utc(date(2026, 12, 13), time(0), TEHRAN)


# Travel documents ---------------------------------------------------------------------------------------------


def _documents(ctx, *docs):
    trainer = trainer_of(ctx)
    trainer.documents.clear()
    for kind, country, expires_on in docs:
        trainer.documents.append(TravelDocument(kind=kind, country_code=country, expires_on=expires_on))
    db.session.commit()


def test_the_latest_expiring_passport_counts_whatever_the_order(ctx):
    old, new = RETURN_DAY, RETURN_DAY + timedelta(days=400)
    _documents(ctx, ("passport", "IR", old), ("passport", "IR", new))
    assert run(ctx, OUT, BACK).ok
    _documents(ctx, ("passport", "IR", new), ("passport", "IR", old))
    assert run(ctx, OUT, BACK).ok


def test_a_passport_too_short_is_refused_naming_the_expiry_the_date_needed_and_the_margin(ctx):
    expiry = RETURN_DAY + timedelta(days=179)
    _documents(ctx, ("passport", "IR", expiry), ("passport", "IR", RETURN_DAY))
    report = run(ctx, OUT, BACK)
    assert messages(report.errors) == [
        f"The passport of {trainer_of(ctx).name} expires on {format_day(expiry)}; it must be valid until "
        f"{format_day(RETURN_DAY + timedelta(days=180))} (180 days after the return)."]


def test_no_passport_is_refused_naming_the_trainer(ctx):
    _documents(ctx, ("visa", "IQ", date(2030, 1, 1)))
    assert messages(run(ctx, OUT, BACK).errors) == [f"{trainer_of(ctx).name} has no passport on record."]


def test_no_visa_is_needed_when_the_pair_of_countries_is_not_listed(ctx, app):
    app.config["VISA_REQUIRED"] = None
    try:
        assert conflicts.visa_required("IR", "IQ") is False
        assert run(ctx, OUT, BACK).ok
    finally:
        app.config.pop("VISA_REQUIRED")
    app.config["VISA_REQUIRED"] = [["IQ", "IR"]]
    try:
        assert conflicts.visa_required("IQ", "IR") and not conflicts.visa_required("IR", "IQ")
    finally:
        app.config.pop("VISA_REQUIRED")


def test_the_latest_visa_for_the_host_country_counts_and_its_refusal_names_country_and_dates(ctx, app):
    host = db.session.get(Course, ctx["course"]).host_side
    app.config["VISA_REQUIRED"] = [("IR", "IQ")]
    try:
        passport = ("passport", "IR", date(2030, 1, 1))
        _documents(ctx, passport)
        assert messages(run(ctx, OUT, BACK).errors) == [
            f"{trainer_of(ctx).name} has no visa for {host.name} on record."]
        _documents(ctx, passport, ("visa", "IQ", RETURN_DAY + timedelta(days=5)), ("visa", "IQ", RETURN_DAY))
        assert run(ctx, OUT, BACK).ok
        _documents(ctx, passport, ("visa", "IQ", RETURN_DAY), ("visa", "IQ", RETURN_DAY + timedelta(days=5)))
        assert run(ctx, OUT, BACK).ok
        short = RETURN_DAY - timedelta(days=1)
        _documents(ctx, passport, ("visa", "IQ", short), ("visa", "IR", date(2030, 1, 1)))
        (refused,) = messages(run(ctx, OUT, BACK).errors)
        for told in (trainer_of(ctx).name, host.name, format_day(short), format_day(RETURN_DAY)):
            assert told in refused
    finally:
        app.config.pop("VISA_REQUIRED")


# Warnings -----------------------------------------------------------------------------------------------------


def test_a_missing_skill_warning_names_the_skill_and_the_trainer_and_is_set_apart(ctx):
    unskilled = make_trainer(ctx["sides"]["KHZ"].id, name_fa="بی‌مهارت")
    db.session.add(Holiday(side_id=ctx["sides"]["MSN"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة",
                           name_en="Feast"))
    db.session.commit()
    report = run(ctx, OUT, BACK, trainer_id=unskilled)
    course = db.session.get(Course, ctx["course"])
    skill_warning = [w for w in report.warnings if w.kind == "skill"]
    assert messages(skill_warning) == [
        f"{course.skill_standard.name} is not among the skills of {db.session.get(Trainer, unskilled).name}: "
        "the host side may keep the trainer and give the reason."]
    assert kinds(report.other_warnings()) == ["holiday"] and report.skill_missing
    assert not run(ctx, OUT, BACK).skill_missing


def _side(ctx, code) -> Side:
    return db.session.get(Side, ctx["sides"][code].id)


def test_a_holiday_warning_names_the_day_the_side_and_the_holiday(ctx):
    db.session.add(Holiday(side_id=ctx["sides"]["KHZ"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة",
                           name_en="Feast"))
    db.session.add(Holiday(side_id=ctx["sides"]["KHZ"].id, day=COURSE_DAY + timedelta(days=1), name_fa="فردا",
                           name_ar="غدا", name_en="Next day"))
    db.session.commit()
    report = run(ctx, OUT, BACK)
    holiday = db.session.scalar(db.select(Holiday).where(Holiday.day == COURSE_DAY))
    assert messages(report.warnings) == [
        f"A session falls on {format_day(COURSE_DAY)}, a public holiday in {_side(ctx, 'KHZ').name} "
        f"({holiday.name})."]


def test_a_weekend_warning_names_the_day_and_the_side_and_a_holiday_on_a_weekend_is_said_once(ctx):
    from tests import factories

    course_id, _ = exchange_setup(ctx["sides"], with_session=False)
    saturday, friday = date(2026, 12, 12), date(2026, 12, 11)
    factories.make_session(course_id, saturday)
    factories.make_session(course_id, friday)
    # A holiday on the first session day at home, one on the last session day at the host.
    db.session.add(Holiday(side_id=ctx["sides"]["KHZ"].id, day=friday, name_fa="جمعه", name_ar="جمعة",
                           name_en="Home feast"))
    db.session.add(Holiday(side_id=ctx["sides"]["MSN"].id, day=saturday, name_fa="شنبه", name_ar="سبت",
                           name_en="Host feast"))
    db.session.commit()
    report = run(ctx, utc(2026, 12, 10), utc(2026, 12, 13), course_id=course_id)
    msn, khz = _side(ctx, "MSN").name, _side(ctx, "KHZ").name
    assert kinds(report.other_warnings()) == ["weekend", "holiday", "holiday"]
    assert messages(report.other_warnings()) == [
        f"A session falls on {format_day(friday)}, a weekend day in {msn}.",
        f"A session falls on {format_day(saturday)}, a public holiday in {msn} (Host feast).",
        f"A session falls on {format_day(friday)}, a public holiday in {khz} (Home feast).",
    ]


def test_at_home_only_the_home_sides_days_off_count(ctx):
    home_course, standard = exchange_setup(ctx["sides"], host="KHZ")
    trainer = trainer_of(ctx)
    trainer.skills = list(trainer.skills) + [db.session.get(Course, home_course).skill_standard]
    db.session.add(Holiday(side_id=ctx["sides"]["MSN"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة"))
    db.session.commit()
    assert run(ctx, OUT, BACK, course_id=home_course).warnings == []
    db.session.add(Holiday(side_id=ctx["sides"]["KHZ"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة"))
    db.session.commit()
    assert kinds(run(ctx, OUT, BACK, course_id=home_course).warnings) == ["holiday"]


def test_a_course_without_sessions_has_no_day_off_warnings(ctx):
    db.session.add(Holiday(side_id=ctx["sides"]["MSN"].id, day=COURSE_DAY, name_fa="تعطیل", name_ar="عطلة"))
    db.session.commit()
    bare = other_course(ctx)
    trainer = trainer_of(ctx)
    trainer.skills = list(trainer.skills) + [db.session.get(Course, bare).skill_standard]
    db.session.commit()
    assert run(ctx, OUT, BACK, course_id=bare).warnings == []


def test_with_the_return_before_the_departure_nothing_else_is_checked(ctx):
    # Another assignment at that time and a missing skill would each be said; a window that cannot be is
    # the only thing worth saying.
    unskilled = make_trainer(ctx["sides"]["KHZ"].id, name_fa="بی‌مهارت")
    make_assignment(unskilled, other_course(ctx), OUT - timedelta(days=1), OUT + timedelta(days=1))
    report = run(ctx, OUT, OUT - timedelta(hours=1), trainer_id=unskilled)
    assert messages(report.errors) == ["The return must come after the departure."]
    assert report.warnings == []


# The trip's own visa record -------------------------------------------------------------------------------------


def with_trip_visa(ctx, visa):
    return conflicts.check({"trainer": trainer_of(ctx), "course": db.session.get(Course, ctx["course"]),
                            "travel_out_at": OUT, "travel_back_at": BACK, "visa": visa})


@pytest.fixture
def visa_needed(app):
    app.config["VISA_REQUIRED"] = [("IR", "IQ")]
    yield
    app.config.pop("VISA_REQUIRED")


def test_an_issued_trip_visa_from_the_arrival_day_covers_the_trip_and_one_from_the_next_day_is_refused(
        ctx, visa_needed):
    host = db.session.get(Course, ctx["course"]).host_side
    arrival = date(2026, 12, 5)  # OUT: 09:00 in Baghdad
    assert with_trip_visa(ctx, TripVisa(status="issued", valid_from=arrival, valid_until=RETURN_DAY)).ok
    assert with_trip_visa(ctx, TripVisa(status="issued", valid_from=None, valid_until=RETURN_DAY)).ok
    late = arrival + timedelta(days=1)
    report = with_trip_visa(ctx, TripVisa(status="issued", valid_from=late, valid_until=RETURN_DAY))
    assert kinds(report.errors) == ["visa"]
    assert messages(report.errors) == [
        f"The visa of {trainer_of(ctx).name} for {host.name} is valid from {format_day(late)}, after the arrival "
        f"on {format_day(arrival)}."]


def test_the_margin_after_leaving_comes_from_the_settings_and_is_named(ctx, app, visa_needed):
    host = db.session.get(Course, ctx["course"]).host_side
    app.config["VISA_MARGIN_DAYS"] = 2
    try:
        needed = RETURN_DAY + timedelta(days=2)
        assert with_trip_visa(ctx, TripVisa(status="issued", valid_until=needed)).ok
        short = needed - timedelta(days=1)
        report = with_trip_visa(ctx, TripVisa(status="issued", valid_until=short))
        assert kinds(report.errors) == ["visa"]  # confirming waits for it; proposing goes ahead "subject to visa"
        assert messages(report.errors) == [
            f"The visa of {trainer_of(ctx).name} for {host.name} is valid until {format_day(short)}; it must be "
            f"valid until {format_day(needed)} (the day of leaving {host.name}, plus 2 days)."]
    finally:
        app.config.pop("VISA_MARGIN_DAYS")


@pytest.mark.parametrize(("status", "label"), [("to_apply", "To apply for"), ("applied", "Applied for"),
                                               ("refused", "Refused")])
def test_a_trip_visa_not_issued_does_not_cover_the_trip_whatever_dates_it_carries_and_says_its_state(
        ctx, visa_needed, status, label):
    host = db.session.get(Course, ctx["course"]).host_side
    report = with_trip_visa(ctx, TripVisa(status=status, valid_until=date(2027, 1, 1)))
    assert kinds(report.errors) == ["visa"]
    assert messages(report.errors) == [
        f"The visa of {trainer_of(ctx).name} for {host.name} is “{label}”: it must be issued for the whole trip."]


def test_a_day_off_at_the_host_centre_warns_and_one_at_another_centre_of_that_side_does_not(ctx):
    course = db.session.get(Course, ctx["course"])
    msn = ctx["sides"]["MSN"].id
    other_centre = factories.make_centre(msn, name_fa="مرکز دیگر", name_ar="مركز آخر")
    db.session.add(Holiday(side_id=msn, centre_id=other_centre, day=COURSE_DAY, name_fa="دیگر", name_ar="آخر",
                           name_en="Elsewhere"))
    db.session.commit()
    assert run(ctx, OUT, BACK).warnings == []
    db.session.add(Holiday(side_id=msn, centre_id=course.host_centre_id, day=COURSE_DAY, name_fa="اینجا",
                           name_ar="هنا", name_en="Here"))
    db.session.commit()
    here = db.session.scalar(db.select(Holiday).where(Holiday.name_en == "Here"))
    assert messages(run(ctx, OUT, BACK).warnings) == [
        f"A session falls on {format_day(COURSE_DAY)}, a public holiday in {_side(ctx, 'MSN').name} ({here.name})."]


def test_a_held_visa_running_out_too_soon_is_refused_with_its_expiry_and_the_day_needed(ctx, visa_needed):
    host = db.session.get(Course, ctx["course"]).host_side
    short = RETURN_DAY - timedelta(days=1)
    _documents(ctx, ("passport", "IR", date(2030, 1, 1)), ("visa", "IQ", short))
    assert messages(run(ctx, OUT, BACK).errors) == [
        f"The visa of {trainer_of(ctx).name} for {host.name} expires on {format_day(short)}, before "
        f"{format_day(RETURN_DAY)}."]
