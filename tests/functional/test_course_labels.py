"""A person's status agrees with their gender in Arabic; the assessment grid fails nobody before any score."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from coordinator.courses.models import CourseSession, Enrolment
from coordinator.extensions import db
from tests import factories


def make(app, sides):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        today = date.today()
        course_id = factories.make_course(centre, factories.make_standard(), status="running",
                                          start=today - timedelta(days=10), end=today + timedelta(days=10))
        start = datetime.combine(today - timedelta(days=2), time(5), tzinfo=UTC)
        db.session.add(CourseSession(course_id=course_id, day=today - timedelta(days=2), start_time=time(8, 30),
                                     end_time=time(10, 30), starts_at=start, ends_at=start + timedelta(hours=2)))
        woman = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب كاظم", gender="f")
        man = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي حسين", gender="m", phone="0770")
        ids = []
        for trainee_id in (woman, man):
            enrolment = Enrolment(course_id=course_id, trainee_id=trainee_id)
            db.session.add(enrolment)
            db.session.flush()
            ids.append(enrolment.id)
        db.session.commit()
        return course_id, ids


def row(html: str, name: str) -> str:
    start = html.index(name)
    return html[start:html.index("</tr>", start)]


def test_nobody_fails_before_a_score_and_arabic_agrees_with_gender(app, client, sides, users, login):
    course_id, (woman, man) = make(app, sides)
    login("liaison.khz")
    client.post("/language", data={"lang": "ar", "next": "/"})
    html = client.get(f"/courses/{course_id}/assessment").get_data(as_text=True)
    assert 'data-result="failed"' not in html and html.count('data-result="pending"') == 2
    assert "لم تُقيَّم بعد" in row(html, "زينب كاظم") and "لم يُقيَّم بعد" in row(html, "علي حسين")
    assert "مسجّلة" in row(html, "زينب كاظم") and "مسجّلة" not in row(html, "علي حسين")

    with app.app_context():
        for enrolment_id in (woman, man):
            enrolment = db.session.get(Enrolment, enrolment_id)
            enrolment.theory_score, enrolment.practice_score = Decimal(10), Decimal(10)
        db.session.commit()
    html = client.get(f"/courses/{course_id}/assessment").get_data(as_text=True)
    assert "راسبة" in row(html, "زينب كاظم") and "راسبة" not in row(html, "علي حسين")
    assert "راسب" in row(html, "علي حسين")
    roster = client.get(f"/courses/{course_id}/roster").get_data(as_text=True)
    assert "مسجّلة" in row(roster, "زينب كاظم") and "مسجّل" in row(roster, "علي حسين")
    assert "مسجّلة" not in row(roster, "علي حسين")
    sheet = client.get(f"/courses/{course_id}/attendance").get_data(as_text=True)
    assert "حاضرة" in row(sheet, "زينب كاظم") and "حاضرة" not in row(sheet, "علي حسين")


def test_persian_has_one_word_for_both(app, client, sides, users, login):
    course_id, _ids = make(app, sides)
    login("liaison.khz")
    client.post("/language", data={"lang": "fa", "next": "/"})
    html = client.get(f"/courses/{course_id}/assessment").get_data(as_text=True)
    assert row(html, "زينب كاظم").count("هنوز ارزیابی نشده") == row(html, "علي حسين").count("هنوز ارزیابی نشده") > 0
