"""Days off for a year: public holidays imported from the `holidays` package, ranges, closures of a side or
a centre, Hijri input, confirming estimated lunar days, copying fixed days to the next year, and the list
of what a new or moved day off now touches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays as holiday_library
import jdatetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..concurrency import lock
from ..db import check_version
from ..errors import ConflictError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown
from ..viewer import format_day
from .glossary import other_language_name
from .models import FIXED_IN, HOLIDAY_KINDS, Centre, Holiday, Side

# The library's language for each country's own names, and which of our name fields it fills.
NATIVE = {"IR": ("fa_IR", "fa"), "IQ": ("ar", "ar")}
MAX_RANGE_DAYS = 31


@dataclass
class Proposed:
    """One day of the library's list, as it would be stored; `exists` when the side already has that day."""

    day: date
    name_fa: str
    name_ar: str
    name_en: str
    estimated: bool
    fixed_in: str | None
    translated: bool = True
    exists: bool = False


@dataclass
class Clash:
    """A record a day off now touches: what it is, its label, the day, and where to open it."""

    kind: str
    label: str
    day: date
    endpoint: str
    args: dict = field(default_factory=dict)
    # For telling the people it concerns: the record, its name in each language, and who owns it (asked only
    # when a stored change is told, once per record; the list of what a day touches needs no owners).
    record: object = None
    what: dict = field(default_factory=dict)
    owners: Callable[[], list] = list


# Finders answering "what does a day off on these days touch?": registered by the areas that own sessions,
# trips and bookings (create_app, register_cross_area_answers), since catalog may not import them.
CLASH_FINDERS: list = []
# Who tells the owners of what a new or moved day off touches (registered in create_app: the notifications
# layer sits above the catalog). Called with the clashes and the side whose day off it is.
CLASH_TELLERS: list = []


def clashes(side_id: int, days, centre_id: int | None = None) -> list[Clash]:
    days = sorted(set(days))
    if not days:
        return []
    found = []
    for finder in CLASH_FINDERS:
        found.extend(finder(side_id, days, centre_id))
    return sorted(found, key=lambda c: (c.day, c.kind, c.label))


def _told(side_id: int, found: list[Clash]) -> list[Clash]:
    """The clashes of a stored change, after their owners have been told (in the same transaction)."""
    for tell in CLASH_TELLERS:
        tell(found, side_id)
    return found


def library_year(side: Side, year: int) -> list[Proposed]:
    """The side's public holidays for `year` from the `holidays` package, in its own language and English;
    the third language comes from our glossary, else the native name stands in until a person edits it."""
    if side.country_code not in NATIVE:
        raise ValidationFailed(_l("The holiday library has no public holidays for this side's country."),
                               field="side_id")
    language, native_field = NATIVE[side.country_code]
    try:
        def listing(lang, estimated_label):
            return holiday_library.country_holidays(side.country_code, years=year, language=lang,
                                                    islamic_show_estimated=estimated_label)
        native = listing(language, False)
        labelled = listing(language, True)
        english = listing("en_US", False)
    except NotImplementedError:  # a year the library does not cover
        raise ValidationFailed(_l("The holiday library has no public holidays for %(year)s.", year=Shown(year)),
                               field="year") from None
    existing = set(db.session.scalars(select(Holiday.day).where(
        Holiday.side_id == side.id, Holiday.centre_id.is_(None),
        Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))))
    rows = []
    for day, name in sorted(native.items()):
        name_en = english.get(day, "")
        # The library marks a computed lunar date only in the labelled listing's names.
        estimated = labelled.get(day) != name
        names = {"fa": "", "ar": "", native_field: name}
        other = "ar" if native_field == "fa" else "fa"
        translated_name = other_language_name(name_en, other)
        names[other] = translated_name or name
        rows.append(Proposed(
            day=day, name_fa=names["fa"][:200], name_ar=names["ar"][:200], name_en=name_en[:200],
            estimated=estimated, fixed_in=None if estimated else side.calendar,
            translated=bool(translated_name), exists=day in existing))
    return rows


def import_year(side: Side, year: int) -> tuple[list[Holiday], list[Clash]]:
    """Store the days of `library_year` the side does not have yet; returns them and what they touch."""
    lock(Side, side.id)
    added = []
    for row in library_year(side, year):
        if row.exists:
            continue
        holiday = Holiday(side_id=side.id, day=row.day, name_fa=row.name_fa, name_ar=row.name_ar,
                          name_en=row.name_en or None, kind="public", estimated=row.estimated,
                          fixed_in=row.fixed_in)
        db.session.add(holiday)
        added.append(holiday)
    db.session.flush()
    return added, _told(side.id, clashes(side.id, [h.day for h in added]))


