"""Finding a course by what people know: its code (JC-2027-0004, in any digits) or a part of its name in
either script, folded as every search is. Used by every form that links to a course (an action item, an
equipment booking) through picking.pick_one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..l10n.folding import fold, like_pattern
from ..l10n.text import isolate_ltr
from .models import Course

LIMIT = 6
# i18n: "No <kind> matches ...": a kind of record, in the singular, lower case in English
KIND_NAME = _l("joint course")


def find_courses(text: str) -> list[Course]:
    """The course whose code was typed, else up to six whose folded names contain it, latest first."""
    text = " ".join((text or "").split())
    if not fold(text):
        return []
    exact = db.session.scalars(select(Course).where(func.lower(Course.code) == fold(text)).limit(1)).all()
    if exact:
        return list(exact)
    return list(db.session.scalars(select(Course).where(Course.search_key.like(like_pattern(text), escape="\\"))
                                   .order_by(Course.start_date.desc(), Course.id).limit(LIMIT)))


def course_label(course: Course) -> str:
    """How a picked course is shown in its field and typed again: its code and name."""
    return f"{course.code} {course.name}"


def course_shown(course: Course) -> str:
    """A course in a message's list of matches: its code kept left to right inside Persian or Arabic text."""
    return f"{isolate_ltr(course.code)} {course.name}"
