"""The API's document says what the API validates (issue 20, item 11): each finding of the fuzzer, pinned."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coordinator.converters import MAX_ID
from coordinator.extensions import db
from tests.functional.test_api_access import make_records, make_tokens


@pytest.fixture
def api(app, sides, users):
    with app.app_context():
        ids = make_records(sides, users)
        token = make_tokens({"admin": users["admin"]})["admin"]
    return ids, {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":  # the path's own parameters (record ids), not an operation
                continue
            yield f"{method.upper()} {path}", operation


def _body_schema(spec, operation) -> dict:
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


@pytest.mark.parametrize("value", ["38098836433524498628608", "-1", "0", str(MAX_ID + 1)])
def test_a_huge_integer_filter_is_refused_not_a_server_error(client, api, value):
    _ids, headers = api
    response = client.get(f"/api/v1/centres?side={value}", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["side"] == [f"Give a value from 1 to {MAX_ID}."]


def test_every_integer_in_a_query_is_bounded_in_the_document(spec):
    unbounded = [(label, p["name"]) for label, operation in _operations(spec)
                 for p in operation.get("parameters", ())
                 if p["in"] == "query" and p["schema"].get("type") == "integer"
                 and not {"minimum", "maximum"} <= set(p["schema"])]
    assert not unbounded


def test_every_date_taken_states_its_range_and_text_its_storable_characters(spec):
    loose = []
    for label, operation in _operations(spec):
        fields = {p["name"]: p["schema"] for p in operation.get("parameters", ()) if p["in"] == "query"}
        if "requestBody" in operation:
            fields |= _body_schema(spec, operation)["properties"]
        for name, schema in fields.items():
            if schema.get("format") in ("date", "date-time") and "pattern" not in schema:
                loose.append((label, name))
            if schema.get("type") == "string" and "maxLength" in schema and "pattern" not in schema:
                loose.append((label, name))
    assert not loose


def test_scores_are_numbers(app, client, api):
    from coordinator.competitions.models import Participant
    from coordinator.courses.models import Enrolment

    ids, headers = api
    with app.app_context():
        db.session.execute(db.update(Participant).values(score=Decimal("94.50")))
        db.session.execute(db.update(Enrolment).values(theory_score=Decimal("71.25"), practice_score=Decimal("80")))
        db.session.commit()
    competition = client.get(f"/api/v1/competitions/{ids.competition}", headers=headers).get_json()
    assert competition["participants"][0]["score"] == 94.5
    enrolment = client.get(f"/api/v1/courses/{ids.course}/enrolments/{ids.enrolment}", headers=headers).get_json()
    assert (enrolment["theory_score"], enrolment["practice_score"]) == (71.25, 80.0)


VERSIONED = ["PATCH /api/v1/courses/{course_id}", "POST /api/v1/courses/{course_id}/transitions",
             "POST /api/v1/courses/{course_id}/approvals", "PUT /api/v1/assignments/{assignment_id}",
             "POST /api/v1/assignments/{assignment_id}/transitions", "PATCH /api/v1/milestones/{milestone_id}",
             "POST /api/v1/equipment/{item_id}/bookings/{booking_id}/cancellation",
             "POST /api/v1/courses/{course_id}/enrolments/{enrolment_id}/withdrawal",
             "PATCH /api/v1/action-items/{action_item_id}", "POST /api/v1/action-items/{action_item_id}/status"]


def test_changes_document_the_version_they_require(spec):
    operations = dict(_operations(spec))
    assert all("version" in _body_schema(spec, operations[label]).get("required", ()) for label in VERSIONED)


def test_a_change_without_version_is_refused_and_if_match_stands_for_it(client, api):
    ids, headers = api
    url = f"/api/v1/courses/{ids.course}"
    refused = client.patch(url, json={"capacity": 14}, headers=headers)
    assert refused.status_code == 422 and refused.get_json()["errors"]["version"] == ["This field is required."]
    saved = client.patch(url, json={"capacity": 14}, headers={**headers, "If-Match": '"1"'})
    assert saved.status_code == 200 and saved.get_json()["capacity"] == 14


def test_a_version_must_be_a_json_number(client, api):
    ids, headers = api
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 14, "version": "1"}, headers=headers)
    assert response.status_code == 422 and response.get_json()["errors"]["version"] == ["Give a whole number."]


def test_an_unknown_query_parameter_is_refused_like_an_unknown_field(client, api):
    _ids, headers = api
    response = client.get("/api/v1/courses?stauts=draft", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["stauts"] == ["This field is not accepted here."]


@pytest.mark.parametrize("value", ["2026-12-05 10:00:00+00:00", "20261205T100000Z", "2026-12-05T10:00:00"])
def test_instants_take_the_documented_spelling_only(client, api, value):
    ids, headers = api
    response = client.put(f"/api/v1/assignments/{ids.assignment}", headers=headers, json={
        "travel_out_at": value, "travel_back_at": "2027-01-02T18:00:00+00:00", "version": 1})
    assert response.status_code == 422
    assert response.get_json()["errors"]["travel_out_at"] == ["Give a date and time in ISO 8601 with a UTC offset."]


def test_text_with_a_nul_character_is_refused(client, api):
    _ids, headers = api
    assert client.get("/api/v1/courses?q=a%00b", headers=headers).status_code == 400
    response = client.post("/api/v1/courses", headers=headers, json={"name_fa": "a\x00b"})
    assert response.status_code == 422
    assert response.get_json()["errors"]["name_fa"] == ["This text contains characters that cannot be stored."]
