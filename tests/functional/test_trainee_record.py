"""The trainee's page shows their courses, attendance rate, scores and result, and certificates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from coordinator.courses.models import Attendance, CourseSession, Enrolment
from coordinator.extensions import db
from tests import factories


def test_the_trainee_page_lists_courses_attendance_results_and_certificates(app, client, sides, users, login):
    with app.app_context():
        centre = factories.make_centre(sides["MSN"].id)
        done = factories.make_course(centre, factories.make_standard(), status="completed", name_fa="جوشکاری",
                                     name_ar="لحام", start=date(2026, 10, 1), end=date(2026, 10, 30),
                                     completed_on=date(2026, 10, 30))
        left = factories.make_course(centre, factories.make_standard("7411-01"), status="running",
                                     name_fa="برق", name_ar="كهرباء", start=date(2026, 11, 1), end=date(2027, 1, 30))
        unrelated = factories.make_course(centre, factories.make_standard("7231-01"), status="running",
                                          name_fa="مکانیک", name_ar="ميكانيك")
        zainab = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب كاظم", gender="f")
        other = factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="علي", gender="m", phone="2")
        completed = Enrolment(course_id=done, trainee_id=zainab, status="completed", theory_score=Decimal("80.00"),
                              practice_score=Decimal("75.50"))
        withdrawn = Enrolment(course_id=left, trainee_id=zainab, status="withdrawn", withdraw_reason="work")
        db.session.add_all([completed, withdrawn, Enrolment(course_id=unrelated, trainee_id=other)])
        db.session.flush()
        for i, status in enumerate(("present", "present", "present", "absent")):
            start = datetime(2026, 10, 5 + i, 5, tzinfo=UTC)
            session = CourseSession(course_id=done, day=date(2026, 10, 5 + i), start_time=time(8, 30),
                                    end_time=time(10, 30), starts_at=start, ends_at=start + timedelta(hours=2))
            db.session.add(session)
            db.session.flush()
            db.session.add(Attendance(enrolment_id=completed.id, session_id=session.id, status=status))
        db.session.commit()
        number = factories.make_certificate(completed.id)
    login("liaison.msn")
    client.post("/language", data={"lang": "ar", "next": "/"})
    page = client.get(f"/trainees/{zainab}").get_data(as_text=True)
    record = page[page.index("data-record"):]
    assert "لحام" in record and "كهرباء" in record and "ميكانيك" not in record
    assert "٧٥٪" in record  # 3 of 4 sessions
    assert "٨٠" in record and "٧٥٫٥" in record
    assert number in record and "أتمّت الدورة" in record  # the feminine, for her
    assert "منسحبة" in record and "وجد عملًا" in record  # the reason for leaving
    assert client.get(f"/trainees/{other}").status_code == 200
