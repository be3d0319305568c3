"""Both sides sign the minutes: each head of delegation approves them for their own side, with the time,
before the meeting can close. A correction of the record afterwards removes every signature (the services
that change a meeting call `reopen` through `services.ensure_editable`). Services flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import Side
from ..errors import PermissionDenied, TransitionError
from ..extensions import db
from ..l10n.timezones import utcnow
from .models import Meeting, MeetingSignature, delegation_head


def active_sides() -> list[Side]:
    return list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))


def signing_sides(meeting: Meeting, active: list[Side] | None = None) -> list[Side]:
    """The sides whose heads sign: every active side (and the host's, if no longer active), host first.
    `active`: the active sides when the caller has them (a list of meetings asks once)."""
    sides = list(active) if active is not None else active_sides()
    if meeting.host_side not in sides:
        sides.append(meeting.host_side)
    return sorted(sides, key=lambda s: s.id != meeting.host_side_id)


def signature_of(meeting: Meeting, side_id: int) -> MeetingSignature | None:
    return next((s for s in meeting.signatures if s.side_id == side_id), None)


def unsigned_sides(meeting: Meeting, active: list[Side] | None = None) -> list[Side]:
    return [s for s in signing_sides(meeting, active) if signature_of(meeting, s.id) is None]


def head_side_of(meeting: Meeting, user, active: list[Side] | None = None) -> Side | None:
    """The side whose delegation `user` heads at this meeting (who signs for it), if any."""
    for side in signing_sides(meeting, active):
        head = delegation_head(meeting, side.id)
        if head is not None and head.user_id is not None and head.user_id == user.id:
            return side
    return None


def sign(meeting: Meeting, side_id, user, now: datetime | None = None) -> MeetingSignature:
    """`user` approves the minutes for `side_id`: only the head of that side's delegation may, once the
    meeting has started and until it is closed; signing twice for a side is refused."""
    if meeting.status != "in_progress":
        raise TransitionError(_l("The minutes are signed while the meeting is in progress, before it is "
                                 "closed."))
    side = next((s for s in signing_sides(meeting) if s.id == side_id), None)
    if side is None:
        raise TransitionError(_l("Choose a side from the list."), "side_id")
    own = head_side_of(meeting, user)
    if own is None or own.id != side.id:
        head = delegation_head(meeting, side.id)
        if own is not None:
            raise PermissionDenied(_l("You head the delegation of %(own)s: only the head of the delegation of "
                                      "%(side)s can sign the minutes for %(side)s.", own=own.name, side=side.name))
        if head is not None:
            raise PermissionDenied(_l("Only the head of the delegation of %(side)s (%(name)s) can sign the "
                                      "minutes for %(side)s.", side=side.name, name=head.display_name))
        raise PermissionDenied(_l("No one heads the delegation of %(side)s yet: mark its head among the "
                                  "attendees first.", side=side.name))
    if signature_of(meeting, side.id) is not None:
        raise TransitionError(_l("The minutes are already signed for %(side)s.", side=side.name))
    signature = MeetingSignature(side_id=side.id, user_id=user.id, signer_name=user.full_name or user.username,
                                 signed_at=now or utcnow())
    meeting.signatures.append(signature)
    db.session.flush()
    return signature


def reopen(meeting: Meeting) -> bool:
    """The record changes: the signatures given so far no longer cover it. True when some were removed."""
    if not meeting.signatures:
        return False
    meeting.signatures.clear()  # delete-orphan: each removal is deleted and audited
    return True


def ensure_signed(meeting: Meeting) -> None:
    """Closing needs the minutes signed for every side."""
    missing = unsigned_sides(meeting)
    if missing:
        raise TransitionError(_l("The meeting cannot close before the heads of both delegations sign the minutes: "
                                 "not yet signed for %(sides)s.", sides=" / ".join(s.name for s in missing)))
