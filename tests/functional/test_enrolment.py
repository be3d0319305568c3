"""Roster, enrolment, withdrawal, the attendance and assessment sheets and finalising, through the client."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import event, func, select

from coordinator.courses.models import Attendance, CourseSession, Enrolment
from coordinator.extensions import db
from tests import factories

EN = {"Accept-Language": "en"}
# Days relative to today: two sessions held, one to come (a few days off, whatever the host's clock says).
SESSION_OFFSETS = (-9, -8, 9)


def make_course(app, sides, host="KHZ", status="running", capacity=3, offsets=SESSION_OFFSETS):
    with app.app_context():
        centre = factories.make_centre(sides[host].id)
        standard = factories.make_standard(code=f"S-{next(factories._counter)}")
        today = date.today()
        course_id = factories.make_course(centre, standard, status=status, capacity=capacity,
                                          start=today - timedelta(days=30), end=today + timedelta(days=30))
        sessions = []
        for offset in offsets:
            day = today + timedelta(days=offset)
            start = datetime.combine(day, time(6, 0), tzinfo=UTC)
            session = CourseSession(course_id=course_id, day=day, start_time=time(9, 30), end_time=time(12, 30),
                                    starts_at=start, ends_at=start + timedelta(hours=3))
            db.session.add(session)
            sessions.append(session)
        db.session.commit()
        return SimpleNamespace(id=course_id, sessions=[s.id for s in sessions])


def add_enrolments(app, sides, course_id, count, status="enrolled", side="MSN", start=0):
    with app.app_context():
        ids = []
        for i in range(start, start + count):
            trainee_id = factories.make_trainee(sides[side].id, name_fa=f"کارآموز شماره {i}", phone=f"0916{i:07d}")
            enrolment = Enrolment(course_id=course_id, trainee_id=trainee_id, status=status,
                                  requested_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i))
            db.session.add(enrolment)
            db.session.flush()
            ids.append(enrolment.id)
        db.session.commit()
        return ids


def enrolment(app, enrolment_id):
    with app.app_context():
        e = db.session.get(Enrolment, enrolment_id)
        return SimpleNamespace(status=e.status, version=e.version, theory=e.theory_score, practice=e.practice_score)


def attendance_rows(app):
    with app.app_context():
        return {(a.enrolment_id, a.session_id): a.status for a in db.session.scalars(select(Attendance))}


# Roster and enrolment -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "status", "editable"), [
    ("admin", 200, True), ("liaison.khz", 200, True), ("liaison.msn", 200, False),
    ("manager.khz", 200, False), ("manager.msn", 200, False), ("trainer.khz", 404, False),
])
def test_roster_access(app, client, sides, users, login, user, status, editable):
    course = make_course(app, sides)
    add_enrolments(app, sides, course.id, 1)
    login(user)
    response = client.get(f"/courses/{course.id}/roster", headers=EN)
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert "کارآموز شماره 0" in html
        assert ("Enrol a trainee" in html) is editable
        assert ("/withdraw" in html) is editable


def test_roster_needs_login(app, client, sides):
    course = make_course(app, sides)
    response = client.get(f"/courses/{course.id}/roster")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/courses/999999/roster").status_code == 302


def test_enrol_then_waiting_list_with_position(app, client, sides, users, login):
    course = make_course(app, sides, capacity=1)
    with app.app_context():
        first = factories.make_trainee(sides["KHZ"].id, name_fa="مریم")
        second = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب")
    login("liaison.khz")
    response = client.post(f"/courses/{course.id}/enrol", data={"trainee_id": first}, headers=EN,
                           follow_redirects=True)
    assert response.status_code == 200 and "مریم is enrolled." in response.get_data(as_text=True)
    response = client.post(f"/courses/{course.id}/enrol", data={"trainee_id": second}, headers=EN,
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "The course is full: زينب is on the waiting list, position 1." in html
    # Already on the roster: a clear refusal, nothing added.
    response = client.post(f"/courses/{course.id}/enrol", data={"trainee_id": second}, headers=EN)
    assert response.status_code == 409 and "already on this course" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 2


def test_enrol_picker_searches_both_sides_folded(app, client, sides, users, login):
    course = make_course(app, sides)
    with app.app_context():
        factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي الكعبي", phone="")
        factories.make_trainee(sides["KHZ"].id, name_fa="رضا", phone="")
    login("liaison.khz")
    # Persian spelling (ی, ک) finds the Arabic one (ي, ك); both sides' trainees are offered.
    html = client.get(f"/courses/{course.id}/roster", query_string={"q": "الکعبی"}, headers=EN).get_data(
        as_text=True)
    assert "علي الكعبي" in html and "رضا" not in html
    html = client.get(f"/courses/{course.id}/roster", headers=EN).get_data(as_text=True)
    assert html.count("<option") == 2


def test_enrol_refusals(app, client, sides, users, login):
    maysan_course = make_course(app, sides, host="MSN")
    draft = make_course(app, sides, status="draft")
    with app.app_context():
        trainee = factories.make_trainee(sides["KHZ"].id)
    login("liaison.khz")
    # A Khuzestan liaison cannot enrol into a Maysan-hosted course, even a Khuzestan trainee.
    assert client.post(f"/courses/{maysan_course.id}/enrol", data={"trainee_id": trainee}).status_code == 403
    response = client.post(f"/courses/{draft.id}/enrol", data={"trainee_id": trainee}, headers=EN)
    assert response.status_code == 409 and "this course is “Draft”" in response.get_data(as_text=True)
    for garbage in ({"trainee_id": "x"}, {"trainee_id": "999999"}, {}):
        response = client.post(f"/courses/{draft.id}/enrol", data=garbage, headers=EN)
        assert response.status_code == 400 and "Choose a trainee from the list." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0


@pytest.mark.parametrize("user", ["manager.khz", "liaison.msn", "trainer.khz"])
def test_others_cannot_change_the_roster(app, client, sides, users, login, user):
    course = make_course(app, sides)
    (eid,) = add_enrolments(app, sides, course.id, 1)
    with app.app_context():
        trainee = factories.make_trainee(sides["KHZ"].id)
    login(user)
    expected = 404 if user.startswith("trainer") else 403
    assert client.post(f"/courses/{course.id}/enrol", data={"trainee_id": trainee}).status_code == expected
    assert client.post(f"/courses/{course.id}/enrolments/{eid}/withdraw",
                       data={"version": 1}).status_code == expected
    assert enrolment(app, eid).status == "enrolled"


def test_withdraw_promotes_the_first_waiting(app, client, sides, users, login):
    course = make_course(app, sides, capacity=2)
    enrolled = add_enrolments(app, sides, course.id, 2)
    waiting = add_enrolments(app, sides, course.id, 2, status="waiting", start=10)
    login("liaison.khz")
    version = enrolment(app, enrolled[0]).version
    response = client.post(f"/courses/{course.id}/enrolments/{enrolled[0]}/withdraw",
                           data={"version": version}, headers=EN)
    assert response.status_code == 400  # no reason chosen
    assert "Choose the reason for the withdrawal from the list." in response.get_data(as_text=True)
    assert enrolment(app, enrolled[0]).status == "enrolled"
    response = client.post(f"/courses/{course.id}/enrolments/{enrolled[0]}/withdraw",
                           data={"version": version, "reason": "distance"}, headers=EN, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "کارآموز شماره 0 is withdrawn" in html and "کارآموز شماره 10 moves up from the waiting list" in html
    assert [enrolment(app, i).status for i in (*enrolled, *waiting)] == ["withdrawn", "enrolled", "enrolled",
                                                                         "waiting"]
    with app.app_context():
        assert db.session.get(Enrolment, enrolled[0]).withdraw_reason == "distance"
    # Stale form, wrong course, already withdrawn.
    response = client.post(f"/courses/{course.id}/enrolments/{enrolled[1]}/withdraw",
                           data={"version": 0, "reason": "work"}, headers=EN)
    assert response.status_code == 409 and "after you opened it" in response.get_data(as_text=True)
    other = make_course(app, sides)
    assert client.post(f"/courses/{other.id}/enrolments/{enrolled[1]}/withdraw",
                       data={"version": version, "reason": "work"}).status_code == 404
    response = client.post(f"/courses/{course.id}/enrolments/{enrolled[0]}/withdraw",
                           data={"version": enrolment(app, enrolled[0]).version, "reason": "work"}, headers=EN)
    assert response.status_code == 409
    assert enrolment(app, enrolled[1]).status == "enrolled"


def test_roster_query_count_is_constant(app, client, sides, users, login):
    small = make_course(app, sides, capacity=3)
    add_enrolments(app, sides, small.id, 3)
    add_enrolments(app, sides, small.id, 1, status="waiting", start=3)
    add_enrolments(app, sides, small.id, 1, status="withdrawn", start=4)
    large = make_course(app, sides, capacity=20)
    add_enrolments(app, sides, large.id, 20, side="KHZ", start=100)
    add_enrolments(app, sides, large.id, 6, status="waiting", start=200)
    add_enrolments(app, sides, large.id, 4, status="withdrawn", start=300)
    with app.app_context():
        for eid in db.session.scalars(select(Enrolment.id).where(Enrolment.course_id.in_((small.id, large.id)))):
            for session_id in (*small.sessions[:2], *large.sessions[:2]):
                db.session.add(Attendance(enrolment_id=eid, session_id=session_id, status="present"))
        db.session.commit()
    for user in ("admin", "manager.msn"):
        login(user)
        client.get("/")  # the first page after log-in reads the session; later ones find it kept
        counts = []
        for course in (small, large, small):
            statements = []

            def count(conn, cursor, statement, parameters, context, executemany, statements=statements):
                statements.append(statement)

            with app.app_context():
                engine = db.engine
            event.listen(engine, "before_cursor_execute", count)
            try:
                response = client.get(f"/courses/{course.id}/roster", headers=EN)
            finally:
                event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200
            counts.append(len(statements))
        assert 0 < counts[0] == counts[1] == counts[2], (user, counts)
        client.post("/logout")


# Attendance -------------------------------------------------------------------------------------------------


def test_attendance_sheet_saves_and_shows_percentages(app, client, sides, users, login):
    course = make_course(app, sides)
    a, b = add_enrolments(app, sides, course.id, 2)
    held1, held2, future = course.sessions
    login("liaison.khz")
    html = client.get(f"/courses/{course.id}/attendance", headers=EN).get_data(as_text=True)
    assert f'name="a-{a}-{held1}"' in html and f'name="v-{a}"' in html
    assert f'name="a-{a}-{future}" aria-label' in html and "disabled" in html.split(f'name="a-{a}-{future}"')[1][:200]
    data = {f"a-{a}-{held1}": "present", f"a-{a}-{held2}": "excused", f"a-{b}-{held1}": "absent",
            f"a-{b}-{held2}": "", f"v-{a}": 1, f"v-{b}": 1}
    response = client.post(f"/courses/{course.id}/attendance", data=data, headers=EN, follow_redirects=True)
    assert response.status_code == 200 and "Attendance saved: 3 marks changed." in response.get_data(as_text=True)
    assert attendance_rows(app) == {(a, held1): "present", (a, held2): "excused", (b, held1): "absent"}
    html = response.get_data(as_text=True)
    assert "50%" in html and "1 blank" in html  # excused counts as missed: 1 of 2


@pytest.mark.parametrize("garbage", [
    {"a-{a}-{h}": "late"},              # not a status
    {"a-{a}-{f}": "present"},           # a session still to come
    {"a-{a}-{o}": "present"},           # another course's session
    {"a-{x}-{h}": "present"},           # another course's trainee
    {"a-{a}-{h}-1": "present"},         # a malformed name
    {"a-{a}-abc": "present"},
    {"v-abc": "1"},
])
def test_attendance_garbage_is_refused_and_nothing_saved(app, client, sides, users, login, garbage):
    course = make_course(app, sides)
    other = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    (x,) = add_enrolments(app, sides, other.id, 1, start=5)
    ids = {"a": a, "h": course.sessions[0], "f": course.sessions[2], "o": other.sessions[0], "x": x}
    login("liaison.khz")
    # A valid cell alongside the garbage is not saved either.
    data = {f"a-{a}-{course.sessions[1]}": "present", f"v-{a}": 1}
    data.update({key.format(**ids): value for key, value in garbage.items()})
    response = client.post(f"/courses/{course.id}/attendance", data=data, headers=EN)
    assert response.status_code == 400
    assert "Nothing was saved." in response.get_data(as_text=True)
    assert attendance_rows(app) == {}
    assert enrolment(app, a).version == 1


def test_attendance_repeated_cell_is_refused(app, client, sides, users, login):
    course = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    login("liaison.khz")
    name = f"a-{a}-{course.sessions[0]}"
    response = client.post(f"/courses/{course.id}/attendance", data={name: ["present", "absent"], f"v-{a}": 1})
    assert response.status_code == 400 and attendance_rows(app) == {}


def test_attendance_stale_sheet_keeps_what_was_typed(app, client, sides, users, login):
    course = make_course(app, sides)
    a, b = add_enrolments(app, sides, course.id, 2)
    h = course.sessions[0]
    login("liaison.khz")
    assert client.post(f"/courses/{course.id}/attendance",
                       data={f"a-{a}-{h}": "present", f"v-{a}": 1}).status_code == 302
    # Someone else's sheet, opened before that save.
    response = client.post(f"/courses/{course.id}/attendance",
                           data={f"a-{a}-{h}": "absent", f"a-{b}-{h}": "present", f"v-{a}": 1, f"v-{b}": 1},
                           headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "changed meanwhile" in html
    assert attendance_rows(app) == {(a, h): "present"}
    # The sheet shows the typed values and the current version: saving again is deliberate.
    assert '<option value="absent" selected>' in html and f'name="v-{a}" value="2"' in html


def test_attendance_permissions_and_states(app, client, sides, users, login):
    course = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    data = {f"a-{a}-{course.sessions[0]}": "present", f"v-{a}": 1}
    login("liaison.msn")
    page = client.get(f"/courses/{course.id}/attendance", headers=EN)
    assert page.status_code == 200 and "<select" not in page.get_data(as_text=True)
    assert client.post(f"/courses/{course.id}/attendance", data=data).status_code == 403
    client.post("/logout")
    login("manager.khz")
    assert client.post(f"/courses/{course.id}/attendance", data=data).status_code == 403
    client.post("/logout")
    approved = make_course(app, sides, status="approved")
    (b,) = add_enrolments(app, sides, approved.id, 1, start=3)
    login("admin")
    response = client.post(f"/courses/{approved.id}/attendance",
                           data={f"a-{b}-{approved.sessions[0]}": "present", f"v-{b}": 1})
    assert response.status_code == 409
    assert attendance_rows(app) == {}


# Assessment and finalising ------------------------------------------------------------------------------------


def test_assessment_scores_in_any_digits_and_finalise(app, client, sides, users, login):
    # Completed (early, by an override): its last session still to come does not hold back the results.
    course = make_course(app, sides, status="completed")
    a, b = add_enrolments(app, sides, course.id, 2)
    h1, h2, _future = course.sessions
    login("liaison.khz")
    client.post(f"/courses/{course.id}/attendance", data={
        f"a-{a}-{h1}": "present", f"a-{a}-{h2}": "present", f"a-{b}-{h1}": "present", f"a-{b}-{h2}": "absent",
        f"v-{a}": 1, f"v-{b}": 1})
    html = client.get(f"/courses/{course.id}/assessment", headers=EN).get_data(as_text=True)
    assert f'name="t-{a}"' in html and f'name="v-{a}" type="hidden" value="2"' in html
    response = client.post(f"/courses/{course.id}/assessment", headers=EN, follow_redirects=True, data={
        f"t-{a}": "۵۰", f"p-{a}": "٧٠٫٥", f"v-{a}": 2, f"t-{b}": "99.5", f"p-{b}": "100", f"v-{b}": 2})
    html = response.get_data(as_text=True)
    assert "Scores saved: 2 trainees changed." in html
    assert (enrolment(app, a).theory, enrolment(app, a).practice) == (Decimal("50"), Decimal("70.5"))
    assert "Attendance 50% is below the minimum of 80%." in html
    assert f'name="t-{a}" size="6" type="text" value="50"' in html and 'value="70.5"' in html
    versions = {f"v-{a}": enrolment(app, a).version, f"v-{b}": enrolment(app, b).version}
    response = client.post(f"/courses/{course.id}/finalise", data=versions, headers=EN, follow_redirects=True)
    assert "Results recorded: 1 completed the course, 1 did not." in response.get_data(as_text=True)
    assert (enrolment(app, a).status, enrolment(app, b).status) == ("completed", "not_completed")


@pytest.mark.parametrize("value", ["abc", "100.5", "-1", "50.123", "1e2", "NaN"])
def test_assessment_garbage_is_refused_and_nothing_saved(app, client, sides, users, login, value):
    course = make_course(app, sides)
    a, b = add_enrolments(app, sides, course.id, 2)
    login("liaison.khz")
    response = client.post(f"/courses/{course.id}/assessment", headers=EN, data={
        f"t-{a}": "60", f"p-{a}": "80", f"v-{a}": 1, f"t-{b}": value, f"p-{b}": "80", f"v-{b}": 1})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved." in html and 'class="error"' in html
    assert enrolment(app, a).theory is None and enrolment(app, a).version == 1


def test_assessment_foreign_cells_and_states(app, client, sides, users, login):
    course = make_course(app, sides)
    other = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    (x,) = add_enrolments(app, sides, other.id, 1, start=3)
    (w,) = add_enrolments(app, sides, course.id, 1, status="waiting", start=6)
    login("liaison.khz")
    for foreign in (x, w):
        response = client.post(f"/courses/{course.id}/assessment",
                               data={f"t-{a}": "60", f"v-{a}": 1, f"t-{foreign}": "70", f"v-{foreign}": 1})
        assert response.status_code == 400
    assert enrolment(app, a).theory is None and enrolment(app, x).theory is None
    scheduled = make_course(app, sides, status="scheduled")
    (s,) = add_enrolments(app, sides, scheduled.id, 1, start=9)
    assert client.post(f"/courses/{scheduled.id}/assessment", data={f"t-{s}": "60", f"v-{s}": 1}).status_code == 409
    assert client.post(f"/courses/{scheduled.id}/finalise", data={f"v-{s}": 1}).status_code == 409


def test_assessment_stale_and_permissions(app, client, sides, users, login):
    course = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    login("liaison.msn")
    page = client.get(f"/courses/{course.id}/assessment", headers=EN)
    assert page.status_code == 200 and f'name="t-{a}"' not in page.get_data(as_text=True)
    assert client.post(f"/courses/{course.id}/assessment", data={f"t-{a}": "60", f"v-{a}": 1}).status_code == 403
    assert client.post(f"/courses/{course.id}/finalise", data={f"v-{a}": 1}).status_code == 403
    client.post("/logout")
    login("liaison.khz")
    assert client.post(f"/courses/{course.id}/assessment", data={f"t-{a}": "60", f"v-{a}": 1}).status_code == 302
    response = client.post(f"/courses/{course.id}/assessment", data={f"t-{a}": "70", f"v-{a}": 1}, headers=EN)
    assert response.status_code == 409 and "changed meanwhile" in response.get_data(as_text=True)
    assert enrolment(app, a).theory == Decimal("60")
    # Finalising from a page opened before that change is refused too.
    response = client.post(f"/courses/{course.id}/finalise", data={f"v-{a}": 1}, headers=EN)
    assert response.status_code == 409 and enrolment(app, a).status == "enrolled"


def test_finalise_with_blank_attendance_is_refused(app, client, sides, users, login):
    course = make_course(app, sides, status="completed")
    (a,) = add_enrolments(app, sides, course.id, 1)
    login("admin")
    response = client.post(f"/courses/{course.id}/finalise", data={f"v-{a}": 1}, headers=EN)
    assert response.status_code == 409
    assert "2 attendance cells of the sessions held are blank" in response.get_data(as_text=True)
    assert enrolment(app, a).status == "enrolled"


def test_pages_in_persian(app, client, sides, users, login):
    course = make_course(app, sides)
    add_enrolments(app, sides, course.id, 1)
    login("liaison.khz")
    for page in ("roster", "attendance", "assessment"):
        response = client.get(f"/courses/{course.id}/{page}", headers={"Accept-Language": "fa"})
        assert response.status_code == 200 and 'dir="rtl"' in response.get_data(as_text=True)
    assert "۸۰٪" in client.get(f"/courses/{course.id}/attendance",
                              headers={"Accept-Language": "fa"}).get_data(as_text=True)


def test_a_large_sheet_is_saved_in_one_post(app, client, sides, users, login):
    # 25 trainees × 48 held sessions: more fields than a multipart form may carry (1,000), fine as a form post.
    course = make_course(app, sides, capacity=25, offsets=range(-29, 19))
    ids = add_enrolments(app, sides, course.id, 25)
    held = course.sessions[:29]
    login("liaison.khz")
    data = {f"a-{e}-{s}": ("present" if (e + s) % 5 else "excused") for e in ids for s in held}
    data.update({f"v-{e}": 1 for e in ids})
    response = client.post(f"/courses/{course.id}/attendance", data=data, headers=EN)
    assert response.status_code == 302
    assert len(attendance_rows(app)) == 25 * 29


def test_sheets_carry_their_csrf_token(app, csrf_app, sides, users):
    course = make_course(app, sides)
    (a,) = add_enrolments(app, sides, course.id, 1)
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "liaison.khz", "password": factories.PASSWORD, "csrf_token": token})
    for sheet, cells in (("attendance", {f"a-{a}-{course.sessions[0]}": "present"}),
                         ("assessment", {f"t-{a}": "75"})):
        html = client.get(f"/courses/{course.id}/{sheet}").get_data(as_text=True)
        token = html.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
        version = enrolment(app, a).version
        assert client.post(f"/courses/{course.id}/{sheet}", data={**cells, f"v-{a}": version}).status_code == 400
        response = client.post(f"/courses/{course.id}/{sheet}",
                               data={**cells, f"v-{a}": version, "csrf_token": token})
        assert response.status_code == 302, sheet


def test_out_of_range_ids_are_not_found_never_a_500(app, client, sides, users, login):
    course = make_course(app, sides)
    login("liaison.khz")
    huge = "9" * 25
    assert client.get(f"/courses/{huge}/roster").status_code == 404
    assert client.post(f"/courses/{huge}/finalise").status_code == 404
    assert client.post(f"/courses/{course.id}/enrolments/{huge}/withdraw", data={"version": 1}).status_code == 404
    assert client.post(f"/courses/{course.id}/enrol", data={"trainee_id": huge}).status_code == 400
    assert client.post(f"/courses/{course.id}/attendance", data={f"a-{huge}-1": "present"}).status_code == 400


def test_roster_exports_to_excel_with_attendance_and_certificates(app, client, login, users, sides):
    import io

    import openpyxl

    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        course_id = factories.make_course(centre, factories.make_standard(), status="running")
        done = factories.make_enrolment(course_id, factories.make_trainee(sides["KHZ"].id, name_fa="فاطمه کعبی"),
                                        status="completed")
        number = factories.make_certificate(done)
        factories.make_enrolment(course_id, factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب",
                                                                   phone="07701234567"), status="waiting")
    login("manager.msn")
    response = client.get(f"/courses/{course_id}/roster.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] or r[1] for r in rows] == ["فاطمه کعبی", "زينب"]
    assert rows[0][-1] == number and rows[1][-1] is None
    assert sheet.sheet_view.rightToLeft
    client.post("/logout")
    login("trainer.khz")
    assert client.get(f"/courses/{course_id}/roster.xlsx").status_code == 404
