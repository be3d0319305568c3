"""The home page tells each person what needs their attention."""

from __future__ import annotations

from datetime import date

from tests import factories

ENGLISH = {"Accept-Language": "en"}


def test_liaison_sees_courses_awaiting_their_sides_approval(app, client, sides, users, login):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        standard = factories.make_standard()
        waiting = factories.make_course(centre, standard, status="proposed", name_en="Waiting course")
        factories.make_course(centre, standard, status="draft", name_en="Draft course")
    login("liaison.msn")
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert "Needs your attention" in page and f"/courses/{waiting}" in page
    assert "Draft course" not in page


def test_trainer_sees_assignments_to_answer(app, client, sides, users, login):
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id)
        course = factories.make_course(centre, factories.make_standard(), status="approved")
        trainer = factories.make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id)
        assignment = factories.make_assignment(trainer, course, status="proposed")
    login("trainer.khz")
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert f"/exchange/assignments/{assignment}" in page


def test_nothing_to_do_says_so(client, sides, users, login):
    login("manager.khz")
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert "Nothing needs your attention today." in page and '<ul class="todo">' not in page


def test_home_lists_what_comes_next_on_both_sides(app, client, sides, users, login):
    from datetime import timedelta

    from coordinator.l10n.timezones import to_zone, utcnow

    with app.app_context():
        today = to_zone(utcnow(), "Asia/Tehran").date()
        standard = factories.make_standard()
        khz = factories.make_course(factories.make_centre(sides["KHZ"].id), standard, status="scheduled",
                                    name_en="Welding in Ahvaz", start=today + timedelta(days=10))
        msn = factories.make_course(factories.make_centre(sides["MSN"].id), standard, status="approved",
                                    name_en="Solar panels in Amarah", start=today + timedelta(days=3))
        factories.make_course(factories.make_centre(sides["MSN"].id), standard, status="draft",
                              name_en="A draft", start=today + timedelta(days=5))
        factories.make_course(factories.make_centre(sides["KHZ"].id), standard, status="scheduled",
                              name_en="Far away", start=today + timedelta(days=200))
    login("manager.khz")
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    coming = page.split("Coming up on both sides", 1)[1]
    # Both sides, soonest first; drafts and far-off courses are not "coming up".
    assert coming.index(f"/courses/{msn}") < coming.index(f"/courses/{khz}")
    assert "A draft" not in coming and "Far away" not in coming


def test_managers_see_overdue_counts(app, client, sides, users, login):
    from coordinator.curricula.models import TranslationTask
    from coordinator.extensions import db

    with app.app_context():
        made = factories.make_curriculum(sides["KHZ"].id, factories.make_standard())
        db.session.get(TranslationTask, made.task).due_on = date(2020, 1, 1)
        db.session.commit()
    login("manager.msn")
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert "Overdue translation tasks: 1" in page and "/curricula/tasks?overdue=1" in page
