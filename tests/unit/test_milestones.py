"""Milestone rules: dependency cycles, done only after dependencies, progress bounds, overdue by working days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from coordinator.agro import services
from coordinator.agro.models import Milestone, Track
from coordinator.catalog.models import Holiday, Side
from coordinator.extensions import db

FRIDAY = date(2026, 11, 27)
assert FRIDAY.weekday() == 4


# Pure graph search --------------------------------------------------------------------------------------


def test_self_cycle():
    assert services.find_cycle({1: {1}}, 1) == [1, 1]


def test_two_cycle():
    assert services.find_cycle({1: {2}, 2: {1}}, 1) == [1, 2, 1]


def test_three_cycle():
    assert services.find_cycle({1: {2}, 2: {3}, 3: {1}}, 1) == [1, 2, 3, 1]


def test_diamond_is_not_a_cycle():
    assert services.find_cycle({4: {2, 3}, 2: {1}, 3: {1}, 1: set()}, 4) is None


# Overdue, pure ------------------------------------------------------------------------------------------


def _pending(due_on, status="in_progress"):
    return SimpleNamespace(status=status, due_on=due_on)


def test_friday_due_moves_to_saturday_in_khuzestan():
    assert services.effective_due(FRIDAY, (4,), set()) == date(2026, 11, 28)
    assert not services.is_overdue_on(_pending(FRIDAY), date(2026, 11, 28), (4,), set())
    assert services.is_overdue_on(_pending(FRIDAY), date(2026, 11, 29), (4,), set())


def test_friday_due_moves_to_sunday_in_maysan():
    assert services.effective_due(FRIDAY, (4, 5), set()) == date(2026, 11, 29)
    assert not services.is_overdue_on(_pending(FRIDAY), date(2026, 11, 29), (4, 5), set())
    assert services.is_overdue_on(_pending(FRIDAY), date(2026, 11, 30), (4, 5), set())


def test_holiday_after_weekend_moves_further():
    holidays = {date(2026, 11, 28)}
    assert services.effective_due(FRIDAY, (4,), holidays) == date(2026, 11, 29)
    assert not services.is_overdue_on(_pending(FRIDAY), date(2026, 11, 29), (4,), holidays)


def test_working_day_due_is_overdue_the_next_day_and_done_never_is():
    wednesday = date(2026, 11, 25)
    assert services.is_overdue_on(_pending(wednesday), date(2026, 11, 26), (4,), set())
    assert not services.is_overdue_on(_pending(wednesday), wednesday, (4,), set())
    assert not services.is_overdue_on(_pending(wednesday, "done"), date(2027, 1, 1), (4,), set())


# With the database --------------------------------------------------------------------------------------


@pytest.fixture
def ctx(app_ctx, sides, users):
    from coordinator.auth.models import User

    track = Track(name_fa="فرآوری خرما", name_ar="تصنيع التمور")
    db.session.add(track)
    db.session.flush()
    return SimpleNamespace(
        track=track, khz=db.session.get(Side, sides["KHZ"].id), msn=db.session.get(Side, sides["MSN"].id),
        admin=db.session.get(User, users["admin"].id), liaison_khz=db.session.get(User, users["liaison_khz"].id))


def _values(ctx, **extra):
    values = {"name_fa": "گام", "name_ar": "مرحلة", "side_id": ctx.khz.id, "starts_on": date(2026, 10, 1),
              "due_on": date(2026, 11, 25), "status": "planned", "progress": 0, "depends_on_ids": []}
    return values | extra


def _add(ctx, **extra) -> Milestone:
    return services.create_milestone(ctx.track, _values(ctx, **extra), ctx.admin)


def _problems(exc_info):
    return {field: str(message) for field, message in exc_info.value.problems}


def test_dependency_cycle_is_refused_naming_the_path(ctx):
    a = _add(ctx, name_fa="الف")
    b = _add(ctx, name_fa="ب", depends_on_ids=[a.id])
    c = _add(ctx, name_fa="ج", depends_on_ids=[b.id])
    with pytest.raises(services.AgroInvalid) as exc:
        services.update_milestone(a, _values(ctx, name_fa="الف", depends_on_ids=[c.id]), a.version, ctx.admin)
    message = _problems(exc)["depends_on_ids"]
    for name in ("الف", "ب", "ج"):
        assert name in message
    db.session.refresh(a)
    assert a.depends_on == []


def test_self_dependency_and_other_track_are_refused(ctx):
    a = _add(ctx)
    with pytest.raises(services.AgroInvalid) as exc:
        services.update_milestone(a, _values(ctx, depends_on_ids=[a.id]), a.version, ctx.admin)
    assert "depends_on_ids" in _problems(exc)
    other = Track(name_fa="لبنیات", name_ar="الألبان")
    db.session.add(other)
    db.session.flush()
    foreign = services.create_milestone(other, _values(ctx), ctx.admin)
    with pytest.raises(services.AgroInvalid) as exc:
        _add(ctx, depends_on_ids=[foreign.id])
    assert "depends_on_ids" in _problems(exc)


def test_diamond_is_accepted(ctx):
    a = _add(ctx)
    b = _add(ctx, depends_on_ids=[a.id])
    c = _add(ctx, depends_on_ids=[a.id])
    d = _add(ctx, depends_on_ids=[b.id, c.id])
    assert {m.id for m in d.depends_on} == {b.id, c.id}


def test_done_before_dependency_is_refused(ctx):
    a = _add(ctx, name_fa="نیازسنجی")
    with pytest.raises(services.AgroInvalid) as exc:
        _add(ctx, status="done", depends_on_ids=[a.id], done_on=date(2026, 11, 20))
    assert "نیازسنجی" in _problems(exc)["status"]
    services.update_milestone(a, _values(ctx, name_fa="نیازسنجی", status="done", done_on=date(2026, 11, 20)),
                              a.version, ctx.admin)
    b = _add(ctx, status="done", depends_on_ids=[a.id], done_on=date(2026, 11, 21))
    assert b.progress == 100 and b.done_on == date(2026, 11, 21)
    with pytest.raises(services.AgroInvalid) as exc:  # reopening what a done milestone waited on
        services.update_milestone(a, _values(ctx, name_fa="نیازسنجی", status="in_progress"), a.version, ctx.admin)
    assert "status" in _problems(exc)


def test_done_not_before_start_and_blocked_needs_reason(ctx):
    with pytest.raises(services.AgroInvalid) as exc:
        _add(ctx, status="done", done_on=date(2026, 9, 1))
    assert "done_on" in _problems(exc)
    with pytest.raises(services.AgroInvalid) as exc:
        _add(ctx, status="blocked", blocked_reason="  ")
    assert "blocked_reason" in _problems(exc)


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_out_of_bounds_is_refused(ctx, progress):
    with pytest.raises(services.AgroInvalid) as exc:
        _add(ctx, progress=progress)
    assert "progress" in _problems(exc)


def test_progress_field_bounds(app):
    from werkzeug.datastructures import MultiDict

    from coordinator.agro.forms import MilestoneForm

    with app.test_request_context():
        form = MilestoneForm(formdata=MultiDict({"progress": "۱۰۱"}), meta={"csrf": False})
        assert form.progress.data is None and form.progress.process_errors
        form = MilestoneForm(formdata=MultiDict({"progress": "۸۵"}), meta={"csrf": False})
        assert form.progress.data == 85


def test_liaison_cannot_own_for_the_other_side(ctx):
    with pytest.raises(services.AgroInvalid) as exc:
        services.create_milestone(ctx.track, _values(ctx, side_id=ctx.msn.id), ctx.liaison_khz)
    assert "side_id" in _problems(exc)


def test_overdue_uses_owner_side_week_and_holidays(ctx):
    khz = _add(ctx, due_on=FRIDAY)
    msn = _add(ctx, due_on=FRIDAY, side_id=ctx.msn.id)
    saturday_noon = datetime(2026, 11, 28, 9, tzinfo=UTC)
    sunday_noon = datetime(2026, 11, 29, 9, tzinfo=UTC)
    assert services.overdue_ids([khz, msn], saturday_noon) == set()
    assert services.overdue_ids([khz, msn], sunday_noon) == {khz.id}
    db.session.add(Holiday(side_id=ctx.khz.id, day=date(2026, 11, 28), name_fa="تعطیل", name_ar="عطلة"))
    db.session.flush()
    assert services.overdue_ids([khz, msn], sunday_noon) == set()
