"""Trainee group trips: a joint course hosted on the other side makes its enrolled trainees of the visiting side
one travelling group (dates, crossing, escort); each trainee is a traveller checked by the very rules a
trainer's trip is (conflicts.document_problems), and the trip is confirmed and marked travelled only when the
documents of every traveller hold for the whole trip.

Who: the travelling side's liaisons plan the trip and keep the travellers' documents; the host side's liaisons
confirm they receive the group (like a trainer's assignment). Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import BorderCrossing, Side
from ..courses.models import Course, Enrolment
from ..db import check_version
from ..errors import ConflictError, Problem, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown
from ..l10n.timezones import as_utc, to_zone
from ..notifications.events import day, liaisons_of, names, raise_event
from ..trainees.models import Trainee
from ..viewer import format_day, format_instant
from . import conflicts, visas
from .group_models import GroupTraveller, GroupTrip
from .invitations import country_name
from .models import VISA_STATUSES, Trainer

# A group can be planned for a course that will run; not for a draft, cancelled or finished one.
PLANNABLE = ("proposed", "approved", "scheduled", "running")
# Trainees on the roster who travel with the group.
TRAVELLING = ("enrolled",)
TRIP_FIELDS = ("travel_out_at", "travel_back_at", "crossing_id", "escort_trainer_id", "escort_name", "notes")
TRAVELLER_FIELDS = ("name_latin", "nationality", "passport_number", "passport_expires_on", "visa_status",
                    "visa_needed_by", "visa_valid_from", "visa_valid_until", "visa_number")
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Paper:
    """A travel document as the document rules read it."""

    kind: str
    expires_on: date
    country_code: str = ""


class AsTraveller:
    """A group traveller seen by the document rules as they see a trainer: a name, a home side, documents."""

    def __init__(self, traveller: GroupTraveller, side: Side):
        self.name = traveller.trainee.name
        self.side = side
        self.documents = ([Paper("passport", traveller.passport_expires_on)]
                          if traveller.passport_expires_on is not None else [])


def visa_of(traveller: GroupTraveller):
    """The traveller's visa for this trip, shaped like a trainer's trip visa (None when not needed)."""
    if traveller.visa_status == "not_needed":
        return None
    return SimpleNamespace(status=traveller.visa_status, valid_from=traveller.visa_valid_from,
                           valid_until=traveller.visa_valid_until, status_label=traveller.visa_status_label)


def traveller_problems(trip: GroupTrip, traveller: GroupTraveller) -> list:
    """What the passport and visa rules say of one traveller on this trip (empty: their documents hold)."""
    return conflicts.document_problems(AsTraveller(traveller, trip.side), trip.course.host_side, trip.travel_out_at,
                                       trip.travel_back_at, visa_of(traveller))


def problems(trip: GroupTrip) -> dict[int, list]:
    """Each traveller's document problems, by traveller id (only those with some)."""
    found = {}
    for traveller in trip.travellers:
        listed = traveller_problems(trip, traveller)
        if listed:
            found[traveller.id] = listed
    return found


def visa_needed(trip: GroupTrip) -> bool:
    return conflicts.visa_required(trip.side.country_code, trip.course.host_side.country_code)


def travelling_side(course: Course, user) -> Side | None:
    """The side whose trainees cross to this course: the user's own side (a liaison), else the other side."""
    if getattr(user, "side_id", None) and user.side_id != course.host_side_id:
        return db.session.get(Side, user.side_id)
    return db.session.scalar(select(Side).where(Side.id != course.host_side_id, Side.active.is_(True))
                             .order_by(Side.id))


def trip_of(course: Course, side_id: int) -> GroupTrip | None:
    return db.session.scalar(select(GroupTrip).where(GroupTrip.course_id == course.id, GroupTrip.side_id == side_id))


