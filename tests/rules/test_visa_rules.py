"""A trip's papers as a liaison would state them: the visa is needed by the configured lead time before
departure; "travelled" too early is refused naming the traveller and the day; a passport running out during
the trip is one of the trip's document problems; substitutes come from the traveller's own side, never the
traveller, in the order of their names, as many as asked and no more."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale

from coordinator.courses.models import Course
from coordinator.errors import StaleEditError, TransitionError, ValidationFailed
from coordinator.exchanges import assignments, visas
from coordinator.exchanges.models import Trainer, TravelDocument
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from tests.notices import heard
from tests.unit.test_conflicts import exchange_setup, make_assignment, make_trainer, utc
from tests.unit.test_trip_visas import TEHRAN, _issue, _propose, trip  # noqa: F401 (trip is a fixture)


def ready_trainer(trip, side="KHZ", name_fa="رضا کعبی") -> Trainer:  # noqa: F811
    """A trainer with the course's skill and a visa for Maysan: could go instead."""
    trainer = db.session.get(Trainer, make_trainer(trip["sides"][side].id, skill_ids=[trip["standard"]],
                                                   name_fa=name_fa))
    trainer.documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
    db.session.flush()
    return trainer


def test_the_visa_is_needed_by_the_configured_lead_time_before_departure(app, trip):  # noqa: F811
    app.config["VISA_LEAD_DAYS"] = 30
    try:
        assignment, _ = _propose(trip)  # leaves 5 December on the traveller's clock
        assert assignment.visa.needed_by == date(2026, 11, 5)
    finally:
        app.config.pop("VISA_LEAD_DAYS")


def test_travelled_too_early_is_refused_naming_the_traveller_and_the_departure_day(trip):  # noqa: F811
    out = local_to_utc(date(2026, 12, 5), time(0, 30), TEHRAN)
    assignment, _ = _propose(trip, out_at=out)
    _issue(assignment, date(2027, 1, 1))
    assignment.status = "confirmed"
    with pytest.raises(TransitionError) as caught:
        assignments.transition(assignment, "travel", trip["admin"], now=utc(2026, 12, 4, 20, 29))
    with force_locale("en"):
        assert str(caught.value.problems[0][1]) == (
            "حسن موسوی leaves on 5 December 2026: the trip cannot be marked as travelled before that day.")
    assert assignment.status == "confirmed"


