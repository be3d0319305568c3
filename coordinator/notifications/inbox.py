"""The in-app inbox (the "inbox" deliveries), preferences, and the admins' view of the outbox."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..auth.permissions import can
from ..db import utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from .channels import mail_folder
from .kinds import KINDS
from .models import MODES, Delivery, NotificationPreference, OutboxEvent


def unread_subquery(user_id):
    """The bell's number for the account whose id is `user_id`, as a subquery: read with the session itself
    (auth/session_user.py), so a page asks it in the same round trip."""
    return (select(func.count()).select_from(Delivery).where(
        Delivery.user_id == user_id, Delivery.channel == "inbox", Delivery.read_at.is_(None)).scalar_subquery())


def unread_count(user) -> int:
    """The bell's number: read with the session at the start of the request, else one indexed count."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    figures = g.get("session_figures")
    if figures is not None and figures.get("user_id") == user.id and "unread" in figures:
        return figures["unread"] or 0
    return db.session.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.user_id == user.id, Delivery.channel == "inbox", Delivery.read_at.is_(None))) or 0


def inbox_query(user, unread_only: bool = False):
    stmt = (select(Delivery).join(OutboxEvent, Delivery.event_id == OutboxEvent.id)
            .where(Delivery.user_id == user.id, Delivery.channel == "inbox")
            .order_by(OutboxEvent.created_at.desc(), Delivery.id.desc()))
    return stmt.where(Delivery.read_at.is_(None)) if unread_only else stmt


def own_notice(user, delivery_id: int | None) -> Delivery | None:
    notice = db.session.get(Delivery, delivery_id) if delivery_id else None
    if notice is None or notice.user_id != user.id or notice.channel != "inbox":
        return None
    return notice


def mark_read(user, delivery_ids=None) -> int:
    """Mark the person's own notices read (all of them when no ids are given); returns how many changed."""
    stmt = update(Delivery).where(Delivery.user_id == user.id, Delivery.channel == "inbox",
                                  Delivery.read_at.is_(None))
    if delivery_ids is not None:
        stmt = stmt.where(Delivery.id.in_(list(delivery_ids)))
    result = db.session.execute(stmt.values(read_at=utcnow()).execution_options(synchronize_session=False))
    g.pop("session_figures", None)  # the count read with the session is no longer true
    db.session.flush()
    return result.rowcount


def preferences_of(user) -> dict[str, str]:
    saved = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.mode)
                                    .where(NotificationPreference.user_id == user.id)).all())
    return {code: "immediate" if kind.mandatory else saved.get(code, "immediate") for code, kind in KINDS.items()}


def set_preferences(user, modes: dict[str, str]) -> None:
    """Save how each kind reaches the person; the kinds that cannot be turned off stay immediate."""
    rows = {row.kind: row for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for code, mode in modes.items():
        kind = KINDS.get(code)
        if kind is None or mode not in MODES:
            raise ValidationFailed(_l("Choose one of the offered ways."), field=field_name(code))
        if kind.mandatory and mode != "immediate":
            raise ValidationFailed(_l("This news cannot be turned off or put in the digest: it asks something of "
                                      "you."), field=field_name(code))
        row = rows.get(code)
        if row is None:
            if mode != "immediate":
                db.session.add(NotificationPreference(user_id=user.id, kind=code, mode=mode))
        elif row.mode != mode:
            row.mode = mode
    db.session.flush()


def field_name(code: str) -> str:
    return "kind_" + code.replace(".", "__")


def retry(delivery: Delivery, user) -> None:
    """An admin sends a failed delivery again, from its first attempt."""
    if not can(user, "notifications.admin"):
        raise PermissionDenied()
    if delivery.status not in ("failed", "dropped"):
        raise ValidationFailed(_l("Only a failed or dropped delivery can be sent again."))
    delivery.status, delivery.attempts, delivery.next_try_at = "pending", 0, utcnow()
    delivery.claimed_by = delivery.claimed_at = None
    db.session.flush()


def mail_files(limit: int = 200) -> list[dict]:
    """The mail folder's newest messages (written when no SMTP server is configured)."""
    folder = mail_folder()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.name, reverse=True)[:limit]
    return [read_mail(path) for path in files]


def read_mail(path: Path) -> dict:
    with path.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    body = message.get_body(preferencelist=("plain",))
    return {"name": path.name, "subject": str(message["Subject"] or ""), "to": str(message["To"] or ""),
            "date": str(message["Date"] or ""), "text": body.get_content() if body is not None else "",
            "attachments": [part.get_filename() for part in message.iter_attachments()]}


def mail_file(name: str) -> dict | None:
    folder = mail_folder()
    path = folder / Path(name).name  # a name only: nothing outside the folder
    if not name or path.name != name or path.suffix != ".eml" or not path.is_file():
        return None
    return read_mail(path)
