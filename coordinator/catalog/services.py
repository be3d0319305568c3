"""Rules for reference data: unique codes, valid clocks and calendars, no deleting what is in use."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..db import check_version
from ..errors import ConflictError, ValidationFailed
from ..extensions import db
from ..l10n.folding import like_pattern
from ..viewer import format_day
from . import isco
from .models import (
    ACCREDITATION,
    CALENDARS,
    CENTRE_KINDS,
    FIXED_IN,
    HOLIDAY_KINDS,
    Centre,
    Holiday,
    Side,
    SkillStandard,
    TargetGroup,
)

# Attributes a form may set on each kind of record; anything else in the input is ignored.
UNIQUE_FIELDS = {Side: ("code",), SkillStandard: ("code",), TargetGroup: ("code",)}


def search(model, query: str | None = None, side_id: int | None = None, include_inactive: bool = True):
    stmt = select(model)
    if query:
        stmt = stmt.where(model.search_key.like(like_pattern(query), escape="\\"))
    if side_id and hasattr(model, "side_id"):
        stmt = stmt.where(model.side_id == side_id)
    if not include_inactive and hasattr(model, "active"):
        stmt = stmt.where(model.active.is_(True))
    order = [model.day.desc()] if model is Holiday else []
    if hasattr(model, "sort_order"):
        order.append(model.sort_order)
    return stmt.order_by(*order, model.id)


def _normalise(model, values: dict) -> dict:
    values = dict(values)
    if model is Side:
        values["weekend_days"] = ",".join(sorted(values.pop("weekend", []) or [], key=int))
        values["code"] = values["code"].upper()
        values["country_code"] = values["country_code"].upper()
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError, KeyError):
            raise ValidationFailed(_l("Choose a valid time zone."), field="timezone") from None
        if values.get("calendar") not in CALENDARS:
            raise ValidationFailed(_l("Choose a calendar."), field="calendar")
    if model is Centre and values.get("kind") not in CENTRE_KINDS:
        raise ValidationFailed(_l("Choose the kind of centre."), field="kind")
    if model is Centre:
        values["accreditation"] = values.get("accreditation") or "none"
        if values["accreditation"] not in ACCREDITATION:
            raise ValidationFailed(_l("Choose the accreditation status."), field="accreditation")
    if "side_id" in values and db.session.get(Side, values["side_id"]) is None:
        raise ValidationFailed(_l("Choose a side."), field="side_id")
    if model is Holiday:
        values = _normalise_holiday(values)
    if model is SkillStandard and "isco_code" in values:
        values["isco_code"] = isco.normalise(values["isco_code"]) or None
        if values["isco_code"] is not None and not isco.is_code(values["isco_code"]):
            raise ValidationFailed(_l("Choose an ISCO-08 occupation from the list: a unit group of 4 digits, "
                                      "such as 7212 (welders and flamecutters)."), field="isco_code")
    if "sort_order" in values and values["sort_order"] is None:
        values["sort_order"] = 100
    return values


def _normalise_holiday(values: dict) -> dict:
    values["kind"] = values.get("kind") or "public"
    if values["kind"] not in HOLIDAY_KINDS:
        raise ValidationFailed(_l("Choose public holiday or closure."), field="kind")
    if values.get("fixed_in") and values["fixed_in"] not in FIXED_IN:
        raise ValidationFailed(_l("Choose a calendar."), field="fixed_in")
    values["fixed_in"] = values.get("fixed_in") or None
    if values.get("centre_id") is not None:
        centre = db.session.get(Centre, values["centre_id"])
        if centre is None or centre.side_id != values["side_id"]:
            raise ValidationFailed(_l("Choose a centre of this side."), field="centre_id")
        values["kind"] = "closure"  # a centre has closures; public holidays belong to the whole side
    return values


def _check_unique(model, obj, values: dict) -> None:
    for field in UNIQUE_FIELDS.get(model, ()):
        column = getattr(model, field)
        stmt = select(model.id).where(func.lower(column) == str(values[field]).lower())
        if obj is not None:
            stmt = stmt.where(model.id != obj.id)
        if db.session.scalar(stmt) is not None:
            raise ConflictError(_l("Another record already uses this code."), field=field)
    if model is Holiday:
        centre_id = values.get("centre_id")
        stmt = select(Holiday.id).where(
            Holiday.side_id == values["side_id"], Holiday.day == values["day"],
            Holiday.centre_id.is_(None) if centre_id is None else Holiday.centre_id == centre_id)
        if obj is not None:
            stmt = stmt.where(Holiday.id != obj.id)
        if db.session.scalar(stmt) is not None:
            raise ConflictError(_l("This side already has a holiday on this date."), field="day")


def save(model, obj, values: dict, version=None):
    """Create (obj is None) or update a reference record; a stale form is refused before any change."""
    if obj is not None:
        check_version(obj, version)
    values = _normalise(model, values)
    _check_unique(model, obj, values)
    if obj is None:
        obj = model()
        db.session.add(obj)
    columns = model.__table__.c
    for key, value in values.items():
        if value == "" and key in columns and columns[key].nullable:
            value = None  # an empty optional field is "no value", as the database already holds it
        setattr(obj, key, value)
    db.session.flush()
    return obj


def references(obj) -> int:
    """How many records point at obj through a foreign key that forbids deleting it."""
    table = obj.__table__
    total = 0
    for other in db.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                continue
            total += db.session.scalar(
                select(func.count()).select_from(other).where(fk.parent == getattr(obj, fk.column.key))
            )
    return total


def delete(obj, version=None) -> None:
    """Delete a record no other record uses; one in use is refused (deactivate it instead)."""
    check_version(obj, version)
    if references(obj):
        raise ConflictError(
            _l("This record is in use by other records and cannot be deleted. Mark it inactive instead.")
        )
    db.session.delete(obj)
    db.session.flush()


def hosting_problem(centre: Centre, until: date):
    """Why a centre may not host a joint course running until `until`, or None: a private institute needs a
    licence valid to the course's last day and an accreditation that is not suspended."""
    if centre.kind != "private":
        return None
    if centre.accreditation == "suspended":
        return _l("The accreditation of %(centre)s is suspended: it cannot host a joint course.", centre=centre.name)
    if centre.licence_valid_until is None:
        return _l("%(centre)s has no licence on record: a private institute needs one to host a joint course.",
                  centre=centre.name)
    if centre.licence_valid_until < until:
        return _l("The licence of %(centre)s is valid until %(expiry)s, before the course ends on %(end)s.",
                  centre=centre.name, expiry=format_day(centre.licence_valid_until), end=format_day(until))
    return None
