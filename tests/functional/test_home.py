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


def test_nothing_to_do_shows_no_attention_panel(client, sides, users, login):
    login("manager.khz")
    assert "Needs your attention" not in client.get("/", headers=ENGLISH).get_data(as_text=True)


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