def _check(course: Course, side: Side, values: dict) -> dict:
    """The trip's values, checked: return after departure, the group there for every session, a known crossing
    and an escort trainer of the travelling side."""
    out_at, back_at = as_utc(values.get("travel_out_at")), as_utc(values.get("travel_back_at"))
    if out_at is None or back_at is None:
        raise ValidationFailed(_l("Give the departure and return dates and times."), field="travel_out_date")
    if back_at <= out_at:
        raise ValidationFailed(_l("The return must come after the departure."), field="travel_back_date")
    sessions = list(course.sessions)
    if sessions:
        first, last = min(s.starts_at for s in sessions), max(s.ends_at for s in sessions)
        if as_utc(first) < out_at:
            raise ValidationFailed(_l("The group would arrive after the first session starts (%(when)s).",
                                      when=format_instant(first)), field="travel_out_date")
        if as_utc(last) > back_at:
            raise ValidationFailed(_l("The group would leave before the last session ends (%(when)s).",
                                      when=format_instant(last)), field="travel_back_date")
    crossing_id = values.get("crossing_id")
    if crossing_id is not None and db.session.get(BorderCrossing, crossing_id) is None:
        raise ValidationFailed(_l("Choose a border crossing from the list."), field="crossing_id")
    escort_id = values.get("escort_trainer_id")
    if escort_id is not None:
        escort = db.session.get(Trainer, escort_id)
        if escort is None or escort.side_id != side.id:
            raise ValidationFailed(_l("The escort is a trainer of the travelling side."), field="escort_trainer_id")
    return {"travel_out_at": out_at, "travel_back_at": back_at, "crossing_id": crossing_id,
            "escort_trainer_id": escort_id, "escort_name": (values.get("escort_name") or "").strip()[:200],
            "notes": (values.get("notes") or "").strip()[:2000]}


def plan(course: Course, side: Side, values: dict, user) -> GroupTrip:
    """Plan the group trip of `side`'s trainees to `course`; its travellers are the side's enrolled trainees."""
    if side is None or side.id == course.host_side_id:
        raise ValidationFailed(_l("Only the trainees of the other side cross the border to this course."))
    if course.status not in PLANNABLE:
        raise TransitionError(_l("A group trip is planned for a proposed, approved, scheduled or running course; "
                                 "this course is “%(status)s”.", status=course.status_label))
    if trip_of(course, side.id) is not None:
        raise ConflictError(_l("The group trip of %(side)s to this course is already planned.", side=side.name))
    trip = GroupTrip(course=course, side=side, status="planned", **_check(course, side, values))
    db.session.add(trip)
    db.session.flush()
    refresh_travellers(trip)
    return trip


def update(trip: GroupTrip, values: dict, version, user) -> GroupTrip:
    check_version(trip, version)
    if trip.status not in ("planned", "confirmed"):
        raise TransitionError(_l("This group trip is “%(status)s”: it can no longer be changed.",
                                 status=trip.status_label))
    for key, value in _check(trip.course, trip.side, values).items():
        setattr(trip, key, value)
    db.session.flush()
    if trip.status == "confirmed":
        _warn_gaps(trip, user)
    return trip


def refresh_travellers(trip: GroupTrip) -> tuple[int, int]:
    """The travellers follow the roster: the side's enrolled trainees join; while the trip is planned, those no
    longer enrolled leave. Returns (joined, left)."""
    enrolled = db.session.scalars(select(Trainee).join(Enrolment, Enrolment.trainee_id == Trainee.id).where(
        Enrolment.course_id == trip.course_id, Enrolment.status.in_(TRAVELLING), Trainee.side_id == trip.side_id,
    ).order_by(Trainee.search_key, Trainee.id)).all()
    wanted = {t.id for t in enrolled}
    have = {t.trainee_id: t for t in trip.travellers}
    left = 0
    if trip.status == "planned":
        for trainee_id, traveller in have.items():
            if trainee_id not in wanted:
                trip.travellers.remove(traveller)
                left += 1
    needs_visa = visa_needed(trip)
    leaves = to_zone(trip.travel_out_at, trip.side.timezone).date()
    joined = 0
    for trainee in enrolled:
        if trainee.id in have:
            continue
        trip.travellers.append(GroupTraveller(
            trainee=trainee, nationality=trip.side.country_code,
            passport_number=(getattr(trainee, "passport_number", None) or "")[:40],
            visa_status="to_apply" if needs_visa else "not_needed",
            visa_needed_by=leaves - timedelta(days=visas.visa_lead_days()) if needs_visa else None))
        joined += 1
    db.session.flush()
    return joined, left


