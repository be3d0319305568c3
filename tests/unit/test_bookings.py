"""Booking overlaps (transport days, boundaries), the next free period, the loan state machine."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from coordinator.equipment import bookings, services, transfers
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.errors import DomainError, PermissionDenied, TransitionError
from coordinator.extensions import db
from tests import factories

D = date(2027, 3, 1)


def _user(role="liaison", side_id=None):
    return SimpleNamespace(role=role, side_id=side_id, is_authenticated=True, is_active=True, id=None)


@pytest.fixture
def world(app_ctx, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    centre = factories.make_centre(khz)
    item = EquipmentItem(side_id=khz, centre_id=centre, category="agro", name_fa="دستگاه درجه‌بندی خرما",
                         name_ar="آلة فرز التمور", asset_tag="KHZ-DATE-01", shareable=True)
    db.session.add(item)
    db.session.commit()
    return SimpleNamespace(item=item, khz=khz, msn=msn, lk=_user(side_id=khz), lm=_user(side_id=msn))


def _book(w, user, start, end, side=None, **extra):
    values = {"user_side_id": side or user.side_id, "starts_on": start, "ends_on": end, "purpose": "تمرین"} | extra
    return bookings.create_booking(w.item, values, user)


def test_same_side_booking_holds_no_transport_days(world):
    b = _book(world, world.lk, D, D + timedelta(days=4))
    assert (b.held_from, b.held_until) == (D, D + timedelta(days=4))


def test_cross_border_booking_holds_configured_transport_days(world, app):
    b = _book(world, world.lm, D, D + timedelta(days=4))
    assert (b.held_from, b.held_until) == (D - timedelta(days=2), D + timedelta(days=6))
    app.config["EQUIPMENT_TRANSPORT_DAYS"] = 3
    try:
        assert bookings.held_span(world.item, world.msn, D, D) == (D - timedelta(days=3), D + timedelta(days=3))
    finally:
        app.config.pop("EQUIPMENT_TRANSPORT_DAYS")


def test_touching_the_last_held_day_overlaps(world):
    first = _book(world, world.lm, D, D + timedelta(days=4))  # held until D+6
    with pytest.raises(bookings.BookingConflict) as caught:
        _book(world, world.lk, D + timedelta(days=6), D + timedelta(days=8))
    assert caught.value.clash.id == first.id
    assert "تمرین" in str(caught.value.message)


def test_the_day_after_the_last_held_day_is_free(world):
    _book(world, world.lm, D, D + timedelta(days=4))  # held until D+6
    b = _book(world, world.lk, D + timedelta(days=7), D + timedelta(days=8))
    assert b.id is not None


def test_transport_days_of_the_new_booking_count_too(world):
    _book(world, world.lk, D, D + timedelta(days=4))
    # The Maysan booking starts 2 days after, but its transport days reach back into the first.
    with pytest.raises(bookings.BookingConflict):
        _book(world, world.lm, D + timedelta(days=6), D + timedelta(days=7))
    assert _book(world, world.lm, D + timedelta(days=7), D + timedelta(days=7)).held_from == D + timedelta(days=5)


def test_cancelled_bookings_do_not_block(world):
    b = _book(world, world.lk, D, D + timedelta(days=4))
    bookings.cancel_booking(b, b.version)
    assert _book(world, world.lk, D, D).id


def test_next_free_period_skips_every_booking(world):
    _book(world, world.lk, D, D + timedelta(days=4))
    _book(world, world.lk, D + timedelta(days=6), D + timedelta(days=9))
    with pytest.raises(bookings.BookingConflict) as caught:
        _book(world, world.lk, D + timedelta(days=1), D + timedelta(days=3))
    assert caught.value.suggestion == (D + timedelta(days=10), D + timedelta(days=12))
    with pytest.raises(bookings.BookingConflict) as caught:
        _book(world, world.lm, D + timedelta(days=1), D + timedelta(days=1))
    # Maysan needs 2 transport days after D+9 before its own start: D+12.
    assert caught.value.suggestion == (D + timedelta(days=12), D + timedelta(days=12))


def test_refused_booking_writes_nothing(world):
    _book(world, world.lk, D, D + timedelta(days=4))
    db.session.commit()
    with pytest.raises(bookings.BookingConflict):
        _book(world, world.lk, D, D)
    db.session.rollback()
    assert db.session.query(Booking).count() == 1


def test_unshareable_and_out_of_service_items_are_refused(world):
    world.item.shareable = False
    db.session.flush()
    with pytest.raises(DomainError):
        _book(world, world.lm, D, D)
    assert _book(world, world.lk, D, D).id
    world.item.condition = "out_of_service"
    db.session.flush()
    with pytest.raises(DomainError):
        _book(world, world.lk, D + timedelta(days=5), D + timedelta(days=5))


def test_backwards_dates_and_other_side_are_refused(world):
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world, world.lk, D, D - timedelta(days=1))
    assert caught.value.field == "ends_on"
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world, world.lk, D, D, side=world.msn)
    assert caught.value.field == "user_side_id"


def test_course_dates_are_the_default(world):
    standard = factories.make_standard()
    course_id = factories.make_course(world.item.centre_id, standard, start=D, end=D + timedelta(days=9))
    b = bookings.create_booking(world.item, {"user_side_id": world.msn, "course_id": course_id}, world.lm)
    assert (b.starts_on, b.ends_on) == (D, D + timedelta(days=9))


def test_utilisation_clips_held_span_to_the_period(world):
    _book(world, world.lm, D, D + timedelta(days=4))  # held D-2 .. D+6
    booked, available = services.item_utilisation(world.item.id, D, D + timedelta(days=9))
    assert (booked, available) == (7, 10)
    figures = services.centre_utilisation(D, D + timedelta(days=9))
    assert figures[0].pct == 70


def test_utilisation_from_the_items_bookings_agrees_with_the_query(world):
    """The item's page counts from the bookings it lists: a cancelled booking and one outside the period count
    for nothing, a held span is clipped to the period."""
    _book(world, world.lm, D, D + timedelta(days=4))  # held D-2 .. D+6
    _book(world, world.lm, D + timedelta(days=9), D + timedelta(days=10))  # held D+7 .. D+12
    cancelled = _book(world, world.lm, D + timedelta(days=20), D + timedelta(days=22))
    cancelled.cancelled = True
    _book(world, world.lm, D + timedelta(days=40), D + timedelta(days=41))  # outside the period
    listed = db.session.scalars(select(Booking).where(Booking.item_id == world.item.id)).all()
    for start, days in ((D, 9), (D, 30), (D + timedelta(days=8), 42)):
        end = start + timedelta(days=days)
        assert services.utilisation_of(listed, start, end) == services.item_utilisation(world.item.id, start, end)
    assert services.utilisation_of(listed, D, D + timedelta(days=9)) == (10, 10)
    assert services.utilisation_of(listed, D, D + timedelta(days=30)) == (13, 31)


# Loans --------------------------------------------------------------------------------------------------


def _dispatch(world, day=D, due=D + timedelta(days=30)):
    return transfers.dispatch(world.item, {"to_side_id": world.msn, "day": day, "person": "حمید",
                                           "condition": "good", "due_back_on": due}, world.lk)


def test_loan_goes_through_every_step_in_order(world):
    t = _dispatch(world)
    assert world.item.id in services.abroad_ids()
    with pytest.raises(TransitionError):
        transfers.advance(t, "received", {"day": D, "person": "علي", "condition": "good"}, world.lm)
    transfers.advance(t, "customs_cleared", {"day": D + timedelta(days=1), "person": "علي"}, world.lm)
    transfers.advance(t, "received", {"day": D + timedelta(days=2), "person": "علي", "condition": "good"},
                      world.lm)
    with pytest.raises(PermissionDenied):
        transfers.advance(t, "returned", {"day": D + timedelta(days=9), "person": "علي", "condition": "fair"},
                          world.lm)
    transfers.advance(t, "returned", {"day": D + timedelta(days=9), "person": "حمید", "condition": "fair"},
                      world.lk)
    assert t.status == "returned" and world.item.condition == "fair"
    assert world.item.id not in services.abroad_ids()


def test_a_step_dated_before_the_previous_is_refused(world):
    t = _dispatch(world)
    transfers.advance(t, "customs_cleared", {"day": D, "person": "علي"}, world.lm)
    transfers.advance(t, "received", {"day": D, "person": "علي", "condition": "good"}, world.lm)
    with pytest.raises(services.Invalid) as caught:
        transfers.advance(t, "returned", {"day": D - timedelta(days=1), "person": "حمید", "condition": "good"},
                          world.lk)
    assert caught.value.field == "day"
    assert t.status == "received" and t.returned_on is None


def test_return_before_dispatch_is_refused(world):
    t = _dispatch(world)
    with pytest.raises(TransitionError):
        transfers.advance(t, "returned", {"day": D, "person": "حمید", "condition": "good"}, world.lk)


def test_overdue_and_no_second_dispatch(world):
    t = _dispatch(world, due=D + timedelta(days=3))
    assert transfers.is_overdue(t, D + timedelta(days=4))
    assert not transfers.is_overdue(t, D + timedelta(days=3))
    assert transfers.overdue_item_ids(D + timedelta(days=4)) == {world.item.id}
    with pytest.raises(DomainError):
        _dispatch(world)


def test_due_back_before_dispatch_is_refused(world):
    with pytest.raises(services.Invalid) as caught:
        _dispatch(world, due=D - timedelta(days=1))
    assert caught.value.field == "due_back_on"
