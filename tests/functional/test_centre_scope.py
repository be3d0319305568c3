"""A liaison scoped to one centre plans and runs only the courses that centre hosts."""

from __future__ import annotations

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.courses.models import Course
from coordinator.extensions import db
from tests import factories


def test_admin_scopes_a_liaison_to_a_centre_of_their_side(app, client, users, login, sides):
    with app.app_context():
        here = factories.make_centre(sides["KHZ"].id, name_fa="مرکز اهواز", name_ar="مركز الأهواز")
        there = factories.make_centre(sides["KHZ"].id, name_fa="مرکز دزفول", name_ar="مركز دزفول")
        abroad = factories.make_centre(sides["MSN"].id, name_fa="مرکز عماره", name_ar="مركز العمارة")
        standard = factories.make_standard()
        mine = factories.make_course(here, standard, status="draft")
        other = factories.make_course(there, standard, status="draft")
        liaison = db.session.get(User, users["liaison_khz"].id)
        form = {"username": liaison.username, "full_name": liaison.full_name, "email": liaison.email or "",
                "role": "liaison", "side_id": str(sides["KHZ"].id), "active": "y", "password": "",
                "version": str(liaison.version)}
    login("admin")
    refused = client.post(f"/admin/users/{users['liaison_khz'].id}/edit", data={**form, "centre_id": str(abroad)})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.get(User, users["liaison_khz"].id).centre_id is None
    done = client.post(f"/admin/users/{users['liaison_khz'].id}/edit", data={**form, "centre_id": str(here)})
    assert done.status_code == 302
    with app.app_context():
        liaison = db.session.get(User, users["liaison_khz"].id)
        assert liaison.centre_id == here
        assert can(liaison, "course.edit", db.session.get(Course, mine))
        assert not can(liaison, "course.edit", db.session.get(Course, other))
        assert not can(liaison, "course.manage", db.session.get(Course, other))
        # An unscoped liaison of the same side still plans at every centre.
        liaison.centre_id = None
        assert can(liaison, "course.edit", db.session.get(Course, other))


def test_a_scoped_liaison_is_refused_another_centres_course_page(app, client, users, login, sides):
    with app.app_context():
        here = factories.make_centre(sides["KHZ"].id, name_fa="مرکز اهواز", name_ar="مركز الأهواز")
        there = factories.make_centre(sides["KHZ"].id, name_fa="مرکز دزفول", name_ar="مركز دزفول")
        standard = factories.make_standard()
        mine = factories.make_course(here, standard, status="draft")
        other = factories.make_course(there, standard, status="draft")
        db.session.get(User, users["liaison_khz"].id).centre_id = here
        db.session.commit()
    login("liaison.khz")
    assert client.get(f"/courses/{mine}/edit").status_code == 200
    assert client.get(f"/courses/{other}/edit").status_code == 403
