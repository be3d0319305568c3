"""Nominations and withdrawal reasons through the JSON API: the same services as the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.tokens import create_token
from coordinator.courses.models import Enrolment
from coordinator.extensions import db
from tests import factories


@pytest.fixture
def api(app, sides, users):
    """A Maysan-hosted proposed course with one place; two Khuzestan trainees and one of Maysan; a token per
    liaison. Returns (client, headers by user key, ids)."""
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id)
        course = factories.make_course(centre, factories.make_standard(), status="proposed", capacity=1)
        khz_a = factories.make_trainee(sides["KHZ"].id, name_fa="زهرا موسوی", phone="09160000011")
        khz_b = factories.make_trainee(sides["KHZ"].id, name_fa="مریم حیدری", phone="09160000012")
        msn = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب كاظم", phone="07700000013")
        headers = {}
        for key in ("liaison_khz", "liaison_msn", "manager_khz"):
            _token, secret = create_token(db.session.get(User, users[key].id), key, "write")
            headers[key] = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
        db.session.commit()
    return app.test_client(), headers, {"course": course, "khz_a": khz_a, "khz_b": khz_b, "msn": msn}


def _statuses(app, course_id):
    with app.app_context():
        return {e.trainee_id: (e.status, e.withdraw_reason)
                for e in db.session.scalars(select(Enrolment).where(Enrolment.course_id == course_id))}


def test_nominate_list_answer_then_withdraw_with_a_reason(app, api):
    client, headers, ids = api
    base = f"/api/v1/courses/{ids['course']}"
    response = client.post(f"{base}/nominations", headers=headers["liaison_khz"],
                           json={"trainee_ids": [ids["khz_b"], ids["khz_a"]]})
    assert response.status_code == 201, response.get_json()
    made = response.get_json()["nominated"]
    assert [e["trainee"]["id"] for e in made] == [ids["khz_b"], ids["khz_a"]]
    assert {e["status"] for e in made} == {"nominated"}

    listed = client.get(f"{base}/nominations", headers=headers["manager_khz"]).get_json()
    assert [e["trainee"]["id"] for e in listed["items"]] == [ids["khz_b"], ids["khz_a"]]  # the order of nomination

    # Only the host side answers; one place: the first accepted is enrolled, the next waits.
    enrolment_ids = [e["id"] for e in made]
    refused = client.post(f"{base}/nominations/answer", headers=headers["liaison_khz"],
                          json={"accept": enrolment_ids})
    assert refused.status_code == 403
    response = client.post(f"{base}/nominations/answer", headers=headers["liaison_msn"],
                           json={"accept": enrolment_ids})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert [e["trainee"]["id"] for e in answer["enrolled"]] == [ids["khz_b"]]
    assert [e["trainee"]["id"] for e in answer["waiting"]] == [ids["khz_a"]]
    assert answer["waiting"][0]["waiting_position"] == 1
    assert client.get(f"{base}/nominations", headers=headers["liaison_msn"]).get_json()["items"] == []

    # Withdrawal with a reason from the list; the waiting trainee takes the place.
    enrolled = answer["enrolled"][0]
    bad = client.post(f"{base}/enrolments/{enrolled['id']}/withdrawal", headers=headers["liaison_msn"],
                      json={"version": enrolled["version"], "reason": "bored"})
    assert bad.status_code == 422
    assert "reason" in bad.get_json()["errors"]
    response = client.post(f"{base}/enrolments/{enrolled['id']}/withdrawal", headers=headers["liaison_msn"],
                           json={"version": enrolled["version"], "reason": "work"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["withdraw_reason"] == "work"
    assert _statuses(app, ids["course"]) == {ids["khz_b"]: ("withdrawn", "work"), ids["khz_a"]: ("enrolled", None)}


def test_a_nomination_of_the_other_sides_trainee_saves_nothing(app, api):
    client, headers, ids = api
    response = client.post(f"/api/v1/courses/{ids['course']}/nominations",
                           headers={**headers["liaison_khz"], "Accept-Language": "fa"},
                           json={"trainee_ids": [ids["khz_a"], ids["msn"]]})
    assert response.status_code == 422
    body = response.get_json()
    assert "هر طرف کارآموزان خود را معرفی می‌کند" in body["errors"]["trainee_ids"][0], body
    assert _statuses(app, ids["course"]) == {}
    # An unknown trainee, or an empty list: refused with a message on the field.
    unknown = client.post(f"/api/v1/courses/{ids['course']}/nominations", headers=headers["liaison_khz"],
                          json={"trainee_ids": [999999]})
    assert unknown.status_code == 422 and "trainee_ids" in unknown.get_json()["errors"]
    empty = client.post(f"/api/v1/courses/{ids['course']}/nominations", headers=headers["liaison_khz"],
                        json={"trainee_ids": []})
    assert empty.status_code == 422
    assert _statuses(app, ids["course"]) == {}


def test_answering_a_nomination_already_answered_changes_nothing(app, api):
    client, headers, ids = api
    base = f"/api/v1/courses/{ids['course']}"
    made = client.post(f"{base}/nominations", headers=headers["liaison_khz"],
                       json={"trainee_ids": [ids["khz_a"]]}).get_json()["nominated"]
    first = client.post(f"{base}/nominations/answer", headers=headers["liaison_msn"],
                        json={"decline": [made[0]["id"]]})
    assert first.status_code == 200
    assert [e["status"] for e in first.get_json()["declined"]] == ["declined"]
    again = client.post(f"{base}/nominations/answer", headers=headers["liaison_msn"],
                        json={"accept": [made[0]["id"]]})
    assert again.status_code == 422
    assert "answered meanwhile" in again.get_json()["errors"]["decision"][0]
    assert _statuses(app, ids["course"]) == {ids["khz_a"]: ("declined", None)}
