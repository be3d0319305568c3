"""Assignments of trainers: the workflow and who may do each step (services), the pages (client), the feed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.courses.models import Course
from coordinator.errors import ConflictError, PermissionDenied, StaleEditError, TransitionError, ValidationFailed
from coordinator.exchanges import assignments as services
from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from tests.unit.test_conflicts import BACK, COURSE_DAY, OUT, exchange_setup, make_trainer, utc


@pytest.fixture
def xapp(app, app_factory):
    """An app with the exchange blueprint (registered by the lead in create_app; added here until then)."""
    extra = app_factory()
    if "exchanges" not in extra.blueprints:
        from coordinator.exchanges import views  # noqa: F401
        from coordinator.exchanges.blueprint import bp as exchanges_bp

        extra.register_blueprint(exchanges_bp)
    return extra


@pytest.fixture
def world(app, users, sides):
    """A Maysan-hosted course with one session; Khuzestan and Maysan trainers linked to their accounts."""
    with app.app_context():
        course_id, standard_id = exchange_setup(sides)
        khz = make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id, skill_ids=[standard_id])
        msn = make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id, skill_ids=[standard_id],
                           name_fa="علی", name_ar="علي")
        home_course, _ = exchange_setup(sides, host="KHZ")
    return {"course": course_id, "home_course": home_course, "khz": khz, "msn": msn, "standard": standard_id}


def user(users, key) -> User:
    return db.session.get(User, users[key].id)


def create(world, users, who="liaison_msn", trainer="khz", course="course", **values):
    data = {"role": "lead", "travel_out_at": OUT, "travel_back_at": BACK, **values}
    assignment, warnings = services.create_assignment(
        db.session.get(Course, world[course]), db.session.get(Trainer, world[trainer]), data, user(users, who))
    db.session.commit()
    return assignment


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment))


# Who may assign ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["liaison_msn", "liaison_khz", "admin"])
def test_host_side_trainer_side_and_admin_may_assign(app_ctx, world, users, who):
    assert create(world, users, who).status == "proposed"


@pytest.mark.parametrize("who", ["trainer_khz", "manager_msn", "manager_khz"])
def test_trainers_and_managers_may_not_assign(app_ctx, world, users, who):
    assert not can(user(users, who), "assignment.create", db.session.get(Course, world["course"]))


def test_a_liaison_of_neither_the_host_nor_the_trainer_side_is_refused(app_ctx, world, users):
    """Maysan hosts and the trainer is from Maysan: Khuzestan's liaison has no say."""
    with pytest.raises(PermissionDenied):
        create(world, users, "liaison_khz", trainer="msn", course="course")  # Maysan hosts, Maysan trainer


@pytest.mark.parametrize("status", ["draft", "completed", "cancelled"])
def test_only_live_courses_take_trainers(app_ctx, world, users, status):
    db.session.get(Course, world["course"]).status = status
    db.session.commit()
    with pytest.raises(TransitionError):
        create(world, users)


def test_conflicts_refuse_and_write_nothing(app_ctx, world, users):
    with pytest.raises(ConflictError) as caught:
        create(world, users, travel_out_at=BACK, travel_back_at=OUT)
    db.session.rollback()
    assert caught.value.field == "travel_back_date" and count() == 0


def test_a_missing_skill_needs_the_override_reason(app_ctx, world, users, sides):
    unskilled = make_trainer(sides["KHZ"].id, name_fa="بی‌مهارت")
    world["unskilled"] = unskilled
    with pytest.raises(ValidationFailed) as caught:
        create(world, users, trainer="unskilled")
    db.session.rollback()
    assert caught.value.field == "skill_override"
    assert create(world, users, trainer="unskilled", skill_override="تنها مربی موجود").skill_override


def test_second_overlapping_assignment_of_the_same_trainer_is_refused(app_ctx, world, users, sides):
    create(world, users)
    second, _ = exchange_setup(sides)
    world["second"] = second
    with pytest.raises(ConflictError):
        create(world, users, course="second")
    db.session.rollback()
    assert count() == 1


