"""The equipment register, search, maintenance log and utilisation figures. Services flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..catalog.models import Centre, Side
from ..db import check_version
from ..errors import InvalidValues
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi
from ..l10n.folding import like_pattern
from .models import CATEGORIES, CONDITIONS, MAINTENANCE_KINDS, Booking, EquipmentItem, Maintenance, Transfer

FIELDS = ("side_id", "centre_id", "category", "name_fa", "name_ar", "name_en", "model", "asset_tag", "condition",
          "shareable", "location")
LIMITS = {"name_fa": 200, "name_ar": 200, "name_en": 200, "model": 200, "asset_tag": 80, "location": 300}
CURRENCIES = ("IRR", "IQD", "USD")
NOTES_MAX = 4000
ABROAD = ("dispatched", "customs_cleared", "received")
# Utilisation periods longer than this are refused: the figure would mean little and cost much.
MAX_PERIOD_DAYS = 5 * 366


class Invalid(InvalidValues):
    """Every problem found in a form's values, as (field, message) pairs; the first is the message."""


def _clean(text) -> str:
    return " ".join(strip_bidi(text or "").split())


def check_values(values: dict, user, item: EquipmentItem | None = None) -> tuple[dict, list]:
    data = {key: values.get(key) for key in FIELDS}
    problems = []
    for key, limit in LIMITS.items():
        data[key] = _clean(data[key])
        if len(data[key]) > limit:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(limit))))
    data["name_en"] = data["name_en"] or None
    if not data["name_fa"]:
        problems.append(("name_fa", _l("Enter the name in Persian.")))
    if not data["name_ar"]:
        problems.append(("name_ar", _l("Enter the name in Arabic.")))
    if not data["asset_tag"]:
        problems.append(("asset_tag", _l("Enter the serial number or asset tag.")))
    else:
        other = db.session.scalar(select(EquipmentItem).where(EquipmentItem.asset_tag == data["asset_tag"]))
        if other is not None and (item is None or other.id != item.id):
            problems.append(("asset_tag", _l("Another item already has this serial number or asset tag.")))
    kept_side = item.side_id if item is not None else None
    side = db.session.get(Side, data["side_id"]) if isinstance(data["side_id"], int) else None
    if side is None or not (side.active or side.id == kept_side):
        problems.append(("side_id", _l("Choose the owning side.")))
        side = None
    elif not can(user, "equipment.manage", SimpleNamespace(side_id=side.id)):
        problems.append(("side_id", _l("You may register your own side's equipment only.")))
        side = None
    centre = db.session.get(Centre, data["centre_id"]) if isinstance(data["centre_id"], int) else None
    kept_centre = item.centre_id if item is not None else None
    if centre is None or not (centre.active or centre.id == kept_centre):
        problems.append(("centre_id", _l("Choose a training centre from the list.")))
    elif side is not None and centre.side_id != side.id:
        problems.append(("centre_id", _l("The training centre must be on the owning side.")))
    if data["category"] not in CATEGORIES:
        problems.append(("category", _l("Choose a category from the list.")))
    if data["condition"] not in CONDITIONS:
        problems.append(("condition", _l("Choose a condition from the list.")))
    data["shareable"] = bool(data["shareable"])
    return data, problems


def create_item(values: dict, user) -> EquipmentItem:
    data, problems = check_values(values, user)
    if problems:
        raise Invalid(problems)
    item = EquipmentItem(**data)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: EquipmentItem, values: dict, version, user) -> EquipmentItem:
    """Correct an item; a stale form is refused before anything else."""
    check_version(item, version)
    data, problems = check_values(values, user, item)
    if problems:
        raise Invalid(problems)
    for key, value in data.items():
        if getattr(item, key) != value:
            setattr(item, key, value)
    db.session.flush()
    return item


def abroad_ids() -> set[int]:
    """Items lent across the border and not yet back."""
    return set(db.session.scalars(select(Transfer.item_id).where(Transfer.status.in_(ABROAD))))


