"""Study visit rules: the record, the workflow (proposed → accepted → confirmed → took place → reported, or
cancelled) as a table, and who is told at each step. Services flush, never commit: the view commits once."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..catalog.models import Side
from ..db import check_version
from ..errors import InvalidValues, TransitionError
from ..exchanges import conflicts
from ..exchanges.group_trips import visa_of
from ..exchanges.models import Trainer
from ..extensions import db
from ..l10n.digits import strip_bidi
from ..l10n.folding import like_pattern
from ..l10n.timezones import utcnow
from ..notifications.events import day, in_each_language, liaisons_of, names, raise_event
from ..viewer import ShownDay, side_today
from .models import VISIT_STATUSES, Visit, VisitDelegate

FIELDS = ("name_fa", "name_ar", "name_en", "host_side_id", "guest_side_id", "purpose_fa", "purpose_ar",
          "starts_on", "ends_on", "host_contacts")
NAME_MAX, TEXT_MAX = 200, 4000
# step → (statuses it may start from, status it leads to, permission it needs)
STEPS = {
    "accept": (("proposed",), "accepted", "visit.host"),
    "confirm": (("accepted",), "confirmed", "visit.host"),
    "took_place": (("confirmed",), "took_place", "visit.host"),
    "report": (("took_place",), "reported", "visit.delegation"),
    "cancel": (("proposed", "accepted", "confirmed"), "cancelled", "visit.take_part"),
}
STEP_LABELS = {
    "accept": _l("Accept with the programme"),
    "confirm": _l("Confirm the visit"),
    "took_place": _l("Record that it took place"),
    "report": _l("Send the report"),
    "cancel": _l("Cancel the visit"),
}
# The common record (title, dates, purpose) is settled once the visit is confirmed.
EDITABLE = ("proposed", "accepted")


class VisitInvalid(InvalidValues):
    """Every problem found, as (field, message) pairs."""


def clean(text, limit: int = NAME_MAX) -> str:
    return " ".join(strip_bidi(text or "").split())[:limit]


def clean_text(text, limit: int = TEXT_MAX) -> str:
    return strip_bidi(text or "").strip()[:limit]


def span(first: date, last: date) -> dict:
    return {"start": ShownDay(first), "end": ShownDay(last)}


# The record ---------------------------------------------------------------------------------------------


def check_values(values: dict, user, visit: Visit | None = None) -> tuple[dict, list]:
    """The values as stored and every problem found (empty when valid)."""
    data = {key: values.get(key) for key in FIELDS}
    problems: list = []
    for key in ("name_fa", "name_ar", "name_en"):
        data[key] = clean(data[key])
    if not data["name_fa"]:
        problems.append(("name_fa", _l("Enter the title in Persian.")))
    if not data["name_ar"]:
        problems.append(("name_ar", _l("Enter the title in Arabic.")))
    data["name_en"] = data["name_en"] or None
    for key in ("purpose_fa", "purpose_ar", "host_contacts"):
        data[key] = clean_text(data[key])
    if not (data["purpose_fa"] or data["purpose_ar"]):
        problems.append(("purpose_fa", _l("Say what the visit is for, in Persian or Arabic.")))
    sides = {}
    for key, message in (("host_side_id", _l("Choose the host side.")),
                         ("guest_side_id", _l("Choose the visiting side."))):
        side = db.session.get(Side, data[key]) if isinstance(data[key], int) else None
        if side is None:
            problems.append((key, message))
        sides[key] = side
    host, guest = sides["host_side_id"], sides["guest_side_id"]
    if visit is not None and guest is not None and guest.id != visit.guest_side_id and visit.delegates:
        # The delegates are people of the visiting side (a guest's side is kept on the delegate).
        problems.append(("guest_side_id", _l("The delegation has members of %(side)s: remove them before changing "
                                             "the visiting side.", side=visit.guest_side.name)))
    if host is not None and guest is not None:
        if host.id == guest.id:
            problems.append(("guest_side_id", _l("The visiting side must be the other side, not the host.")))
        elif user.role != "admin" and user.side_id not in (host.id, guest.id):
            problems.append(("host_side_id", _l("You may propose only visits your own side hosts or makes.")))
    starts, ends = data["starts_on"], data["ends_on"]
    if not isinstance(starts, date):
        problems.append(("starts_on", _l("Enter the first day of the visit.")))
    if not isinstance(ends, date):
        problems.append(("ends_on", _l("Enter the last day of the visit.")))
    if isinstance(starts, date) and isinstance(ends, date):
        if ends < starts:
            problems.append(("ends_on", _l("The visit ends (%(end)s) before it starts (%(start)s).",
                                           end=ShownDay(ends), start=ShownDay(starts))))
        elif visit is not None:
            for entry in visit.days:
                if not starts <= entry.day <= ends:
                    problems.append(("starts_on", _l(
                        "The programme has a day on %(day)s, outside the new dates: move or remove it first.",
                        day=ShownDay(entry.day))))
                    break
    return data, problems


def propose(values: dict, user) -> Visit:
    """A new visit, proposed by the user's side (the host's, for an admin without a side)."""
    data, problems = check_values(values, user)
    if problems:
        raise VisitInvalid(problems)
    proposer = user.side_id if user.side_id in (data["host_side_id"], data["guest_side_id"]) else data["host_side_id"]
    visit = Visit(**data, proposed_by_side_id=proposer, created_by_id=user.id, status="proposed")
    db.session.add(visit)
    db.session.flush()
    tell("visit.proposed", visit, user)
    return visit


def update(visit: Visit, values: dict, version, user) -> Visit:
    check_version(visit, version)
    if visit.status not in EDITABLE:
        raise TransitionError(_l("A visit that is “%(status)s” can no longer be changed this way.",
                                 status=visit.status_label))
    data, problems = check_values(values, user, visit)
    if problems:
        raise VisitInvalid(problems)
    for key, value in data.items():
        if getattr(visit, key) != value:
            setattr(visit, key, value)
    db.session.flush()
    return visit


# The workflow -------------------------------------------------------------------------------------------


def allowed_steps(visit: Visit) -> list[str]:
    return [step for step, (sources, _target, _perm) in STEPS.items() if visit.status in sources]


def visit_window(visit: Visit):
    """The visit's whole days on the host's clock, as UTC instants [arrival, departure)."""
    return conflicts.day_span(visit.starts_on, visit.ends_on, visit.host_side.timezone)


def delegate_problems(visit: Visit, delegate) -> list:
    """One delegate's passport and visa findings for the whole visit (plus the margins), by the exchange's rules
    (a trainer and a guest alike), the visa recorded for this visit counting."""
    out_at, back_at = visit_window(visit)
    # The delegation leaves on the last day (its last instant), not at midnight after it: a visa valid until the
    # last day covers the visit.
    return conflicts.document_problems(delegate.traveller, visit.host_side, out_at, back_at - timedelta(microseconds=1),
                                       visa_of(delegate))


def document_problems(visit: Visit) -> list:
    """Every delegate's findings (see delegate_problems)."""
    found = []
    for delegate in visit.delegates:
        found += delegate_problems(visit, delegate)
    return found


