"""A trainer's action items list with study visits' follow-ups: whether the trainer may open each follow-up's
visit is read from delegations loaded with the page's items, not one visit (and delegation) at a time."""

from __future__ import annotations

from datetime import date

from coordinator.extensions import db
from coordinator.meetings.models import ActionItem
from coordinator.visits.models import VisitDelegate
from tests import factories
from tests.statements import page_statements


def _visits_with_follow_ups(sides, users, trainer_id, count: int, start: int) -> None:
    """`count` visits the trainer travels on (with a guest beside), each with a follow-up the trainer owns."""
    for number in range(start, start + count):
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id, status="took_place", lesson=True,
                                   delegate_trainer_id=trainer_id, name_fa=f"بازدید {number}",
                                   name_ar=f"زيارة {number}")
        db.session.add(VisitDelegate(visit_id=ids.visit, name_fa=f"مهمان {number}", side_id=sides["KHZ"].id,
                                     passport_number=f"A{number:08d}", passport_expires_on=date(2031, 1, 1)))
        db.session.add(ActionItem(visit_id=ids.visit, visit_lesson_id=ids.lesson, owner_id=users["trainer_khz"].id,
                                  side_id=sides["KHZ"].id, due_on=date(2027, 6, 1), name_fa=f"پیگیری {number}",
                                  name_ar=f"متابعة {number}"))
    db.session.commit()


def test_a_trainers_action_items_with_visit_follow_ups_take_the_same_queries_for_one_visit_or_four(
        app, client, sides, users, login):
    with app.app_context():
        trainer_id = factories.make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id, name_fa="رضا موسوی")
        _visits_with_follow_ups(sides, users, trainer_id, 1, 1)
    login("trainer.khz")
    one, page = page_statements(app, client, "/meetings/actions")
    assert "پیگیری 1" in page and 'href="/visits/' in page  # the trainer travels on it: a link
    with app.app_context():
        _visits_with_follow_ups(sides, users, trainer_id, 3, 2)
    four, page = page_statements(app, client, "/meetings/actions")
    assert all(f"پیگیری {n}" in page for n in range(1, 5)) and page.count('href="/visits/') >= 4
    assert len(four) == len(one), [s for s in four if s not in one or four.count(s) > one.count(s)][:3]
