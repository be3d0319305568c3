"""Days off: the library import for a year on both sides, Hijri input, ranges, duplicates, copying, moving."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from coordinator.catalog import holidays
from coordinator.catalog.models import Holiday, Side
from coordinator.errors import ConflictError, ValidationFailed
from coordinator.extensions import db
from coordinator.l10n.digits import InputError
from coordinator.l10n.hijri import gregorian_to_hijri, parse_hijri
from tests import factories


@pytest.fixture
def ctx(app_ctx, sides):
    return {code: db.session.get(Side, side.id) for code, side in sides.items()}


def by_day(rows):
    return {row.day: row for row in rows}


def test_khuzestan_year_has_persian_names_arabic_from_the_glossary_and_estimated_lunar_days(ctx):
    rows = by_day(holidays.library_year(ctx["KHZ"], 2027))
    ashura = rows[date(2027, 6, 16)]
    assert ashura.name_fa == "عاشورای حسینی" and ashura.name_ar == "عاشوراء" and ashura.name_en == "Ashura"
    assert ashura.estimated and ashura.fixed_in is None
    nowruz = rows[date(2027, 3, 21)]
    assert nowruz.name_fa == "جشن نوروز" and not nowruz.estimated and nowruz.fixed_in == "jalali"


def test_maysan_year_has_arabic_names_persian_from_the_glossary_and_a_day_apart_from_iran(ctx):
    rows = by_day(holidays.library_year(ctx["MSN"], 2027))
    ashura = rows[date(2027, 6, 15)]
    assert ashura.name_ar == "عاشوراء" and ashura.name_fa == "عاشورا" and ashura.estimated
    assert date(2027, 6, 16) not in rows  # Iraq's Ashura is the day before Iran's this year
    new_year = rows[date(2027, 1, 1)]
    assert new_year.name_ar == "رأس السنة الميلادية" and not new_year.estimated
    assert new_year.fixed_in == "gregorian"


def test_import_stores_the_year_once_and_keeps_what_exists(ctx):
    side = ctx["MSN"]
    db.session.add(Holiday(side_id=side.id, day=date(2027, 1, 1), name_fa="دستی", name_ar="يدوي"))
    db.session.flush()
    added, _clashes = holidays.import_year(side, 2027)
    assert date(2027, 1, 1) not in {h.day for h in added}
    kept = db.session.scalar(select(Holiday).where(Holiday.side_id == side.id, Holiday.day == date(2027, 1, 1)))
    assert kept.name_ar == "يدوي"
    again, _ = holidays.import_year(side, 2027)
    assert again == []
    assert db.session.scalar(select(Holiday).where(Holiday.side_id == side.id, Holiday.day == date(2027, 6, 15))
                             ).estimated is True


def test_hijri_input_round_trip():
    day = parse_hijri("۱۴۴۸/۰۱/۱۰")  # 10 Muharram 1448, Persian digits
    assert day == date(2026, 6, 25)
    assert gregorian_to_hijri(day) == (1448, 1, 10)
    assert parse_hijri("١٤٤٨-١-١٠") == day  # Arabic-Indic digits, dashes


def test_a_hijri_date_that_does_not_exist_is_refused_by_name(app_ctx):
    with pytest.raises(InputError) as caught:
        parse_hijri("1448/01/30")  # Muharram 1448 has 29 days
    with force_locale("en"):
        assert str(caught.value.message) == "Month 1 of 1448 AH has 29 days; there is no day 30."
    with pytest.raises(InputError) as caught:
        parse_hijri("1448/13/01")
    with force_locale("en"):
        assert "no month 13" in str(caught.value.message)


def _values(side, **extra):
    return {"side_id": side.id, "name_fa": "تعطیلی گرما", "name_ar": "عطلة الحر", "day": date(2027, 7, 20),
            **extra}


def test_a_range_is_one_day_off_per_day_and_a_reversed_range_is_refused(ctx):
    added, _ = holidays.add_days_off(_values(ctx["KHZ"], kind="closure", last_day=date(2027, 7, 22)))
    assert [h.day for h in added] == [date(2027, 7, 20), date(2027, 7, 21), date(2027, 7, 22)]
    with pytest.raises(ValidationFailed) as caught:
        holidays.add_days_off(_values(ctx["KHZ"], day=date(2027, 8, 5), last_day=date(2027, 8, 1)))
    assert caught.value.problems[0][0] == "last_day"
    with force_locale("en"):
        assert "before it starts" in str(caught.value.problems[0][1])


def test_a_duplicate_day_off_names_the_day_and_adds_nothing(ctx):
    holidays.add_days_off(_values(ctx["KHZ"]))
    with pytest.raises(ConflictError) as caught:
        holidays.add_days_off(_values(ctx["KHZ"], day=date(2027, 7, 19), last_day=date(2027, 7, 21)))
    with force_locale("en"):
        assert "is already a day off here (تعطیلی گرما)" in str(caught.value.problems[0][1])
    assert db.session.scalar(select(Holiday.id).where(Holiday.day == date(2027, 7, 19))) is None
    # The same day on the other side, or as one centre's closure, is a different day off.
    holidays.add_days_off(_values(ctx["MSN"]))
    centre_id = factories.make_centre(ctx["KHZ"].id)
    added, _ = holidays.add_days_off(_values(ctx["KHZ"], centre_id=centre_id))
    assert added[0].kind == "closure" and added[0].centre_id == centre_id


def test_a_closure_of_another_centre_is_not_a_day_off_for_a_course(ctx):
    from coordinator.courses import timetable
    from coordinator.courses.models import Course

    here = factories.make_centre(ctx["KHZ"].id)
    there = factories.make_centre(ctx["KHZ"].id, name_fa="مرکز دزفول", name_ar="مركز دزفول")
    course = db.session.get(Course, factories.make_course(here, factories.make_standard(),
                                                          start=date(2027, 7, 18), end=date(2027, 7, 30)))
    holidays.add_days_off(_values(ctx["KHZ"], centre_id=there))
    assert date(2027, 7, 20) not in timetable.holidays(course)
    holidays.add_days_off(_values(ctx["KHZ"], centre_id=here, day=date(2027, 7, 21)))
    assert date(2027, 7, 21) in timetable.holidays(course)


def test_moving_an_estimated_day_confirms_it_and_refuses_a_taken_day(ctx):
    added, _ = holidays.add_days_off(_values(ctx["MSN"], estimated=True, last_day=date(2027, 7, 21)))
    first, second = added
    holidays.move(first, -1, first.version)
    assert first.day == date(2027, 7, 19) and first.estimated is False
    holidays.move(second, -1, second.version)  # 21 → 20 July: free since the first moved
    assert second.day == date(2027, 7, 20)
    with pytest.raises(ConflictError) as caught:
        holidays.move(first, 1, first.version)  # 19 → 20 July: taken
    with force_locale("en"):
        assert "is already a day off here" in str(caught.value.problems[0][1])
    assert first.day == date(2027, 7, 19)
    with pytest.raises(ConflictError):
        holidays.move(second, 1, second.version - 1)  # a stale form
    holidays.confirm(second, second.version)
    assert second.estimated is False


def test_copying_keeps_the_date_in_the_calendar_it_is_fixed_in(ctx):
    khz, msn = ctx["KHZ"], ctx["MSN"]
    # 22 Bahman 1404 is 11 Feb 2026; 22 Bahman 1405 is 11 Feb 2027; 1 Farvardin 1405 is 21 Mar 2026, 1406 21 Mar 2027.
    holidays.add_days_off({"side_id": khz.id, "name_fa": "نوروز", "name_ar": "نوروز", "day": date(2026, 3, 21),
                           "fixed_in": "jalali"})
    holidays.add_days_off({"side_id": khz.id, "name_fa": "عاشورا", "name_ar": "عاشوراء", "day": date(2026, 6, 26),
                           "estimated": True})
    holidays.add_days_off({"side_id": msn.id, "name_fa": "روز ارتش", "name_ar": "عيد الجيش", "day": date(2026, 1, 6),
                           "fixed_in": "gregorian"})
    added, _ = holidays.copy_fixed(khz, 2026)
    assert [(h.day, h.name_fa) for h in added] == [(date(2027, 3, 21), "نوروز")]  # lunar Ashura is not copied
    added, _ = holidays.copy_fixed(msn, 2026)
    assert [h.day for h in added] == [date(2027, 1, 6)]
    assert holidays.copy_fixed(msn, 2026)[0] == []  # already there


def test_adding_a_day_off_lists_the_sessions_trips_and_bookings_it_touches(ctx):
    msn = ctx["MSN"]
    centre = factories.make_centre(msn.id)
    course_id = factories.make_course(centre, factories.make_standard(), status="scheduled",
                                      start=date(2027, 6, 13), end=date(2027, 6, 20))
    factories.make_session(course_id, day=date(2027, 6, 15))
    factories.make_session(course_id, day=date(2027, 6, 16))
    trainer = factories.make_trainer(ctx["KHZ"].id)
    factories.make_assignment(trainer, course_id)  # leaves 12 June, back 21 June
    _added, found = holidays.add_days_off({"side_id": msn.id, "name_fa": "عاشورا", "name_ar": "عاشوراء",
                                           "day": date(2027, 6, 15)})
    assert [(c.kind, c.day) for c in found] == [("session", date(2027, 6, 15))]
    _added, found = holidays.add_days_off({"side_id": msn.id, "name_fa": "تعطیل", "name_ar": "عطلة",
                                           "day": date(2027, 6, 12)})
    assert [(c.kind, c.day, c.endpoint) for c in found] == [("trip", date(2027, 6, 12),
                                                             "exchanges.assignment_detail")]
    # A closure of another centre touches neither.
    other = factories.make_centre(msn.id, name_fa="مرکز میمونه", name_ar="مركز الميمونة")
    _added, found = holidays.add_days_off({"side_id": msn.id, "centre_id": other, "name_fa": "گرد و غبار",
                                           "name_ar": "غبار", "day": date(2027, 6, 16)})
    assert found == []
