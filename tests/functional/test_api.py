"""The JSON API as a client sees it: tokens, the error shape, versions, conflicts, audit, language."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from coordinator.audit import AuditEntry
from coordinator.auth.models import ApiToken, User
from coordinator.auth.tokens import create_token
from coordinator.courses.models import Course
from coordinator.db import utcnow
from coordinator.equipment.models import Booking
from coordinator.extensions import db
from tests import factories
from tests.functional.test_api_access import make_records, make_tokens


def _auth(secret: str, **extra) -> dict:
    return {"Authorization": f"Bearer {secret}", **extra}


def _setup(app, sides, users, scope="write"):
    with app.app_context():
        return make_records(sides, users), make_tokens(users, scope)


def test_profile_creates_a_token_shown_once_and_revokes_it(app, client, users, login):
    login("liaison.msn")
    response = client.post("/profile/tokens", data={"token-name": "سامانه وزارت", "token-scope": "write"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        secret_start = token.prefix
        assert token.user_id == users["liaison_msn"].id and token.scope == "write"
        assert len(token.token_hash) == 64 and secret_start not in token.token_hash
    secret = page.split('class="token-secret">')[1].split("<")[0]
    assert secret.startswith(secret_start)
    assert client.get("/api/v1/courses", headers=_auth(secret)).status_code == 200
    again = client.get("/profile").get_data(as_text=True)
    assert secret not in again and secret_start in again  # listed by its prefix, never shown again
    assert client.post("/profile/tokens/revoke", data={"token_id": token.id}).status_code == 302
    response = client.get("/api/v1/courses", headers=_auth(secret))
    assert response.status_code == 401 and response.get_json()["code"] == "invalid_token"


def test_someone_elses_token_cannot_be_revoked(app, client, users, login):
    with app.app_context():
        token, _secret = create_token(db.session.get(User, users["admin"].id), "admin's", "read")
        db.session.commit()
        token_id = token.id
    login("liaison.msn")
    assert client.post("/profile/tokens/revoke", data={"token_id": token_id}).status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


def test_token_form_refuses_a_past_expiry(client, users, login):
    login("liaison.msn")
    response = client.post("/profile/tokens", data={"token-name": "x", "token-scope": "read",
                                                    "token-expires_on": "2020/01/01"})
    assert response.status_code == 400


def test_expired_and_unknown_tokens_get_401_in_the_error_shape(app, client, users):
    with app.app_context():
        token, secret = create_token(db.session.get(User, users["admin"].id), "old", "read")
        token.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    for headers in (_auth(secret), _auth("coord_nonsense"), {"Authorization": "Basic abc"}, {}):
        response = client.get("/api/v1/sides", headers=headers)
        assert response.status_code == 401
        assert set(response.get_json()) == {"code", "message", "errors"}


def test_session_cookie_does_not_authenticate_the_api_and_no_cookie_is_set(app, client, users, login):
    login("admin")
    assert client.get("/api/v1/sides").status_code == 401
    assert client.post("/api/v1/courses", json={}).status_code == 401
    with app.app_context():
        secret = make_tokens({"admin": users["admin"]})["admin"]
    fresh = app.test_client()
    response = fresh.get("/api/v1/sides", headers=_auth(secret))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_read_token_is_refused_on_writes(app, client, sides, users):
    ids, tokens = _setup(app, sides, users, scope="read")
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 20, "version": 1},
                            headers=_auth(tokens["admin"]))
    assert response.status_code == 403 and response.get_json()["code"] == "read_only_token"
    assert client.get(f"/api/v1/courses/{ids.course}", headers=_auth(tokens["admin"])).status_code == 200


def test_write_goes_through_the_service_and_is_audited_as_the_token_user(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    response = client.get(f"/api/v1/courses/{ids.course}", headers=_auth(tokens["liaison_msn"]))
    assert response.headers["ETag"] == '"1"'
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 20},
                            headers=_auth(tokens["liaison_msn"], **{"If-Match": '"1"'}))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["capacity"] == 20 and response.headers["ETag"] == '"2"'
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity == "courses",
                                                              AuditEntry.action == "update"))
        assert entry.user_id == users["liaison_msn"].id and entry.changes["capacity"] == [10, 20]
        assert db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == users["liaison_msn"].id)
                                 ).last_used_at is not None


def test_stale_write_gets_409_and_changes_nothing(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    headers = _auth(tokens["admin"])
    assert client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 11, "version": 1},
                        headers=headers).status_code == 200
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 30, "version": 1}, headers=headers)
    assert response.status_code == 409 and response.get_json()["code"] == "stale_version"
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 30},
                            headers={**headers, "If-Match": '"1"'})
    assert response.status_code == 409
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 30}, headers=headers)
    assert response.status_code == 422 and "version" in response.get_json()["errors"]
    with app.app_context():
        course = db.session.get(Course, ids.course)
        assert (course.capacity, course.version) == (11, 2)


def test_overlapping_booking_is_a_conflict(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    response = client.post(f"/api/v1/equipment/{ids.item}/bookings", headers=_auth(tokens["liaison_msn"]), json={
        "starts_on": "2027-01-12", "ends_on": "2027-01-14", "user_side_id": ids.msn, "purpose": "کارگاه"})
    assert response.status_code == 409 and response.get_json()["code"] == "conflict"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1


def test_workflow_refusal_is_409_and_hidden_records_are_404(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    response = client.post(f"/api/v1/courses/{ids.course}/transitions", headers=_auth(tokens["admin"]),
                           json={"action": "start", "version": 1})
    assert response.status_code == 409 and response.get_json()["code"] == "transition_refused"
    hidden = client.get(f"/api/v1/courses/{ids.course}", headers=_auth(tokens["trainer_khz"]))
    missing = client.get("/api/v1/courses/999999", headers=_auth(tokens["trainer_khz"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_bad_bodies_get_the_error_shape(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    headers = _auth(tokens["admin"])
    url = f"/api/v1/courses/{ids.course}"
    cases = [
        (client.patch(url, data="{not json", headers=headers, content_type="application/json"), 400),
        (client.patch(url, json={"capacity": "many", "version": 1}, headers=headers), 422),
        (client.patch(url, json={"colour": "red", "version": 1}, headers=headers), 422),
        (client.patch(url, json=[1, 2], headers=headers), 422),
        (client.patch(url, data="capacity=3", headers=headers, content_type="text/plain"), 415),
        (client.patch(url, json={"funding_note": "x" * 400_000, "version": 1}, headers=headers), 413),
        (client.delete(url, headers=headers), 405),
        (client.get("/api/v1/no-such-thing", headers=headers), 404),
        (client.get("/api/v1/courses?per_page=1000", headers=headers), 422),
        # Refused app-wide before any API code runs, still answered in the API's shape.
        (client.get("/api/v1/courses?q=a%00b", headers=headers), 400),
    ]
    for response, status in cases:
        assert response.status_code == status, (status, response.get_data(as_text=True))
        assert set(response.get_json()) == {"code", "message", "errors"}
    unknown = client.patch(url, json={"colour": "red", "version": 1}, headers=headers).get_json()
    assert "colour" in unknown["errors"]


def test_message_follows_accept_language(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    response = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 12, "version": 1},
                            headers=_auth(tokens["manager_khz"], **{"Accept-Language": "ar"}))
    assert response.status_code == 403
    message = response.get_json()["message"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in message) and response.headers["Content-Language"] == "ar"
    english = client.patch(f"/api/v1/courses/{ids.course}", json={"capacity": 12, "version": 1},
                           headers=_auth(tokens["manager_khz"], **{"Accept-Language": "en"}))
    assert english.get_json()["message"].startswith("You do not have permission")


def test_lists_paginate_filter_and_search_with_folded_spelling(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    with app.app_context():
        for n in range(3):
            factories.make_trainee(sides["MSN"].id, name_fa=f"علی کاظمی {n}", phone=f"0916000000{n}")
    headers = _auth(tokens["admin"])
    page = client.get("/api/v1/trainees?per_page=2&page=2", headers=headers).get_json()
    assert (page["page"], page["per_page"], page["total"], page["pages"]) == (2, 2, 5, 3)
    assert len(page["items"]) == 2
    found = client.get("/api/v1/trainees?q=علي كاظمي", headers=headers).get_json()  # Arabic ي and ك
    assert found["total"] == 3
    assert client.get(f"/api/v1/courses?status=proposed&side={ids.msn}", headers=headers).get_json()["total"] == 1
    assert client.get(f"/api/v1/courses?side={ids.khz}", headers=headers).get_json()["total"] == 0
    course = client.get(f"/api/v1/courses/{ids.course}", headers=headers).get_json()
    assert course["start_date"] == "2026-12-05" and course["created_at"].endswith("+00:00")


def test_enrolment_through_the_api_fills_then_queues(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    with app.app_context():
        db.session.get(Course, ids.course).capacity = 1
        db.session.commit()
    response = client.post(f"/api/v1/courses/{ids.course}/enrolments", json={"trainee_id": ids.other_trainee},
                           headers=_auth(tokens["liaison_msn"]))
    assert response.status_code == 201
    assert (response.get_json()["status"], response.get_json()["waiting_position"]) == ("waiting", 1)
    again = client.post(f"/api/v1/courses/{ids.course}/enrolments", json={"trainee_id": ids.other_trainee},
                        headers=_auth(tokens["liaison_msn"]))
    assert again.status_code == 409


def test_docs_page_uses_local_assets_only(client):
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "http://" not in html and "https://" not in html
    assert "<script>" not in html  # the CSP forbids inline scripts
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for asset, status in (("swagger-ui-bundle.js", 200), ("index.html", 404)):
        with client.get(f"/api/v1/docs/assets/{asset}") as response:
            assert response.status_code == status


def test_action_item_owner_moves_it_along_and_progress_counts(app, client, sides, users):
    ids, tokens = _setup(app, sides, users)
    response = client.post(f"/api/v1/action-items/{ids.action_item}/status", headers=_auth(tokens["trainer_msn"]),
                           json={"status": "done", "version": 1})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "done" and response.get_json()["closed_on"]
    stale = client.post(f"/api/v1/action-items/{ids.action_item}/status", headers=_auth(tokens["admin"]),
                        json={"status": "open", "version": 1})
    assert stale.status_code == 409
    report = client.get("/api/v1/progress?start=2026-01-01&end=2026-12-31",
                        headers=_auth(tokens["manager_msn"], **{"Accept-Language": "fa"})).get_json()
    keys = {s["key"] for s in report["sections"]}
    assert {"courses", "trainees", "action_items"} <= keys
    assert report["period"] == {"start": "2026-01-01", "end": "2026-12-31", "side_id": None}
    backwards = client.get("/api/v1/progress?start=2026-12-31&end=2026-01-01", headers=_auth(tokens["admin"]))
    assert backwards.status_code == 422 and "end" in backwards.get_json()["errors"]


def test_a_caller_trying_token_after_token_is_slowed_down(app_factory, sides, users):
    app = app_factory(API_MAX_BAD_TOKENS=3)
    client = app.test_client()
    statuses = [client.get("/api/v1/sides", headers=_auth(f"coord_guess{n}")).status_code for n in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    response = client.get("/api/v1/sides", headers=_auth("coord_guess9"))
    assert response.get_json()["code"] == "too_many_requests" and response.headers["Retry-After"]


def test_a_token_downloads_a_curriculum_document_under_its_persian_name(app, client, sides, users):
    ids, tokens = _setup(app, sides, users, scope="read")
    body = client.get(f"/api/v1/curricula/{ids.curriculum}", headers=_auth(tokens["trainer_khz"])).get_json()
    url = body["versions"][0]["documents"][0]["download_url"]
    with client.get(url, headers=_auth(tokens["trainer_khz"])) as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert "filename*=UTF-8''" + quote("برنامه درسی.pdf") in response.headers["Content-Disposition"]
    assert client.get(url).status_code == 401  # the link needs the token, like every API address
    other = url.replace(f"/curricula/{ids.curriculum}/", f"/curricula/{ids.curriculum + 1}/")
    assert client.get(other, headers=_auth(tokens["admin"])).status_code == 404
