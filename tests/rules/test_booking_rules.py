"""Booking rules as an equipment coordinator states them: which bookings block a new one, what the refusal
says (what holds the item, from when to when, the next free period), and what a booking keeps."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from coordinator.courses.models import Course
from coordinator.equipment import bookings
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.errors import DomainError
from coordinator.extensions import db
from coordinator.viewer import format_day
from tests import factories

D = date(2027, 3, 1)


def days(n: int) -> date:
    return D + timedelta(days=n)


def _user(role="liaison", side_id=None):
    return SimpleNamespace(role=role, side_id=side_id, is_authenticated=True, is_active=True, id=None)


def _item(side_id, centre_id, tag, name="دستگاه") -> EquipmentItem:
    item = EquipmentItem(side_id=side_id, centre_id=centre_id, category="agro", name_fa=name, name_ar=name,
                         asset_tag=tag, shareable=True)
    db.session.add(item)
    db.session.commit()
    return item


@pytest.fixture
def world(app_ctx, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    centre = factories.make_centre(khz)
    with force_locale("en"):
        yield SimpleNamespace(
            item=_item(khz, centre, "KHZ-DATE-01", "دستگاه درجه‌بندی خرما"),
            other=_item(khz, centre, "KHZ-DATE-02", "دستگاه بسته‌بندی خرما"),
            centre=centre, khz=khz, msn=msn, lk=_user(side_id=khz), lm=_user(side_id=msn),
            admin=_user("admin"))


def _book(item, user, start, end, side=None, purpose="تمرین", **extra) -> Booking:
    values = {"user_side_id": side or user.side_id, "starts_on": start, "ends_on": end, "purpose": purpose}
    return bookings.create_booking(item, values | extra, user)


def _refused(item, user, start, end, **extra) -> bookings.BookingConflict:
    with pytest.raises(bookings.BookingConflict) as caught:
        _book(item, user, start, end, **extra)
    return caught.value


# Which bookings block -------------------------------------------------------------------------------------


def test_a_booking_of_another_item_never_blocks_this_one(world):
    _book(world.other, world.lk, D, days(9), purpose="برداشت")
    mine = _book(world.item, world.lk, days(2), days(4))
    assert (mine.item_id, mine.held_from, mine.held_until) == (world.item.id, days(2), days(4))
    # and the other item's booking is not offered as the clash when this item is taken
    first = _book(world.item, world.lk, days(20), days(22), purpose="تمرین اول")
    _book(world.other, world.lk, days(23), days(25))
    refusal = _refused(world.item, world.lk, days(21), days(21))
    assert refusal.clash.id == first.id
    # nor does it push back the next free period of this one
    assert refusal.suggestion == (days(23), days(23))


def test_a_booking_wholly_after_the_new_period_does_not_block(world):
    _book(world.item, world.lk, days(10), days(12))
    before = _book(world.item, world.lk, D, days(9))
    assert (before.held_from, before.held_until) == (D, days(9))


def test_a_booking_wholly_before_the_new_period_does_not_block(world):
    _book(world.item, world.lk, D, days(3))
    after = _book(world.item, world.lk, days(4), days(6))
    assert after.held_from == days(4)


def test_a_booking_inside_the_new_period_blocks_it(world):
    inner = _book(world.item, world.lk, days(3), days(4), purpose="کارگاه کوتاه")
    assert _refused(world.item, world.lk, D, days(9)).clash.id == inner.id


def test_the_earliest_clash_is_the_one_named(world):
    late = _book(world.item, world.lk, days(6), days(7), purpose="دوم")
    early = _book(world.item, world.lk, days(1), days(2), purpose="اول")
    refusal = _refused(world.item, world.lk, D, days(9))
    assert refusal.clash.id == early.id != late.id
    assert "اول" in str(refusal.message) and "دوم" not in str(refusal.message)


def test_a_cancelled_booking_of_the_item_neither_blocks_nor_holds_the_next_free_period(world):
    gone = _book(world.item, world.lk, days(3), days(5), purpose="لغو شده")
    bookings.cancel_booking(gone, gone.version)
    kept = _book(world.item, world.lk, days(8), days(9), purpose="مانده")
    after = _book(world.item, world.lk, days(10), days(11), purpose="لغو شده بعدی")
    bookings.cancel_booking(after, after.version)
    refusal = _refused(world.item, world.lk, days(7), days(8))
    assert refusal.clash.id == kept.id
    assert refusal.suggestion == (days(10), days(11))
    assert _book(world.item, world.lk, days(3), days(5)).id


def test_the_booking_being_checked_again_is_left_out_but_no_other(world):
    first = _book(world.item, world.lk, D, days(2))
    second = _book(world.item, world.lk, days(5), days(6))
    assert bookings.overlapping(world.item.id, D, days(6), exclude_id=first.id).id == second.id
    assert bookings.overlapping(world.item.id, D, days(2), exclude_id=first.id) is None
    assert bookings.overlapping(world.item.id, D, days(2)).id == first.id


# What the refusal tells --------------------------------------------------------------------------------


def test_the_clash_refusal_names_the_purpose_the_held_days_and_the_next_free_period(world):
    _book(world.item, world.lm, days(2), days(4), purpose="نمایشگاه خرما")  # held D .. D+6
    refusal = _refused(world.item, world.lk, days(1), days(2))
    text = str(refusal.message)
    assert refusal.field == "starts_on"
    assert refusal.suggestion == (days(7), days(8))
    assert text == (
        f"This item is already booked for نمایشگاه خرما from {format_day(D)} to {format_day(days(6))} "
        "(transport days included). The next free period of the same length is "
        f"{format_day(days(7))} to {format_day(days(8))}.")


def test_the_clash_refusal_names_the_course_the_item_is_booked_for(world):
    standard = factories.make_standard()
    course_id = factories.make_course(world.centre, standard, start=days(2), end=days(4))
    course = db.session.get(Course, course_id)
    _book(world.item, world.lk, None, None, purpose="", course_id=course_id)
    text = str(_refused(world.item, world.lk, days(3), days(3)).message)
    assert f"{course.code} {course.name}" in text


def test_a_booking_without_purpose_or_course_is_named_by_its_number(world):
    clash = Booking(item_id=world.item.id, user_side_id=world.khz, starts_on=D, ends_on=days(1),
                    held_from=D, held_until=days(1), purpose="")
    db.session.add(clash)
    db.session.flush()
    assert f"#{clash.id}" in str(_refused(world.item, world.lk, D, D).message)


# The next free period ------------------------------------------------------------------------------------


def test_the_next_free_period_passes_bookings_that_end_before_it_and_stops_at_the_first_gap(world):
    _book(world.item, world.lk, D, days(1))  # ended before the wanted period: skipped
    _book(world.item, world.lk, days(3), days(4))  # the clash
    _book(world.item, world.lk, days(6), days(7))  # leaves days 5 free for one day, not for two
    _book(world.item, world.lk, days(20), days(21))  # far after the gap: the search stops before it
    assert bookings.next_free(world.item, world.khz, days(3), days(4)) == (days(8), days(9))
    assert bookings.next_free(world.item, world.khz, days(3), days(3)) == (days(5), days(5))
    assert bookings.next_free(world.item, world.khz, days(9), days(10)) == (days(9), days(10))


def test_the_next_free_period_starts_the_day_after_a_booking_touching_the_first_day(world):
    _book(world.item, world.lk, D, days(3))
    assert _refused(world.item, world.lk, days(3), days(4)).suggestion == (days(4), days(5))


def test_a_booking_starting_on_the_last_wanted_day_still_moves_the_suggestion(world):
    _book(world.item, world.lk, days(3), days(4))
    _book(world.item, world.lk, days(7), days(8))
    assert bookings.next_free(world.item, world.khz, days(3), days(5)) == (days(9), days(11))


def _raw(world, start, end, item=None) -> Booking:
    row = Booking(item_id=(item or world.item).id, user_side_id=world.khz, starts_on=start, ends_on=end,
                  held_from=start, held_until=end, purpose="قدیمی")
    db.session.add(row)
    db.session.flush()
    return row


def test_the_next_free_period_reads_bookings_in_date_order_whatever_their_age(world):
    # Recorded latest first (as imported data may be): the search still walks them by date.
    _raw(world, days(9), days(10))
    _raw(world, days(6), days(7))
    _raw(world, days(3), days(4))
    assert bookings.next_free(world.item, world.khz, days(3), days(4)) == (days(11), days(12))
    assert bookings.next_free(world.item, world.khz, days(3), days(3)) == (days(5), days(5))
    assert bookings.next_free(world.item, world.khz, days(3), days(5)) == (days(11), days(13))


def test_the_next_free_period_passes_a_booking_inside_one_already_passed(world):
    # Older records may overlap (made before the rule): a short one inside a long one is passed over, and
    # the bookings after both still count.
    _raw(world, days(3), days(20))
    _raw(world, days(5), days(6))
    _raw(world, days(22), days(23))
    assert bookings.next_free(world.item, world.khz, days(4), days(5)) == (days(24), days(25))


def test_the_search_for_a_free_period_reads_a_bounded_number_of_bookings(world, monkeypatch):
    for n in range(3):
        _raw(world, days(3 * n), days(3 * n + 2))  # 0..2, 3..5, 6..8 back to back
    monkeypatch.setattr(bookings, "MAX_SCAN", 2)
    assert bookings.next_free(world.item, world.khz, D, D) == (days(6), days(6))
    monkeypatch.setattr(bookings, "MAX_SCAN", 500)
    assert bookings.next_free(world.item, world.khz, D, D) == (days(9), days(9))


def test_bookings_over_before_the_wanted_day_do_not_use_up_the_search(world, monkeypatch):
    _raw(world, D - timedelta(days=30), D - timedelta(days=29))
    _raw(world, D - timedelta(days=20), D - timedelta(days=19))
    _raw(world, D, days(1))
    monkeypatch.setattr(bookings, "MAX_SCAN", 1)
    assert bookings.next_free(world.item, world.khz, D, D) == (days(2), days(2))


def test_the_next_free_period_for_the_other_side_keeps_transport_days_clear(world):
    _book(world.item, world.lk, days(3), days(4))
    _book(world.item, world.lk, days(12), days(13))
    # Maysan holds two transport days on each side: day 5..6 after the clash, so from day 7 (held 5..9).
    assert bookings.next_free(world.item, world.msn, days(4), days(4)) == (days(7), days(7))
    # Days 5..11 are free: just enough for a three-day use (held 5..11), one day short for a four-day use,
    # which then waits for day 13 and two transport days after it.
    assert bookings.next_free(world.item, world.msn, days(4), days(6)) == (days(7), days(9))
    assert bookings.next_free(world.item, world.msn, days(4), days(7)) == (days(16), days(19))


# What a booking keeps -------------------------------------------------------------------------------------


def test_a_booking_for_a_course_keeps_its_course_and_dates(world):
    standard = factories.make_standard()
    course_id = factories.make_course(world.centre, standard, start=days(2), end=days(5))
    booking = _book(world.item, world.lk, None, None, purpose=None, course_id=course_id)
    assert (booking.course_id, booking.starts_on, booking.ends_on) == (course_id, days(2), days(5))
    assert booking.purpose == ""
    own_dates = _book(world.other, world.lk, days(3), days(4), purpose="", course_id=course_id)
    assert (own_dates.course_id, own_dates.starts_on, own_dates.ends_on) == (course_id, days(3), days(4))


def test_a_course_that_does_not_exist_is_refused_on_the_course_field(world):
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D, course_id=999999)
    assert caught.value.field == "course_id"
    assert str(caught.value.message) == "Choose a course from the list."
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D, course_id="7")
    assert caught.value.field == "course_id"


def test_an_admin_may_book_for_either_side_and_a_liaison_for_their_own_only(world):
    for_maysan = _book(world.item, world.admin, D, days(1), side=world.msn)
    assert (for_maysan.user_side_id, for_maysan.held_from) == (world.msn, D - timedelta(days=2))
    for_khuzestan = _book(world.other, world.admin, D, days(1), side=world.khz)
    assert for_khuzestan.user_side_id == world.khz
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, days(30), days(30), side=world.msn)
    assert caught.value.field == "user_side_id"
    assert str(caught.value.message) == "You may book for your own side only."


def test_a_course_or_side_given_as_text_is_not_guessed(world):
    standard = factories.make_standard()
    course_id = factories.make_course(world.centre, standard, start=days(2), end=days(5))
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D, course_id=str(course_id))
    assert caught.value.field == "course_id"
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D, side=str(world.khz))
    assert (caught.value.field, str(caught.value.message)) == ("user_side_id", "Choose the side that uses the item.")


def test_an_empty_course_field_means_no_course(world):
    booking = _book(world.item, world.lk, D, D, course_id="")
    assert (booking.course_id, booking.purpose) == (None, "تمرین")


def test_someone_without_a_role_books_for_their_own_side_only(world):
    nobody = SimpleNamespace(side_id=world.khz)
    assert _book(world.item, nobody, D, D).user_side_id == world.khz
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, nobody, days(3), days(3), side=world.msn)
    assert caught.value.field == "user_side_id"
    sideless = SimpleNamespace(role="manager")
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, sideless, days(6), days(6), side=world.khz)
    assert str(caught.value.message) == "You may book for your own side only."


def test_a_side_must_be_chosen(world):
    with pytest.raises(bookings.BookingInvalid) as caught:
        bookings.create_booking(world.item, {"starts_on": D, "ends_on": D, "purpose": "x"}, world.lk)
    assert caught.value.field == "user_side_id"
    assert str(caught.value.message) == "Choose the side that uses the item."


def test_the_purpose_holds_up_to_a_thousand_characters(world):
    assert len(_book(world.item, world.lk, D, D, purpose="ا" * 1000).purpose) == 1000
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, days(5), days(5), purpose="ا" * 1001)
    assert caught.value.field == "purpose"
    assert str(caught.value.message) == "Enter no more than 1000 characters."


def test_the_purpose_is_kept_on_one_line_without_bidi_marks(world):
    booking = _book(world.item, world.lk, D, D, purpose="\u200f  تمرین \n  برداشت\u200e ")
    assert booking.purpose == "تمرین برداشت"


def test_a_booking_needs_a_course_or_a_purpose_and_both_days(world):
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D, purpose="  ")
    assert (caught.value.field, str(caught.value.message)) == ("purpose", "Choose a course or describe the purpose.")
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, None, D)
    assert (caught.value.field, str(caught.value.message)) == ("starts_on", "Enter the first day.")
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, None)
    assert (caught.value.field, str(caught.value.message)) == ("ends_on", "Enter the last day.")
    with pytest.raises(bookings.BookingInvalid) as caught:
        _book(world.item, world.lk, D, D - timedelta(days=1))
    assert str(caught.value.message) == "The last day cannot be before the first day."


def test_refusals_of_the_item_itself_say_why(world):
    world.other.condition = "out_of_service"
    world.item.shareable = False
    db.session.flush()
    with pytest.raises(DomainError) as caught:
        _book(world.other, world.lk, D, D)
    assert str(caught.value.message) == "This item is out of service and cannot be booked."
    with pytest.raises(DomainError) as caught:
        _book(world.item, world.lm, D, D)
    assert caught.value.field == "user_side_id"
    assert str(caught.value.message).startswith("This item is not shared with the other side")


def test_a_cancelled_booking_cannot_be_cancelled_again(world):
    booking = _book(world.item, world.lk, D, D)
    bookings.cancel_booking(booking, booking.version)
    assert booking.cancelled and bookings.is_cross_border(booking) is False
    with pytest.raises(DomainError) as caught:
        bookings.cancel_booking(booking, booking.version)
    assert str(caught.value.message) == "This booking is already cancelled."
    assert bookings.is_cross_border(_book(world.item, world.lm, days(9), days(9)))


def test_transport_days_are_never_negative_and_zero_means_none(world, app):
    for configured, expected in ((-3, 0), (0, 0), (1, 1)):
        app.config["EQUIPMENT_TRANSPORT_DAYS"] = configured
        try:
            assert bookings.transport_days() == expected
        finally:
            app.config.pop("EQUIPMENT_TRANSPORT_DAYS")
    assert bookings.transport_days() == 2


def test_outside_the_app_the_default_transport_days_apply():
    item = SimpleNamespace(side_id=1)
    assert bookings.transport_days() == 2
    assert bookings.held_span(item, 2, D, D) == (D - timedelta(days=2), D + timedelta(days=2))
    assert bookings.held_span(item, 2, D, D, days=5) == (D - timedelta(days=5), D + timedelta(days=5))
    assert bookings.held_span(item, 1, D, D, days=5) == (D, D)


def test_a_booking_tells_the_items_side_liaisons_which_item_and_from_when(world, users):
    from coordinator.auth.models import User
    from coordinator.notifications.models import Delivery, OutboxEvent

    admin = db.session.get(User, users["admin"].id)
    booking = _book(world.item, admin, days(3), days(4), side=world.msn)
    event = db.session.scalar(db.select(OutboxEvent).where(OutboxEvent.kind == "booking.made"))
    assert (event.record_type, event.record_id, event.actor_id) == (Booking.__tablename__, booking.id, admin.id)
    assert event.data == {"item": {"fa": world.item.name_fa, "ar": world.item.name_ar, "en": ""},
                          "day": {"date": days(3).isoformat()}}
    assert (event.link_endpoint, event.link_args) == ("equipment.item", {"item_id": world.item.id})
    told = {d.user_id for d in db.session.scalars(db.select(Delivery).where(Delivery.event_id == event.id))}
    assert told == {users["liaison_khz"].id}  # the owner side's liaison, not the other side's
