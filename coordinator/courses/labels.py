"""A person's status in words that agree with their gender.

Arabic inflects these words (مسجّل / مسجّلة، راسب / راسبة، حاضر / حاضرة); Persian and English do not, so
their translations of the two contexts are the same. Each word has a context per gender ("… of a woman",
"… of a man"); a trainee of unknown gender gets the masculine, Arabic's unmarked form.
"""

from __future__ import annotations

from flask_babel import lazy_pgettext

ENROLMENT = {
    "f": {
        "nominated": lazy_pgettext("enrolment status of a woman", "Nominated"),
        "enrolled": lazy_pgettext("enrolment status of a woman", "Enrolled"),
        "waiting": lazy_pgettext("enrolment status of a woman", "On the waiting list"),
        "declined": lazy_pgettext("enrolment status of a woman", "Not accepted"),
        "withdrawn": lazy_pgettext("enrolment status of a woman", "Withdrawn"),
        "completed": lazy_pgettext("enrolment status of a woman", "Completed"),
        "not_completed": lazy_pgettext("enrolment status of a woman", "Did not complete"),
    },
    "m": {
        "nominated": lazy_pgettext("enrolment status of a man", "Nominated"),
        "enrolled": lazy_pgettext("enrolment status of a man", "Enrolled"),
        "waiting": lazy_pgettext("enrolment status of a man", "On the waiting list"),
        "declined": lazy_pgettext("enrolment status of a man", "Not accepted"),
        "withdrawn": lazy_pgettext("enrolment status of a man", "Withdrawn"),
        "completed": lazy_pgettext("enrolment status of a man", "Completed"),
        "not_completed": lazy_pgettext("enrolment status of a man", "Did not complete"),
    },
}
RESULT = {
    "f": {
        "passed": lazy_pgettext("result of a woman", "Passed"),
        "failed": lazy_pgettext("result of a woman", "Failed"),
        "pending": lazy_pgettext("result of a woman", "Not yet assessed"),
        "completes": lazy_pgettext("result of a woman", "Completes the course"),
        "does_not_complete": lazy_pgettext("result of a woman", "Does not complete"),
    },
    "m": {
        "passed": lazy_pgettext("result of a man", "Passed"),
        "failed": lazy_pgettext("result of a man", "Failed"),
        "pending": lazy_pgettext("result of a man", "Not yet assessed"),
        "completes": lazy_pgettext("result of a man", "Completes the course"),
        "does_not_complete": lazy_pgettext("result of a man", "Does not complete"),
    },
}
ATTENDANCE = {
    "f": {"present": lazy_pgettext("attendance of a woman", "Present"),
          "absent": lazy_pgettext("attendance of a woman", "Absent"),
          "excused": lazy_pgettext("attendance of a woman", "Excused")},
    "m": {"present": lazy_pgettext("attendance of a man", "Present"),
          "absent": lazy_pgettext("attendance of a man", "Absent"),
          "excused": lazy_pgettext("attendance of a man", "Excused")},
}


def _of(table: dict, gender: str | None) -> dict:
    return table["f"] if gender == "f" else table["m"]


def enrolment_status(status: str, gender: str | None):
    return _of(ENROLMENT, gender).get(status, status)


def result(key: str, gender: str | None):
    return _of(RESULT, gender)[key]


def attendance(gender: str | None) -> dict:
    return _of(ATTENDANCE, gender)
