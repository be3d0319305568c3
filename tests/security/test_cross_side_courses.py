"""A liaison plans for their own side only: no course created at, or moved to, the other side's centre, and no
proposing the other side's draft — refused with a message on the pages and through the API alike."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.auth.tokens import create_token
from coordinator.courses.models import Course
from coordinator.extensions import db
from tests import factories

EN = {"Accept-Language": "en"}
OWN_SIDE_ONLY = "Choose a centre of your own side"


@pytest.fixture
def ids(app, sides, users):
    with app.app_context():
        return SimpleNamespace(
            khz=sides["KHZ"].id, msn=sides["MSN"].id, khz_centre=factories.make_centre(sides["KHZ"].id),
            khz_centre2=factories.make_centre(sides["KHZ"].id, name_fa="مرکز آبادان", name_ar="مركز عبادان"),
            msn_centre=factories.make_centre(sides["MSN"].id, name_fa="مرکز العماره", name_ar="مركز العمارة"),
            standard=factories.make_standard())


def token(app, users, key: str) -> dict:
    with app.app_context():
        _token, secret = create_token(db.session.get(User, users[key].id), "test", "write")
        db.session.commit()
    return {"Authorization": f"Bearer {secret}", **EN}


def page_form(ids, centre: int, **changes) -> dict:
    # Every value valid, so the centre is the only possible reason for a refusal.
    return {"name_fa": "جوشکاری", "name_ar": "اللحام", "skill_standard_id": str(ids.standard),
            "host_centre_id": str(centre), "start_date": "2027-02-01", "end_date": "2027-03-01",
            "theory_hours": "40", "practice_hours": "100", "capacity": "12", "min_attendance": "80",
            "language": "fa_ar", "delivery": "centre", **changes}


def api_body(ids, centre: int) -> dict:
    return {"name_fa": "جوشکاری", "name_ar": "اللحام", "skill_standard_id": ids.standard, "host_centre_id": centre,
            "start_date": "2027-02-01", "end_date": "2027-03-01", "theory_hours": 40, "practice_hours": 100,
            "capacity": 12}


def courses(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(c.host_side_id, c.status) for c in db.session.scalars(select(Course).order_by(Course.id))]


def test_page_refuses_a_course_at_the_other_sides_centre(app, client, ids, login):
    login("liaison.khz")
    refused = client.post("/courses/new", data=page_form(ids, ids.msn_centre), headers=EN)
    assert refused.status_code == 400 and OWN_SIDE_ONLY in refused.get_data(as_text=True)
    assert courses(app) == []
    # The picker offers only their own side's centres.
    form_page = client.get("/courses/new").get_data(as_text=True)
    picker = re.search(r'<select[^>]*name="host_centre_id".*?</select>', form_page, re.S).group(0)
    assert f'value="{ids.khz_centre}"' in picker and f'value="{ids.msn_centre}"' not in picker
    assert client.post("/courses/new", data=page_form(ids, ids.khz_centre), headers=EN).status_code == 302
    assert courses(app) == [(ids.khz, "draft")]


def test_api_refuses_a_course_at_the_other_sides_centre(app, client, ids, users):
    headers = token(app, users, "liaison_msn")
    refused = client.post("/api/v1/courses", json=api_body(ids, ids.khz_centre), headers=headers)
    body = refused.get_json()
    assert refused.status_code == 422 and OWN_SIDE_ONLY in body["errors"]["host_centre_id"][0]
    assert courses(app) == []
    assert client.post("/api/v1/courses", json=api_body(ids, ids.msn_centre), headers=headers).status_code == 201
    # The administrator plans for either side.
    admin = token(app, users, "admin")
    assert client.post("/api/v1/courses", json=api_body(ids, ids.khz_centre), headers=admin).status_code == 201
    assert courses(app) == [(ids.msn, "draft"), (ids.khz, "draft")]


def test_a_liaison_cannot_move_their_course_to_the_other_side(app, client, ids, users, login):
    with app.app_context():
        course_id = factories.make_course(ids.khz_centre, ids.standard, status="approved")
    login("liaison.khz")
    form = page_form(ids, ids.msn_centre, start_date="2026-12-05", end_date="2026-12-18", capacity="10",
                     version="1")
    refused = client.post(f"/courses/{course_id}/edit", data=form, headers=EN)
    assert refused.status_code == 400 and OWN_SIDE_ONLY in refused.get_data(as_text=True)
    api = client.patch(f"/api/v1/courses/{course_id}", json={"host_centre_id": ids.msn_centre, "version": 1},
                       headers=token(app, users, "liaison_khz"))
    assert api.status_code == 422 and OWN_SIDE_ONLY in api.get_json()["errors"]["host_centre_id"][0]
    assert courses(app) == [(ids.khz, "approved")]
    # Another centre of their own side is fine (and sends the course back for approval).
    assert client.post(f"/courses/{course_id}/edit", data={**form, "host_centre_id": str(ids.khz_centre2)},
                       headers=EN).status_code == 302
    assert courses(app) == [(ids.khz, "proposed")]


def test_the_other_side_cannot_propose_a_draft(app, client, ids, users, login):
    with app.app_context():
        course_id = factories.make_course(ids.khz_centre, ids.standard, status="draft")
    login("liaison.msn")
    page = client.post(f"/courses/{course_id}/transition/propose", data={"version": "1"}, headers=EN)
    assert page.status_code == 403 and "Only the host side proposes its course" in page.get_data(as_text=True)
    api = client.post(f"/api/v1/courses/{course_id}/transitions", json={"action": "propose", "version": 1},
                      headers=token(app, users, "liaison_msn"))
    assert api.status_code == 403 and "Only the host side proposes its course" in api.get_json()["message"]
    assert courses(app) == [(ids.khz, "draft")]
    khz = client.post(f"/api/v1/courses/{course_id}/transitions", json={"action": "propose", "version": 1},
                      headers=token(app, users, "liaison_khz"))
    assert khz.status_code == 200 and courses(app) == [(ids.khz, "proposed")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Course)) == 1