def move(visit: Visit, step: str, user, *, reason: str = "", version=None, now=None) -> Visit:
    """Take one step of the workflow, if its rule holds."""
    if version is not None:
        check_version(visit, version)
    if step not in STEPS:
        raise TransitionError(_l("There is no such step."))
    sources, target, _perm = STEPS[step]
    if visit.status not in sources:
        raise TransitionError(_l("A visit that is “%(status)s” cannot be moved this way.",
                                 status=visit.status_label))
    data = {}
    if step == "accept":
        if not visit.days:
            raise TransitionError(_l("Add the programme (at least one day) before accepting the visit."))
    elif step == "confirm":
        if not visit.delegates:
            raise TransitionError(_l("The delegation has no members yet: add them before confirming."))
        problems = document_problems(visit)
        if problems:  # each names the delegate and the dates; the first says which visit's dates
            raise VisitInvalid([(None, _l("The documents of the delegation do not hold for the visit (%(start)s to "
                                          "%(end)s):", **span(visit.starts_on, visit.ends_on)))]
                               + [(None, p.message) for p in problems])
    elif step == "took_place":
        today = side_today(visit.host_side, now or utcnow())
        if today < visit.ends_on:
            raise TransitionError(_l(
                "The visit ends on %(day)s on the host's clock: it cannot be recorded as having taken place "
                "before that day.", day=ShownDay(visit.ends_on)))
    elif step == "report":
        if not visit.lessons:
            raise TransitionError(_l("Write what was learned (at least one topic) before sending the report."))
    elif step == "cancel":
        reason = clean_text(reason, 1000)
        if not reason:
            raise VisitInvalid([("reason", _l("Give the reason for cancelling the visit."))])
        visit.reason = reason
        data["reason"] = reason
    visit.status = target
    db.session.flush()
    tell(f"visit.{target}", visit, user, **data)
    return visit


def recipients(visit: Visit) -> list[User]:
    """Both sides' liaisons and managers (a manager without a side belongs to the whole programme)."""
    managers = db.session.scalars(select(User).where(
        User.role == "manager", User.active.is_(True),
        or_(User.side_id.in_(visit.side_ids), User.side_id.is_(None))).order_by(User.id)).all()
    return [*liaisons_of(*visit.side_ids), *managers]


def tell(kind: str, visit: Visit, user, **data) -> None:
    raise_event(kind, visit, recipients(visit), actor=user,
                data={"visit": names(visit), "side": names(visit.host_side), "day": day(visit.starts_on),
                      "status": in_each_language(visit.status_label), **data},
                link=("visits.detail", {"visit_id": visit.id}))


# Finding visits -----------------------------------------------------------------------------------------


def travelling(user_id: int):
    """The ids of the visits a user travels on: as a trainer of the delegation, or as a guest linked to their
    account."""
    return (select(VisitDelegate.visit_id).outerjoin(Trainer, VisitDelegate.trainer_id == Trainer.id)
            .where(or_(Trainer.user_id == user_id, VisitDelegate.user_id == user_id)))


def search(query: str | None = None, *, status=None, side_id=None, role=None):
    """Soonest last: the newest visits first. `role` narrows `side_id` to the side hosting or visiting."""
    stmt = select(Visit).options(selectinload(Visit.delegates))  # the list counts each delegation
    if query:
        stmt = stmt.where(Visit.search_key.like(like_pattern(query), escape="\\"))
    if status in VISIT_STATUSES:
        stmt = stmt.where(Visit.status == status)
    if side_id:
        if role == "host":
            stmt = stmt.where(Visit.host_side_id == side_id)
        elif role == "guest":
            stmt = stmt.where(Visit.guest_side_id == side_id)
        else:
            stmt = stmt.where(or_(Visit.host_side_id == side_id, Visit.guest_side_id == side_id))
    return stmt.order_by(Visit.starts_on.desc(), Visit.id.desc())
