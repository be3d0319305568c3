"""Each side's voice on a proposed course besides approving it: send it back with a comment, or refuse it.

Sending back returns the course to its draft for the host side to change (both sides approve it anew);
refusing ends it. The comment or reason is kept on the course (CourseReview) and shown to the proposer.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..concurrency import lock_and_refresh
from ..db import check_version
from ..errors import TransitionError, ValidationFailed
from ..extensions import db
from .models import Course, CourseReview
from .services import _require

DECISIONS = {"sent_back": "draft", "refused": "refused"}  # decision → the status it leads to
MAX_COMMENT = 2000


def review(course: Course, user, decision: str, comment: str, version=None) -> CourseReview:
    """Record the user's side's answer and move the course: back to draft, or refused."""
    _require(user, "course.approve", course)
    if decision not in DECISIONS:
        raise ValidationFailed(_l("Choose send back or refuse."), field="decision")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(_l("Say what should change (sending back) or why your side refuses the course."),
                               field="comment")
    lock_and_refresh(course)
    if version is not None:
        check_version(course, version)
    if course.status != "proposed":
        raise TransitionError(_l("Only a proposed course can be sent back or refused."))
    entry = CourseReview(course_id=course.id, side_id=user.side_id, user_id=user.id, decision=decision,
                         comment=comment[:MAX_COMMENT])
    db.session.add(entry)
    # What either side had approved is of the course as proposed; a changed course is approved anew.
    course.approvals.clear()
    course.status = DECISIONS[decision]
    db.session.flush()
    return entry


def latest_review(course: Course) -> CourseReview | None:
    """The answer the proposer is to read: the last send-back or refusal, while the course is in that state."""
    if course.status not in ("draft", "refused") or not course.reviews:
        return None
    last = course.reviews[-1]
    return last if DECISIONS.get(last.decision) == course.status else None
