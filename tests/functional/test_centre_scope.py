"""A liaison scoped to one centre plans and runs only the courses that centre hosts; of their own side they see
only that centre's courses, trainees, trainers and equipment (lists, pages and the API: another centre's record is
"not found"); the other side's records stay in view."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.auth.tokens import create_token
from coordinator.courses.models import Course
from coordinator.equipment.models import EquipmentItem
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
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
    assert client.get(f"/courses/{other}/edit").status_code == 404  # another centre's course: not found


@pytest.fixture
def two_centres(app, users, sides):
    """Two Khuzestan centres with a course, a trainee, a trainer and an item each, and the same in Maysan; the
    Khuzestan liaison is scoped to the first (Ahvaz)."""
    with app.app_context():
        standard = factories.make_standard()
        made = {}
        for key, side, name_fa, name_ar in (("here", "KHZ", "مرکز اهواز", "مركز الأهواز"),
                                            ("there", "KHZ", "مرکز دزفول", "مركز دزفول"),
                                            ("abroad", "MSN", "مرکز عماره", "مركز العمارة")):
            centre = factories.make_centre(sides[side].id, name_fa=name_fa, name_ar=name_ar)
            course = factories.make_course(centre, standard, status="proposed",
                                           name_fa=f"دوره {name_fa}")
            trainee = factories.make_trainee(sides[side].id, name_fa=f"کارآموز {name_fa}",
                                             phone=f"0916{len(made):07d}", centre_id=centre)
            trainer = factories.make_trainer(sides[side].id, name_fa=f"مربی {name_fa}", centre_id=centre)
            item = EquipmentItem(side_id=sides[side].id, centre_id=centre, category="agro", name_fa=f"دستگاه {name_fa}",
                                 name_ar=f"جهاز {name_ar}", asset_tag=f"TAG-{key}")
            db.session.add(item)
            db.session.commit()
            made[key] = {"centre": centre, "course": course, "trainee": trainee, "trainer": trainer, "item": item.id,
                         "name": name_fa}
        db.session.get(User, users["liaison_khz"].id).centre_id = made["here"]["centre"]
        db.session.commit()
        made["token"] = create_token(db.session.get(User, users["liaison_khz"].id), "test", "read")[1]
        db.session.commit()
    return made


LISTS = {"/courses/": "دوره {}", "/trainees/": "کارآموز {}", "/exchange/trainers/": "مربی {}",
         "/equipment/": "دستگاه {}"}


def test_a_scoped_liaisons_lists_hold_their_centres_records_and_the_other_sides(app, client, login, two_centres):
    login("liaison.khz")
    for url, label in LISTS.items():
        page = client.get(url).get_data(as_text=True)
        assert label.format(two_centres["here"]["name"]) in page, url
        assert label.format(two_centres["there"]["name"]) not in page, url
    # The other side's shared records (courses to join, visiting trainers, equipment to book) stay in view.
    for url in ("/courses/", "/exchange/trainers/", "/equipment/"):
        assert LISTS[url].format(two_centres["abroad"]["name"]) in client.get(url).get_data(as_text=True), url


def test_an_unscoped_liaison_of_the_same_side_sees_both_centres(app, client, login, users, two_centres):
    with app.app_context():
        db.session.get(User, users["liaison_khz"].id).centre_id = None
        db.session.commit()
    login("liaison.khz")
    for url, label in LISTS.items():
        page = client.get(url).get_data(as_text=True)
        assert label.format(two_centres["here"]["name"]) in page and label.format(two_centres["there"]["name"]) in page


@pytest.mark.parametrize("url", ["/courses/{course}", "/courses/{course}/roster", "/trainees/{trainee}",
                                 "/trainees/{trainee}/edit", "/exchange/trainers/{trainer}", "/equipment/{item}"])
def test_another_centres_record_is_not_found(app, client, login, two_centres, url):
    login("liaison.khz")
    assert client.get(url.format(**two_centres["here"])).status_code == 200
    assert client.get(url.format(**two_centres["there"])).status_code == 404


@pytest.mark.parametrize(("url", "key"), [("/courses", "course"), ("/trainees", "trainee"),
                                          ("/trainers", "trainer"), ("/equipment", "item")])
def test_the_api_lists_and_hides_the_same(app, two_centres, url, key):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {two_centres['token']}"}
    ids = {row["id"] for row in client.get(f"/api/v1{url}?per_page=100", headers=headers).get_json()["items"]}
    assert two_centres["here"][key] in ids and two_centres["there"][key] not in ids
    assert client.get(f"/api/v1{url}/{two_centres['here'][key]}", headers=headers).status_code == 200
    assert client.get(f"/api/v1{url}/{two_centres['there'][key]}", headers=headers).status_code == 404


def test_a_trainee_registered_by_a_scoped_liaison_belongs_to_their_centre(app, client, login, sides, two_centres):
    login("liaison.khz")
    response = client.post("/trainees/new", data={
        "name_fa": "مینا رضایی", "name_ar": "", "gender": "f", "side_id": str(sides["KHZ"].id),
        "birth_date": "۱۳۸۰/۰۵/۱۲", "education": "secondary", "phone": "09169876543", "national_id": ""})
    assert response.status_code == 302
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.name_fa == "مینا رضایی"))
        assert trainee.centre_id == two_centres["here"]["centre"]


def test_a_scoped_liaison_nominates_their_centres_trainees_only(app, client, login, two_centres):
    login("liaison.khz")
    page = client.get(f"/courses/{two_centres['abroad']['course']}/roster").get_data(as_text=True)
    assert f'value="{two_centres["here"]["trainee"]}"' in page
    assert f'value="{two_centres["there"]["trainee"]}"' not in page
