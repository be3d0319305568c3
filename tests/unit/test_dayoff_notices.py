"""A new or moved day off tells the owners of what it now falls on: the liaisons of a course with a session
that day, the trainer and both sides' liaisons of a trip leaving or returning that day; nothing for records
the day does not touch."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.catalog import holidays
from coordinator.catalog.models import Holiday
from coordinator.extensions import db
from coordinator.notifications import render
from tests import factories
from tests.notices import heard


@pytest.fixture
def world(app_ctx, sides, users):
    msn, khz = sides["MSN"], sides["KHZ"]
    centre = factories.make_centre(msn.id)
    standard = factories.make_standard()
    touched = factories.make_course(centre, standard, status="scheduled", start=date(2027, 6, 13),
                                    end=date(2027, 6, 20), name_fa="دوره اول", name_ar="الدورة الأولى")
    factories.make_session(touched, day=date(2027, 6, 15))
    spared = factories.make_course(centre, standard, status="scheduled", start=date(2027, 6, 13),
                                   end=date(2027, 6, 20), name_fa="دوره دوم", name_ar="الدورة الثانية")
    factories.make_session(spared, day=date(2027, 6, 16))
    trainer = factories.make_trainer(khz.id, user_id=users["trainer_khz"].id)
    factories.make_assignment(trainer, touched)  # leaves 12 June, back 21 June
    return {"msn": msn, "touched": touched, "spared": spared, "users": users}


def _add(side_id, day, **extra):
    added, found = holidays.add_days_off({"side_id": side_id, "name_fa": "عاشورا", "name_ar": "عاشوراء",
                                          "day": day, **extra})
    db.session.commit()
    return found


def test_a_day_off_on_a_session_tells_both_sides_liaisons_of_that_course_only(world):
    users = world["users"]
    _add(world["msn"].id, date(2027, 6, 15))
    told = heard("dayoff.session")
    assert set(told) == {users["liaison_khz"].id, users["liaison_msn"].id}
    assert {event.record_id for event in told.values()} == {world["touched"]}
    assert heard("dayoff.trip") == {}
    event = told[users["liaison_msn"].id]
    assert "ميسان" in render.sentence(event, "ar") and "الدورة" in render.sentence(event, "ar")
    assert "میسان" in render.sentence(event, "fa")


def test_a_day_off_on_a_departure_tells_the_trainer_and_both_sides(world):
    users = world["users"]
    _add(world["msn"].id, date(2027, 6, 12))
    told = heard("dayoff.trip")
    assert {users["trainer_khz"].id, users["liaison_khz"].id, users["liaison_msn"].id} <= set(told)
    assert users["trainer_msn"].id not in told
    assert heard("dayoff.session") == {}


def test_a_closure_of_another_centre_tells_nobody(world):
    other = factories.make_centre(world["msn"].id, name_fa="مرکز میمونه", name_ar="مركز الميمونة")
    assert _add(world["msn"].id, date(2027, 6, 15), centre_id=other) == []
    assert heard("dayoff.session") == {} and heard("dayoff.trip") == {}


def test_moving_a_day_off_onto_a_session_tells_its_liaisons(world):
    _add(world["msn"].id, date(2027, 6, 14))
    assert heard("dayoff.session") == {}
    holiday = db.session.scalars(select(Holiday).where(Holiday.day == date(2027, 6, 14))).one()
    holidays.move(holiday, 1, holiday.version)
    db.session.commit()
    assert {e.record_id for e in heard("dayoff.session").values()} == {world["touched"]}
