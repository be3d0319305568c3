"""A trip's papers are news for its people: a visa recorded on the trip and a travel document removed under a
trip it was covering reach the traveller and both sides' liaisons, in each one's language."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from coordinator.notifications.render import sentence
from tests.functional.test_assignments import form_data, login_to
from tests.functional.test_trip_visa_pages import visa_form, world  # noqa: F401  (the fixture)
from tests.notices import heard as told


def _proposed_and_accepted(app, client, world):  # noqa: F811
    login_to(client, "liaison.msn")
    client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]))
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assignment.status = "accepted"
        db.session.commit()
        return assignment.id, assignment.visa.version


def test_a_visa_recorded_on_a_trip_tells_the_traveller_and_the_other_side_in_their_language(
        app, client, world, users):  # noqa: F811
    assignment_id, version = _proposed_and_accepted(app, client, world)
    assert client.post(f"/exchange/assignments/{assignment_id}/visa",
                       data=visa_form("refused", version=version)).status_code == 302
    with app.app_context():
        heard = told("visa.updated")
        # The trainer and Khuzestan's liaison; Maysan's liaison recorded it and is not told of their own act.
        assert set(heard) == {users["trainer_khz"].id, users["liaison_khz"].id}
        event = heard[users["trainer_khz"].id]
        assert "رد شده" in sentence(event, "fa") and "حسن موسوی" in sentence(event, "fa")
        assert "مرفوضة" in sentence(event, "ar") and "حسن الموسوي" in sentence(event, "ar")
        assert "Refused" in sentence(event, "en")


def test_removing_the_passport_under_an_accepted_trip_warns_both_sides(app, client, world, users):  # noqa: F811
    assignment_id, version = _proposed_and_accepted(app, client, world)
    client.post(f"/exchange/assignments/{assignment_id}/visa",
                data=visa_form("issued", until=date(2026, 12, 31), version=version))
    with app.app_context():
        passport = next(d for d in db.session.get(Trainer, world["khz"]).documents if d.kind == "passport")
        before = told("trip.documents_gap")
    assert before == {}
    trainer = app.test_client()
    login_to(trainer, "trainer.khz")
    response = trainer.post(f"/exchange/trainers/{world['khz']}/documents/{passport.id}/delete", data={})
    assert response.status_code == 302
    with app.app_context():
        heard = told("trip.documents_gap")
        # Both sides' liaisons; the trainer removed it themself.
        assert set(heard) == {users["liaison_khz"].id, users["liaison_msn"].id}
        assert "no longer cover" in sentence(next(iter(heard.values())), "en")


def test_a_document_removed_with_no_trip_depending_on_it_tells_nobody(app, client, world, users):  # noqa: F811
    with app.app_context():
        passport = next(d for d in db.session.get(Trainer, world["khz"]).documents if d.kind == "passport")
    login_to(client, "trainer.khz")
    assert client.post(f"/exchange/trainers/{world['khz']}/documents/{passport.id}/delete",
                       data={}).status_code == 302
    with app.app_context():
        assert told("trip.documents_gap") == {}