def search(query: str | None = None, *, side_id=None, centre_id=None, category=None, abroad: bool = False,
           visible_to=None):
    """The statement listing items; visible_to (a condition) narrows it to what a centre-scoped user sees."""
    stmt = select(EquipmentItem)
    if visible_to is not None:
        stmt = stmt.where(visible_to)
    if query:
        stmt = stmt.where(EquipmentItem.search_key.like(like_pattern(query), escape="\\"))
    if side_id:
        stmt = stmt.where(EquipmentItem.side_id == side_id)
    if centre_id:
        stmt = stmt.where(EquipmentItem.centre_id == centre_id)
    if category in CATEGORIES:
        stmt = stmt.where(EquipmentItem.category == category)
    if abroad:
        stmt = stmt.where(EquipmentItem.id.in_(select(Transfer.item_id).where(Transfer.status.in_(ABROAD))))
    return stmt.order_by(EquipmentItem.search_key, EquipmentItem.id)


# Maintenance --------------------------------------------------------------------------------------------


def add_maintenance(item: EquipmentItem, values: dict, user) -> Maintenance:
    problems = []
    day, kind, cost = values.get("day"), values.get("kind"), values.get("cost")
    currency = values.get("currency") or "IRR"
    notes = strip_bidi(values.get("notes") or "").strip()
    if not isinstance(day, date):
        problems.append(("day", _l("Enter the date.")))
    if kind not in MAINTENANCE_KINDS:
        problems.append(("kind", _l("Choose the kind of work.")))
    if cost is not None and (not isinstance(cost, Decimal) or cost < 0):
        problems.append(("cost", _l("Enter a cost of zero or more.")))
    if currency not in CURRENCIES:
        problems.append(("currency", _l("Choose a currency.")))
    if len(notes) > NOTES_MAX:
        problems.append(("notes", _l("Enter no more than %(count)s characters.", count=Shown(NOTES_MAX))))
    if problems:
        raise Invalid(problems)
    record = Maintenance(item_id=item.id, day=day, kind=kind, cost=cost, currency=currency, notes=notes)
    db.session.add(record)
    db.session.flush()
    return record


def maintenance_of(item: EquipmentItem) -> list[Maintenance]:
    return db.session.scalars(select(Maintenance).where(Maintenance.item_id == item.id)
                              .order_by(Maintenance.day.desc(), Maintenance.id.desc())).all()


# Utilisation --------------------------------------------------------------------------------------------


def booked_days(spans, start: date, end: date) -> int:
    """Days of [start, end] covered by at least one of the (from, until) spans, each day counted once."""
    days: set[date] = set()
    for held_from, held_until in spans:
        first, last = max(held_from, start), min(held_until, end)
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return len(days)


def item_utilisation(item_id: int, start: date, end: date) -> tuple[int, int]:
    """(booked days, available days) of one item over [start, end]; the held span counts as booked."""
    spans = db.session.execute(
        select(Booking.held_from, Booking.held_until)
        .where(Booking.item_id == item_id, Booking.cancelled.is_(False), Booking.held_from <= end,
               Booking.held_until >= start)).all()
    return booked_days(spans, start, end), (end - start).days + 1


def utilisation_of(bookings, start: date, end: date) -> tuple[int, int]:
    """The same from an item's bookings already read (its page lists them all)."""
    spans = [(b.held_from, b.held_until) for b in bookings
             if not b.cancelled and b.held_from <= end and b.held_until >= start]
    return booked_days(spans, start, end), (end - start).days + 1


def percent(booked: int, available: int):
    return None if not available else Decimal(booked * 100) / Decimal(available)


@dataclass
class CentreFigure:
    centre: Centre
    items: int = 0
    booked: int = 0
    available: int = 0
    rows: list = field(default_factory=list)

    @property
    def pct(self):
        return percent(self.booked, self.available)


def centre_utilisation(start: date, end: date, side_id: int | None = None) -> list[CentreFigure]:
    """Per centre: its items' booked days ÷ their available days over [start, end]."""
    stmt = select(EquipmentItem).order_by(EquipmentItem.centre_id, EquipmentItem.search_key)
    if side_id:
        stmt = stmt.where(EquipmentItem.side_id == side_id)
    figures: dict[int, CentreFigure] = {}
    for item in db.session.scalars(stmt):
        booked, available = item_utilisation(item.id, start, end)
        figure = figures.setdefault(item.centre_id, CentreFigure(item.centre))
        figure.items += 1
        figure.booked += booked
        figure.available += available
        figure.rows.append((item, booked, available, percent(booked, available)))
    return list(figures.values())