def test_the_same_trainer_twice_on_one_course_is_a_clear_conflict(app_ctx, world, users):
    create(world, users)
    with pytest.raises(ConflictError) as caught:
        create(world, users)
    assert caught.value.field == "trainer_id"


# The workflow ---------------------------------------------------------------------------------------------


def step(assignment, action, users, who, reason=""):
    services.transition(assignment, action, user(users, who), assignment.version, reason)
    db.session.commit()


def may_step(assignment, action, users, who) -> bool:
    """The page and the API check the step's permission once, before the service runs."""
    return can(user(users, who), services.TRANSITIONS[action][2], assignment)


def test_full_workflow_by_the_right_people(app_ctx, world, users):
    a = create(world, users)
    step(a, "accept", users, "trainer_khz")
    step(a, "confirm", users, "liaison_msn")
    step(a, "travel", users, "liaison_khz")
    step(a, "complete", users, "liaison_msn")
    assert a.status == "completed"
    with pytest.raises(TransitionError):
        step(a, "cancel", users, "admin", "دیر")


@pytest.mark.parametrize("action, who", [
    ("accept", "trainer_msn"), ("accept", "liaison_msn"), ("accept", "admin"),
    ("decline", "liaison_khz"),
])
def test_only_the_trainer_answers(app_ctx, world, users, action, who):
    a = create(world, users)
    assert not may_step(a, action, users, who)


@pytest.mark.parametrize("who", ["liaison_khz", "trainer_khz", "manager_msn"])
def test_only_the_host_side_confirms(app_ctx, world, users, who):
    a = create(world, users)
    step(a, "accept", users, "trainer_khz")
    assert not may_step(a, "confirm", users, who)


def test_confirm_only_after_acceptance(app_ctx, world, users):
    a = create(world, users)
    with pytest.raises(TransitionError):
        step(a, "confirm", users, "liaison_msn")
    with pytest.raises(TransitionError):
        step(a, "travel", users, "liaison_msn")


def test_decline_and_cancel_need_a_reason(app_ctx, world, users):
    a = create(world, users)
    with pytest.raises(ValidationFailed):
        step(a, "decline", users, "trainer_khz", "  ")
    db.session.rollback()
    step(a, "decline", users, "trainer_khz", "بیمار هستم")
    assert a.status == "declined" and a.reason == "بیمار هستم"
    with pytest.raises(TransitionError):
        step(a, "accept", users, "trainer_khz")


def test_a_declined_assignment_can_be_proposed_again(app_ctx, world, users):
    a = create(world, users)
    step(a, "decline", users, "trainer_khz", "نه")
    again = create(world, users)
    assert again.id == a.id and again.status == "proposed" and again.reason == ""


def test_cancel_by_either_side_with_reason(app_ctx, world, users):
    a = create(world, users)
    assert not may_step(a, "cancel", users, "trainer_khz")
    step(a, "cancel", users, "liaison_khz", "لغو شد")
    assert a.status == "cancelled"


def test_confirm_rechecks_the_documents(app_ctx, world, users):
    a = create(world, users)
    step(a, "accept", users, "trainer_khz")
    a.trainer.documents[0].expires_on = date(2026, 12, 31)
    db.session.commit()
    with pytest.raises(ConflictError):
        step(a, "confirm", users, "liaison_msn")
    db.session.rollback()
    assert db.session.get(Assignment, a.id).status == "accepted"


def test_update_checks_the_version_and_sends_new_dates_back_to_the_trainer(app_ctx, world, users):
    a = create(world, users)
    step(a, "accept", users, "trainer_khz")
    values = {"role": "assessor", "travel_out_at": OUT - timedelta(hours=1), "travel_back_at": BACK}
    with pytest.raises(StaleEditError):
        services.update_assignment(a, values, a.version - 1, user(users, "liaison_msn"))
    db.session.rollback()
    sent_back, _ = services.update_assignment(a, values, a.version, user(users, "liaison_msn"))
    db.session.commit()
    assert sent_back and a.status == "proposed" and a.role == "assessor"


