"""Study visits through the API: proposed, given a programme and a delegation, visas recorded and answered through
the pages' services (the same rules, the same translated refusals), a guest delegate checked by the same document
rules, stale versions refused."""

from __future__ import annotations

from coordinator.extensions import db
from coordinator.visits.models import Visit
from tests import factories
from tests.functional.test_api_access import make_tokens


def _call(client, tokens, role, method, path, lang="en", **kwargs):
    headers = {"Authorization": f"Bearer {tokens[role]}", "Accept-Language": lang, **kwargs.pop("headers", {})}
    return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)


def test_a_visit_is_proposed_given_a_guest_and_answered_by_the_host(app, client, sides, users, monkeypatch):
    with app.app_context():
        tokens = make_tokens(users)
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    backwards = _call(client, tokens, "liaison_khz", "POST", "/visits", lang="fa", json={
        "name_fa": "بازدید", "name_ar": "زيارة", "host_side_id": msn, "guest_side_id": khz, "purpose_fa": "تبادل",
        "starts_on": "2027-04-12", "ends_on": "2027-04-10"})
    assert backwards.status_code == 422 and "بازدید پیش از شروع به پایان می‌رسد" in backwards.get_json()["message"]
    proposed = _call(client, tokens, "liaison_khz", "POST", "/visits", json={
        "name_fa": "بازدید از هنرستان‌ها", "name_ar": "زيارة المعاهد", "host_side_id": msn, "guest_side_id": khz,
        "purpose_fa": "تبادل تجربه", "starts_on": "2027-04-10", "ends_on": "2027-04-12"})
    assert proposed.status_code == 201, proposed.get_json()
    visit_id = proposed.get_json()["id"]
    assert proposed.get_json()["status"] == "proposed"

    guest = {"name_fa": "مهندس پرویز نادری", "name_en": "Parviz Naderi", "passport_number": "b1234 5678",
             "passport_expires_on": "2027-04-11", "post_fa": "مدیرکل"}
    refused = _call(client, tokens, "liaison_khz", "POST", f"/visits/{visit_id}/delegates", json=guest)
    assert refused.status_code == 422
    assert refused.get_json()["message"].startswith("The passport of Parviz Naderi expires on 11 April 2027")
    added = _call(client, tokens, "liaison_khz", "POST", f"/visits/{visit_id}/delegates",
                  json=guest | {"passport_expires_on": "2031-01-01"})
    assert added.status_code == 201, added.get_json()
    [delegate] = added.get_json()["delegates"]
    assert delegate["guest"] is True and delegate["trainer_id"] is None and delegate["side_id"] == khz
    assert "passport_number" not in delegate  # never in a page or an answer

    # The visiting side may not accept; the host accepts, then confirms (the guest's passport holds).
    assert _call(client, tokens, "liaison_khz", "POST", f"/visits/{visit_id}/transitions",
                 json={"action": "accept", "version": 1}).status_code == 403
    outside = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/days", lang="ar",
                    json={"day": "2027-04-13", "text_ar": "العودة"})
    assert outside.status_code == 422 and "خارج الزيارة" in outside.get_json()["message"]
    assert _call(client, tokens, "liaison_khz", "POST", f"/visits/{visit_id}/days",
                 json={"day": "2027-04-10", "text_ar": "الورشة"}).status_code == 403  # the host's programme
    day = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/days",
                json={"day": "2027-04-10", "text_fa": "بازدید از کارگاه", "text_ar": "زيارة الورشة"})
    assert day.status_code == 201 and [d["day"] for d in day.get_json()["days"]] == ["2027-04-10"]
    with app.app_context():
        version = db.session.get(Visit, visit_id).version
    stale = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/transitions",
                  json={"action": "accept", "version": version + 1})
    assert stale.status_code == 409
    accepted = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/transitions",
                     json={"action": "accept", "version": version})
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted", accepted.get_json()
    with app.app_context():
        version = db.session.get(Visit, visit_id).version
    # Where a visa is asked for, confirming waits for the guest's, recorded by the visiting side.
    monkeypatch.setitem(app.config, "VISA_REQUIRED", (("IR", "IQ"),))
    waiting = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/transitions",
                    headers={"If-Match": f'"{version}"'}, json={"action": "confirm"})
    assert waiting.status_code == 422
    assert "Parviz Naderi has no visa for Maysan on record." in str(waiting.get_json()["errors"])
    visa = f"/visits/{visit_id}/delegates/{delegate['id']}/visa"
    assert _call(client, tokens, "liaison_msn", "PUT", visa, json={"visa_status": "issued"}).status_code == 403
    no_end = _call(client, tokens, "liaison_khz", "PUT", visa, json={"visa_status": "issued"})
    assert no_end.status_code == 422 and "Give the last day the visa is valid." in no_end.get_json()["message"]
    issued = _call(client, tokens, "liaison_khz", "PUT", visa, json={
        "visa_status": "issued", "visa_valid_from": "2027-04-01", "visa_valid_until": "2027-05-01"})
    assert issued.status_code == 200 and issued.get_json()["delegates"][0]["visa_status"] == "issued"
    confirmed = _call(client, tokens, "liaison_msn", "POST", f"/visits/{visit_id}/transitions",
                      headers={"If-Match": f'"{version}"'}, json={"action": "confirm"})
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "confirmed", confirmed.get_json()


def test_a_visit_without_a_programme_is_not_accepted(app, client, sides, users):
    with app.app_context():
        tokens = make_tokens(users)
        ids = factories.make_visit(sides["MSN"].id, sides["KHZ"].id)
        visit = db.session.get(Visit, ids.visit)
        visit.days.clear()
        db.session.commit()
        version = visit.version
    refused = _call(client, tokens, "liaison_msn", "POST", f"/visits/{ids.visit}/transitions", lang="ar",
                    json={"action": "accept", "version": version})
    assert refused.status_code == 409 and refused.get_json()["code"] == "transition_refused"
