"""The trainer's classroom: today's attendance on their own course only, scores until finalised, the sign-in
sheet PDF, and the attendance grid a week or a month at a time."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses import attendance, enrolment
from coordinator.courses.models import Attendance, Course, CourseSession, Enrolment
from coordinator.errors import PermissionDenied
from coordinator.extensions import db
from coordinator.viewer import side_today
from tests import factories
from tests.functional.test_certificates import _poppler

WOMAN, MAN, THIRD = "زينب كاظم", "علي حسين الساعدي", "فاطمه کعبی"


def setup(app, sides, users, assignment="accepted", sessions_days=None):
    """A running Khuzestan course with three trainees (two of Maysan), a session today 00:00–23:59 at the host,
    trainer.msn assigned; a second course nobody assigned trainer.msn to."""
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        today = side_today(sides["KHZ"])
        course_id = factories.make_course(centre, factories.make_standard(), status="running",
                                          start=today - timedelta(days=40), end=today + timedelta(days=40))
        other_id = factories.make_course(centre, factories.make_standard("7411-01"), status="running",
                                         start=today - timedelta(days=5), end=today + timedelta(days=5))
        session_id = factories.make_session(course_id, day=today, start=time(0, 0), end=time(23, 59))
        factories.make_session(other_id, day=today, start=time(0, 0), end=time(23, 59))
        for day in sessions_days or ():
            factories.make_session(course_id, day=day, start=time(0, 0), end=time(1, 0))
        people = [factories.make_trainee(sides["MSN"].id, name_fa="", name_ar=WOMAN, gender="f", phone="1"),
                  factories.make_trainee(sides["MSN"].id, name_fa="", name_ar=MAN, gender="m", phone="2"),
                  factories.make_trainee(sides["KHZ"].id, name_fa=THIRD, gender="f", phone="3")]
        enrolments = [factories.make_enrolment(course_id, p) for p in people]
        factories.make_enrolment(other_id, factories.make_trainee(sides["KHZ"].id, name_fa="دیگری", phone="4"))
        trainer = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        factories.make_assignment(trainer, course_id, status=assignment)
        return SimpleNamespace(id=course_id, other=other_id, session=session_id, enrolments=enrolments, today=today)


def marks(app, course_id):
    with app.app_context():
        rows = db.session.execute(select(Enrolment.id, Attendance.status).join(Attendance)
                                  .where(Enrolment.course_id == course_id).order_by(Enrolment.id)).all()
        return [status for _id, status in rows]


def cells(c, values, versions=1):
    data = {f"a-{e}-{c.session}": v for e, v in zip(c.enrolments, values, strict=True)}
    data.update({f"v-{e}": versions for e in c.enrolments})
    data["session_id"] = c.session
    return data


def test_the_assigned_trainer_takes_todays_attendance_all_present_then_exceptions(app, client, sides, users, login):
    c = setup(app, sides, users)
    login("trainer.msn")
    client.post("/language", data={"lang": "ar", "next": "/"})
    page = client.get(f"/courses/{c.id}/today").get_data(as_text=True)
    # Everyone starts present; the words agree with each trainee's gender.
    assert page.count('value="present" checked') == 3 and "حاضرة" in page and "sign-in.pdf" in page
    response = client.post(f"/courses/{c.id}/today", data=cells(c, ["present", "absent", "present"]))
    assert response.status_code == 302
    assert marks(app, c.id) == ["present", "absent", "present"]
    # "All present" overrides what was chosen below it.
    response = client.post(f"/courses/{c.id}/today",
                           data={**cells(c, ["absent", "absent", "excused"], versions=2), "all_present": "1"})
    assert response.status_code == 302
    assert marks(app, c.id) == ["present", "present", "present"]


def test_a_trainer_cannot_mark_another_trainers_course(app, client, sides, users, login):
    c = setup(app, sides, users)
    login("trainer.msn")
    assert client.get(f"/courses/{c.other}/today").status_code == 404  # not even its existence
    assert client.post(f"/courses/{c.other}/today", data={"session_id": "1"}).status_code == 404
    with app.test_request_context(headers={"Accept-Language": "en"}):
        course = db.session.get(Course, c.other)
        trainer = db.session.get(User, users["trainer_msn"].id)
        with pytest.raises(PermissionDenied) as refused:
            attendance.save_attendance(course, trainer, {}, {})
        assert str(refused.value) == ("Only the trainers assigned to this course and the host side's liaison "
                                      "officers record its attendance.")


def test_a_proposed_assignment_gives_no_classroom_and_the_other_side_only_reads(app, client, sides, users, login):
    c = setup(app, sides, users, assignment="proposed")
    login("trainer.msn")
    assert client.get(f"/courses/{c.id}/today").status_code == 200  # may follow the course
    assert client.post(f"/courses/{c.id}/today", data=cells(c, ["present"] * 3)).status_code == 403
    assert marks(app, c.id) == []
    client.post("/logout")
    login("liaison.msn")
    page = client.get(f"/courses/{c.id}/today").get_data(as_text=True)
    assert 'type="radio"' not in page
    assert client.post(f"/courses/{c.id}/today", data=cells(c, ["present"] * 3)).status_code == 403


def test_attendance_for_a_trainee_not_enrolled_is_refused(app, client, sides, users, login):
    c = setup(app, sides, users)
    login("trainer.msn")
    data = cells(c, ["present"] * 3)
    data[f"a-999-{c.session}"] = "present"
    response = client.post(f"/courses/{c.id}/today", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Nothing was saved." in response.get_data(as_text=True)
    assert marks(app, c.id) == []


def test_the_trainer_enters_scores_until_the_host_finalises(app, client, sides, users, login):
    c = setup(app, sides, users)
    login("trainer.msn")
    a = c.enrolments[0]
    data = {f"t-{a}": "80", f"p-{a}": "75.5", f"v-{a}": 1}
    assert client.post(f"/courses/{c.id}/assessment", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Enrolment, a).theory_score == Decimal(80)
        db.session.get(Course, c.id).results_final_at = datetime.now(UTC)
        db.session.commit()
    assert client.post(f"/courses/{c.id}/assessment", data={**data, f"t-{a}": "90", f"v-{a}": 2}).status_code == 403
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert db.session.get(Enrolment, a).theory_score == Decimal(80)
        with pytest.raises(PermissionDenied) as refused:
            enrolment.require_score(db.session.get(User, users["trainer_msn"].id), db.session.get(Course, c.id))
        assert str(refused.value).startswith("The host side has finalised the results: the scores are locked.")
    client.post("/logout")
    login("liaison.khz")  # the host side still corrects
    assert client.post(f"/courses/{c.id}/assessment", data={**data, f"t-{a}": "90", f"v-{a}": 2}).status_code == 302
    assert client.post(f"/courses/{c.id}/finalise", data={}).status_code != 403


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = _poppler("pdftotext", "-layout", str(path), "-").stdout
    return re.sub(r"[\s\u200c\u200e\u200f]", "", unicodedata.normalize("NFKC", out.decode("utf-8")))


def plain(text: str) -> str:
    return re.sub(r"[\s\u200c]", "", unicodedata.normalize("NFKC", text))


def test_sign_in_sheet_pdf(app, client, sides, users, login, tmp_path):
    c = setup(app, sides, users)
    login("trainer.msn")
    response = client.get(f"/courses/{c.id}/sessions/{c.session}/sign-in.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data, tmp_path)
    for expected in ("برگه حضور و امضای کارآموزان", "ورقة حضور المتدرّبين وتوقيعهم", "امضا", "التوقيع",
                     "دوره مشترک جوشکاری", "دورة اللحام المشتركة", WOMAN, MAN, THIRD):
        assert plain(expected) in text, expected
    assert "دیگری" not in text  # the other course's trainee
    assert client.get(f"/courses/{c.other}/sessions/{c.session}/sign-in.pdf").status_code == 404


def test_the_attendance_grid_of_a_long_course_shows_a_week(app, client, sides, users, login):
    today = date.today()
    days = [today - timedelta(days=i) for i in range(1, 30)]
    c = setup(app, sides, users, sessions_days=days)
    login("liaison.khz")
    page = client.get(f"/courses/{c.id}/attendance").get_data(as_text=True)
    assert 'data-period="week"' in page
    shown = len(re.findall(r'<select name="a-%d-' % c.enrolments[0], page))
    assert 1 <= shown <= 8  # one week's sessions, not the 30 of the course
    whole = client.get(f"/courses/{c.id}/attendance?period=all").get_data(as_text=True)
    assert len(re.findall(r'<select name="a-%d-' % c.enrolments[0], whole)) == 30
    month = client.get(f"/courses/{c.id}/attendance?period=month").get_data(as_text=True)
    assert 'data-period="month"' in month
    with app.app_context():
        assert db.session.scalar(select(CourseSession.id).where(CourseSession.course_id == c.id).limit(1))
