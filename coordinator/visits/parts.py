"""The pieces of a visit: places, the day-by-day programme, the delegation, lessons per topic and their
follow-ups (the meetings' action items). Each says when it may change and why not. Services flush only."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..catalog.models import Centre, Side
from ..errors import NotFound, TransitionError
from ..extensions import db
from ..meetings.models import ActionItem
from ..notifications.events import day, names, raise_event, users
from ..viewer import ShownDay
from .delegation import DELEGATION_OPEN
from .models import PLACE_KINDS, Visit, VisitDay, VisitDelegate, VisitLesson, VisitPlace
from .services import VisitInvalid, clean, clean_text, span

# Which statuses each piece may change in: the programme until the visit takes place, the delegation until it
# is confirmed (a member added then must already hold the documents), the lessons once it has taken place.
PROGRAMME_OPEN = ("proposed", "accepted", "confirmed")
LESSONS_OPEN = ("took_place", "reported")


def _open(visit: Visit, statuses, message) -> None:
    if visit.status not in statuses:
        raise TransitionError(message)


def _place_values(values: dict) -> dict:
    problems = []
    kind = values.get("kind") if values.get("kind") in PLACE_KINDS else None
    if kind is None:
        problems.append(("kind", _l("Choose what kind of place it is.")))
    centre_id = values.get("centre_id")
    centre = db.session.get(Centre, centre_id) if isinstance(centre_id, int) else None
    if centre_id is not None and (centre is None or not centre.active):
        problems.append(("centre_id", _l("Choose a centre from the list.")))
    name_fa, name_ar = clean(values.get("name_fa"), 300), clean(values.get("name_ar"), 300)
    if centre is None and not (name_fa and name_ar):
        problems.append(("name_fa", _l("Choose a centre, or name the place in Persian and in Arabic.")))
    if problems:
        raise VisitInvalid(problems)
    return {"kind": kind, "centre_id": centre.id if centre else None, "name_fa": name_fa, "name_ar": name_ar}


def add_place(visit: Visit, values: dict, user) -> VisitPlace:
    _open(visit, PROGRAMME_OPEN, _l("The places of a visit that took place or was cancelled are kept as they were."))
    place = VisitPlace(**_place_values(values))
    visit.places.append(place)
    db.session.flush()
    return place


def _day_values(visit: Visit, values: dict) -> dict:
    problems = []
    when = values.get("day")
    if not isinstance(when, date):
        problems.append(("day", _l("Enter the day of the programme.")))
    elif not visit.starts_on <= when <= visit.ends_on:
        problems.append(("day", _l("%(day)s is outside the visit (%(start)s to %(end)s).", day=ShownDay(when),
                                   **span(visit.starts_on, visit.ends_on))))
    text_fa, text_ar = clean_text(values.get("text_fa"), 2000), clean_text(values.get("text_ar"), 2000)
    if not (text_fa or text_ar):
        problems.append(("text_fa", _l("Describe the day's programme in Persian or Arabic.")))
    if problems:
        raise VisitInvalid(problems)
    return {"day": when, "text_fa": text_fa, "text_ar": text_ar}


def add_day(visit: Visit, values: dict, user) -> VisitDay:
    _open(visit, PROGRAMME_OPEN, _l("The programme of a visit that took place or was cancelled is kept as it was."))
    entry = VisitDay(**_day_values(visit, values))
    visit.days.append(entry)
    db.session.flush()
    return entry


def _lesson_values(values: dict) -> dict:
    problems = []
    topic_fa, topic_ar = clean(values.get("topic_fa"), 300), clean(values.get("topic_ar"), 300)
    if not topic_fa:
        problems.append(("topic_fa", _l("Enter the topic in Persian.")))
    if not topic_ar:
        problems.append(("topic_ar", _l("Enter the topic in Arabic.")))
    observations, practices = clean_text(values.get("observations")), clean_text(values.get("practices"))
    if not (observations or practices):
        problems.append(("observations", _l("Write what was observed or which practices to adopt.")))
    if problems:
        raise VisitInvalid(problems)
    return {"topic_fa": topic_fa, "topic_ar": topic_ar, "observations": observations, "practices": practices}


def add_lesson(visit: Visit, values: dict, user) -> VisitLesson:
    _open(visit, LESSONS_OPEN, _l("What was learned is written once the visit has taken place."))
    lesson = VisitLesson(**_lesson_values(values))
    visit.lessons.append(lesson)
    db.session.flush()
    return lesson


def add_follow_up(visit: Visit, values: dict, user) -> ActionItem:
    """A follow-up of a topic: an action item (owner, side, due date) without a meeting, so it is listed and
    carried with the meetings' action items. Its owner must be of one of the visit's two sides."""
    _open(visit, LESSONS_OPEN, _l("Follow-ups are given once the visit has taken place."))
    lesson_id = values.get("lesson_id")
    lesson = db.session.get(VisitLesson, lesson_id) if isinstance(lesson_id, int) else None
    if lesson is None or lesson.visit_id != visit.id:
        raise VisitInvalid([("lesson_id", _l("Choose the topic the follow-up belongs to."))])
    problems = []
    name_fa, name_ar = clean(values.get("name_fa")), clean(values.get("name_ar"))
    if not name_fa:
        problems.append(("name_fa", _l("Enter the title in Persian.")))
    if not name_ar:
        problems.append(("name_ar", _l("Enter the title in Arabic.")))
    owner_id = values.get("owner_id")
    owner = db.session.get(User, owner_id) if isinstance(owner_id, int) else None
    if owner is None or not owner.active:
        problems.append(("owner_id", _l("Choose who is responsible for the follow-up.")))
    elif owner.side_id not in visit.side_ids:
        problems.append(("owner_id", _l("%(name)s is of neither side of the visit: choose someone of %(host)s or "
                                        "%(guest)s.", name=owner.full_name, host=visit.host_side.name,
                                        guest=visit.guest_side.name)))
    side_id = values.get("side_id") or (owner.side_id if owner is not None else None)
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    if side is None or side.id not in visit.side_ids:
        problems.append(("side_id", _l("Choose the side responsible: the host or the visiting side.")))
    due_on = values.get("due_on")
    if not isinstance(due_on, date):
        problems.append(("due_on", _l("Enter the due date.")))
    elif due_on < visit.ends_on:
        problems.append(("due_on", _l("A follow-up is due after the visit (it ended on %(day)s).",
                                      day=ShownDay(visit.ends_on))))
    if problems:
        raise VisitInvalid(problems)
    action = ActionItem(visit_id=visit.id, visit_lesson_id=lesson.id, name_fa=name_fa, name_ar=name_ar,
                        owner_id=owner.id, side_id=side.id, due_on=due_on, status="open")
    db.session.add(action)
    db.session.flush()
    raise_event("action.assigned", action, users(owner.id), actor=user,
                data={"action": names(action), "meeting": names(visit), "day": day(due_on)},
                link=("visits.detail", {"visit_id": visit.id, "_anchor": f"lesson-{lesson.id}"}))
    return action


# Removing a piece: the model, the statuses it may go in, and the message when it may not.
PARTS = {
    "place": (VisitPlace, PROGRAMME_OPEN),
    "day": (VisitDay, PROGRAMME_OPEN),
    "delegate": (VisitDelegate, DELEGATION_OPEN),
    "lesson": (VisitLesson, LESSONS_OPEN),
}
PART_PERMISSIONS = {"place": "visit.host", "day": "visit.host", "delegate": "visit.delegation",
                    "lesson": "visit.delegation"}


# Editing a piece: its checked values, as adding checks them (a delegate's post: delegation.update_delegate).
EDITS = {
    "place": lambda visit, values: _place_values(values),
    "day": _day_values,
    "lesson": lambda visit, values: _lesson_values(values),
}


def _part(visit: Visit, kind: str, part_id):
    model, statuses = PARTS[kind]
    part = db.session.get(model, part_id) if isinstance(part_id, int) else None
    if part is None or part.visit_id != visit.id:
        raise NotFound()
    _open(visit, statuses, _l("A visit that is “%(status)s” keeps this as it is.", status=visit.status_label))
    return part


def update_part(visit: Visit, kind: str, part_id, values: dict, user):
    """A place, a programme day or a topic changed: checked as when added, written only when all holds."""
    part = _part(visit, kind, part_id)
    data = EDITS[kind](visit, values)
    for key, value in data.items():
        if getattr(part, key) != value:
            setattr(part, key, value)
    db.session.flush()
    return part


def remove_part(visit: Visit, kind: str, part_id: int, user) -> None:
    part = _part(visit, kind, part_id)
    if kind == "lesson" and part.follow_ups:
        raise TransitionError(_l("This topic has follow-ups: they stay with the action items, so the topic "
                                 "stays too."))
    getattr(visit, f"{kind}s").remove(part)  # delete-orphan: the row goes, and the page's list with it
    db.session.flush()
