"""A meeting's action items each point at a record (a course, a trainer's trip, a booking, a curriculum, a
milestone): the records are loaded with the agenda, a query per kind, never one per item nor with what the link
does not show (a trip's trainer with their documents, skills and absences)."""

from __future__ import annotations

from coordinator.extensions import db
from coordinator.meetings.models import ActionItem
from tests import factories
from tests.statements import page_statements


def _linked_items(meeting_id, sides, users, count: int, start: int) -> None:
    """`count` action items of each linked kind: a trip, a booking and a curriculum, each with its own record."""
    side, owner = sides["KHZ"].id, users["liaison_khz"].id
    centre = factories.make_centre(side, name_fa=f"مرکز {start}", name_ar=f"مركز {start}")
    for number in range(start, start + count):
        standard = factories.make_standard(code=f"7212-{number:02d}")
        course = factories.make_course(centre, standard, status="approved")
        trainer = factories.make_trainer(side, name_fa=f"مربی {number}")
        records = factories.make_area_records(side, centre, standard, factories.make_trainee(side))
        links = {"assignment_id": factories.make_assignment(trainer, course),
                 "booking_id": records.booking,
                 "curriculum_id": factories.make_curriculum(side, standard).id}
        for column, record_id in links.items():
            action = db.session.get(ActionItem, factories.make_action_item(
                meeting_id, owner, side, name_fa=f"پیگیری {column} {number}", name_ar=f"متابعة {number}"))
            setattr(action, column, record_id)
    db.session.commit()


def test_a_meetings_linked_records_take_the_same_queries_for_one_of_each_kind_or_three(
        app, client, sides, users, login):
    with app.app_context():
        meeting = factories.make_meeting(sides["KHZ"].id, status="closed")
        _linked_items(meeting, sides, users, 1, 1)
    login("admin")
    one, page = page_statements(app, client, f"/meetings/{meeting}")
    assert 'href="/exchange/assignments/' in page and 'href="/equipment/' in page and 'href="/curricula/' in page
    with app.app_context():
        _linked_items(meeting, sides, users, 2, 2)
    three, page = page_statements(app, client, f"/meetings/{meeting}")
    assert page.count('href="/exchange/assignments/') >= 3 and page.count('href="/curricula/') >= 3
    assert len(three) == len(one), [s for s in three if s not in one or three.count(s) > one.count(s)]
    # The trip's link reads its course's name: the trainer's documents and absences are not loaded.
    assert not any("travel_documents" in s or "trainer_unavailability" in s for s in three)
