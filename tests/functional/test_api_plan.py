"""The plan's targets and the budget lines through the API: the plan services' checks and permission rules,
exact decimals as text, paginated lists, stale versions refused, nothing half-written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from coordinator.extensions import db
from coordinator.plan.models import BudgetLine, PlanTarget
from tests import factories
from tests.functional.test_api_access import make_tokens


def _call(client, tokens, role, method, path, lang="en", **kwargs):
    headers = {"Authorization": f"Bearer {tokens[role]}", "Accept-Language": lang, **kwargs.pop("headers", {})}
    return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)


def test_targets_are_set_listed_changed_and_removed(app, client, sides, users):
    with app.app_context():
        tokens = make_tokens(users)
        factories.make_plan_target(sides["MSN"].id, 2026, "courses.completed", 4)
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    made = _call(client, tokens, "liaison_khz", "POST", "/plan/targets",
                 json={"side_id": khz, "year": 1405, "figure": "trainees.enrolled", "target": "120"})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["target"] == "120.00" and body["starts_on"] == "2026-03-21" and body["ends_on"] == "2027-03-20"
    assert body["figure_label"] == "Places taken by trainees" and made.headers["ETag"] == '"1"'

    listed = _call(client, tokens, "manager_msn", "GET", f"/plan/targets?side={khz}&per_page=1").get_json()
    assert (listed["total"], listed["pages"], [t["figure"] for t in listed["items"]]) == (
        1, 1, ["trainees.enrolled"])
    assert _call(client, tokens, "manager_msn", "GET", "/plan/targets").get_json()["total"] == 2
    assert _call(client, tokens, "trainer_khz", "GET", "/plan/targets").status_code == 403

    other = _call(client, tokens, "liaison_khz", "POST", "/plan/targets",
                  json={"side_id": msn, "year": 2026, "figure": "trainees.enrolled", "target": "10"})
    assert other.status_code == 422 and other.get_json()["errors"]["side_id"] == [
        "You may set targets for your own side only."]
    invented = _call(client, tokens, "liaison_khz", "POST", "/plan/targets", lang="fa",
                     json={"side_id": khz, "year": 1405, "figure": "trainees.happiness", "target": "10"})
    assert invented.status_code == 422 and "figure" in invented.get_json()["errors"]
    twice = _call(client, tokens, "liaison_khz", "POST", "/plan/targets",
                  json={"side_id": khz, "year": 1405, "figure": "trainees.enrolled", "target": "90"})
    assert twice.status_code == 422 and "already has a target" in twice.get_json()["errors"]["figure"][0]
    floaty = _call(client, tokens, "liaison_khz", "POST", "/plan/targets",
                   json={"side_id": khz, "year": 1405, "figure": "courses.completed", "target": 0.1})
    assert floaty.status_code == 422 and "target" in floaty.get_json()["errors"]

    target_id = body["id"]
    refused = _call(client, tokens, "liaison_msn", "PATCH", f"/plan/targets/{target_id}",
                    json={"target": "130", "version": 1})
    assert refused.status_code == 403
    changed = _call(client, tokens, "liaison_khz", "PATCH", f"/plan/targets/{target_id}",
                    json={"target": "130.5"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 422 and "whole number" in changed.get_json()["errors"]["target"][0]
    changed = _call(client, tokens, "liaison_khz", "PATCH", f"/plan/targets/{target_id}",
                    json={"target": "130"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.get_json()["target"] == "130.00"
    stale = _call(client, tokens, "manager_khz", "PATCH", f"/plan/targets/{target_id}",
                  json={"target": "140", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    assert "liaison.khz" in stale.get_json()["message"] or "changed this record" in stale.get_json()["message"]
    assert _call(client, tokens, "liaison_khz", "DELETE", f"/plan/targets/{target_id}?version=1").status_code == 409
    assert _call(client, tokens, "liaison_khz", "DELETE", f"/plan/targets/{target_id}",
                 headers={"If-Match": '"2"'}).status_code == 204
    with app.app_context():
        assert db.session.scalars(db.select(PlanTarget.figure)).all() == ["courses.completed"]


def _records(app, sides, users):
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id)
        course = factories.make_course(centre, factories.make_standard())
        other = factories.make_course(centre, factories.make_standard("7411-01"))
        factories.make_budget_line(other, sides["KHZ"].id)
        return course, other, make_tokens(users)


LINE = {"item": "tuition", "currency": "IQD", "rate": "1310", "rate_on": "2026-11-01", "planned": "2500000.50"}


def test_budget_lines_are_added_with_exact_amounts_and_listed_by_owner(app, client, sides, users):
    course, other, tokens = _records(app, sides, users)
    made = _call(client, tokens, "liaison_msn", "POST", "/budget-lines",
                 json={**LINE, "course_id": course, "payer_side_id": sides["MSN"].id})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert (body["planned"], body["committed"], body["rate"]) == ("2500000.50", "0.00", "1310.000000")
    assert body["payer_side"]["id"] == sides["MSN"].id and body["course_id"] == course
    third = _call(client, tokens, "manager_khz", "POST", "/budget-lines",
                  json={**LINE, "course_id": course, "payer_name": "UNDP", "currency": "USD", "rate": None,
                        "planned": "1200"})
    assert third.status_code == 201 and third.get_json()["payer_name"] == "UNDP"
    assert third.get_json()["rate"] == "1.000000"

    page = _call(client, tokens, "manager_msn", "GET", f"/budget-lines?course={course}").get_json()
    assert page["total"] == 2 and {i["planned"] for i in page["items"]} == {"2500000.50", "1200.00"}
    assert _call(client, tokens, "manager_msn", "GET", "/budget-lines?currency=IRR").get_json()["total"] == 1
    assert _call(client, tokens, "trainer_msn", "GET", "/budget-lines").status_code == 403
    with app.app_context():
        amounts = db.session.scalars(db.select(BudgetLine.planned).where(BudgetLine.course_id == course)
                                     .order_by(BudgetLine.id)).all()
        assert amounts == [Decimal("2500000.50"), Decimal("1200.00")]


def test_budget_refusals_change_nothing(app, client, sides, users):
    course, _other, tokens = _records(app, sides, users)
    cases = [
        ("liaison_khz", {**LINE, "course_id": course, "payer_side_id": sides["KHZ"].id}, 403, None),
        ("liaison_msn", {**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "rate": "0"}, 422, "rate"),
        ("liaison_msn", {**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "rate_on": "2099-01-01"},
         422, "rate_on"),
        ("liaison_msn", {**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "planned": "-5"},
         422, "planned"),
        ("liaison_msn", {**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "planned": 12.5},
         422, "planned"),
        ("liaison_msn", {**LINE, "payer_side_id": sides["MSN"].id}, 422, "course_id"),
        ("liaison_msn", {**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "payer_name": "UNDP"},
         422, "payer_side_id"),
        ("liaison_msn", {**LINE, "course_id": course}, 422, "payer_name"),
        ("liaison_msn", {**LINE, "course_id": 999999, "payer_side_id": sides["MSN"].id}, 404, None),
    ]
    for role, body, status, field in cases:
        response = _call(client, tokens, role, "POST", "/budget-lines", json=body)
        assert response.status_code == status, (body, response.get_json())
        assert set(response.get_json()) == {"code", "message", "errors"}
        if field:
            assert field in response.get_json()["errors"], (field, response.get_json())
    future = _call(client, tokens, "liaison_msn", "POST", "/budget-lines", lang="fa",
                   json={**LINE, "course_id": course, "payer_side_id": sides["MSN"].id, "rate_on": "2099-01-01"})
    assert future.get_json()["errors"]["rate_on"] == ["تاریخ نرخ ارز نمی‌تواند در آینده باشد."]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(BudgetLine.id)).where(BudgetLine.course_id == course)) == 0


def test_budget_line_changes_need_the_current_version(app, client, sides, users):
    course, other, tokens = _records(app, sides, users)
    with app.app_context():
        line_id = db.session.scalar(db.select(BudgetLine.id).where(BudgetLine.course_id == other))
    path = f"/budget-lines/{line_id}"
    assert _call(client, tokens, "liaison_khz", "PATCH", path, json={"actual": "5", "version": 1}).status_code == 403
    changed = _call(client, tokens, "liaison_msn", "PATCH", path, json={"actual": "990000.25", "version": 1})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["actual"], body["planned"], body["payer_side"]["id"], body["version"]) == (
        "990000.25", "1000000.00", sides["KHZ"].id, 2)
    stale = _call(client, tokens, "manager_msn", "PATCH", path, json={"actual": "1", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    third = _call(client, tokens, "liaison_msn", "PATCH", path, json={"payer_name": "UNICEF"},
                  headers={"If-Match": '"2"'})
    assert third.status_code == 200 and (third.get_json()["payer_side"], third.get_json()["payer_name"]) == (
        None, "UNICEF")
    assert _call(client, tokens, "liaison_msn", "DELETE", path + "?version=2").status_code == 409
    assert _call(client, tokens, "liaison_msn", "DELETE", path + "?version=3").status_code == 204
    assert _call(client, tokens, "liaison_msn", "GET", path).status_code == 404


def test_a_rate_day_in_the_future_of_the_host_side_is_refused_on_change(app, client, sides, users):
    course, other, tokens = _records(app, sides, users)
    with app.app_context():
        from coordinator.catalog.models import Side
        from coordinator.viewer import side_today

        tomorrow = side_today(db.session.get(Side, sides["MSN"].id)) + timedelta(days=1)
        line_id = db.session.scalar(db.select(BudgetLine.id).where(BudgetLine.course_id == other))
    response = _call(client, tokens, "liaison_msn", "PATCH", f"/budget-lines/{line_id}",
                     json={"rate_on": tomorrow.isoformat(), "version": 1})
    assert response.status_code == 422 and "rate_on" in response.get_json()["errors"]


def test_totals_per_payer_and_currency_are_exact_and_never_mixed(app, client, sides, users):
    course, other, tokens = _records(app, sides, users)
    for body in ({**LINE, "payer_side_id": sides["MSN"].id, "planned": "0.10"},
                 {**LINE, "payer_side_id": sides["MSN"].id, "planned": "0.20", "actual": "0.05"},
                 {**LINE, "payer_side_id": sides["MSN"].id, "currency": "USD", "rate": "1", "planned": "7"},
                 {**LINE, "payer_name": "UNDP", "planned": "3"}):
        assert _call(client, tokens, "liaison_msn", "POST", "/budget-lines",
                     json={**body, "course_id": course}).status_code == 201
    response = _call(client, tokens, "manager_khz", "GET", f"/budget-lines/totals?course={course}", lang="ar")
    assert response.status_code == 200
    assert [(t["payer"], t["currency"], t["planned"], t["actual"]) for t in response.get_json()["totals"]] == [
        ("ميسان", "IQD", "0.30", "0.05"), ("ميسان", "USD", "7.00", "0.00"), ("UNDP", "IQD", "3.00", "0.00")]
    everything = _call(client, tokens, "manager_khz", "GET", "/budget-lines/totals?currency=IRR").get_json()
    assert [(t["payer_side_id"], t["planned"]) for t in everything["totals"]] == [(sides["KHZ"].id, "1000000.00")]
    assert _call(client, tokens, "trainer_msn", "GET", "/budget-lines/totals").status_code == 403


def test_a_trips_per_diem_comes_from_its_dates_and_the_rate_in_force(app, client, sides, users):
    from coordinator.plan.models import PerDiemRate

    course, _other, tokens = _records(app, sides, users)
    with app.app_context():
        trainer = factories.make_trainer(sides["KHZ"].id)
        trip = factories.make_assignment(trainer, course)  # 2026-12-04 .. 2027-01-02: 30 days
        db.session.add(PerDiemRate(side_id=sides["KHZ"].id, destination_side_id=sides["MSN"].id, currency="USD",
                                   daily=Decimal("45.50"), valid_from=date(2026, 1, 1)))
        db.session.commit()
        other_trip = factories.make_assignment(factories.make_trainer(sides["MSN"].id, name_fa="علی"), course)
    refused = _call(client, tokens, "liaison_khz", "POST", "/budget-lines/per-diem",
                    json={"assignment_id": trip, "rate_on": "2026-11-01"})
    assert refused.status_code == 403  # the trip's budget is kept by the host side (Maysan)
    made = _call(client, tokens, "liaison_msn", "POST", "/budget-lines/per-diem",
                 json={"assignment_id": trip, "rate_on": "2026-11-01"})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert (body["item"], body["currency"], body["planned"], body["payer_side"]["id"], body["assignment_id"]) == (
        "per_diem", "USD", "1365.00", sides["KHZ"].id, trip)
    no_rate = _call(client, tokens, "liaison_msn", "POST", "/budget-lines/per-diem",
                    json={"assignment_id": other_trip, "rate_on": "2026-11-01"})
    assert no_rate.status_code == 422 and "No per-diem rate" in no_rate.get_json()["message"]