# Pages ----------------------------------------------------------------------------------------------------


def login_to(client, username):
    response = client.post("/login", data={"username": username, "password": "correct-horse-battery"})
    assert response.status_code == 302


def form_data(trainer_id, out=COURSE_DAY - timedelta(days=1), back=COURSE_DAY + timedelta(days=1)):
    return {"trainer_id": str(trainer_id), "role": "lead", "travel_out_date": date_input_value(out, "fa"),
            "travel_out_time": "09:00", "travel_back_date": date_input_value(back, "fa"),
            "travel_back_time": "18:00", "crossing_id": "", "accommodation": "هتل", "transport": "اتوبوس"}


@pytest.mark.parametrize("who, expected", [
    ("admin", 200), ("liaison_khz", 200), ("liaison_msn", 200), ("manager_msn", 200), ("trainer_khz", 404),
])
def test_course_page_access(xapp, world, who, expected):
    client = xapp.test_client()
    login_to(client, who.replace("_", "."))
    assert client.get(f"/exchange/courses/{world['course']}/assignments").status_code == expected


def test_anonymous_is_sent_to_log_in(xapp, world):
    response = xapp.test_client().get(f"/exchange/courses/{world['course']}/assignments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_create_through_the_form(xapp, world):
    client = xapp.test_client()
    login_to(client, "liaison.msn")
    response = client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]))
    assert response.status_code == 302, response.get_data(as_text=True)
    with xapp.app_context():
        a = db.session.scalar(select(Assignment))
        assert a.travel_out_at == utc(2026, 12, 5, 5, 30)  # 09:00 in Tehran, the trainer's clock
        assert a.accommodation == "هتل"


def test_backward_dates_through_the_form_are_refused_with_a_message(xapp, world):
    client = xapp.test_client()
    login_to(client, "liaison.msn")
    data = form_data(world["khz"], out=COURSE_DAY + timedelta(days=1), back=COURSE_DAY - timedelta(days=1))
    response = client.post(f"/exchange/courses/{world['course']}/assignments", data=data)
    assert response.status_code == 409
    assert 'class="error"' in response.get_data(as_text=True)
    with xapp.app_context():
        assert count() == 0


def test_garbage_dates_are_a_form_error_not_a_crash(xapp, world):
    client = xapp.test_client()
    login_to(client, "liaison.msn")
    data = {**form_data(world["khz"]), "travel_out_date": "۱۴۰۵-۱۳-۴۰", "travel_back_time": "25:99"}
    assert client.post(f"/exchange/courses/{world['course']}/assignments", data=data).status_code == 400


def test_managers_cannot_post_assignments(xapp, world):
    client = xapp.test_client()
    login_to(client, "manager.msn")
    response = client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]))
    assert response.status_code == 403


def _proposed(xapp, world, users):
    with xapp.app_context():
        return create(world, users).id


def test_detail_and_answer_pages(xapp, world, users):
    assignment_id = _proposed(xapp, world, users)
    other = xapp.test_client()
    login_to(other, "trainer.msn")
    assert other.get(f"/exchange/assignments/{assignment_id}").status_code == 404
    assert other.post(f"/exchange/assignments/{assignment_id}/accept").status_code == 404

    wrong_side = xapp.test_client()
    login_to(wrong_side, "liaison.khz")
    assert wrong_side.get(f"/exchange/assignments/{assignment_id}").status_code == 200
    assert wrong_side.post(f"/exchange/assignments/{assignment_id}/confirm").status_code == 403  # not the host
    assert wrong_side.post(f"/exchange/assignments/{assignment_id}/nonsense").status_code == 404

    own = xapp.test_client()
    login_to(own, "trainer.khz")
    assert own.get(f"/exchange/assignments/{assignment_id}").status_code == 200
    assert own.post(f"/exchange/assignments/{assignment_id}/accept").status_code == 302
    assert own.post(f"/exchange/assignments/{assignment_id}/confirm").status_code == 403
    assert wrong_side.post(f"/exchange/assignments/{assignment_id}/confirm").status_code == 403

    host = xapp.test_client()
    login_to(host, "liaison.msn")
    assert host.post(f"/exchange/assignments/{assignment_id}/travel").status_code == 409  # not confirmed yet
    assert host.post(f"/exchange/assignments/{assignment_id}/confirm").status_code == 302
    response = host.post(f"/exchange/assignments/{assignment_id}/cancel", data={"step-reason": ""})
    assert response.status_code == 400
    with xapp.app_context():
        assert db.session.get(Assignment, assignment_id).status == "confirmed"


