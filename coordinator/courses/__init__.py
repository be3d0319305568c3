"""Joint courses: planning, two-side approval, trainees, enrolment, attendance, assessment, certificates."""