def _taken(side_id: int, centre_id: int | None, days, ignore_id: int | None = None) -> list[Holiday]:
    stmt = select(Holiday).where(Holiday.side_id == side_id, Holiday.day.in_(list(days)))
    stmt = stmt.where(Holiday.centre_id.is_(None) if centre_id is None else Holiday.centre_id == centre_id)
    if ignore_id is not None:
        stmt = stmt.where(Holiday.id != ignore_id)
    return list(db.session.scalars(stmt.order_by(Holiday.day)))


def add_days_off(values: dict) -> tuple[list[Holiday], list[Clash]]:
    """One day or a range (one row per day) of a public holiday or a closure, for a side or one centre."""
    side = db.session.get(Side, values.get("side_id") or 0)
    if side is None:
        raise ValidationFailed(_l("Choose a side."), field="side_id")
    first = values["day"]
    last = values.get("last_day") or first
    if last < first:
        raise ValidationFailed(_l("The range ends (%(last)s) before it starts (%(first)s).",
                                  last=format_day(last), first=format_day(first)), field="last_day")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValidationFailed(_l("A range covers at most %(count)s days.", count=Shown(MAX_RANGE_DAYS)),
                               field="last_day")
    kind = values.get("kind") or "public"
    if kind not in HOLIDAY_KINDS:
        raise ValidationFailed(_l("Choose public holiday or closure."), field="kind")
    centre_id = values.get("centre_id")
    if centre_id is not None:
        centre = db.session.get(Centre, centre_id)
        if centre is None or centre.side_id != side.id:
            raise ValidationFailed(_l("Choose a centre of this side."), field="centre_id")
        kind = "closure"  # a centre has closures; public holidays belong to the whole side
    fixed_in = values.get("fixed_in") or None
    if fixed_in is not None and fixed_in not in FIXED_IN:
        raise ValidationFailed(_l("Choose a calendar."), field="fixed_in")
    lock(Side, side.id)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    taken = _taken(side.id, centre_id, days)
    if taken:
        raise ConflictError(_l("%(day)s is already a day off here (%(name)s); nothing was added.",
                               day=format_day(taken[0].day), name=taken[0].name), field="day")
    added = []
    for day in days:
        holiday = Holiday(side_id=side.id, centre_id=centre_id, day=day, kind=kind,
                          name_fa=values["name_fa"], name_ar=values["name_ar"], name_en=values.get("name_en") or None,
                          estimated=bool(values.get("estimated")), fixed_in=fixed_in if kind == "public" else None)
        db.session.add(holiday)
        added.append(holiday)
    db.session.flush()
    return added, _told(side.id, clashes(side.id, days, centre_id))


def confirm(holiday: Holiday, version) -> None:
    """A person confirms an estimated lunar day as announced."""
    check_version(holiday, version)
    holiday.estimated = False
    db.session.flush()


def move(holiday: Holiday, days: int, version) -> list[Clash]:
    """Move a day off by a day (the announced lunar date differs from the computed one); confirms it."""
    check_version(holiday, version)
    if days not in (-1, 1):
        raise ValidationFailed(_l("A day off moves by one day at a time."))
    lock(Side, holiday.side_id)
    target = holiday.day + timedelta(days=days)
    taken = _taken(holiday.side_id, holiday.centre_id, [target], ignore_id=holiday.id)
    if taken:
        raise ConflictError(_l("%(day)s is already a day off here (%(name)s); nothing was moved.",
                               day=format_day(target), name=taken[0].name))
    holiday.day = target
    holiday.estimated = False
    db.session.flush()
    return _told(holiday.side_id, clashes(holiday.side_id, [target], holiday.centre_id))


def _same_date_next_year(day: date, calendar: str) -> date | None:
    if calendar == "jalali":
        j = jdatetime.date.fromgregorian(date=day)
        try:
            return jdatetime.date(j.year + 1, j.month, j.day).togregorian()
        except ValueError:  # Esfand 30 exists in leap years only
            return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def copy_fixed(side: Side, year: int) -> tuple[list[Holiday], list[Clash]]:
    """Copy the side's fixed-date public holidays of `year` (Gregorian year of the day) to the next year,
    each in the calendar it is fixed in; days already present are left alone."""
    lock(Side, side.id)
    source = db.session.scalars(select(Holiday).where(
        Holiday.side_id == side.id, Holiday.centre_id.is_(None), Holiday.fixed_in.is_not(None),
        Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(Holiday.day)).all()
    targets = {h.id: _same_date_next_year(h.day, h.fixed_in) for h in source}
    existing = {h.day for h in _taken(side.id, None, [d for d in targets.values() if d])}
    added = []
    for holiday in source:
        day = targets[holiday.id]
        if day is None or day in existing:
            continue
        existing.add(day)
        copy = Holiday(side_id=side.id, day=day, name_fa=holiday.name_fa, name_ar=holiday.name_ar,
                       name_en=holiday.name_en, kind=holiday.kind, fixed_in=holiday.fixed_in, estimated=False)
        db.session.add(copy)
        added.append(copy)
    db.session.flush()
    return added, _told(side.id, clashes(side.id, [h.day for h in added]))