def test_edit_through_the_form(xapp, world, users):
    assignment_id = _proposed(xapp, world, users)
    client = xapp.test_client()
    login_to(client, "liaison.khz")
    data = {f"edit-{k}": v for k, v in form_data(world["khz"]).items() if k != "trainer_id"}
    data["edit-version"] = "1"
    assert client.post(f"/exchange/assignments/{assignment_id}/edit", data=data).status_code == 302
    data["edit-version"] = "1"  # now stale
    assert client.post(f"/exchange/assignments/{assignment_id}/edit", data=data).status_code == 409


@pytest.mark.parametrize("who, expected", [("trainer_khz", 200), ("liaison_khz", 403), ("admin", 403)])
def test_me_page_is_for_trainers(xapp, world, who, expected):
    client = xapp.test_client()
    login_to(client, who.replace("_", "."))
    assert client.get("/exchange/me").status_code == expected


def test_feed_token_create_parse_replace_and_revoke(xapp, world, users):
    _proposed(xapp, world, users)
    client = xapp.test_client()
    login_to(client, "trainer.khz")
    page = client.post("/exchange/me/feed-token").get_data(as_text=True)
    url = re.search(r"(/exchange/feed/[A-Za-z0-9_\-]+\.ics)", page).group(1)

    anonymous = xapp.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # the travel and the one session
    travel = next(e for e in events if str(e["uid"]).startswith("assignment-"))
    assert travel.decoded("dtstart") == OUT and travel.decoded("dtend") == BACK
    assert "دوره مشترک جوشکاری" in str(travel["summary"]) and "دورة اللحام" in str(travel["summary"])
    session = next(e for e in events if str(e["uid"]).startswith("session-"))
    assert session.decoded("dtstart") == utc(2026, 12, 6, 5)
    # Described in the trainer's language (Persian for a Khuzestan trainer), with a link to the assignment.
    assignment_url = str(travel["url"])
    assert re.fullmatch(r"http://localhost/exchange/assignments/\d+", assignment_url)
    description = str(travel["description"]).splitlines()
    assert description[0].startswith("دوره:") and "دوره مشترک جوشکاری" in description[0]
    assert description[-1] == f"جزئیات: {assignment_url}"
    assert str(session["url"]) == assignment_url and "دوره مشترک جوشکاری" in str(session["description"])

    with xapp.app_context():
        assert db.session.get(Trainer, world["khz"]).feed_token_hash not in page  # only the hash is kept

    client.post("/exchange/me/feed-token")  # a new link replaces the old one
    assert anonymous.get(url).status_code == 404
    page = client.post("/exchange/me/feed-token").get_data(as_text=True)
    url = re.search(r"(/exchange/feed/[A-Za-z0-9_\-]+\.ics)", page).group(1)
    assert client.post("/exchange/me/feed-token/revoke").status_code == 302
    revoked = anonymous.get(url)
    unknown = anonymous.get("/exchange/feed/not-a-token.ics")
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.mimetype == unknown.mimetype == "text/html"  # the same not-found page


def test_another_trainers_feed_is_not_reachable(xapp, world, users):
    client = xapp.test_client()
    login_to(client, "liaison.msn")
    assert client.post("/exchange/me/feed-token").status_code == 403
