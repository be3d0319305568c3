"""Both sides sign the minutes: each head of delegation for their own side, with the time; the meeting
closes only with both signatures; a correction afterwards reopens them; decisions numbered per meeting;
a meeting of a series looks back to the previous meeting of that series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coordinator.auth.models import User
from coordinator.errors import PermissionDenied, TransitionError
from coordinator.extensions import db
from coordinator.meetings import agenda, services, signatures
from coordinator.meetings.models import Meeting, MeetingAttendee, MeetingSeries
from tests import factories

NOW = datetime(2026, 12, 1, 8, 40, tzinfo=UTC)


@pytest.fixture
def ctx(app_ctx, sides, users):
    people = {key: db.session.get(User, u.id) for key, u in users.items()}
    meeting = db.session.get(Meeting, factories.make_meeting(sides["MSN"].id, status="in_progress"))
    meeting.attendees += [
        MeetingAttendee(user_id=people["manager_khz"].id, side_id=sides["KHZ"].id, heads_delegation=True),
        MeetingAttendee(user_id=people["manager_msn"].id, side_id=sides["MSN"].id, heads_delegation=True),
        MeetingAttendee(user_id=people["liaison_msn"].id, side_id=sides["MSN"].id),
    ]
    db.session.commit()
    return sides, people, meeting


def test_signing_for_the_other_side_is_refused_with_who_may(ctx):
    sides, people, meeting = ctx
    with pytest.raises(PermissionDenied) as error:
        signatures.sign(meeting, sides["MSN"].id, people["manager_khz"], NOW)
    assert str(error.value) == ("You head the delegation of Khuzestan: only the head of the delegation of Maysan "
                                "can sign the minutes for Maysan.")
    with pytest.raises(PermissionDenied) as error:
        signatures.sign(meeting, sides["MSN"].id, people["liaison_msn"], NOW)
    assert str(error.value) == ("Only the head of the delegation of Maysan (کاربر manager.msn) can sign the "
                                "minutes for Maysan.")
    assert meeting.signatures == []


def test_the_meeting_closes_only_when_both_heads_have_signed(ctx):
    sides, people, meeting = ctx
    signatures.sign(meeting, sides["KHZ"].id, people["manager_khz"], NOW)
    with pytest.raises(TransitionError) as error:
        services.transition(meeting, "close", people["admin"], meeting.version)
    assert str(error.value) == ("The meeting cannot close before the heads of both delegations sign the minutes: "
                                "not yet signed for Maysan.")
    with pytest.raises(TransitionError, match="already signed for Khuzestan"):
        signatures.sign(meeting, sides["KHZ"].id, people["manager_khz"], NOW)
    signatures.sign(meeting, sides["MSN"].id, people["manager_msn"], NOW + timedelta(minutes=5))
    got = sorted((s.side_id, s.signer_name, s.signed_at) for s in meeting.signatures)
    assert got == sorted([(sides["KHZ"].id, "کاربر manager.khz", NOW),
                          (sides["MSN"].id, "کاربر manager.msn", NOW + timedelta(minutes=5))])
    services.transition(meeting, "close", people["admin"], meeting.version)
    assert meeting.status == "closed"


def test_a_correction_after_signing_reopens_the_signatures(ctx):
    sides, people, meeting = ctx
    item = agenda.add_agenda_item(meeting, {"name_fa": "دوره‌ها", "name_ar": "الدورات"}, people["admin"])
    signatures.sign(meeting, sides["KHZ"].id, people["manager_khz"], NOW)
    signatures.sign(meeting, sides["MSN"].id, people["manager_msn"], NOW)
    db.session.commit()
    agenda.update_agenda_item(item, {"name_fa": "دوره‌ها", "name_ar": "الدورات", "minutes_fa": "اصلاح"},
                              item.version, people["manager_msn"])
    db.session.commit()
    assert meeting.signatures == []
    with pytest.raises(TransitionError, match="not yet signed for Maysan / Khuzestan"):
        services.transition(meeting, "close", people["admin"], meeting.version)
    # A refused correction changes nothing: the signatures given since stay.
    signatures.sign(meeting, sides["KHZ"].id, people["manager_khz"], NOW)
    db.session.commit()
    with pytest.raises(Exception):  # noqa: B017,PT011  (the title is required: refused)
        agenda.update_agenda_item(item, {"name_fa": "", "name_ar": ""}, item.version, people["admin"])
    db.session.rollback()
    assert [s.side_id for s in db.session.get(Meeting, meeting.id).signatures] == [sides["KHZ"].id]


def test_minutes_are_signed_only_while_the_meeting_is_in_progress(app_ctx, sides, users):
    meeting = db.session.get(Meeting, factories.make_meeting(sides["MSN"].id, status="open"))
    with pytest.raises(TransitionError, match="while the meeting is in progress"):
        signatures.sign(meeting, sides["MSN"].id, db.session.get(User, users["manager_msn"].id), NOW)


def test_decisions_are_numbered_through_the_meeting(ctx):
    _sides, people, meeting = ctx
    first = agenda.add_agenda_item(meeting, {"name_fa": "یک", "name_ar": "واحد"}, people["admin"])
    second = agenda.add_agenda_item(meeting, {"name_fa": "دو", "name_ar": "اثنان"}, people["admin"])
    numbers = [agenda.add_decision(item, {"text_fa": "مصوبه"}, people["admin"]).number
               for item in (second, first, second)]
    assert numbers == [1, 2, 3]
    # Numbers follow the highest kept: deleting the last one frees its number, deleting another does not.
    agenda.delete_decision(second.decisions[-1], people["admin"])
    assert agenda.add_decision(first, {"text_ar": "قرار"}, people["admin"]).number == 3


def test_a_meeting_of_a_series_looks_back_to_its_own_series(app_ctx, sides):
    quarterly = MeetingSeries(name_fa="جلسات فصلی", name_ar="الاجتماعات الفصلية")
    db.session.add(quarterly)
    db.session.commit()
    day = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)
    ids = [factories.make_meeting(sides["MSN"].id, status="closed", starts_at=day + timedelta(days=d))
           for d in (0, 30, 60)]
    first, other, current = (db.session.get(Meeting, i) for i in ids)
    first.series_id = current.series_id = quarterly.id
    db.session.commit()
    assert services.previous_meeting(current) == first
    assert services.previous_meeting(other) == first  # no series: any earlier meeting


def test_an_edit_without_a_series_keeps_the_meetings_series(app_ctx, sides, users):
    from datetime import date, time

    quarterly = MeetingSeries(name_fa="جلسات فصلی", name_ar="الاجتماعات الفصلية")
    db.session.add(quarterly)
    db.session.commit()
    admin = db.session.get(User, users["admin"].id)
    values = {"name_fa": "جلسه", "name_ar": "اجتماع", "host_side_id": sides["KHZ"].id,
              "starts_on": date(2026, 12, 10), "start_time": time(9, 0), "end_time": time(11, 0), "venue": "اهواز"}
    meeting = services.create_meeting(values | {"series_id": quarterly.id}, admin)
    assert meeting.series_id == quarterly.id
    services.update_meeting(meeting, values | {"venue": "آبادان"}, meeting.version, admin)  # as the API sends it
    assert (meeting.series_id, meeting.venue) == (quarterly.id, "آبادان")
    with pytest.raises(Exception, match="Choose a meeting series"):  # noqa: PT011
        services.update_meeting(meeting, values | {"series_id": 99999}, meeting.version, admin)
