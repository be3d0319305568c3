"""A visit's delegation: guests who are not trainers (directors, centre managers, outside guests) checked by the
same document rules as every traveller, the visa recorded per delegate for the visit, confirming refused with the
delegate's name and dates, and the pieces changed by the rules they were added with."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from coordinator import models as _models  # noqa: F401  (every table known before the queries load)
from coordinator.auth.models import User
from coordinator.errors import TransitionError, ValidationFailed
from coordinator.extensions import db
from coordinator.visits import delegation, parts, services
from coordinator.visits.models import Visit, VisitDay, VisitDelegate
from tests import factories


@pytest.fixture
def env(app_ctx, sides, users):
    with force_locale("en"):
        people = {key: db.session.get(User, u.id) for key, u in users.items()}
        yield SimpleNamespace(sides=sides, people=people, khz=sides["KHZ"], msn=sides["MSN"])


def _visit(env, **kw) -> Visit:
    ids = factories.make_visit(env.msn.id, env.khz.id, **kw)  # hosted by Maysan, 10–12 April 2027
    return db.session.get(Visit, ids.visit)


def guest(**changes) -> dict:
    return {"name_fa": "مهندس پرویز نادری", "name_ar": "المهندس برويز نادري", "name_en": "Parviz Naderi",
            "passport_number": "b ۱۲۳۴-۵۶۷۸", "passport_expires_on": date(2031, 5, 1), "post_fa": "مدیرکل",
            "post_ar": "المدير العام", **changes}


def test_a_guest_joins_with_a_normalised_passport_and_the_visiting_side(env):
    visit = _visit(env)
    delegate, open_visa = delegation.add_delegate(visit, guest(user_id=env.people["manager_khz"].id),
                                                  env.people["liaison_khz"])
    db.session.commit()
    assert delegate.trainer_id is None and delegate.passport_number == "B12345678"
    assert delegate.side_id == env.khz.id and delegate.traveller.name == "Parviz Naderi"  # English: Latin
    with force_locale("fa"):
        assert delegate.traveller.name == "مهندس پرویز نادری"
    assert delegate.masked_passport_number == "••••••678" and open_visa == []
    # The passport is what the letters and the border list read.
    from coordinator.exchanges.invitations import passport_of

    assert passport_of(delegate.traveller).number == "B12345678"


def test_a_guest_whose_passport_expires_during_the_visit_is_refused_by_the_same_rule(env):
    visit = _visit(env)
    with pytest.raises(ValidationFailed) as refused:
        delegation.add_delegate(visit, guest(passport_expires_on=date(2027, 4, 11)), env.people["liaison_khz"])
    assert str(refused.value.message).startswith(
        "The passport of Parviz Naderi expires on 11 April 2027; it must be valid until")
    db.session.rollback()
    assert db.session.scalar(select(func.count(VisitDelegate.id))) == 0


def test_a_guest_needs_a_name_and_a_well_formed_passport_and_comes_once(env):
    visit = _visit(env)
    with pytest.raises(ValidationFailed) as refused:
        delegation.add_delegate(visit, guest(name_fa="", name_ar="", passport_number="ABC",
                                             passport_expires_on=None, name_en="پرویز"), env.people["liaison_khz"])
    assert {p.field for p in refused.value.problems} == {"name_fa", "name_en", "passport_number",
                                                         "passport_expires_on"}
    delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    with pytest.raises(ValidationFailed, match="already travels in this delegation with this passport number"):
        delegation.add_delegate(visit, guest(name_fa="دیگری", passport_number="B12345678"),
                                env.people["liaison_khz"])


def test_a_guest_account_is_a_manager_or_liaison_of_the_visiting_side(env):
    visit = _visit(env)
    for wrong in ("liaison_msn", "trainer_khz"):
        if wrong not in env.people:
            continue
        with pytest.raises(ValidationFailed, match="Choose a manager or liaison of the visiting side"):
            delegation.add_delegate(visit, guest(user_id=env.people[wrong].id), env.people["liaison_khz"])


def test_confirming_is_refused_while_a_guests_visa_is_pending_then_goes_once_issued(env, app):
    visit = _visit(env, status="accepted")
    delegate, _open = delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    app.config["VISA_REQUIRED"] = (("IR", "IQ"),)
    try:
        delegation.record_visa(visit, delegate.id, {"visa_status": "applied"}, env.people["liaison_khz"])
        with pytest.raises(ValidationFailed) as refused:
            services.move(visit, "confirm", env.people["liaison_msn"])
        messages = [str(p.message) for p in refused.value.problems]
        assert messages[0] == ("The documents of the delegation do not hold for the visit (10 April 2027 to "
                               "12 April 2027):")
        assert "The visa of Parviz Naderi for Maysan is “Applied for”" in messages[1]
        assert visit.status == "accepted"
        # Issued, but only until the last day: the margin is 0 days, so the 12th is enough; the 11th is not.
        delegation.record_visa(visit, delegate.id, {"visa_status": "issued", "visa_valid_from": date(2027, 4, 1),
                                                    "visa_valid_until": date(2027, 4, 11)}, None)
        with pytest.raises(ValidationFailed) as refused:
            services.move(visit, "confirm", env.people["liaison_msn"])
        assert ("The visa of Parviz Naderi for Maysan is valid until 11 April 2027; it must be valid until 12 April "
                "2027 (the day of leaving Maysan, plus 0 days).") in [str(p.message) for p in refused.value.problems]
        delegation.record_visa(visit, delegate.id, {"visa_status": "issued", "visa_valid_from": date(2027, 4, 1),
                                                    "visa_valid_until": date(2027, 4, 12)}, None)
        services.move(visit, "confirm", env.people["liaison_msn"])  # valid through the last day: enough
        visit.status = "accepted"
        _d, findings = delegation.record_visa(visit, delegate.id, {
            "visa_status": "issued", "visa_valid_from": date(2027, 4, 1), "visa_valid_until": date(2027, 5, 1),
            "visa_number": "v-99 12"}, None)
        assert findings == [] and delegate.visa_number == "V9912"
        services.move(visit, "confirm", env.people["liaison_msn"])
    finally:
        app.config["VISA_REQUIRED"] = ()
    assert visit.status == "confirmed"


def test_a_visa_issued_needs_its_last_day_after_its_first(env):
    visit = _visit(env)
    delegate, _open = delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    with pytest.raises(ValidationFailed, match="Give the last day the visa is valid"):
        delegation.record_visa(visit, delegate.id, {"visa_status": "issued"}, None)
    with pytest.raises(ValidationFailed, match=r"ends \(1 April 2027\) before it starts \(2 April 2027\)"):
        delegation.record_visa(visit, delegate.id, {"visa_status": "issued", "visa_valid_from": date(2027, 4, 2),
                                                    "visa_valid_until": date(2027, 4, 1)}, None)


def test_a_guests_passport_changed_to_one_that_does_not_hold_leaves_the_record_as_it_was(env):
    visit = _visit(env)
    delegate, _open = delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    with pytest.raises(ValidationFailed, match="expires on 12 April 2027"):
        delegation.update_delegate(visit, delegate.id, guest(passport_expires_on=date(2027, 4, 12),
                                                             post_fa="معاون"), None)
    assert delegate.passport_expires_on == date(2031, 5, 1) and delegate.post_fa == "مدیرکل"
    delegation.update_delegate(visit, delegate.id, guest(post_fa="معاون", heads=True), None)
    assert delegate.post_fa == "معاون" and delegate.heads


def test_a_trainer_delegates_post_is_changed_and_one_heads_the_delegation(env):
    first = factories.make_trainer(env.khz.id, name_fa="رضا موسوی")
    visit = _visit(env, delegate_trainer_id=first)  # the factory's delegate heads the delegation
    second, _open = delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    delegation.update_delegate(visit, second.id, guest(heads=True, post_ar="رئيس الوفد"), None)
    assert [d.heads for d in visit.delegates] == [False, True] and second.post_ar == "رئيس الوفد"


def test_a_programme_day_is_changed_only_inside_the_visit_and_a_place_and_a_topic_as_added(env):
    visit = _visit(env)
    day = visit.days[0]
    with pytest.raises(ValidationFailed, match=r"13 April 2027 is outside the visit"):
        parts.update_part(visit, "day", day.id, {"day": date(2027, 4, 13), "text_fa": "بازگشت"}, None)
    db.session.rollback()
    assert db.session.get(VisitDay, day.id).day == date(2027, 4, 10)
    parts.update_part(visit, "day", day.id, {"day": date(2027, 4, 11), "text_fa": "بازدید از گلخانه"}, None)
    assert (day.day, day.text_fa, day.text_ar) == (date(2027, 4, 11), "بازدید از گلخانه", "")
    place = visit.places[0]
    with pytest.raises(ValidationFailed, match="name the place in Persian and in Arabic"):
        parts.update_part(visit, "place", place.id, {"kind": "company", "name_fa": "شرکت"}, None)
    parts.update_part(visit, "place", place.id, {"kind": "company", "name_fa": "شرکت نخل", "name_ar": "شركة النخيل"},
                      None)
    assert place.kind == "company" and place.name_ar == "شركة النخيل"


def test_a_topic_changes_only_once_the_visit_took_place(env):
    ids = factories.make_visit(env.msn.id, env.khz.id, status="took_place", lesson=True)
    visit = db.session.get(Visit, ids.visit)
    parts.update_part(visit, "lesson", ids.lesson, {"topic_fa": "ارزشیابی عملی", "topic_ar": "التقييم العملي",
                                                    "practices": "چک‌لیست"}, None)
    assert visit.lessons[0].topic_fa == "ارزشیابی عملی" and visit.lessons[0].observations == ""
    with pytest.raises(TransitionError, match="keeps this as it is"):
        parts.update_part(visit, "day", ids.day, {"day": date(2027, 4, 11), "text_fa": "الف"}, None)


def test_a_guests_changes_are_in_the_visits_trail_without_the_passport_number(env):
    from coordinator.audit import history_for

    visit = _visit(env)
    delegate, _open = delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    db.session.commit()
    delegation.update_delegate(visit, delegate.id, guest(passport_number="C7654321", post_fa="معاون"), None)
    delegation.record_visa(visit, delegate.id, {"visa_status": "applied"}, None)
    db.session.commit()
    entries = [e for e in history_for("visits", visit.id) if e.entity == "visit_delegates"]
    assert [e.action for e in entries][-1] == "create" and len(entries) >= 2
    assert all("B12345678" not in str(e.changes) and "C7654321" not in str(e.changes) for e in entries)
    changed = {key for e in entries if e.action == "update" for key in e.changes}
    assert {"passport_number", "post_fa", "visa_status"} <= changed


def test_the_visiting_side_does_not_change_under_a_delegation(env):
    visit = _visit(env)
    delegation.add_delegate(visit, guest(), env.people["liaison_khz"])
    swapped = {key: getattr(visit, key) for key in services.FIELDS} | {"host_side_id": env.khz.id,
                                                                        "guest_side_id": env.msn.id}
    with pytest.raises(ValidationFailed, match="The delegation has members of Khuzestan: remove them before"):
        services.update(visit, swapped, visit.version, env.people["admin"])
