"""Cross-border loans: dispatched → customs cleared → received → returned, each step dated, signed and
in order; an item is abroad until it is returned. Services flush, never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from ..catalog.models import Side
from ..errors import ConflictError, PermissionDenied, TransitionError
from ..extensions import db
from ..l10n.digits import strip_bidi
from .bookings import ShownDay
from .models import CONDITIONS, TRANSFER_STATUSES, Booking, EquipmentItem, Transfer
from .services import ABROAD, Invalid

# step → (status before it, date column, person column, condition column or None)
STEPS = {
    "customs_cleared": ("dispatched", "cleared_on", "cleared_by", None),
    "received": ("customs_cleared", "received_on", "received_by", "received_condition"),
    "returned": ("received", "returned_on", "returned_by", "returned_condition"),
}
ORDER = ("dispatched", "customs_cleared", "received", "returned")
DATE_OF = {"dispatched": "dispatched_on", "customs_cleared": "cleared_on", "received": "received_on",
           "returned": "returned_on"}
PERSON_MAX = 200


def _step_values(values: dict, with_condition: bool) -> tuple[date | None, str, str | None, list]:
    problems = []
    day = values.get("day")
    person = " ".join(strip_bidi(values.get("person") or "").split())
    condition = values.get("condition") or None
    if not isinstance(day, date):
        problems.append(("day", _l("Enter the date.")))
    if not person:
        problems.append(("person", _l("Enter who handled the item.")))
    elif len(person) > PERSON_MAX:
        problems.append(("person", _l("Enter a shorter name.")))
    if with_condition and condition not in CONDITIONS:
        problems.append(("condition", _l("Choose the item's condition.")))
    return day, person, condition, problems


def current_transfer(item: EquipmentItem) -> Transfer | None:
    return db.session.scalar(select(Transfer).where(Transfer.item_id == item.id, Transfer.status.in_(ABROAD))
                             .order_by(Transfer.id.desc()).limit(1))


def dispatch(item: EquipmentItem, values: dict, user) -> Transfer:
    """Send an item across the border: the owner side dispatches, to the other side, due back on a date."""
    day, person, condition, problems = _step_values(values, with_condition=True)
    to_side = db.session.get(Side, values.get("to_side_id")) if isinstance(values.get("to_side_id"), int) else None
    if to_side is None or to_side.id == item.side_id:
        problems.append(("to_side_id", _l("Choose the side the item is lent to.")))
    due = values.get("due_back_on")
    if not isinstance(due, date):
        problems.append(("due_back_on", _l("Enter the day the item is due back.")))
    elif isinstance(day, date) and due < day:
        problems.append(("due_back_on", _l("The item cannot be due back before it is dispatched.")))
    booking_id = values.get("booking_id")
    booking = None
    if booking_id not in (None, ""):
        booking = db.session.get(Booking, booking_id) if isinstance(booking_id, int) else None
        if booking is None or booking.item_id != item.id or booking.cancelled:
            problems.append(("booking_id", _l("Choose one of this item's bookings.")))
    if problems:
        raise Invalid(problems)
    if item.condition == "out_of_service":
        raise ConflictError(_l("This item is out of service and cannot be lent."))
    if current_transfer(item) is not None:
        raise ConflictError(_l("This item is already abroad: record its return first."))
    transfer = Transfer(item_id=item.id, booking_id=booking.id if booking else None, to_side_id=to_side.id,
                        status="dispatched", due_back_on=due, dispatched_on=day, dispatched_by=person,
                        dispatch_condition=condition)
    db.session.add(transfer)
    db.session.flush()
    return transfer


def advance(transfer: Transfer, step: str, values: dict, user) -> Transfer:
    """Record the next step; steps go in order and a step's date is never before the previous one's."""
    if step not in STEPS:
        raise TransitionError(_l("Unknown step."))
    before, date_col, person_col, condition_col = STEPS[step]
    if user.role != "admin" and user.side_id != (transfer.to_side_id if step != "returned" else transfer.item.side_id):
        # The receiving side clears and receives; the lending side takes the item back.
        raise PermissionDenied(_l("This step is recorded by the other side."))
    if transfer.status != before:
        raise TransitionError(_l("This loan is %(status)s: %(step)s cannot be recorded now.",
                                 status=TRANSFER_STATUSES.get(transfer.status, transfer.status),
                                 step=TRANSFER_STATUSES[step]))
    day, person, condition, problems = _step_values(values, with_condition=condition_col is not None)
    if problems:
        raise Invalid(problems)
    previous = getattr(transfer, DATE_OF[before])
    if previous is not None and day < previous:
        raise Invalid([("day", _l("This step cannot be dated before the previous one (%(day)s).",
                                  day=ShownDay(previous)))])
    transfer.status = step
    setattr(transfer, date_col, day)
    setattr(transfer, person_col, person)
    if condition_col:
        setattr(transfer, condition_col, condition)
    if step == "returned" and condition and transfer.item.condition != condition:
        # The item comes home in the condition the lending side found it in.
        transfer.item.condition = condition
    db.session.flush()
    return transfer


def is_overdue(transfer: Transfer, today: date) -> bool:
    return transfer.status != "returned" and transfer.due_back_on < today


def overdue_item_ids(today: date) -> set[int]:
    return set(db.session.scalars(select(Transfer.item_id).where(Transfer.status.in_(ABROAD),
                                                                 Transfer.due_back_on < today)))


def transfers_of(item: EquipmentItem) -> list[Transfer]:
    # The loans' item is the one asked about: found in the session, not joined into every row again.
    return db.session.scalars(select(Transfer).where(Transfer.item_id == item.id).options(lazyload(Transfer.item))
                              .order_by(Transfer.id.desc())).all()


def next_step(transfer: Transfer) -> str | None:
    index = ORDER.index(transfer.status) if transfer.status in ORDER else len(ORDER) - 1
    return ORDER[index + 1] if index + 1 < len(ORDER) else None
