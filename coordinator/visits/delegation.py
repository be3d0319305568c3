"""The delegation of a visit: members who are trainers (their passport and visas kept with their traveller record
in the exchange) or guests held on the delegate (a director, a centre manager, an outside guest: names, side,
passport), each checked by the exchange's document rules (conflicts.document_problems) with the visa of this
visit; their posts; the visa recorded per delegate; invitation letters. Services flush only."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..errors import NotFound, TransitionError
from ..exchanges import invitations
from ..exchanges.models import VISA_STATUSES, InvitationLetter, Trainer
from ..extensions import db
from ..l10n.digits import Shown
from ..trainees.services import LATIN_NAME_RE, PASSPORT_RE, normalise_passport
from ..viewer import ShownDay, side_today
from . import services
from .models import Visit, VisitDelegate
from .services import VisitInvalid, clean

# The delegation changes until the visit is confirmed (a member added then must already hold the documents);
# its visas are recorded until the visit takes place.
DELEGATION_OPEN = ("proposed", "accepted")
VISA_OPEN = ("proposed", "accepted", "confirmed")
GUEST_ROLES = ("manager", "liaison")  # the accounts a guest delegate may be linked to
GUEST_FIELDS = ("name_fa", "name_ar", "name_en", "passport_number", "passport_expires_on", "user_id")


def _open(visit: Visit, statuses, message) -> None:
    if visit.status not in statuses:
        raise TransitionError(message)


def _delegate(visit: Visit, delegate_id) -> VisitDelegate:
    delegate = db.session.get(VisitDelegate, delegate_id) if isinstance(delegate_id, int) else None
    if delegate is None or delegate.visit_id != visit.id:
        raise NotFound()
    return delegate


problems_of = services.delegate_problems


def _posts(values: dict) -> dict:
    return {"post_fa": clean(values.get("post_fa")), "post_ar": clean(values.get("post_ar")),
            "heads": bool(values.get("heads"))}


def _guest_values(visit: Visit, values: dict, delegate: VisitDelegate | None = None) -> dict:
    """A guest's names, passport and account, checked; VisitInvalid names every problem."""
    problems: list = []
    data = {key: clean(values.get(key)) for key in ("name_fa", "name_ar", "name_en")}
    if not (data["name_fa"] or data["name_ar"]):
        problems.append(("name_fa", _l("Enter the guest's name in Persian or Arabic.")))
    if data["name_en"] and not LATIN_NAME_RE.fullmatch(data["name_en"]):
        problems.append(("name_en", _l("Write this name in Latin letters, as the passport spells it.")))
    number = normalise_passport(values.get("passport_number"))
    if not number:
        problems.append(("passport_number", _l("Enter the guest's passport number: the consulate and the border "
                                               "need it.")))
    elif not PASSPORT_RE.fullmatch(number):
        problems.append(("passport_number", _l(
            "A passport number has %(low)s to %(high)s Latin letters and digits, as printed in the passport "
            "(for example A12345678).", low=Shown(6), high=Shown(9))))
    else:
        twin = next((d for d in visit.delegates if d.passport_number == number and d is not delegate), None)
        if twin is not None:
            problems.append(("passport_number", _l("%(name)s already travels in this delegation with this passport "
                                                   "number.", name=twin.traveller.name)))
    expires = values.get("passport_expires_on")
    if not isinstance(expires, date):
        problems.append(("passport_expires_on", _l("Enter the day the guest's passport expires.")))
    user_id = values.get("user_id")
    account = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user_id is not None and (account is None or not account.active or account.role not in GUEST_ROLES
                                or account.side_id not in (None, visit.guest_side_id)):
        problems.append(("user_id", _l("Choose a manager or liaison of the visiting side, or no account.")))
    elif account is not None and any(d.user_id == account.id for d in visit.delegates if d is not delegate):
        problems.append(("user_id", _l("%(name)s is already in the delegation.", name=account.display_name)))
    if problems:
        raise VisitInvalid(problems)
    return data | {"passport_number": number, "passport_expires_on": expires,
                   "user_id": account.id if account else None}


def _passport_holds(visit: Visit, delegate: VisitDelegate, field: str) -> list:
    """Refuses at once a passport that does not hold for the visit; returns the visa findings still open
    (confirming waits for them, adding does not)."""
    found = problems_of(visit, delegate)
    passport = [p for p in found if p.kind == "document"]
    if passport:
        raise VisitInvalid([(field, p.message) for p in passport])
    return [p for p in found if p.kind != "document"]


def _one_head(visit: Visit, delegate: VisitDelegate) -> None:
    if delegate.heads:
        for other in visit.delegates:
            if other is not delegate:
                other.heads = False  # one head of the delegation


