"""Where a course may be hosted and how its places are shared, as a liaison states it: a private institute
hosts only within its licence, a centre's own liaison plans only at that centre, the places per side fit in
the capacity; and an edit that sends the course back is told to the others by the one who made it."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from coordinator.auth.models import User
from coordinator.courses import services
from coordinator.courses.models import Course
from coordinator.errors import ValidationFailed
from coordinator.extensions import db
from tests import factories
from tests.notices import heard

START, END = date(2026, 12, 22), date(2027, 1, 20)


@pytest.fixture
def world(app_ctx, sides, users):
    khz, msn = sides["KHZ"].id, sides["MSN"].id

    class World:
        standard = factories.make_standard()
        ahvaz = factories.make_centre(khz)
        dezful = factories.make_centre(khz, name_fa="مرکز دزفول", name_ar="مركز دزفول", name_en="Dezful centre")

        def user(self, key):
            return db.session.get(User, users[key].id)

        def institute(self, licence_until):
            return factories.make_centre(khz, name_fa="آموزشگاه آزاد نخل", name_ar="معهد النخيل الأهلي",
                                         name_en="Nakhl Institute", kind="private", licence_valid_until=licence_until)

    world = World()
    world.khz, world.msn = khz, msn
    with force_locale("en"):
        yield world


def values(world, centre, **changes) -> dict:
    return {
        "name_fa": "جوشکاری برق", "name_ar": "اللحام الكهربائي", "name_en": "", "skill_standard_id": world.standard,
        "host_centre_id": centre, "start_date": START, "end_date": END, "theory_hours": 40, "practice_hours": 100,
        "capacity": 12, "quota_host": None, "quota_partner": None, "min_attendance": 80, "language": "fa_ar",
        "delivery": "centre", "funding_note": "", "contact_name": "", "contact_phone": "", "target_group_ids": [],
        **changes,
    }


def create(world, centre, user="liaison_khz", **changes) -> Course:
    user = user if isinstance(user, User) else world.user(user)
    return services.create_course(values(world, centre, **changes), user)


def refusal(world, centre, user="liaison_khz", **changes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        create(world, centre, user, **changes)
    db.session.rollback()
    return caught.value


# A private institute: its licence must last to the course's last day ---------------------------------------


def test_an_institute_whose_licence_ends_before_the_course_is_refused_naming_both_days(world):
    error = refusal(world, world.institute(date(2027, 1, 19)))
    assert error.field == "host_centre_id"
    assert str(error.message) == ("The licence of Nakhl Institute is valid until 19 January 2027, before the "
                                  "course ends on 20 January 2027.")


def test_an_institute_licensed_to_the_last_day_hosts_the_course(world):
    institute = world.institute(END)
    course = create(world, institute)
    assert (course.host_centre_id, course.status) == (institute, "draft")


# A centre's own liaison --------------------------------------------------------------------------------------


def test_a_centres_own_liaison_plans_at_that_centre_and_is_told_to_choose_it_elsewhere(world):
    scoped = world.user("liaison_khz")
    scoped.centre_id = world.ahvaz
    db.session.commit()
    assert create(world, world.ahvaz, scoped).host_centre_id == world.ahvaz
    error = refusal(world, world.dezful, scoped)
    assert (error.field, str(error.message)) == (
        "host_centre_id", "Choose your own centre: a liaison officer of a centre plans only the courses it hosts.")
    # A liaison of the whole side plans at any of its centres.
    scoped.centre_id = None
    db.session.commit()
    assert create(world, world.dezful, scoped).host_centre_id == world.dezful


def test_the_other_sides_centre_is_refused_saying_who_plans_there(world):
    amarah = factories.make_centre(world.msn, name_fa="مرکز العماره", name_ar="مركز العمارة")
    error = refusal(world, amarah)
    assert (error.field, str(error.message)) == (
        "host_centre_id", "Choose a centre of your own side: the other side's liaisons plan the courses it hosts.")


# Places per side -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("host", "partner"), [(12, None), (None, 12), (7, 5), (0, 0), (6, 6)])
def test_places_per_side_up_to_the_capacity_are_accepted(world, host, partner):
    course = create(world, world.ahvaz, quota_host=host, quota_partner=partner)
    assert (course.capacity, course.quota_host, course.quota_partner) == (12, host, partner)


@pytest.mark.parametrize(("host", "partner"), [(13, None), (None, 13), (7, 6), (12, 1), (1, 12)])
def test_places_per_side_past_the_capacity_are_refused_saying_so(world, host, partner):
    error = refusal(world, world.ahvaz, quota_host=host, quota_partner=partner)
    assert (error.field, str(error.message)) == (
        "quota_partner", "The places per side add up to more than the capacity.")


# An edit that sends the course back ------------------------------------------------------------------------


def test_an_approved_course_sent_back_by_an_edit_is_told_by_its_editor_to_the_others(world):
    course = create(world, world.ahvaz)
    course.status = "approved"
    db.session.commit()
    editor = world.user("liaison_khz")
    form = values(world, world.ahvaz, capacity=14)
    assert services.update_course(course, form, course.version, editor) is True
    db.session.commit()
    told = heard("course.sent_back")
    assert set(told) == {world.user("liaison_msn").id}
    assert told[world.user("liaison_msn").id].actor_id == editor.id


def test_a_place_for_a_side_in_a_course_without_places_is_refused(world):
    error = refusal(world, world.ahvaz, capacity=0, quota_host=1)
    assert (error.field, str(error.message)) == (
        "quota_partner", "The places per side add up to more than the capacity.")
