"""Mass assignment: a role posting fields it may not set (another side, a status, a role) is refused or
ignored, and nothing it may not change changes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.exchanges.models import Assignment
from coordinator.extensions import db
from coordinator.meetings.models import ActionItem
from coordinator.trainees.models import Trainee
from tests import factories

TRAINEE = {"name_fa": "فاطمه کعبی", "name_ar": "فاطمة الكعبي", "gender": "f", "education": "secondary",
           "phone": "09161234567", "national_id": "", "birth_date": "", "target_group_ids": []}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_user_cannot_make_themselves_admin_through_preferences(app, client, users, login, sides):
    login("liaison.khz")
    response = client.post("/profile/preferences", data={
        "prefs-locale": "en", "prefs-timezone": "", "role": "admin", "prefs-role": "admin", "active": "y",
        "side_id": sides["MSN"].id, "prefs-side_id": sides["MSN"].id, "username": "root", "is_admin": "1"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, users["liaison_khz"].id)
        assert (user.role, user.side_id, user.username, user.locale) == ("liaison", sides["KHZ"].id,
                                                                         "liaison.khz", "en")
    assert client.get("/admin/users/").status_code == 403


def test_liaison_cannot_register_a_trainee_for_the_other_side(app, client, users, login, sides):
    login("liaison.khz")
    response = client.post("/trainees/new", data={**TRAINEE, "side_id": sides["MSN"].id},
                           headers={"Accept-Language": "en"})
    assert response.status_code in (400, 403)
    assert count(app, Trainee) == 0


def test_liaison_cannot_move_a_trainee_to_the_other_side(app, client, users, login, sides):
    with app.app_context():
        trainee_id = factories.make_trainee(sides["KHZ"].id)
    login("liaison.khz")
    client.post(f"/trainees/{trainee_id}/edit", data={**TRAINEE, "side_id": sides["MSN"].id, "version": "1"})
    with app.app_context():
        assert db.session.get(Trainee, trainee_id).side_id == sides["KHZ"].id


def test_liaison_cannot_host_a_course_at_the_other_sides_centre(app, client, users, login, sides):
    with app.app_context():
        maysan_centre = factories.make_centre(sides["MSN"].id, name_fa="مرکز میسان")
        standard = factories.make_standard()
        khuzestan_centre = factories.make_centre(sides["KHZ"].id)
    login("liaison.khz")
    # Every value valid (so nothing else can be the reason), only the centre is the other side's.
    data = {"name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": standard, "host_centre_id": maysan_centre,
            "start_date": "2027-01-01", "end_date": "2027-02-01", "theory_hours": "10", "practice_hours": "10",
            "capacity": "10", "min_attendance": "80", "language": "fa", "delivery": "centre",
            "status": "approved", "host_side_id": sides["MSN"].id}
    refused = client.post("/courses/new", data=data, headers={"Accept-Language": "en"})
    assert refused.status_code == 400
    assert "Choose a centre of your own side" in refused.get_data(as_text=True)
    assert count(app, Course) == 0
    # The same form at their own centre goes through (and the posted status and host side are ignored).
    assert client.post("/courses/new", data={**data, "host_centre_id": khuzestan_centre},
                       headers={"Accept-Language": "en"}).status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert (course.host_side_id, course.status) == (sides["KHZ"].id, "draft")


def test_liaison_cannot_book_equipment_in_the_other_sides_name(app, client, users, login, sides):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        item = EquipmentItem(side_id=sides["KHZ"].id, centre_id=centre, category="agro", name_fa="دستگاه",
                             name_ar="جهاز", asset_tag="MA-1", shareable=True, condition="good")
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    login("liaison.khz")
    client.post(f"/equipment/{item_id}/bookings", data={
        "starts_on": "1405/10/01", "ends_on": "1405/10/05", "purpose": "کارگاه", "user_side_id": sides["MSN"].id})
    assert count(app, Booking, Booking.user_side_id == sides["MSN"].id) == 0


def test_trainer_cannot_confirm_their_own_assignment_or_change_its_status_field(app, users, login, sides):
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id)
        course = factories.make_course(centre, factories.make_standard(), status="approved",
                                       start=date(2027, 6, 5), end=date(2027, 6, 20))
        trainer = factories.make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id)
        assignment_id = factories.make_assignment(trainer, course)
    client = app.test_client()
    login("trainer.khz", test_client=client)
    assert client.post(f"/exchange/assignments/{assignment_id}/confirm", data={"version": "1"}).status_code == 403
    client.post(f"/exchange/assignments/{assignment_id}/edit", data={"status": "confirmed", "version": "1"})
    client.post(f"/exchange/assignments/{assignment_id}/accept", data={"version": "1", "status": "completed",
                                                                       "course_id": "999", "trainer_id": "999"})
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment.status in ("proposed", "accepted")  # accepting is theirs; nothing beyond it
        assert (assignment.course_id, assignment.trainer_id) == (course, trainer)


def test_action_owner_updating_status_cannot_reassign_or_redate_it(app, users, login, sides):
    with app.app_context():
        meeting = factories.make_meeting_records(sides["MSN"].id, users["trainer_msn"].id, users["manager_khz"].id)
        before = db.session.get(ActionItem, meeting.action_item)
        owner, due, version = before.owner_id, before.due_on, before.version
    client = app.test_client()
    login("trainer.msn", test_client=client)
    client.post(f"/meetings/actions/{meeting.action_item}/status", data={
        "status": "in_progress", "version": str(version), "owner_id": users["admin"].id,
        "due_on": "1410/01/01", "meeting_id": "999", "side_id": sides["KHZ"].id})
    with app.app_context():
        after = db.session.get(ActionItem, meeting.action_item)
        assert (after.owner_id, after.due_on, after.meeting_id) == (owner, due, before.meeting_id)
