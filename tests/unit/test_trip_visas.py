"""The documents of a trip at their boundaries: proposing "subject to visa", confirming and travelling only
when the visa covers every day in the host country (its clock) plus the margin, "travelled" not before the
departure day on the traveller's clock, and a substitute who could go instead."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.errors import ConflictError, TransitionError
from coordinator.exchanges import assignments, visas
from coordinator.exchanges.models import Assignment, Trainer, TravelDocument, TripVisa
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from tests.unit.test_conflicts import BACK, OUT, exchange_setup, make_assignment, make_trainer, utc

TEHRAN, BAGHDAD = "Asia/Tehran", "Asia/Baghdad"


@pytest.fixture
def trip(app, app_ctx, sides, users):
    app.config["VISA_REQUIRED"] = [("IR", "IQ")]
    course_id, standard_id = exchange_setup(sides)
    trainer_id = make_trainer(sides["KHZ"].id, skill_ids=[standard_id])
    admin = db.session.get(User, users["admin"].id)
    yield {"course": db.session.get(Course, course_id), "trainer": db.session.get(Trainer, trainer_id),
           "standard": standard_id, "admin": admin, "sides": sides}
    app.config.pop("VISA_REQUIRED")


def _propose(trip, out_at=OUT, back_at=BACK):
    return assignments.create_assignment(trip["course"], trip["trainer"],
                                         {"travel_out_at": out_at, "travel_back_at": back_at}, trip["admin"])


def _issue(assignment, valid_until, valid_from=None):
    visa = assignment.visa
    visa.status, visa.valid_until, visa.valid_from = "issued", valid_until, valid_from
    db.session.flush()


def _confirm(assignment, admin):
    assignment.status = "accepted"
    return assignments.transition(assignment, "confirm", admin)


def test_a_trainer_without_a_visa_is_proposed_subject_to_visa(trip):
    assignment, warnings = _propose(trip)
    assert assignment.status == "proposed"
    with force_locale("en"):
        assert [str(w.message) for w in warnings if w.kind == "visa"] == [
            "Proposed subject to visa: حسن موسوی has no visa for Maysan on record."]
    # Needed by: the lead time before the departure day on the trainer's clock (OUT is 09:30 in Tehran, 5 Dec).
    assert (assignment.visa.status, assignment.visa.needed_by) == ("to_apply", date(2026, 11, 21))


def test_a_trainer_holding_a_valid_visa_needs_no_visa_record(trip):
    trip["trainer"].documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 1, 1)))
    assignment, warnings = _propose(trip)
    assert assignment.visa is None and not [w for w in warnings if w.kind == "visa"]


def test_confirming_is_refused_until_the_visa_is_issued_naming_its_state(trip):
    assignment, _ = _propose(trip)
    assignment.visa.status = "applied"
    with pytest.raises(ConflictError) as caught:
        _confirm(assignment, trip["admin"])
    with force_locale("en"):
        assert "is “Applied for”: it must be issued for the whole trip" in str(caught.value.problems[0][1])
    assert db.session.get(Assignment, assignment.id).status != "confirmed"


def test_visa_valid_exactly_until_the_day_of_leaving_the_host_country(trip):
    assignment, _ = _propose(trip)
    leaving = date(2026, 12, 7)  # BACK is 12:00 UTC: 15:00 in Baghdad
    _issue(assignment, leaving - timedelta(days=1))
    db.session.commit()
    with pytest.raises(ConflictError) as caught:
        _confirm(assignment, trip["admin"])
    with force_locale("en"):
        assert "is valid until" in str(caught.value.problems[0][1])
    db.session.rollback()
    assignment = db.session.get(Assignment, assignment.id)
    _issue(assignment, leaving)
    _confirm(assignment, trip["admin"])
    assert assignment.status == "confirmed"


def test_the_leaving_day_is_read_on_the_host_clock(trip):
    """Back at 00:30 Baghdad on 8 December (21:30 UTC on the 7th): a visa until the 7th does not cover it."""
    back = local_to_utc(date(2026, 12, 8), time(0, 30), BAGHDAD)
    assert back.date() == date(2026, 12, 7)
    assignment, _ = _propose(trip, back_at=back)
    _issue(assignment, date(2026, 12, 7))
    assert [p.kind for p in visas.trip_document_problems(assignment)] == ["visa"]
    assignment.visa.valid_until = date(2026, 12, 8)
    assert visas.trip_document_problems(assignment) == []


def test_visa_margin_and_first_valid_day(trip, app):
    assignment, _ = _propose(trip)
    arrival = date(2026, 12, 5)  # OUT is 06:00 UTC: 09:00 in Baghdad
    _issue(assignment, date(2026, 12, 9), valid_from=arrival)
    assert visas.trip_document_problems(assignment) == []
    app.config["VISA_MARGIN_DAYS"] = 2
    try:
        assert visas.trip_document_problems(assignment) == []  # 7 Dec + 2 = 9 Dec: exactly enough
        assignment.visa.valid_until = date(2026, 12, 8)
        assert [p.kind for p in visas.trip_document_problems(assignment)] == ["visa"]
    finally:
        app.config.pop("VISA_MARGIN_DAYS")
    assignment.visa.valid_from = arrival + timedelta(days=1)
    problems = visas.trip_document_problems(assignment)
    with force_locale("en"):
        assert len(problems) == 1 and "after the arrival" in str(problems[0].message)


def test_a_passport_expiring_during_the_trip_blocks_confirmation_too(trip):
    assignment, _ = _propose(trip)
    _issue(assignment, date(2027, 1, 1))
    trip["trainer"].documents[0].expires_on = date(2026, 12, 6)
    with pytest.raises(ConflictError) as caught:
        _confirm(assignment, trip["admin"])
    with force_locale("en"):
        assert "The passport of حسن موسوی expires on" in str(caught.value.problems[0][1])


def test_travelled_not_before_the_departure_day_on_the_travellers_clock(trip):
    # Leaves at 00:30 Tehran on 5 Dec = 21:00 UTC on 4 Dec.
    out = local_to_utc(date(2026, 12, 5), time(0, 30), TEHRAN)
    assignment, _ = _propose(trip, out_at=out)
    _issue(assignment, date(2027, 1, 1))
    assignment.status = "confirmed"
    eve = utc(2026, 12, 4, 20, 29)  # 23:59 in Tehran on the 4th (already the 4th's evening in Baghdad too)
    with pytest.raises(TransitionError) as caught:
        assignments.transition(assignment, "travel", trip["admin"], now=eve)
    with force_locale("en"):
        assert "cannot be marked as travelled before that day" in str(caught.value.problems[0][1])
    assignments.transition(assignment, "travel", trip["admin"], now=utc(2026, 12, 4, 20, 31))  # 00:01 Tehran
    assert assignment.status == "travelled"


def test_a_substitute_has_the_skill_is_free_and_holds_valid_documents(trip):
    sides = trip["sides"]
    assignment, _ = _propose(trip)
    ready = db.session.get(Trainer, make_trainer(sides["KHZ"].id, skill_ids=[trip["standard"]],
                                                 name_fa="رضا کعبی"))
    ready.documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
    make_trainer(sides["KHZ"].id, skill_ids=[trip["standard"]], name_fa="بی‌روادید")  # no visa
    make_trainer(sides["KHZ"].id, skill_ids=[], name_fa="بی‌مهارت")  # no skill
    busy = db.session.get(Trainer, make_trainer(sides["KHZ"].id, skill_ids=[trip["standard"]],
                                                name_fa="پرمشغله"))
    busy.documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
    other_course, _ = exchange_setup(sides)
    make_assignment(busy.id, other_course, OUT, BACK, status="confirmed")
    db.session.flush()
    assert [t.name_fa for t in visas.substitutes(assignment)] == ["رضا کعبی"]


def test_a_trip_visa_is_one_per_assignment(trip):
    assignment, _ = _propose(trip)
    assert db.session.query(TripVisa).filter_by(assignment_id=assignment.id).count() == 1