def add_delegate(visit: Visit, values: dict, user) -> tuple[VisitDelegate, list]:
    """A member of the delegation: a trainer of the visiting side (`trainer_id`), or else a guest named in the
    values. Returns them and the visa findings still open. A passport that does not hold is refused at once."""
    _open(visit, DELEGATION_OPEN, _l("The delegation of a confirmed, past or cancelled visit cannot change."))
    trainer_id = values.get("trainer_id")
    if trainer_id is None:
        delegate = VisitDelegate(**_guest_values(visit, values), side_id=visit.guest_side_id,
                                 side=visit.guest_side, **_posts(values))
        field = "passport_expires_on"
    else:
        traveller = db.session.get(Trainer, trainer_id) if isinstance(trainer_id, int) else None
        if traveller is None:
            raise VisitInvalid([("trainer_id", _l("Choose the traveller from the list."))])
        if traveller.side_id != visit.guest_side_id:
            raise VisitInvalid([("trainer_id", _l("%(name)s is not of the visiting side (%(side)s).",
                                                  name=traveller.name, side=visit.guest_side.name))])
        if any(d.trainer_id == traveller.id for d in visit.delegates):
            raise VisitInvalid([("trainer_id", _l("%(name)s is already in the delegation.", name=traveller.name))])
        delegate = VisitDelegate(trainer_id=traveller.id, trainer=traveller, **_posts(values))
        field = "trainer_id"
    open_visa = _passport_holds(visit, delegate, field)
    _one_head(visit, delegate)
    visit.delegates.append(delegate)
    db.session.flush()
    return delegate, open_visa


def update_delegate(visit: Visit, delegate_id, values: dict, user) -> tuple[VisitDelegate, list]:
    """A delegate's post and headship; a guest's names, passport and account too (the passport checked again).
    Nothing changes when something is refused."""
    delegate = _delegate(visit, delegate_id)
    _open(visit, DELEGATION_OPEN, _l("The delegation of a confirmed, past or cancelled visit cannot change."))
    data = _posts(values)
    if delegate.trainer_id is None:
        data |= _guest_values(visit, values, delegate)
        before = {key: getattr(delegate, key) for key in data}
        for key, value in data.items():
            setattr(delegate, key, value)
        try:
            open_visa = _passport_holds(visit, delegate, "passport_expires_on")
        except VisitInvalid:
            for key, value in before.items():
                setattr(delegate, key, value)  # nothing half-written: the record stays as it was
            raise
    else:
        for key, value in data.items():
            setattr(delegate, key, value)
        open_visa = [p for p in problems_of(visit, delegate) if p.kind != "document"]
    _one_head(visit, delegate)
    db.session.flush()
    return delegate, open_visa


def record_visa(visit: Visit, delegate_id, values: dict, user) -> tuple[VisitDelegate, list]:
    """Where the delegate's visa for this visit stands (the exchange's visa states); returns the delegate and what
    the document rules now say of them (so the page shows at once whether the visit may be confirmed)."""
    delegate = _delegate(visit, delegate_id)
    _open(visit, VISA_OPEN, _l("The visas of a past or cancelled visit are kept as they were."))
    status = values.get("visa_status")
    problems = []
    if status not in VISA_STATUSES:
        problems.append(("visa_status", _l("Choose the state of the visa.")))
    valid_from, valid_until = values.get("visa_valid_from"), values.get("visa_valid_until")
    if status == "issued":
        if not isinstance(valid_until, date):
            problems.append(("visa_valid_until", _l("Give the last day the visa is valid.")))
        elif isinstance(valid_from, date) and valid_from > valid_until:
            problems.append(("visa_valid_until", _l(
                "The visa's validity ends (%(end)s) before it starts (%(start)s).", end=ShownDay(valid_until),
                start=ShownDay(valid_from))))
    if problems:
        raise VisitInvalid(problems)
    delegate.visa_status = status
    delegate.visa_valid_from = valid_from if isinstance(valid_from, date) else None
    delegate.visa_valid_until = valid_until if isinstance(valid_until, date) else None
    delegate.visa_number = normalise_passport(values.get("visa_number"))[:60]
    db.session.flush()
    return delegate, problems_of(visit, delegate)


# Invitation letters -------------------------------------------------------------------------------------

LETTER_STATUSES = ("proposed", "accepted", "confirmed")


def invite(visit: Visit, delegate_id, user):
    """The host side invites a delegate for the visa: the exchange's numbered letter, checked by a consulate on
    the same public page. The passport number must be on record, as for an assignment abroad."""
    delegate = _delegate(visit, delegate_id)
    if visit.status not in LETTER_STATUSES:
        raise TransitionError(_l("A visit that is “%(status)s” gets no invitation letter.", status=visit.status_label))
    passport = invitations.passport_of(delegate.traveller)
    if passport is None or not passport.number:
        raise TransitionError(_l("Record the passport number of %(trainer)s first: the consulate needs it.",
                                 trainer=delegate.traveller.name))
    letter = InvitationLetter(number=invitations.new_number(side_today(visit.host_side).year),
                              issued_by_id=user.id)
    delegate.letters.append(letter)
    db.session.flush()
    return letter
