"""Equipment pages and who may change what: the register, bookings, loans, maintenance, utilisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.equipment import views as _equipment_views  # noqa: F401  (the routes join the blueprint)
from coordinator.equipment.blueprint import bp as equipment_bp
from coordinator.equipment.models import Booking, EquipmentItem, Maintenance, Transfer
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from tests import factories

D = date(2027, 3, 1)


@pytest.fixture
def eq_app(app, app_factory):
    """The app with the equipment blueprint (registered here until the factory registers it)."""
    made = app_factory()
    if "equipment" not in made.blueprints:
        made.register_blueprint(equipment_bp)
    return made


@pytest.fixture
def eq(eq_app, users, sides):
    with eq_app.app_context():
        khz_centre = factories.make_centre(sides["KHZ"].id)
        msn_centre = factories.make_centre(sides["MSN"].id, name_fa="مرکز العماره", name_ar="مركز العمارة")
        item = EquipmentItem(side_id=sides["KHZ"].id, centre_id=khz_centre, category="agro",
                             name_fa="دستگاه درجه‌بندی خرما", name_ar="آلة فرز التمور", asset_tag="KHZ-DATE-01")
        db.session.add(item)
        db.session.commit()
        return {"item": item.id, "khz_centre": khz_centre, "msn_centre": msn_centre}


@pytest.fixture
def as_user(eq_app, login):
    def make(username):
        client = eq_app.test_client()
        login(username.replace("_", "."), test_client=client)
        return client

    return make


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _day(value: date) -> str:
    """A date as typed in the Persian pages the demo users see (Solar Hijri)."""
    return date_input_value(value, "fa")


@pytest.mark.parametrize("username", ["admin", "liaison_khz", "liaison_msn", "manager_khz", "trainer_msn"])
def test_everyone_reads_the_pages(as_user, eq, username):
    client = as_user(username)
    assert client.get("/equipment/").status_code == 200
    assert client.get("/equipment/?q=خرما&abroad=1&category=agro").status_code == 200
    assert client.get(f"/equipment/{eq['item']}").status_code == 200
    assert client.get("/equipment/utilisation").status_code == 200
    assert client.get("/equipment/999999").status_code == 404


def test_anonymous_is_sent_to_log_in(eq_app, eq):
    assert eq_app.test_client().get("/equipment/").status_code == 302


def test_owner_liaison_registers_and_edits(as_user, eq, eq_app, sides):
    client = as_user("liaison_khz")
    assert client.get("/equipment/new").status_code == 200
    data = {"side_id": sides["KHZ"].id, "centre_id": eq["khz_centre"], "category": "simulator",
            "name_fa": "شبیه‌ساز جوشکاری", "name_ar": "محاكي اللحام", "asset_tag": "KHZ-WS-01",
            "condition": "good", "shareable": "y", "location": "کارگاه ۲"}
    response = client.post("/equipment/new", data=data)
    assert response.status_code == 302
    # The same asset tag twice: a message on the field, nothing written.
    response = client.post("/equipment/new", data=data)
    assert response.status_code == 400
    assert _count(eq_app, EquipmentItem) == 2
    with eq_app.app_context():
        version = db.session.get(EquipmentItem, eq["item"]).version
    edit = dict(data, asset_tag="KHZ-DATE-01", name_fa="درجه‌بندی خرما", category="agro", version=version)
    assert client.post(f"/equipment/{eq['item']}/edit", data=edit).status_code == 302
    # A stale form is refused.
    assert client.post(f"/equipment/{eq['item']}/edit", data=edit).status_code == 400


def test_other_side_liaison_cannot_edit(as_user, eq, sides):
    client = as_user("liaison_msn")
    assert client.get(f"/equipment/{eq['item']}/edit").status_code == 403
    assert client.post(f"/equipment/{eq['item']}/maintenance", data={}).status_code == 403
    assert client.post(f"/equipment/{eq['item']}/transfers", data={}).status_code == 403


@pytest.mark.parametrize("username", ["manager_khz", "manager_msn", "trainer_khz"])
def test_managers_and_trainers_are_read_only(as_user, eq, username):
    client = as_user(username)
    assert client.get("/equipment/new").status_code == 403
    assert client.get(f"/equipment/{eq['item']}/edit").status_code == 403
    assert client.post(f"/equipment/{eq['item']}/bookings", data={}).status_code == 403
    assert client.post(f"/equipment/{eq['item']}/maintenance", data={}).status_code == 403


@pytest.mark.parametrize("username,side", [("liaison_khz", "KHZ"), ("liaison_msn", "MSN")])
def test_a_liaison_of_either_side_books_a_shareable_item(as_user, eq, eq_app, sides, username, side):
    client = as_user(username)
    response = client.post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides[side].id, "starts_on": _day(D), "ends_on": _day(D + timedelta(days=3)),
        "purpose": "کارگاه"})
    assert response.status_code == 302
    with eq_app.app_context():
        booking = db.session.scalar(select(Booking))
        cross = side != "KHZ"
        assert booking.held_from == D - timedelta(days=2 if cross else 0)


def test_overlapping_booking_is_refused_with_the_clash_and_a_suggestion(as_user, eq, eq_app, sides):
    client = as_user("liaison_msn")
    form = {"user_side_id": sides["MSN"].id, "starts_on": _day(D), "ends_on": _day(D + timedelta(days=3)),
            "purpose": "Dates workshop"}
    assert client.post(f"/equipment/{eq['item']}/bookings", data=form).status_code == 302
    response = client.post(f"/equipment/{eq['item']}/bookings", data=form)
    assert response.status_code == 409
    assert "Dates workshop" in response.get_data(as_text=True)
    assert _count(eq_app, Booking) == 1


def test_other_side_cannot_book_an_unshareable_item(as_user, eq, eq_app, sides):
    with eq_app.app_context():
        db.session.get(EquipmentItem, eq["item"]).shareable = False
        db.session.commit()
    response = as_user("liaison_msn").post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides["MSN"].id, "starts_on": _day(D), "ends_on": _day(D), "purpose": "x"})
    assert response.status_code == 400
    assert _count(eq_app, Booking) == 0


def test_bad_dates_give_a_message_not_a_500(as_user, eq, sides):
    client = as_user("liaison_khz")
    response = client.post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides["KHZ"].id, "starts_on": "not a date", "ends_on": _day(D), "purpose": "x"})
    assert response.status_code == 400
    response = client.post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides["KHZ"].id, "starts_on": _day(D), "ends_on": _day(D - timedelta(days=1)),
        "purpose": "x"})
    assert response.status_code == 400


def test_booking_cancel_by_either_side_only(as_user, eq, eq_app, sides, users):
    client = as_user("liaison_msn")
    client.post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides["MSN"].id, "starts_on": _day(D), "ends_on": _day(D), "purpose": "x"})
    with eq_app.app_context():
        bid, version = db.session.execute(select(Booking.id, Booking.version)).one()
    cancel = {"version": version}
    assert as_user("manager_khz").post(f"/equipment/bookings/{bid}/cancel", data=cancel).status_code == 403
    assert as_user("liaison_khz").post(f"/equipment/bookings/{bid}/cancel", data=cancel).status_code == 302
    with eq_app.app_context():
        assert db.session.get(Booking, bid).cancelled


def test_booking_cancel_from_a_stale_page_is_refused(as_user, eq, eq_app, sides, users):
    """The page's cancel carries the version it showed: changed since, it says by whom and when, and
    cancels nothing."""
    msn = as_user("liaison_msn")
    msn.post(f"/equipment/{eq['item']}/bookings", data={
        "user_side_id": sides["MSN"].id, "starts_on": _day(D), "ends_on": _day(D), "purpose": "x"})
    with eq_app.app_context():
        booking = db.session.scalar(select(Booking))
        bid, shown = booking.id, booking.version
        # Someone (as a CLI command names its actor) saves the booking after the page was loaded.
        g.actor_id = users["liaison_msn"].id
        booking.purpose = "changed in the meantime"
        db.session.commit()
        editor = db.session.get(User, users["liaison_msn"].id).display_name
    page = msn.get(f"/equipment/{eq['item']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'name="version" value="{shown + 1}"' in page
    response = as_user("liaison_khz").post(f"/equipment/bookings/{bid}/cancel", data={"version": shown},
                                           headers={"Accept-Language": "en"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{editor} changed this record at" in text and "Your changes were not saved" in text
    with eq_app.app_context():
        booking = db.session.get(Booking, bid)
        assert not booking.cancelled and booking.version == shown + 1


def test_loan_steps_through_the_pages(as_user, eq, eq_app, sides):
    khz, msn = as_user("liaison_khz"), as_user("liaison_msn")
    assert msn.post(f"/equipment/{eq['item']}/transfers", data={}).status_code == 403
    response = khz.post(f"/equipment/{eq['item']}/transfers", data={
        "to_side_id": sides["MSN"].id, "day": _day(D), "person": "حمید", "condition": "good",
        "due_back_on": _day(D + timedelta(days=20))})
    assert response.status_code == 302
    with eq_app.app_context():
        tid = db.session.scalar(select(Transfer.id))
    english = {"Accept-Language": "en"}
    assert "Abroad" in khz.get("/equipment/?abroad=1", headers=english).get_data(as_text=True)
    # The same dispatch posted again from a page loaded before the loan: refused with a message, nothing added.
    again = khz.post(f"/equipment/{eq['item']}/transfers", headers=english, data={
        "to_side_id": sides["MSN"].id, "day": _day(D), "person": "حمید", "condition": "good",
        "due_back_on": _day(D + timedelta(days=20))})
    assert again.status_code in (400, 409) and 'class="form-alert"' in again.get_data(as_text=True)
    assert _count(eq_app, Transfer) == 1
    # A return before the dispatch (and out of order): a message, nothing written.
    response = khz.post(f"/equipment/transfers/{tid}/returned",
                        data={"day": _day(D - timedelta(days=1)), "person": "حمید", "condition": "good"},
                        follow_redirects=True)
    assert response.status_code == 200
    assert msn.post(f"/equipment/transfers/{tid}/customs_cleared",
                    data={"day": _day(D + timedelta(days=1)), "person": "علي"}).status_code == 302
    assert as_user("manager_msn").post(f"/equipment/transfers/{tid}/received", data={}).status_code == 403
    assert khz.post(f"/equipment/transfers/{tid}/nonsense", data={}).status_code == 404
    with eq_app.app_context():
        assert db.session.get(Transfer, tid).status == "customs_cleared"


def test_maintenance_and_utilisation(as_user, eq, eq_app):
    client = as_user("liaison_khz")
    response = client.post(f"/equipment/{eq['item']}/maintenance", data={
        "day": _day(D), "kind": "repair", "cost": "۱۲۵۰۰۰۰", "currency": "IRR", "notes": "تعویض تسمه"})
    assert response.status_code == 302
    assert client.post(f"/equipment/{eq['item']}/maintenance", data={"day": "", "kind": ""}).status_code == 400
    assert _count(eq_app, Maintenance) == 1
    response = client.get(f"/equipment/utilisation?start={_day(D)}&end={_day(D + timedelta(days=30))}")
    assert response.status_code == 200
    assert client.get(f"/equipment/utilisation?start={_day(D)}&end={_day(D - timedelta(days=30))}").status_code == 400


def test_demo_equipment_covers_every_state(eq_app, login):
    from coordinator import demo
    from coordinator.equipment import services, transfers

    with eq_app.app_context():
        demo.load()  # the equipment comes with the rest of the demo data
        today = date.today()
        db.session.commit()
        items = db.session.scalars(select(EquipmentItem)).all()
        assert len(items) == 12
        assert {t.status for t in db.session.scalars(select(Transfer))} == {
            "dispatched", "customs_cleared", "received", "returned"}
        assert transfers.overdue_item_ids(today)
        assert services.abroad_ids()
        live = db.session.scalars(select(Booking).where(Booking.cancelled.is_(False))).all()
        assert any(b.course_id and b.user_side_id != b.item.side_id for b in live)
        assert any(b.cancelled for b in db.session.scalars(select(Booking)))
        assert {i.condition for i in items} >= {"new", "good", "fair", "poor", "out_of_service"}
        assert _count(eq_app, Maintenance) >= 4
        item_ids = [i.id for i in items]
    from coordinator.demo.people import PASSWORD

    client = eq_app.test_client()
    login("liaison.msn", PASSWORD, test_client=client)
    assert client.get("/equipment/").status_code == 200
    for item_id in item_ids:
        assert client.get(f"/equipment/{item_id}").status_code == 200
    assert client.get("/equipment/utilisation").status_code == 200
