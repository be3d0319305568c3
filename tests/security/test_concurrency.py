"""Two people at once: a stale edit is refused with a message, and two requests racing for one equipment slot
or one trainer's days end with exactly one winner (threads with their own sessions, on SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.equipment import bookings
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.errors import DomainError
from coordinator.exchanges import assignments, conflicts
from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from tests import factories

CENTRE = {"name_fa": "مرکز آموزش شوشتر", "name_ar": "مركز التدريب في تستر", "active": "y", "kind": "government",
          "city_fa": "شوشتر", "city_ar": "تستر"}


def test_two_officers_editing_one_record_one_wins_the_other_is_told(app, sides, users, login):
    with app.app_context():
        centre_id = factories.make_centre(sides["KHZ"].id)
    first, second = app.test_client(), app.test_client()
    login("admin", test_client=first)
    with app.app_context():
        factories.make_user("admin", username="ali.kaabi", full_name="علي الكعبي")
    login("ali.kaabi", test_client=second)
    url = f"/catalog/centres/{centre_id}/edit"
    assert first.get(url).status_code == second.get(url).status_code == 200  # both open version 1
    data = {**CENTRE, "side_id": sides["KHZ"].id, "version": "1"}
    assert first.post(url, data={**data, "name_en": "First"}).status_code == 302
    refused = second.post(url, data={**data, "name_en": "Second"}, headers={"Accept-Language": "en"})
    body = refused.get_data(as_text=True)
    assert refused.status_code in (400, 409)
    assert "after you opened it" in body and "Your changes were not saved" in body
    with app.app_context():
        from coordinator.catalog.models import Centre

        assert db.session.get(Centre, centre_id).name_en == "First"


def race(app, work, count: int = 2):
    """Run `work(index)` in `count` threads, each in its own app context (its own session and connection);
    every thread commits its own result. Returns what each thread returned or raised."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index):
        with app.app_context():
            try:
                start.wait(timeout=10)
                results[index] = work(index)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 (the loser's refusal is what we look at)
                db.session.rollback()
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def pause_after(module, name: str, barrier: threading.Barrier, monkeypatch) -> None:
    """Both racers finish their check before either writes, unless a row lock makes one wait (then the
    barrier times out and the lock holder goes on alone: that is the behaviour we want)."""
    original = getattr(module, name)

    def paused(*args, **kwargs):
        found = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)
        return found

    monkeypatch.setattr(module, name, paused)


def test_two_bookings_racing_for_one_slot_exactly_one_wins(app, sides, users, monkeypatch):
    with app.app_context():
        centre_id = factories.make_centre(sides["KHZ"].id)
        item = EquipmentItem(side_id=sides["KHZ"].id, centre_id=centre_id, category="agro", name_fa="دستگاه",
                             name_ar="جهاز", asset_tag="RACE-1", shareable=True, condition="good")
        db.session.add(item)
        db.session.commit()
        item_id, admin_id = item.id, users["admin"].id
    pause_after(bookings, "overlapping", threading.Barrier(2), monkeypatch)

    def book(index):
        item = db.session.get(EquipmentItem, item_id)
        user = db.session.get(User, admin_id)
        values = {"starts_on": date(2027, 5, 1 + index), "ends_on": date(2027, 5, 10), "course_id": None,
                  "user_side_id": sides["KHZ"].id, "purpose": f"کارگاه {index}"}
        return bookings.create_booking(item, values, user).id

    results = race(app, book)
    with app.app_context():
        saved = db.session.scalar(select(func.count()).select_from(Booking).where(Booking.item_id == item_id))
    winners = [r for r in results if isinstance(r, int)]
    assert saved == 1 and len(winners) == 1, results
    loser = next(r for r in results if not isinstance(r, int))
    assert isinstance(loser, DomainError), f"the loser should get a conflict message, not {loser!r}"


def test_two_assignments_racing_for_one_trainer_exactly_one_wins(app, sides, users, monkeypatch):
    with app.app_context():
        centre_id = factories.make_centre(sides["MSN"].id)
        standard_id = factories.make_standard()
        course_ids = [factories.make_course(centre_id, standard_id, status="approved", start=date(2027, 6, 5),
                                            end=date(2027, 6, 20)) for _ in range(2)]
        trainer_id = factories.make_trainer(sides["KHZ"].id)
        admin_id = users["admin"].id
    pause_after(conflicts, "check", threading.Barrier(2), monkeypatch)

    def assign(index):
        course = db.session.get(Course, course_ids[index])
        trainer = db.session.get(Trainer, trainer_id)
        values = {"role": "lead", "travel_out_at": datetime.combine(date(2027, 6, 4), time(6), tzinfo=UTC),
                  "travel_back_at": datetime.combine(date(2027, 6, 21), time(18), tzinfo=UTC),
                  "skill_override": "تجربه کافی"}
        assignment, _warnings = assignments.create_assignment(course, trainer, values,
                                                              db.session.get(User, admin_id))
        return assignment.id

    results = race(app, assign)
    with app.app_context():
        saved = db.session.scalar(select(func.count()).select_from(Assignment)
                                  .where(Assignment.trainer_id == trainer_id))
    assert saved == 1 and sum(isinstance(r, int) for r in results) == 1, results
    loser = next(r for r in results if not isinstance(r, int))
    assert isinstance(loser, DomainError), f"the loser should get a conflict message, not {loser!r}"


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    yield
    assert threading.active_count() < 20
