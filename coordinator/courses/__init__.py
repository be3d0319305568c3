"""Joint courses: planning, two-side approval, timetable, enrolment of trainees, attendance, assessment."""
