"""A trainee of a group trip is checked by the very document rules a trainer is (conflicts.document_problems):
the passport until the return day (the travellers' clock) plus the margin, the visa for every day in the host
country."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coordinator.exchanges import group_trips
from coordinator.exchanges.conflicts import expiry_margin_days
from coordinator.exchanges.group_models import GroupTrip
from coordinator.extensions import db
from tests import factories
from tests.unit.test_conflicts import exchange_setup

EN = {"Accept-Language": "en"}


@pytest.fixture
def trip(app_ctx, sides):
    course_id, _standard = exchange_setup(sides)
    trip_id, _traveller_id = factories.make_group_trip(course_id, sides["KHZ"].id)
    record = db.session.get(GroupTrip, trip_id)
    # Back at 21:00 UTC on 28 December: already 29 December (00:30) on Tehran's clock.
    record.travel_back_at = datetime(2026, 12, 28, 21, tzinfo=UTC)
    db.session.commit()
    return record


def messages(trip):
    from flask import current_app

    with current_app.test_request_context(headers=EN):
        return [str(p) for p in group_trips.traveller_problems(trip, trip.travellers[0])]


def test_the_passport_must_last_until_the_return_day_on_the_travellers_clock_plus_the_margin(app_ctx, trip,
                                                                                               monkeypatch):
    monkeypatch.setitem(app_ctx.config, "VISA_REQUIRED", ())
    needed = date(2026, 12, 29) + timedelta(days=expiry_margin_days())
    traveller = trip.travellers[0]
    assert messages(trip) == ["فاطمه کعبی has no passport on record."]
    traveller.passport_expires_on = needed
    assert messages(trip) == []
    traveller.passport_expires_on = needed - timedelta(days=1)
    [message] = messages(trip)
    assert message.startswith("The passport of فاطمه کعبی expires on") and "must be valid until" in message


def test_the_visa_must_cover_every_day_in_the_host_country(app_ctx, trip, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "VISA_REQUIRED", (("IR", "IQ"),))
    traveller = trip.travellers[0]
    traveller.passport_expires_on = date(2030, 1, 1)
    traveller.visa_status = "applied"
    [message] = messages(trip)
    assert "“Applied for”: it must be issued for the whole trip" in message
    # Leaving Iraq at 21:00 UTC on 28 December is 00:00 on 29 December in Baghdad: the visa covers that day.
    traveller.visa_status, traveller.visa_valid_from = "issued", date(2026, 12, 1)
    traveller.visa_valid_until = date(2026, 12, 29)
    assert messages(trip) == []
    traveller.visa_valid_until = date(2026, 12, 28)
    [message] = messages(trip)
    assert "is valid until" in message and "Maysan" in message
    traveller.visa_valid_until, traveller.visa_valid_from = date(2026, 12, 29), trip.course.start_date
    [message] = messages(trip)  # valid only from the first course day: after the group arrives
    assert "is valid from" in message


def test_no_visa_is_asked_where_the_host_country_does_not_ask(app_ctx, trip, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "VISA_REQUIRED", ())
    trip.travellers[0].passport_expires_on = date(2030, 1, 1)
    assert messages(trip) == []


def test_the_daily_check_warns_both_sides_of_a_confirmed_trip_whose_documents_no_longer_hold(app_ctx, trip, users,
                                                                                             monkeypatch):
    from tests.notices import heard

    monkeypatch.setitem(app_ctx.config, "VISA_REQUIRED", ())
    trip.status = "confirmed"
    trip.travellers[0].passport_expires_on = date(2030, 1, 1)
    db.session.commit()
    before = trip.travel_out_at - timedelta(days=10)
    assert group_trips.recheck_confirmed(before) == 0
    trip.travellers[0].passport_expires_on = date(2027, 1, 1)  # renewed passport entered wrong: too short now
    db.session.commit()
    assert group_trips.recheck_confirmed(before) == 1
    assert group_trips.recheck_confirmed(before) == 0  # once a day
    assert set(heard("group_trip.documents_gap")) == {users["liaison_khz"].id, users["liaison_msn"].id}
    assert group_trips.recheck_confirmed(trip.travel_out_at + timedelta(hours=1)) == 0  # gone: no longer asked
