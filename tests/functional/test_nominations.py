"""Nominations: each side nominates its own trainees; the host side accepts or declines them in one action;
places and the waiting list follow the documented order; withdrawal takes a reason from a list."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.catalog.models import TargetGroup
from coordinator.courses import enrolment as rules
from coordinator.courses import nominations
from coordinator.courses.models import Course, Enrolment
from coordinator.errors import ConflictError, PermissionDenied, ValidationFailed
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories

EN = {"Accept-Language": "en"}


def course_id(app, sides, capacity=2):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        return factories.make_course(centre, factories.make_standard(), status="approved", capacity=capacity,
                                     start=date(2027, 1, 2), end=date(2027, 2, 28))


def statuses(app, course):
    with app.app_context():
        rows = db.session.scalars(select(Enrolment).where(Enrolment.course_id == course)
                                  .order_by(Enrolment.requested_at, Enrolment.id)).all()
        return [(e.trainee.name_ar or e.trainee.name_fa, e.status) for e in rows]


def test_nomination_then_acceptance_then_enrolment_in_the_documented_order(app, client, sides, users, login):
    cid = course_id(app, sides, capacity=2)
    with app.app_context():
        groups = {g.code: g for g in db.session.scalars(select(TargetGroup))}
        low, high = sorted(groups.values(), key=lambda g: g.sort_order)[-1], \
            sorted(groups.values(), key=lambda g: g.sort_order)[0]
        low.waiting_priority, high.waiting_priority = 9, 1
        db.session.commit()
        a = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="أ", phone="1", target_group_id=low.id)
        b = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="ب", phone="2", target_group_id=high.id)
        c = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="ج", phone="3")
    login("liaison.msn")
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/courses/{cid}/roster").get_data(as_text=True)
    assert "Nominate trainees of your side" in page and f'value="{a}"' in page
    response = client.post(f"/courses/{cid}/nominate", data={"trainee_ids": [str(a), str(b), str(c)]})
    assert response.status_code == 302
    # One batch: the target groups' waiting priority orders it (b's group first, no group last).
    assert statuses(app, cid) == [("ب", "nominated"), ("أ", "nominated"), ("ج", "nominated")]
    assert client.post(f"/courses/{cid}/nominations", data={"enrolment_ids": ["1"], "decision": "accept"}) \
        .status_code == 403  # the host side answers
    client.post("/logout")
    login("liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    # The host side's to-do and its inbox say the same: nominations wait for its answer.
    home = client.get("/").get_data(as_text=True)
    assert "Nominations to accept or decline" in home
    assert "nominated 3 trainees" in client.get("/inbox").get_data(as_text=True)
    with app.app_context():
        ids = [str(e.id) for e in db.session.scalars(select(Enrolment).where(Enrolment.course_id == cid))]
    response = client.post(f"/courses/{cid}/nominations", data={"enrolment_ids": ids, "decision": "accept"},
                           follow_redirects=True)
    assert "2 enrolled, 1 on the waiting list." in response.get_data(as_text=True)
    assert statuses(app, cid) == [("ب", "enrolled"), ("أ", "enrolled"), ("ج", "waiting")]
    assert "Nominations to accept or decline" not in client.get("/").get_data(as_text=True)


def test_a_side_nominates_only_its_own_trainees(app_ctx, sides, users):
    course = db.session.get(Course, course_id(app_ctx, sides))
    khz_trainee = db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id, name_fa="مریم"))
    msn_trainee = db.session.get(Trainee, factories.make_trainee(sides["MSN"].id, name_ar="زينب", phone="9"))
    maysan = db.session.get(User, users["liaison_msn"].id)
    with app_ctx.test_request_context(headers=EN):
        with pytest.raises(ValidationFailed) as refused:
            nominations.nominate(course, [msn_trainee, khz_trainee], maysan)
        assert str(refused.value) == ("مریم is a trainee of Khuzestan: each side nominates its own trainees. "
                                      "Nothing was saved.")
    assert db.session.scalar(select(Enrolment.id)) is None  # nothing half-written
    nominations.nominate(course, [msn_trainee], maysan)
    with pytest.raises(ConflictError):
        nominations.nominate(course, [msn_trainee], maysan)
    with pytest.raises(PermissionDenied):
        nominations.nominate(course, [msn_trainee], db.session.get(User, users["manager_msn"].id))


def test_declining_and_answers_only_to_pending_nominations(app_ctx, sides, users):
    course = db.session.get(Course, course_id(app_ctx, sides))
    maysan, host = (db.session.get(User, users[k].id) for k in ("liaison_msn", "liaison_khz"))
    people = [db.session.get(Trainee, factories.make_trainee(sides["MSN"].id, name_ar=f"م{i}", phone=str(i)))
              for i in range(3)]
    made = nominations.nominate(course, people, maysan)
    assert not can(maysan, "course.manage", course)  # the page's one check: only the host side answers
    with pytest.raises(ValidationFailed):
        nominations.decide(course, host, [made[0].id], [made[0].id])
    nominations.decide(course, host, [], [made[2].id])
    assert made[2].status == "declined"
    with pytest.raises(ValidationFailed):  # already answered
        nominations.decide(course, host, [made[2].id], [])
    nominations.decide(course, host, [made[0].id, made[1].id], [])
    assert [e.status for e in made] == ["enrolled", "enrolled", "declined"]
    # A declined trainee may be nominated again.
    assert nominations.nominate(course, [people[2]], maysan)[0].status == "nominated"


def test_withdrawal_needs_a_reason_from_the_list(app_ctx, sides, users):
    course = db.session.get(Course, course_id(app_ctx, sides))
    host = db.session.get(User, users["liaison_khz"].id)
    enrolment = rules.enrol(course, db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id)), host)
    with pytest.raises(ValidationFailed):
        rules.withdraw(enrolment, host, enrolment.version, reason="bored")
    assert enrolment.status == "enrolled"
    rules.withdraw(enrolment, host, enrolment.version, reason="health")
    assert (enrolment.status, enrolment.withdraw_reason) == ("withdrawn", "health")


def test_a_file_imported_straight_into_the_course_as_nominations(app, client, sides, users, login, tmp_path,
                                                                  monkeypatch):
    from tests.functional.test_trainees import token_of, upload

    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))
    cid = course_id(app, sides)
    login("liaison.msn")
    page = client.get(f"/courses/{cid}/roster").get_data(as_text=True)
    assert f"/trainees/import?course={cid}" in page
    data = ("\r\n".join([
        "الاسم بالفارسية,الاسم بالعربية,الجنس,المحافظة,الفئة المستهدفة,"
        "تاريخ الميلاد,المستوى التعليمي,رقم الهاتف,الرقم الوطني",
        ",سجاد كريم,ذكر,ميسان,,2002-01-05,إعدادية,07711111111,",
        ",هدى علي,أنثى,ميسان,,2003-02-06,ابتدائية,07722222222,",
    ]) + "\r\n").encode("utf-8")
    response = upload(client, data, "maysan.csv", url=f"/trainees/import?course={cid}")
    assert response.status_code == 200, response.text
    assert "data-into-course" in response.text
    response = client.post(f"/trainees/import/confirm?course={cid}", data={"token": token_of(response.text)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/courses/{cid}/roster")
    assert sorted(statuses(app, cid)) == [("سجاد كريم", "nominated"), ("هدى علي", "nominated")]


def test_an_import_into_a_course_not_open_for_nominations_writes_nothing(app, client, sides, users, login,
                                                                          tmp_path, monkeypatch):
    from tests.functional.test_trainees import token_of, upload

    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))
    cid = course_id(app, sides)
    with app.app_context():
        db.session.get(Course, cid).status = "completed"
        db.session.commit()
    login("liaison.msn")
    data = ("name_fa,name_ar,gender,side,target_group,birth_date,education,phone,national_id\r\n"
            ",سجاد كريم,m,MSN,,2002-01-05,secondary,07711111111,\r\n").encode()
    response = upload(client, data, "maysan.csv", url=f"/trainees/import?course={cid}")
    response = client.post(f"/trainees/import/confirm?course={cid}", data={"token": token_of(response.text)},
                           headers=EN)
    assert response.status_code == 409 and "this course is" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Trainee.id)) is None  # the trainees and their nominations, or neither


def test_places_per_side_hold_when_accepting_and_promoting(app_ctx, sides, users):
    course = db.session.get(Course, course_id(app_ctx, sides, capacity=3))
    course.quota_partner = 1  # one place for Maysan's trainees; Khuzestan's take the rest
    maysan, host = (db.session.get(User, users[k].id) for k in ("liaison_msn", "liaison_khz"))
    people = [db.session.get(Trainee, factories.make_trainee(sides["MSN"].id, name_ar=f"م{i}", phone=str(i)))
              for i in range(2)]
    made = nominations.nominate(course, people, maysan)
    enrolled, waiting = nominations.decide(course, host, [e.id for e in made], [])
    assert (len(enrolled), len(waiting)) == (1, 1) and made[1].status == "waiting"
    # A Khuzestan trainee still finds a place, though a Maysan one waits.
    local = rules.enrol(course, db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id, phone="k1")), host)
    assert local.status == "enrolled"
    # The Maysan place frees up: the waiting Maysan trainee moves up.
    rules.withdraw(made[0], host, made[0].version, reason="work")
    assert made[1].status == "enrolled"


def test_places_per_side_cannot_exceed_the_capacity(app_ctx, sides, users):
    from coordinator.courses import services

    course = db.session.get(Course, course_id(app_ctx, sides, capacity=3))
    values = {f: getattr(course, f) for f in services.FIELDS if hasattr(course, f)}
    values.update(quota_host=2, quota_partner=2)
    with pytest.raises(ValidationFailed) as refused:
        services.update_course(course, values, course.version, db.session.get(User, users["liaison_khz"].id))
    assert refused.value.field == "quota_partner"


def test_nominations_are_news_for_the_host_side_and_their_answer_for_the_nominating_side(app_ctx, sides, users):
    from coordinator.notifications.models import Delivery
    from coordinator.notifications.render import sentence
    from tests.notices import heard

    course = db.session.get(Course, course_id(app_ctx, sides, capacity=1))
    maysan, host = (db.session.get(User, users[k].id) for k in ("liaison_msn", "liaison_khz"))
    people = [db.session.get(Trainee, factories.make_trainee(sides["MSN"].id, name_ar=f"م{i}", phone=str(i)))
              for i in range(3)]
    made = nominations.nominate(course, people, maysan)
    told = heard("nomination.made")
    assert set(told) == {host.id}  # the host side owes the answer; Maysan nominated and is not told
    assert "۳" in sentence(told[host.id], "fa") and "٣" in sentence(told[host.id], "ar")
    nominations.decide(course, host, [made[0].id, made[1].id], [made[2].id])
    # Answered: the host's notice is read, so the inbox and "needs your attention" agree.
    assert db.session.scalar(select(Delivery.read_at).where(Delivery.event_id == told[host.id].id,
                                                            Delivery.channel == "inbox")) is not None
    answered = heard("nomination.answered")
    assert set(answered) == {maysan.id}
    assert sentence(answered[maysan.id], "en").endswith("1 enrolled, 1 on the waiting list, 1 declined.")