def update_traveller(traveller: GroupTraveller, values: dict, version, user) -> list:
    """Record a traveller's passport and visa for the trip; returns what the document rules now say of them."""
    check_version(traveller, version)
    trip = traveller.trip
    if trip.status not in ("planned", "confirmed"):
        raise TransitionError(_l("This group trip is “%(status)s”: it can no longer be changed.",
                                 status=trip.status_label))
    status = values.get("visa_status")
    if status not in VISA_STATUSES:
        raise ValidationFailed(_l("Choose the state of the visa."), field="visa_status")
    start, end = values.get("visa_valid_from"), values.get("visa_valid_until")
    if status == "issued":
        if end is None:
            raise ValidationFailed(_l("Give the last day the visa is valid."), field="visa_valid_until")
        if start is not None and start > end:
            raise ValidationFailed(_l("The visa's validity ends (%(end)s) before it starts (%(start)s).",
                                      end=format_day(end), start=format_day(start)), field="visa_valid_until")
    nationality = (values.get("nationality") or "").strip().upper()
    if nationality and not (len(nationality) == 2 and nationality.isascii() and nationality.isalpha()):
        raise ValidationFailed(_l("Write the country as its two-letter code (IR, IQ)."), field="nationality")
    for key in TRAVELLER_FIELDS:
        value = values.get(key)
        if isinstance(value, str) or value is None and key in ("name_latin", "passport_number", "visa_number"):
            value = (value or "").strip()
        setattr(traveller, key, value)
    traveller.nationality = nationality
    traveller.name_latin = traveller.name_latin[:200]
    traveller.passport_number = traveller.passport_number[:40]
    traveller.visa_number = traveller.visa_number[:60]
    db.session.flush()
    found = traveller_problems(trip, traveller)
    if found and trip.status == "confirmed":
        _tell(trip, "group_trip.documents_gap", user)
    return found


def _refusal(trip: GroupTrip, step) -> TransitionError:
    """Every traveller whose documents do not hold, named (the first few) with what is wrong."""
    found = problems(trip)
    listed = [Problem(None, p.message) for listed in found.values() for p in listed][:SHOWN_PROBLEMS]
    head = _l("%(step)s is refused until the documents of every traveller hold for the whole trip (travellers not "
              "ready: %(count)s).", step=step, count=Shown(len(found)))
    error = TransitionError(head)
    error.listed = True
    error.problems = [Problem(None, head), *listed]
    return error


def confirm(trip: GroupTrip, version, user) -> GroupTrip:
    """The host side confirms it receives the group: refused until every traveller's documents hold."""
    check_version(trip, version)
    if trip.status != "planned":
        raise TransitionError(_l("Only a planned group trip can be confirmed; this one is “%(status)s”.",
                                 status=trip.status_label))
    refresh_travellers(trip)
    if not trip.travellers:
        raise TransitionError(_l("No trainee of %(side)s is enrolled on this course: there is no group to confirm.",
                                 side=trip.side.name))
    if problems(trip):
        raise _refusal(trip, _l("Confirming"))
    trip.status = "confirmed"
    db.session.flush()
    _tell(trip, "group_trip.confirmed", user)
    return trip


def travelled(trip: GroupTrip, version, user, now: datetime | None = None) -> GroupTrip:
    """The group crossed: not before the departure day (the travellers' clock), documents holding."""
    check_version(trip, version)
    if trip.status != "confirmed":
        raise TransitionError(_l("Only a confirmed group trip can be marked as travelled; this one is “%(status)s”.",
                                 status=trip.status_label))
    visas.not_before_departure(_l("The group of %(side)s", side=trip.side.name), trip.side, trip.travel_out_at,
                               now)
    if problems(trip):
        raise _refusal(trip, _l("Marking as travelled"))
    trip.status = "travelled"
    db.session.flush()
    return trip


def cancel(trip: GroupTrip, version, user) -> GroupTrip:
    check_version(trip, version)
    if trip.status not in ("planned", "confirmed"):
        raise TransitionError(_l("This group trip is “%(status)s”: it can no longer be cancelled.",
                                 status=trip.status_label))
    trip.status = "cancelled"
    db.session.flush()
    return trip


