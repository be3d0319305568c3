"""The visa of a trip: opened when a trainer is proposed abroad, followed to issued or refused; the departure
day rule for "travelled"; a suggested substitute when the documents do not hold.

Services flush, never commit: the view commits once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..db import check_version
from ..errors import TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.timezones import to_zone, utcnow
from ..notifications.events import day, in_each_language, liaisons_of, names, raise_event, users
from ..viewer import format_day, side_today
from . import conflicts
from .models import VISA_STATUSES, Assignment, Trainer, TripVisa

DEFAULT_VISA_LEAD_DAYS = 14
FIELDS = ("status", "needed_by", "valid_from", "valid_until", "number")


def visa_lead_days() -> int:
    """How long before departure a visa is needed by, unless a person sets the date."""
    return int(current_app.config.get("VISA_LEAD_DAYS", DEFAULT_VISA_LEAD_DAYS))


def departure_day(assignment: Assignment):
    """The day of departure on the traveller's own clock."""
    return to_zone(assignment.travel_out_at, assignment.trainer.side.timezone).date()


def open_for(assignment: Assignment, pending: bool) -> TripVisa | None:
    """A trip abroad that needs a visa the trainer does not hold gets its visa record ("to apply for",
    needed by the lead time before departure); one that exists is left as it is."""
    if not pending or assignment.visa is not None:
        return assignment.visa
    visa = TripVisa(assignment=assignment, status="to_apply",
                    needed_by=departure_day(assignment) - timedelta(days=visa_lead_days()))
    db.session.add(visa)
    db.session.flush()
    return visa


def update_visa(assignment: Assignment, values: dict, version, user) -> tuple[TripVisa, list]:
    """Record where the trip's visa stands; returns it and what the documents rule now says of the trip
    (so the page shows at once whether it may be confirmed)."""
    visa = assignment.visa
    if visa is not None:
        check_version(visa, version)
    status = values.get("status")
    if status not in VISA_STATUSES:
        raise ValidationFailed(_l("Choose the state of the visa."), field="status")
    if status == "issued":
        if values.get("valid_until") is None:
            raise ValidationFailed(_l("Give the last day the visa is valid."), field="valid_until")
        if values.get("valid_from") and values["valid_from"] > values["valid_until"]:
            raise ValidationFailed(_l("The visa's validity ends (%(end)s) before it starts (%(start)s).",
                                      end=format_day(values["valid_until"]), start=format_day(values["valid_from"])),
                                   field="valid_until")
    if visa is None:
        visa = TripVisa(assignment=assignment)
        db.session.add(visa)
    for key in FIELDS:
        value = values.get(key)
        setattr(visa, key, (value or "").strip()[:60] if key == "number" else value)
    db.session.flush()
    _tell(assignment, "visa.updated", user, status=in_each_language(VISA_STATUSES[status]))
    return visa, trip_document_problems(assignment)


def _tell(assignment: Assignment, kind: str, user, **data) -> None:
    """The traveller and both sides' liaisons hear of what happens to a trip's papers."""
    trainer, course = assignment.trainer, assignment.course
    raise_event(kind, assignment, users(trainer.user_id) + liaisons_of(course.host_side_id, trainer.side_id),
                actor=user, data={"trainer": names(trainer), "course": names(course),
                                  "day": day(assignment.travel_out_at), **data},
                link=("exchanges.assignment_detail", {"assignment_id": assignment.id}))


def tell_gaps(trainer: Trainer, user) -> None:
    """A travel document was added or removed: each trip it leaves uncovered is news for its people."""
    for trip, _problems in trips_with_gaps(trainer):
        _tell(trip, "trip.documents_gap", user)


def trip_document_problems(assignment: Assignment) -> list:
    """The passport and visa findings of the strict rule (what confirming or travelling would refuse)."""
    report = conflicts.check({"trainer": assignment.trainer, "course": assignment.course,
                              "travel_out_at": assignment.travel_out_at, "travel_back_at": assignment.travel_back_at,
                              "visa": assignment.visa}, exclude_id=assignment.id)
    return [e for e in report.errors if e.kind in ("document", "visa")]


def check_departure_day(assignment: Assignment, now=None) -> None:
    """"Travelled" is refused before the departure day on the traveller's clock."""
    not_before_departure(assignment.trainer.name, assignment.trainer.side, assignment.travel_out_at, now)


def not_before_departure(who: str, side, out_at, now=None) -> None:
    """A trip (of a trainer, or of a group: `who`) is not marked travelled before its departure day on the
    travellers' home clock (`side`)."""
    today = side_today(side, now or utcnow())
    leaves = to_zone(out_at, side.timezone).date()
    if today < leaves:
        raise TransitionError(_l("%(trainer)s leaves on %(day)s: the trip cannot be marked as travelled before "
                                 "that day.", trainer=who, day=format_day(leaves)))


def substitutes(assignment: Assignment, limit: int = 5) -> list[Trainer]:
    """Trainers who could go instead: the course's skill, the same home side, free for the trip, and with
    documents that hold for it (checked by the same rules, a held visa counting)."""
    course = assignment.course
    candidates = db.session.scalars(select(Trainer).where(
        Trainer.side_id == assignment.trainer.side_id, Trainer.id != assignment.trainer_id,
    ).order_by(Trainer.name_fa, Trainer.id)).all()
    found = []
    for trainer in candidates:
        if course.skill_standard_id not in {s.id for s in trainer.skills}:
            continue
        report = conflicts.check({"trainer": trainer, "course": course, "travel_out_at": assignment.travel_out_at,
                                  "travel_back_at": assignment.travel_back_at})
        if report.ok:
            found.append(trainer)
            if len(found) == limit:
                break
    return found


def trips_with_gaps(trainer: Trainer) -> list[tuple[Assignment, list]]:
    """The trainer's accepted or confirmed trips abroad whose documents no longer hold (asked again whenever
    a travel document is added or removed)."""
    trips = db.session.scalars(select(Assignment).where(
        Assignment.trainer_id == trainer.id, Assignment.status.in_(("accepted", "confirmed")),
    ).order_by(Assignment.travel_out_at)).all()
    found = []
    for trip in trips:
        if trip.abroad:
            problems = trip_document_problems(trip)
            if problems:
                found.append((trip, problems))
    return found
