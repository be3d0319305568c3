"""Meeting rules: times, states, a closed meeting's record, carry-over of open action items, the previous
meeting, action item statuses and the date they were finished."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.errors import StaleEditError, TransitionError
from coordinator.extensions import db
from coordinator.meetings import agenda, services
from coordinator.meetings.models import ActionItem, Meeting
from coordinator.viewer import side_today
from tests import factories

DAY = timedelta(days=1)


@pytest.fixture
def ctx(app_ctx, sides, users):
    """(sides, users as User rows) inside an app context."""
    return sides, {key: db.session.get(User, u.id) for key, u in users.items()}


def _meeting(sides, days: int, status: str = "closed") -> Meeting:
    starts = datetime(2026, 10, 1, 7, 0, tzinfo=UTC) + days * DAY
    return db.session.get(Meeting, factories.make_meeting(sides["MSN"].id, status=status, starts_at=starts))


def _values(sides, **changes):
    return {"name_fa": "جلسه", "name_ar": "اجتماع", "name_en": "", "host_side_id": sides["KHZ"].id,
            "starts_on": date(2026, 12, 10), "start_time": time(9, 0), "ends_on": None, "end_time": time(11, 0),
            "venue": "اهواز", "online_url": ""} | changes


def test_times_are_read_in_the_host_clock(ctx):
    sides, users = ctx
    meeting = services.create_meeting(_values(sides), users["admin"])
    assert meeting.starts_at == datetime(2026, 12, 10, 5, 30, tzinfo=UTC)  # Tehran is UTC+3:30
    assert services.local_parts(meeting)["start_time"] == time(9, 0)


@pytest.mark.parametrize("end", [time(9, 0), time(8, 0)])
def test_end_before_or_at_start_is_refused_on_the_end_field(ctx, end):
    sides, users = ctx
    with pytest.raises(services.MeetingInvalid) as refused:
        services.create_meeting(_values(sides, end_time=end), users["admin"])
    assert ("end_time" in [field for field, _m in refused.value.problems])


def test_a_later_end_day_is_accepted(ctx):
    sides, users = ctx
    meeting = services.create_meeting(_values(sides, ends_on=date(2026, 12, 11), end_time=time(8, 0)),
                                      users["admin"])
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=23)


def test_states_move_in_order_and_closing_stamps_the_time(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="draft")
    manager = users["manager_khz"]
    with pytest.raises(TransitionError):
        services.transition(meeting, "close", manager, meeting.version)
    services.transition(meeting, "open", manager, meeting.version)
    services.transition(meeting, "draft", manager, meeting.version)
    services.transition(meeting, "open", manager, meeting.version)
    services.transition(meeting, "start", manager, meeting.version)
    factories.sign_minutes(meeting.id)
    now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    services.transition(meeting, "close", manager, meeting.version, now=now)
    assert (meeting.status, meeting.closed_at) == ("closed", now)
    with pytest.raises(TransitionError):
        services.transition(meeting, "open", manager, meeting.version)


def test_a_stale_transition_is_refused(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="draft")
    with pytest.raises(StaleEditError):
        services.transition(meeting, "open", users["admin"], meeting.version - 1)


def test_trainers_and_other_side_liaisons_do_not_record(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="draft")
    for key in ("trainer_msn", "liaison_khz"):
        assert not can(users[key], "meeting.record", meeting)  # the page's one check (route table: 403)
    services.transition(meeting, "open", users["liaison_msn"], meeting.version)


def test_closed_meeting_refuses_every_change_through_it(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="closed")
    action = db.session.get(ActionItem, factories.make_action_item(meeting.id, users["trainer_msn"].id,
                                                                   sides["MSN"].id))
    item = meeting.agenda[0]
    admin = users["admin"]
    attempts = [
        lambda: services.update_meeting(meeting, _values(sides), meeting.version, admin),
        lambda: services.add_attendee(meeting, {"guest_name": "مهمان"}, admin),
        lambda: agenda.add_agenda_item(meeting, {"name_fa": "الف", "name_ar": "ب"}, admin),
        lambda: agenda.update_agenda_item(item, {"name_fa": "الف", "name_ar": "ب", "minutes_fa": "x"},
                                          item.version, admin),
        lambda: agenda.move_agenda_item(item, "down", admin),
        lambda: agenda.delete_agenda_item(item, admin),
        lambda: agenda.add_decision(item, {"text_fa": "مصوبه"}, admin),
        lambda: agenda.add_action_item(item, {}, admin),
        lambda: agenda.delete_action_item(action, admin),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionError, match="closed"):
            attempt()


def test_action_item_of_a_closed_meeting_keeps_what_was_decided(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="closed")
    action = db.session.get(ActionItem, factories.make_action_item(meeting.id, users["trainer_msn"].id,
                                                                   sides["MSN"].id, due_on=date(2026, 12, 20)))
    agenda.update_action_item(action, {"name_fa": "عوض", "name_ar": "تغيير", "owner_id": users["admin"].id,
                                       "side_id": sides["KHZ"].id, "due_on": date(2027, 1, 1), "status": "in_progress",
                                       "notes": "در حال انجام"}, action.version, users["trainer_msn"])
    assert (action.name_ar, action.owner_id, action.due_on) == ("إرسال قائمة المتدربين", users["trainer_msn"].id,
                                                               date(2026, 12, 20))
    assert (action.status, action.notes) == ("in_progress", "در حال انجام")
    assert not can(users["trainer_khz"], "action.update", action)  # someone else's action item


def test_done_dates_the_action_item_and_reopening_clears_it(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="in_progress")
    action = db.session.get(ActionItem, factories.make_action_item(meeting.id, users["liaison_msn"].id,
                                                                   sides["MSN"].id))
    agenda.set_action_status(action, "done", action.version, users["liaison_msn"])
    assert action.closed_on == side_today(action.side)
    agenda.set_action_status(action, "open", action.version, users["liaison_msn"])
    assert action.closed_on is None
    agenda.set_action_status(action, "cancelled", action.version, users["admin"], closed_on=date(2026, 11, 2))
    assert action.closed_on == date(2026, 11, 2)
    with pytest.raises(agenda.AgendaInvalid):
        agenda.set_action_status(action, "done", action.version, users["admin"], closed_on=date(2099, 1, 1))
    with pytest.raises(agenda.AgendaInvalid):
        agenda.set_action_status(action, "finished", action.version, users["admin"])


def test_carry_over_links_open_items_of_earlier_meetings_once(ctx):
    sides, users = ctx
    first, second = _meeting(sides, 0), _meeting(sides, 30)
    owner, side = users["liaison_msn"].id, sides["MSN"].id
    still_open = factories.make_action_item(first.id, owner, side, status="open")
    started = factories.make_action_item(second.id, owner, side, status="in_progress")
    factories.make_action_item(first.id, owner, side, status="done")
    factories.make_action_item(second.id, owner, side, status="cancelled")
    later = _meeting(sides, 90)
    factories.make_action_item(later.id, owner, side, status="open")  # after the new meeting: not carried
    meeting = _meeting(sides, 60, status="draft")
    services.transition(meeting, "open", users["admin"], meeting.version)
    follow_up = services.follow_up_item(meeting)
    assert follow_up is not None and follow_up.position == 1
    assert {a.id for a in follow_up.carried} == {still_open, started}
    # Back to draft and open again: still one follow-up item, nothing linked twice.
    services.transition(meeting, "draft", users["admin"], meeting.version)
    services.transition(meeting, "open", users["admin"], meeting.version)
    services.carry_over(meeting)
    assert [i.kind for i in meeting.agenda].count("follow_up") == 1
    assert len(follow_up.carried) == 2


def test_no_follow_up_item_when_nothing_is_open(ctx):
    sides, users = ctx
    _meeting(sides, 0)
    meeting = _meeting(sides, 60, status="draft")
    services.transition(meeting, "open", users["admin"], meeting.version)
    assert services.follow_up_item(meeting) is None


def test_closing_leaves_open_items_for_the_next_meeting(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="in_progress")
    action_id = factories.make_action_item(meeting.id, users["liaison_msn"].id, sides["MSN"].id)
    factories.sign_minutes(meeting.id)
    services.transition(meeting, "close", users["admin"], meeting.version)
    assert db.session.get(ActionItem, action_id).status == "open"
    following = _meeting(sides, 30, status="draft")
    services.transition(following, "open", users["admin"], following.version)
    assert [a.id for a in services.follow_up_item(following).carried] == [action_id]


def test_previous_meeting_is_the_latest_held_before(ctx):
    sides, _users = ctx
    first = _meeting(sides, 0)
    second = _meeting(sides, 30, status="in_progress")
    _meeting(sides, 45, status="draft")  # a draft was not held
    current = _meeting(sides, 60, status="draft")
    _meeting(sides, 90)
    assert services.previous_meeting(current).id == second.id
    assert services.previous_meeting(second).id == first.id
    assert services.previous_meeting(first) is None


def test_agenda_items_move_and_renumber(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="open")
    admin = users["admin"]
    items = [agenda.add_agenda_item(meeting, {"name_fa": f"بند {n}", "name_ar": f"بند {n}"}, admin)
             for n in range(3)]
    agenda.move_agenda_item(items[2], "up", admin)
    assert [i.name_fa for i in sorted(meeting.agenda, key=lambda i: i.position)] == ["بند 0", "بند 2", "بند 1"]
    agenda.move_agenda_item(items[0], "up", admin)  # already first: nothing moves
    agenda.delete_agenda_item(items[2], admin)
    assert sorted(i.position for i in meeting.agenda) == [1, 2]


def test_decision_needs_some_text(ctx):
    sides, users = ctx
    meeting = _meeting(sides, 0, status="open")
    item = agenda.add_agenda_item(meeting, {"name_fa": "الف", "name_ar": "ب"}, users["admin"])
    with pytest.raises(agenda.AgendaInvalid):
        agenda.add_decision(item, {"text_fa": "  ", "text_ar": ""}, users["admin"])
    assert agenda.add_decision(item, {"text_ar": "قرار"}, users["admin"]).text_ar == "قرار"


def test_online_link_must_be_http(ctx):
    assert services.valid_url("https://meet.example.org/room")
    assert not services.valid_url("javascript:alert(1)")
    assert not services.valid_url("ftp://example.org")
    assert not services.valid_url("https://")


def test_one_head_of_delegation_per_side_signs_the_report(ctx):
    from coordinator.meetings.models import delegation_head

    sides, users = ctx
    meeting = _meeting(sides, 0, status="in_progress")
    manager = services.add_attendee(meeting, {"user_id": users["manager_msn"].id}, users["admin"])
    liaison = services.add_attendee(meeting, {"user_id": users["liaison_msn"].id}, users["admin"])
    guest = services.add_attendee(meeting, {"guest_name": "سلمان العبادي", "organisation": "دائرة العمل",
                                            "side_id": sides["MSN"].id}, users["admin"])
    khz = services.add_attendee(meeting, {"user_id": users["liaison_khz"].id}, users["admin"])
    # Nobody marked: the side's present manager signs; the other side's only person signs for it.
    assert delegation_head(meeting, sides["MSN"].id) is manager
    assert delegation_head(meeting, sides["KHZ"].id) is khz
    services.make_head(liaison, users["admin"])
    services.make_head(guest, users["admin"])  # the side's previous head is no longer marked
    assert (liaison.heads_delegation, guest.heads_delegation, khz.heads_delegation) == (False, True, False)
    assert delegation_head(meeting, sides["MSN"].id) is guest
    services.set_presence(guest, False, users["admin"])  # an absent head cannot sign
    assert delegation_head(meeting, sides["MSN"].id) is manager
    with pytest.raises(services.MeetingInvalid):
        services.make_head(guest, users["admin"])
    assert not can(users["trainer_khz"], "meeting.record", meeting)
