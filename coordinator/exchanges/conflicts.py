"""Every rule an assignment of a trainer is checked against, in one place: errors block, warnings inform.

Travel is compared as UTC instants (a trainer leaving Tehran at 12:00 and one arriving in Baghdad at
12:00 are half an hour apart); dates people keep (unavailability, document expiry, holidays) are whole
days in the clock of the side they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..catalog.models import Holiday, Side
from ..courses.models import Course
from ..extensions import db
from ..l10n.digits import Shown
from ..l10n.timezones import as_utc, local_to_utc, to_zone
from ..viewer import format_day, format_instant
from .models import Assignment, Trainer
from .queries import LIVE

DEFAULT_EXPIRY_MARGIN_DAYS = 180


@dataclass
class Problem:
    """One finding: a translatable message, the form field it concerns, and what kind of rule found it."""

    kind: str
    message: object
    field: str | None = None

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skill_missing(self) -> bool:
        return any(w.kind == "skill" for w in self.warnings)

    def other_warnings(self) -> list[Problem]:
        return [w for w in self.warnings if w.kind != "skill"]


def expiry_margin_days() -> int:
    return int(current_app.config.get("DOCUMENT_EXPIRY_MARGIN_DAYS", DEFAULT_EXPIRY_MARGIN_DAYS))


def visa_required(home_country: str, host_country: str) -> bool:
    """Config VISA_REQUIRED: (citizens' country, country visited) pairs that need a visa, e.g. ("IQ", "IR")."""
    pairs = current_app.config.get("VISA_REQUIRED", ()) or ()
    return (home_country, host_country) in {tuple(p) for p in pairs}


def _get(values: dict, name: str, model):
    obj = values.get(name)
    if obj is None and values.get(f"{name}_id"):
        obj = db.session.get(model, values[f"{name}_id"])
    return obj


def day_span(first: date, last: date, tzname: str) -> tuple[datetime, datetime]:
    """Whole days first..last (inclusive) in the clock tzname, as the instants [start, end)."""
    return local_to_utc(first, time(0), tzname), local_to_utc(last + timedelta(days=1), time(0), tzname)


def check(assignment_values: dict, exclude_id: int | None = None) -> Report:
    """Check a (planned) assignment: trainer/course (objects or *_id), travel_out_at, travel_back_at."""
    report = Report()
    trainer: Trainer = _get(assignment_values, "trainer", Trainer)
    course: Course = _get(assignment_values, "course", Course)
    out_at = as_utc(assignment_values.get("travel_out_at"))
    back_at = as_utc(assignment_values.get("travel_back_at"))
    if trainer is None or course is None or out_at is None or back_at is None:
        report.errors.append(Problem("missing", _l("Choose the trainer and the travel dates and times.")))
        return report
    if not _window(report, course, out_at, back_at):
        return report
    _overlaps(report, trainer, out_at, back_at, exclude_id)
    _unavailability(report, trainer, out_at, back_at)
    if trainer.side_id != course.host_side_id:
        report.errors.extend(document_problems(trainer, course.host_side, out_at, back_at,
                                               assignment_values.get("visa")))
    _skill(report, trainer, course)
    _days_off(report, trainer, course)
    return report


def _window(report: Report, course: Course, out_at: datetime, back_at: datetime) -> bool:
    if back_at <= out_at:
        report.errors.append(Problem("window", _l("The return must come after the departure."),
                                     "travel_back_date"))
        return False
    sessions = list(course.sessions)
    if sessions:
        first = min(s.starts_at for s in sessions)
        last = max(s.ends_at for s in sessions)
        if as_utc(first) < out_at:
            report.errors.append(Problem("window", _l(
                "The trainer would arrive after the first session starts (%(when)s).",
                when=format_instant(first)), "travel_out_date"))
        if as_utc(last) > back_at:
            report.errors.append(Problem("window", _l(
                "The trainer would leave before the last session ends (%(when)s).",
                when=format_instant(last)), "travel_back_date"))
    return True


def _overlaps(report, trainer, out_at, back_at, exclude_id) -> None:
    """Half-open intervals: a trainer back at 12:00 may leave again at 12:00."""
    query = (select(Assignment).where(
        Assignment.trainer_id == trainer.id, Assignment.status.in_(LIVE),
        Assignment.travel_out_at < back_at, Assignment.travel_back_at > out_at,
    ).order_by(Assignment.travel_out_at))
    if exclude_id is not None:
        query = query.where(Assignment.id != exclude_id)
    for other in db.session.scalars(query):
        report.errors.append(Problem("overlap", _l(
            "%(trainer)s is already assigned to %(course)s from %(start)s to %(end)s.",
            trainer=trainer.name, course=other.course.name, start=format_instant(other.travel_out_at),
            end=format_instant(other.travel_back_at)), "travel_out_date"))


def _unavailability(report, trainer, out_at, back_at) -> None:
    tz = trainer.side.timezone
    for period in trainer.unavailability:
        start, end = day_span(period.starts_on, period.ends_on, tz)
        if start < back_at and out_at < end:
            report.errors.append(Problem("unavailable", _l(
                "%(trainer)s is unavailable from %(start)s to %(end)s: %(reason)s",
                trainer=trainer.name, start=format_day(period.starts_on), end=format_day(period.ends_on),
                reason=period.reason or "—"), "travel_out_date"))


def document_problems(traveller, host: Side, out_at: datetime, back_at: datetime, trip_visa=None) -> list[Problem]:
    """The passport and visa rules of a journey to the host side, for any traveller: a trainer lent to a course,
    a trainee of a group trip, a study visit's delegate. The traveller offers `name`, `side` (home: clock and
    country) and `documents` (kind, expires_on, country_code); `trip_visa` the trip's own visa (status,
    valid_from, valid_until, status_label) or None, when only a visa the traveller holds can count."""
    report = Report()
    if traveller.side.id != host.id:
        _documents(report, traveller, back_at)
        _visa(report, traveller, host, as_utc(out_at), as_utc(back_at), trip_visa)
    return report.errors


def _documents(report, trainer, back_at) -> None:
    """Abroad: a passport valid until the return plus the margin, and a visa if the host country asks."""
    return_day = to_zone(back_at, trainer.side.timezone).date()
    margin = expiry_margin_days()
    needed = return_day + timedelta(days=margin)
    passports = [d for d in trainer.documents if d.kind == "passport"]
    best = max(passports, key=lambda d: d.expires_on, default=None)
    if best is None:
        report.errors.append(Problem("document", _l("%(trainer)s has no passport on record.",
                                                    trainer=trainer.name)))
    elif best.expires_on < needed:
        report.errors.append(Problem("document", _l(
            "The passport of %(trainer)s expires on %(expiry)s; it must be valid until %(needed)s "
            "(%(days)s days after the return).",
            trainer=trainer.name, expiry=format_day(best.expires_on), needed=format_day(needed),
            days=Shown(margin))))


def visa_margin_days() -> int:
    return int(current_app.config.get("VISA_MARGIN_DAYS", 0))


def _visa(report, trainer, host: Side, out_at, back_at, trip_visa) -> None:
    """Abroad where the host country asks for a visa: the trip's visa, issued and valid on every day spent
    in the host country (its own clock) plus the margin, or a visa the trainer already holds. Kind "visa":
    proposing goes ahead "subject to visa", confirming and travelling do not."""
    if not visa_required(trainer.side.country_code, host.country_code):
        return
    margin = visa_margin_days()
    arrival = to_zone(out_at, host.timezone).date()
    leaving = to_zone(back_at, host.timezone).date()
    needed = leaving + timedelta(days=margin)
    if trip_visa is not None and trip_visa.status == "issued" and trip_visa.valid_until is not None:
        if trip_visa.valid_from is not None and trip_visa.valid_from > arrival:
            report.errors.append(Problem("visa", _l(
                "The visa of %(trainer)s for %(country)s is valid from %(start)s, after the arrival on %(arrival)s.",
                trainer=trainer.name, country=host.name, start=format_day(trip_visa.valid_from),
                arrival=format_day(arrival))))
        elif trip_visa.valid_until < needed:
            report.errors.append(Problem("visa", _l(
                "The visa of %(trainer)s for %(country)s is valid until %(expiry)s; it must be valid until "
                "%(needed)s (the day of leaving %(country)s, plus %(days)s days).",
                trainer=trainer.name, country=host.name, expiry=format_day(trip_visa.valid_until),
                needed=format_day(needed), days=Shown(margin))))
        return
    visas = [d for d in trainer.documents if d.kind == "visa" and d.country_code == host.country_code]
    best = max(visas, key=lambda d: d.expires_on, default=None)
    if best is not None and best.expires_on >= needed:
        return  # a visa the trainer already holds covers the trip
    if trip_visa is not None and trip_visa.status in ("applied", "refused", "to_apply"):
        report.errors.append(Problem("visa", _l(
            "The visa of %(trainer)s for %(country)s is “%(status)s”: it must be issued for the whole trip.",
            trainer=trainer.name, country=host.name, status=trip_visa.status_label)))
    elif best is None:
        report.errors.append(Problem("visa", _l("%(trainer)s has no visa for %(country)s on record.",
                                                trainer=trainer.name, country=host.name)))
    else:
        report.errors.append(Problem("visa", _l(
            "The visa of %(trainer)s for %(country)s expires on %(expiry)s, before %(needed)s.",
            trainer=trainer.name, country=host.name, expiry=format_day(best.expires_on),
            needed=format_day(needed))))


def _skill(report, trainer, course) -> None:
    if course.skill_standard_id not in {s.id for s in trainer.skills}:
        report.warnings.append(Problem("skill", _l(
            "%(skill)s is not among the skills of %(trainer)s: the host side may keep the trainer and give "
            "the reason.", skill=course.skill_standard.name, trainer=trainer.name), "skill_override"))


def _days_off(report, trainer, course) -> None:
    """Sessions on a weekend day or public holiday of the host side or of the trainer's home side."""
    sides = [course.host_side] + ([trainer.side] if trainer.side_id != course.host_side_id else [])
    sessions = list(course.sessions)
    if not sessions:
        return
    days_by_side = {
        side.id: {s.day if side.id == course.host_side_id else to_zone(s.starts_at, side.timezone).date()
                  for s in sessions}
        for side in sides
    }
    holidays = {
        (h.side_id, h.day): h
        for h in db.session.scalars(select(Holiday).where(
            Holiday.side_id.in_([s.id for s in sides]),
            or_(Holiday.centre_id.is_(None), Holiday.centre_id == course.host_centre_id),
            Holiday.day.between(min(min(d) for d in days_by_side.values()),
                                max(max(d) for d in days_by_side.values()))))
    }
    for side in sides:
        for day in sorted(days_by_side[side.id]):
            holiday = holidays.get((side.id, day))
            if holiday is not None:
                report.warnings.append(Problem("holiday", _l(
                    "A session falls on %(day)s, a public holiday in %(side)s (%(holiday)s).",
                    day=format_day(day), side=side.name, holiday=holiday.name)))
            elif day.weekday() in side.weekend:
                report.warnings.append(Problem("weekend", _l(
                    "A session falls on %(day)s, a weekend day in %(side)s.", day=format_day(day),
                    side=side.name)))
