"""Study visit rules: the record's dates, the workflow's steps and their conditions (programme, documents of
every delegate, the host's clock, lessons, a reason), the pieces' limits, and follow-ups as action items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from coordinator import models as _models  # noqa: F401  (every table known before the queries load)
from coordinator.auth.models import User
from coordinator.errors import TransitionError, ValidationFailed
from coordinator.exchanges.models import Trainer
from coordinator.extensions import db
from coordinator.meetings import queries
from coordinator.meetings import services as meetings
from coordinator.meetings.models import ActionItem, Meeting
from coordinator.visits import delegation, parts, services
from coordinator.visits.models import Visit, VisitDelegate
from tests import factories
from tests.notices import heard


def values(sides, **changes) -> dict:
    return {"name_fa": "بازدید از هنرستان‌های کشاورزی", "name_ar": "زيارة المعاهد الزراعية", "name_en": "",
            "host_side_id": sides["MSN"].id, "guest_side_id": sides["KHZ"].id, "purpose_fa": "تبادل تجربه",
            "purpose_ar": "تبادل الخبرات", "starts_on": date(2027, 4, 10), "ends_on": date(2027, 4, 12),
            "host_contacts": "", **changes}


@pytest.fixture
def env(app_ctx, sides, users):
    with force_locale("en"):
        people = {key: db.session.get(User, u.id) for key, u in users.items()}
        yield SimpleNamespace(sides=sides, people=people, khz=sides["KHZ"], msn=sides["MSN"])


def _visit(env, **kw) -> Visit:
    traveller = kw.pop("traveller", None)
    ids = factories.make_visit(env.msn.id, env.khz.id, delegate_trainer_id=traveller, **kw)
    return db.session.get(Visit, ids.visit)


def test_a_visit_ending_before_it_starts_is_refused_and_nothing_is_written(env):
    with pytest.raises(ValidationFailed) as refused:
        services.propose(values(env.sides, ends_on=date(2027, 4, 9)), env.people["liaison_khz"])
    assert ("ends_on", "The visit ends (9 April 2027) before it starts (10 April 2027).") in [
        (p.field, str(p.message)) for p in refused.value.problems]
    db.session.rollback()
    assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_either_side_proposes_and_both_sides_liaisons_and_managers_hear_of_it(env):
    visit = services.propose(values(env.sides), env.people["liaison_khz"])
    db.session.commit()
    assert visit.status == "proposed" and visit.proposed_by_side_id == env.khz.id
    told = set(heard("visit.proposed"))
    assert told == {env.people[k].id for k in ("liaison_msn", "manager_khz", "manager_msn")}  # not the proposer


def test_accepting_needs_the_programme(env):
    visit = _visit(env)
    visit.days.clear()
    db.session.flush()
    with pytest.raises(TransitionError, match="Add the programme"):
        services.move(visit, "accept", env.people["liaison_msn"])
    visit = _visit(env)
    services.move(visit, "accept", env.people["liaison_msn"])
    assert visit.status == "accepted"


def test_a_step_out_of_order_is_refused(env):
    visit = _visit(env)
    with pytest.raises(TransitionError, match="cannot be moved this way"):
        services.move(visit, "took_place", env.people["liaison_msn"])


def test_a_programme_day_outside_the_visit_is_refused(env):
    visit = _visit(env)
    with pytest.raises(ValidationFailed) as refused:
        parts.add_day(visit, {"day": date(2027, 4, 13), "text_fa": "بازگشت", "text_ar": ""}, None)
    assert str(refused.value.message) == "13 April 2027 is outside the visit (10 April 2027 to 12 April 2027)."
    assert len(visit.days) == 1


def test_a_delegate_whose_passport_expires_during_the_visit_is_refused(env):
    traveller = factories.make_trainer(env.khz.id, name_fa="رضا موسوی")
    db.session.get(Trainer, traveller).documents[0].expires_on = date(2027, 4, 11)
    db.session.commit()
    visit = _visit(env)
    with pytest.raises(ValidationFailed) as refused:
        delegation.add_delegate(visit, {"trainer_id": traveller, "post_fa": "مربی"}, env.people["liaison_khz"])
    assert "expires on 11 April 2027" in str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(select(func.count(VisitDelegate.id))) == 0


def test_a_delegate_must_be_of_the_visiting_side_and_listed_once(env):
    visit = _visit(env)
    host_person = factories.make_trainer(env.msn.id, name_fa="علی")
    with pytest.raises(ValidationFailed, match="not of the visiting side"):
        delegation.add_delegate(visit, {"trainer_id": host_person}, env.people["liaison_khz"])
    guest = factories.make_trainer(env.khz.id, name_fa="رضا موسوی")
    delegation.add_delegate(visit, {"trainer_id": guest, "heads": True}, env.people["liaison_khz"])
    with pytest.raises(ValidationFailed, match="already in the delegation"):
        delegation.add_delegate(visit, {"trainer_id": guest}, env.people["liaison_khz"])


def test_confirming_needs_every_delegates_documents_for_the_whole_visit_and_the_margin(env, app):
    traveller = factories.make_trainer(env.khz.id, name_fa="رضا موسوی")
    visit = _visit(env, status="accepted", traveller=traveller)
    # Valid through the visit, but not the 180 days after it: confirming is refused, naming the day needed
    # (the visit ends at midnight in Baghdad, already the 13th in Tehran, the traveller's clock: 13 April + 180).
    db.session.get(Trainer, traveller).documents[0].expires_on = date(2027, 6, 1)
    db.session.flush()
    with pytest.raises(ValidationFailed) as refused:
        services.move(visit, "confirm", env.people["liaison_msn"])
    assert "(10 April 2027 to 12 April 2027)" in str(refused.value.message)  # the visit's dates first
    assert any("must be valid until 10 October 2027" in str(p.message) for p in refused.value.problems)
    assert visit.status == "accepted"
    db.session.get(Trainer, traveller).documents[0].expires_on = date(2030, 1, 1)
    # A visa the host country asks for: the same rule as an assignment abroad.
    app.config["VISA_REQUIRED"] = (("IR", "IQ"),)
    try:
        with pytest.raises(ValidationFailed) as refused:
            services.move(visit, "confirm", env.people["liaison_msn"])
        assert "رضا موسوی has no visa for Maysan on record." in [str(p.message) for p in refused.value.problems]
    finally:
        app.config["VISA_REQUIRED"] = ()
    services.move(visit, "confirm", env.people["liaison_msn"])
    assert visit.status == "confirmed"


def test_confirming_an_empty_delegation_is_refused(env):
    visit = _visit(env, status="accepted")
    with pytest.raises(TransitionError, match="no members yet"):
        services.move(visit, "confirm", env.people["liaison_msn"])


def test_took_place_not_before_the_last_day_on_the_hosts_clock(env):
    visit = _visit(env, status="confirmed")  # hosted in Maysan (Baghdad), last day 12 April 2027
    # 20:45 UTC on the 11th: already the 12th in Tehran (00:15) but not yet in Baghdad (23:45).
    with pytest.raises(TransitionError, match="ends on 12 April 2027"):
        services.move(visit, "took_place", env.people["liaison_msn"], now=datetime(2027, 4, 11, 20, 45, tzinfo=UTC))
    services.move(visit, "took_place", env.people["liaison_msn"], now=datetime(2027, 4, 11, 21, 5, tzinfo=UTC))
    assert visit.status == "took_place"


def test_reporting_needs_a_lesson_and_cancelling_a_reason(env):
    visit = _visit(env, status="took_place")
    with pytest.raises(TransitionError, match="at least one topic"):
        services.move(visit, "report", env.people["liaison_khz"])
    parts.add_lesson(visit, {"topic_fa": "ارزشیابی", "topic_ar": "التقييم", "observations": "آزمون عملی"}, None)
    services.move(visit, "report", env.people["liaison_khz"])
    assert visit.status == "reported"
    other = _visit(env, status="accepted")
    with pytest.raises(ValidationFailed, match="Give the reason"):
        services.move(other, "cancel", env.people["liaison_khz"], reason="  ")
    services.move(other, "cancel", env.people["liaison_khz"], reason="سیل در مسیر")
    db.session.commit()
    assert other.status == "cancelled" and other.reason == "سیل در مسیر"
    assert set(heard("visit.cancelled")) == {env.people[k].id for k in ("liaison_msn", "manager_khz", "manager_msn")}


def test_lessons_wait_for_the_visit_to_take_place(env):
    visit = _visit(env, status="confirmed")
    with pytest.raises(TransitionError, match="once the visit has taken place"):
        parts.add_lesson(visit, {"topic_fa": "الف", "topic_ar": "ب", "observations": "ج"}, None)


def test_a_follow_up_owned_by_someone_of_neither_side_is_refused(env):
    ids = factories.make_visit(env.msn.id, env.khz.id, status="took_place", lesson=True)
    visit = db.session.get(Visit, ids.visit)
    follow = {"lesson_id": ids.lesson, "name_fa": "تهیه بانک سؤال", "name_ar": "إعداد بنك الأسئلة",
              "owner_id": env.people["admin"].id, "due_on": date(2027, 6, 1)}
    with pytest.raises(ValidationFailed) as refused:
        parts.add_follow_up(visit, follow, env.people["liaison_khz"])
    assert any("is of neither side of the visit" in str(p.message) for p in refused.value.problems)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ActionItem.id))) == 0


def test_follow_ups_are_action_items_listed_and_carried_to_the_next_meeting(env):
    ids = factories.make_visit(env.msn.id, env.khz.id, status="took_place", lesson=True)
    visit = db.session.get(Visit, ids.visit)
    action = parts.add_follow_up(visit, {"lesson_id": ids.lesson, "name_fa": "تهیه بانک سؤال",
                                         "name_ar": "إعداد بنك الأسئلة", "owner_id": env.people["manager_khz"].id,
                                         "due_on": date(2027, 6, 1)}, env.people["liaison_khz"])
    db.session.commit()
    assert action.side_id == env.khz.id and action.meeting_id is None
    assert heard("action.assigned").keys() == {env.people["manager_khz"].id}
    # With a meeting's own action item, in the one list of action items, due date first.
    meeting_id = factories.make_meeting(env.msn.id, starts_at=datetime(2027, 3, 1, 7, tzinfo=UTC))
    factories.make_action_item(meeting_id, env.people["liaison_msn"].id, env.msn.id, due_on=date(2027, 7, 1))
    listed = db.session.scalars(queries.search_actions(date(2027, 5, 1))).all()
    assert [a.name_fa for a in listed] == ["تهیه بانک سؤال", "ارسال فهرست کارآموزان"]
    assert [a.id for a in db.session.scalars(queries.search_actions(date(2027, 5, 1), side_id=env.khz.id))] == [
        action.id]
    # The next managers' meeting follows it up: carried to its follow-up agenda item when it opens.
    later = db.session.get(Meeting, factories.make_meeting(env.khz.id, starts_at=datetime(2099, 1, 1, tzinfo=UTC)))
    assert action in meetings.earlier_open_actions(later)


def test_a_steps_notices_are_delivered_by_the_worker(env):
    from coordinator.notifications import worker
    from coordinator.notifications.models import Delivery

    for person in env.people.values():
        person.email = f"{person.username}@coordinator.example"  # the mail folder: no server needed
    visit = _visit(env, status="confirmed")
    services.move(visit, "cancel", env.people["liaison_msn"], reason="سیل در مسیر")
    db.session.commit()
    done = worker.run()
    assert (done.sent, done.failed, done.dropped) == (3, 0, 0), done
    assert db.session.scalars(select(Delivery.last_error).where(Delivery.channel == "email")).all() == ["", "", ""]