def _warn_gaps(trip: GroupTrip, user) -> None:
    if problems(trip):
        _tell(trip, "group_trip.documents_gap", user)


def _tell(trip: GroupTrip, kind: str, user, once_key: str | None = None):
    """Both sides' liaisons hear of a group trip confirmed, or of a confirmed one whose documents no longer hold."""
    course = trip.course
    return raise_event(kind, trip, liaisons_of(course.host_side_id, trip.side_id), actor=user,
                       data={"side": names(trip.side), "course": names(course), "day": day(trip.travel_out_at),
                             "count": len(trip.travellers)},
                       link=("exchanges.group_trip", {"trip_id": trip.id}), once_key=once_key)


def recheck_confirmed(now: datetime) -> int:
    """The daily check of confirmed group trips still to leave: a gap in any traveller's documents warns both
    sides' liaisons (once a day while it lasts). Returns how many warnings were raised."""
    raised = 0
    for trip in db.session.scalars(select(GroupTrip).where(GroupTrip.status == "confirmed",
                                                           GroupTrip.travel_out_at > now)):
        if problems(trip):
            key = f"group_trip.documents_gap:{trip.id}:{now.date().isoformat()}"
            raised += _tell(trip, "group_trip.documents_gap", None, once_key=key) is not None
    return raised


def departure_local(trip: GroupTrip):
    """Departure and return in the travellers' home clock (as the forms take them)."""
    tz = trip.side.timezone
    return to_zone(trip.travel_out_at, tz), to_zone(trip.travel_back_at, tz)


# The group list for the crossing -------------------------------------------------------------------------


@dataclass
class ListRow:
    name_fa: str
    name_ar: str
    name_latin: str
    father: str
    document: str  # the passport number, else the national ID
    is_passport: bool
    nationality: dict


@dataclass
class GroupListData:
    """What the group list prints, in plain values (the PDF renderer sits below this area)."""

    course: dict
    course_code: str
    centre: dict
    host_country: dict
    home_country: dict
    side: dict
    crossing: dict
    escort: str
    departure: date
    return_day: date
    departure_time: str
    status: str
    rows: list
    purpose: str = "course"  # or "visit": a study visit's delegation (its own heading and lines)


def father_name(trainee) -> str:
    """The father's name, when the trainee record keeps one (the column comes with another change: read it if
    it is there)."""
    for attr in ("father_name", "father_name_fa", "father_name_ar"):
        value = getattr(trainee, attr, None)
        if value:
            return value
    return ""


def list_data(trip: GroupTrip) -> GroupListData:
    course, side = trip.course, trip.side
    host = course.host_side
    langs = ("fa", "ar")
    out_local, back_local = departure_local(trip)
    rows = []
    for traveller in sorted(trip.travellers, key=lambda t: (t.trainee.search_key or "", t.id)):
        trainee = traveller.trainee
        passport = traveller.passport
        nationality = traveller.nationality or side.country_code
        rows.append(ListRow(
            name_fa=trainee.name_fa or trainee.name_ar, name_ar=trainee.name_ar or trainee.name_fa,
            name_latin=traveller.name_latin, father=father_name(trainee),
            document=passport or (trainee.national_id or ""), is_passport=bool(passport),
            nationality={lang: country_name(nationality, lang) for lang in langs}))
    crossing = trip.crossing
    return GroupListData(
        course={lang: course.name_in(lang) for lang in langs}, course_code=course.code,
        centre={lang: course.host_centre.name_in(lang) for lang in langs},
        host_country={lang: country_name(host.country_code, lang) for lang in langs},
        home_country={lang: country_name(side.country_code, lang) for lang in langs},
        side={lang: side.name_in(lang) for lang in langs},
        crossing={lang: crossing.name_in(lang) if crossing else "—" for lang in langs},
        escort=trip.escort_label or "—", departure=out_local.date(), return_day=back_local.date(),
        departure_time=out_local.strftime("%H:%M"), status=trip.status, rows=rows)