def test_a_passport_running_out_during_the_trip_is_one_of_its_document_problems(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    _issue(assignment, date(2027, 1, 1))
    assert visas.trip_document_problems(assignment) == []
    trip["trainer"].documents[0].expires_on = date(2026, 12, 6)  # the passport; the trip ends on the 7th
    problems = visas.trip_document_problems(assignment)
    assert [p.kind for p in problems] == ["document"]
    with force_locale("en"):
        assert "The passport of حسن موسوی expires on" in str(problems[0].message)


def test_substitutes_come_from_the_travellers_side_never_the_traveller_in_name_order(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    trip["trainer"].documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
    ready_trainer(trip, "MSN", name_fa="الف میسانی")  # the host side's trainer: not a traveller of this side
    ready_trainer(trip, name_fa="ی آخر")  # saved first, named last
    ready_trainer(trip, name_fa="ب اول")
    assert [t.name_fa for t in visas.substitutes(assignment)] == ["ب اول", "ی آخر"]


def test_substitutes_stop_at_the_number_asked_five_unless_told(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    names = [f"مربی {n}" for n in range(1, 8)]
    for name in names:
        ready_trainer(trip, name_fa=name)
    assert [t.name_fa for t in visas.substitutes(assignment)] == names[:5]
    assert [t.name_fa for t in visas.substitutes(assignment, limit=2)] == names[:2]
    assert [t.name_fa for t in visas.substitutes(assignment, limit=7)] == names



def refusal(call) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    with force_locale("en"):
        return caught.value.problems[0][0], str(caught.value.problems[0][1])


def test_a_visa_state_not_on_the_list_or_an_issued_visa_without_its_last_day_is_refused_saying_so(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    visa = assignment.visa
    version = visa.version
    assert refusal(lambda: visas.update_visa(assignment, {"status": "lost"}, version, trip["admin"])) == (
        "status", "Choose the state of the visa.")
    assert refusal(lambda: visas.update_visa(assignment, {"status": "issued"}, version, trip["admin"])) == (
        "valid_until", "Give the last day the visa is valid.")
    assert (visa.status, visa.valid_until) == ("to_apply", None)


def test_a_visa_changed_since_the_form_was_opened_is_not_overwritten(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    stale = assignment.visa.version
    visas.update_visa(assignment, {"status": "applied"}, stale, trip["admin"])
    db.session.flush()
    with pytest.raises(StaleEditError):
        visas.update_visa(assignment, {"status": "refused"}, stale, trip["admin"])
    assert assignment.visa.status == "applied"


def test_trips_with_gaps_are_this_trainers_accepted_or_confirmed_trips_earliest_first(trip):  # noqa: F811
    sides = trip["sides"]
    trainer = trip["trainer"]
    other = db.session.get(Trainer, make_trainer(sides["KHZ"].id, skill_ids=[trip["standard"]], name_fa="دیگری"))
    later_course, _ = exchange_setup(sides)
    later_course = db.session.get(Course, later_course)
    # No visa anywhere: every trip abroad has a gap. Saved latest first.
    later = make_assignment(trainer.id, later_course.id, utc(2026, 12, 5, 6) + timedelta(days=60),
                            utc(2026, 12, 7, 12) + timedelta(days=60), status="accepted")
    first = make_assignment(trainer.id, trip["course"].id, utc(2026, 12, 5, 6), utc(2026, 12, 7, 12),
                            status="confirmed")
    make_assignment(trainer.id, exchange_setup(sides)[0], utc(2027, 3, 5, 6), utc(2027, 3, 7, 12), status="proposed")
    make_assignment(other.id, trip["course"].id, utc(2026, 12, 5, 6), utc(2026, 12, 7, 12), status="accepted")
    found = visas.trips_with_gaps(db.session.get(Trainer, trainer.id))
    assert [a.id for a, _problems in found] == [first, later]
    assert all([p.kind for p in problems] == ["visa"] for _a, problems in found)


def test_a_visa_ending_before_it_starts_is_refused_naming_both_days_and_one_valid_for_a_day_is_kept(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    visa, version = assignment.visa, assignment.visa.version
    values = {"status": "issued", "valid_from": date(2026, 12, 10), "valid_until": date(2026, 12, 9)}
    assert refusal(lambda: visas.update_visa(assignment, values, version, trip["admin"])) == (
        "valid_until", "The visa's validity ends (9 December 2026) before it starts (10 December 2026).")
    assert visa.status == "to_apply"
    values["valid_until"] = date(2026, 12, 10)
    visas.update_visa(assignment, values, version, trip["admin"])
    assert (visa.status, visa.valid_from, visa.valid_until) == ("issued", date(2026, 12, 10), date(2026, 12, 10))


def test_a_trip_without_a_visa_record_gets_one_when_its_visa_is_recorded(trip):  # noqa: F811
    trip["trainer"].documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 1, 1)))
    assignment, _ = _propose(trip)
    assert assignment.visa is None  # the visa the trainer held was enough when proposed
    visa, _problems = visas.update_visa(assignment, {"status": "applied", "needed_by": date(2026, 11, 30)}, None,
                                        trip["admin"])
    db.session.expire_all()
    assert (visa.assignment_id, visa.status, visa.needed_by) == (assignment.id, "applied", date(2026, 11, 30))


def test_the_visa_number_is_trimmed_and_kept_to_sixty_characters_and_none_is_empty(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    visa = assignment.visa
    visas.update_visa(assignment, {"status": "applied", "number": "  IQ-2026-77  "}, visa.version, trip["admin"])
    assert visa.number == "IQ-2026-77"
    visas.update_visa(assignment, {"status": "applied", "number": "7" * 70}, visa.version, trip["admin"])
    assert visa.number == "7" * 60
    visas.update_visa(assignment, {"status": "applied"}, visa.version, trip["admin"])
    assert visa.number == ""


def test_a_visa_recorded_tells_both_sides_which_trip_and_the_day_and_links_to_it(trip, users):  # noqa: F811
    assignment, _ = _propose(trip)
    visas.update_visa(assignment, {"status": "applied"}, assignment.visa.version, trip["admin"])
    told = heard("visa.updated")
    assert set(told) == {users["liaison_khz"].id, users["liaison_msn"].id}  # the admin made the change
    event = told[users["liaison_msn"].id]
    course = trip["course"]
    assert event.data["course"] == {"fa": course.name_fa, "ar": course.name_ar, "en": course.name_en or ""}
    assert event.data["trainer"]["fa"] == "حسن موسوی" and event.data["day"] == {"date": "2026-12-05"}
    assert event.data["status"]["en"] == "Applied for"
    assert (event.link_endpoint, event.link_args) == ("exchanges.assignment_detail", {"assignment_id": assignment.id})


def test_the_traveller_is_never_their_own_substitute_even_once_the_trip_no_longer_holds_them(trip):  # noqa: F811
    assignment, _ = _propose(trip)
    trip["trainer"].documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
    assignment.status = "declined"  # the trip no longer keeps the traveller busy
    ready_trainer(trip, name_fa="رضا کعبی")
    db.session.flush()
    assert [t.name_fa for t in visas.substitutes(assignment)] == ["رضا کعبی"]
