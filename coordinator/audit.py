"""One audit trail: every create, update and delete of an audited record, written in the same flush."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, bindparam, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from .db import UTCDateTime, utcnow
from .extensions import db

ACTIONS = {"create": _l("created"), "update": _l("updated"), "delete": _l("deleted")}
# Bookkeeping columns that change on every save and say nothing to a reader.
SKIPPED = {"id", "version", "updated_at", "created_at", "updated_by_id", "search_key"}
# What readers call the columns that appear in change lists; other columns show their own name.
FIELD_LABELS = {
    "name_fa": _l("Name in Persian"), "name_ar": _l("Name in Arabic"), "name_en": _l("Name in English"),
    "active": _l("Active"), "code": _l("Code"), "side_id": _l("Side"), "kind": _l("Kind"),
    "city_fa": _l("City in Persian"), "city_ar": _l("City in Arabic"), "address": _l("Address"),
    "contact_name": _l("Contact person"), "phone": _l("Phone"), "email": _l("E-mail"),
    "field_fa": _l("Occupational field in Persian"), "field_ar": _l("Occupational field in Arabic"),
    "theory_hours": _l("Theory hours"), "practice_hours": _l("Practice hours"), "day": _l("Date"),
    "description": _l("Description"), "notes": _l("Notes"), "sort_order": _l("Order in lists"),
    "country_code": _l("Country code (ISO)"), "timezone": _l("Time zone"), "calendar": _l("Calendar"),
    "weekend_days": _l("Weekend days"), "organisation_fa": _l("Organisation in Persian"),
    "organisation_ar": _l("Organisation in Arabic"), "organisation_en": _l("Organisation in English"),
    "username": _l("User name"), "full_name": _l("Full name"), "password_hash": _l("Password"),
    "role": _l("Role"), "locale": _l("Language"), "last_login_at": _l("Last log-in"),
    "gender": _l("Gender"), "birth_date": _l("Date of birth"), "education": _l("Education level"),
    "target_group_id": _l("Target group"), "target_groups": _l("Target groups"), "centre_id": _l("Centre"),
    "national_id": _l("National ID"),
    "status": _l("Status"),
    "start_date": _l("Start date"), "end_date": _l("End date"), "capacity": _l("Capacity"),
    "host_centre_id": _l("Host centre"), "skill_standard_id": _l("Skill standard"),
    "theory_score": _l("Theory score"), "practice_score": _l("Practice score"),
}
REDACTED = "••••"


class Audited:
    """Mixin: records of this class are written to the audit trail."""

    __audit_redact__: tuple[str, ...] = ()
    __audit_skip__: tuple[str, ...] = ()  # derived columns (search keys) the trail leaves out
    # What a reader calls this kind of record, e.g. _l("Training centre").
    audit_name = None

    def audit_label(self) -> str:
        return str(getattr(self, "name_fa", None) or getattr(self, "id", ""))

    def audit_parent(self) -> tuple[str, int] | None:
        """The record whose history this one belongs to (a course for its sessions), if any."""
        return None


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    # The progress figures read one kind of record's entries in a period (an enrolment taking a place).
    __table_args__ = (Index("ix_audit_entries_entity_at", "entity", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(60), index=True)
    label: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    parent_entity: Mapped[str | None] = mapped_column(String(60), nullable=True)
    parent_id: Mapped[str | None] = mapped_column(String(60), nullable=True, index=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def action_label(self):
        return ACTIONS.get(self.action, self.action)


def current_actor_id() -> int | None:
    """The user behind the change: the logged-in user, or one a CLI command named."""
    actor = g.get("actor_id") if _has_app_g() else None
    if actor is not None:
        return actor
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return None


def _has_app_g() -> bool:
    try:
        g.get("x")
    except RuntimeError:
        return False
    return True


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _column_attrs(obj):
    mapper = inspect(obj).mapper
    skipped = SKIPPED | set(getattr(obj, "__audit_skip__", ()))
    return [a for a in mapper.column_attrs if a.key not in skipped]


def _snapshot(obj) -> dict:
    redact = set(getattr(obj, "__audit_redact__", ()))
    state = inspect(obj)
    data = {}
    for attr in _column_attrs(obj):
        value = state.dict.get(attr.key)  # a column never set has no value yet, not SQLAlchemy's NO_VALUE
        data[attr.key] = REDACTED if attr.key in redact and value else _jsonable(value)
    return data


def _diff(obj) -> dict:
    redact = set(getattr(obj, "__audit_redact__", ()))
    state = inspect(obj)
    changes = {}
    for attr in _column_attrs(obj):
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if before == after:
            continue
        if attr.key in redact:
            changes[attr.key] = [REDACTED, REDACTED]
        else:
            changes[attr.key] = [_jsonable(before), _jsonable(after)]
    return changes


def note_change(obj, key: str, before, after) -> None:
    """Record in the object's next audit entry a change the columns do not show (a many-to-many collection)."""
    obj.__dict__.setdefault("_audit_changes", {})[key] = [_jsonable(before), _jsonable(after)]


def _entity_id(obj) -> str:
    # The identity key is only set after the flush ends; the primary key is already there.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in key)


def _keep_old_value(target, value, oldvalue, initiator):
    return value


@event.listens_for(Audited, "mapper_configured", propagate=True)
def _load_old_values_on_change(mapper, cls):
    """Make the ORM load the stored value before a change, so the audit always has "before"."""
    for attr in mapper.column_attrs:
        event.listen(getattr(cls, attr.key), "set", _keep_old_value, active_history=True, retval=True)


@event.listens_for(Session, "after_flush")
def _write_audit(session, flush_context):
    """Runs inside the flush, so the entries commit or roll back with the change itself."""
    rows = []
    actor = current_actor_id()
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, Audited):
            changes = {k: [None, v] for k, v in _snapshot(obj).items() if v not in (None, "")}
            rows.append(("create", obj, changes))
    for obj in session.dirty:
        if not isinstance(obj, Audited):
            continue
        # A change of a collection (a trainee's target groups) is described by its service: note_change.
        noted = obj.__dict__.pop("_audit_changes", None) or {}
        if noted or session.is_modified(obj, include_collections=False):
            changes = {**_diff(obj), **noted}
            if changes:
                rows.append(("update", obj, changes))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            changes = {k: [v, None] for k, v in _snapshot(obj).items() if v not in (None, "")}
            rows.append(("delete", obj, changes))
    if not rows:
        return
    values = [
        {
            "at": now,
            "user_id": actor,
            "action": action,
            "entity": obj.__tablename__,
            "entity_id": _entity_id(obj),
            "label": obj.audit_label()[:300],
            "changes": changes,
            "parent_entity": parent[0] if parent else None,
            "parent_id": str(parent[1]) if parent else None,
        }
        for action, obj, changes in rows
        for parent in [obj.audit_parent()]
    ]
    for value, (_action, obj, _changes) in zip(values, rows, strict=True):
        # A service's note on this change (e.g. "confirmed not a duplicate of ..."), written with it,
        # because the trail itself is append-only.
        notes = obj.__dict__.pop("_audit_notes", None)
        if notes:
            value["changes"] = {**value["changes"], **{key: [None, note] for key, note in notes.items()}}
    session.connection().execute(insert(AuditEntry.__table__), values)


@event.listens_for(Session, "before_flush")
def _stamp_editor(session, flush_context, instances):
    from .db import VersionedMixin

    actor = current_actor_id()
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, VersionedMixin) and session.is_modified(obj, include_collections=False):
            obj.updated_by_id = actor


def field_label(name: str):
    return FIELD_LABELS.get(name, name)


def entity_label(table: str):
    """The translated name of the kind of record stored in `table`, for the audit pages."""
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__tablename__", None) == table and getattr(cls, "audit_name", None):
            return cls.audit_name
    return table


@cache
def _history_statement():
    """Built once (putting it together cost more than running it); who did it is named by their name: their side,
    joined to every account, is not read."""
    entity, key = bindparam("entity"), bindparam("key")
    return (db.select(AuditEntry)
            .where(((AuditEntry.entity == entity) & (AuditEntry.entity_id == key))
                   | ((AuditEntry.parent_entity == entity) & (AuditEntry.parent_id == key)))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(bindparam("limit"))
            .options(joinedload(AuditEntry.user).lazyload("*")))


def history_for(entity: str, entity_id, limit: int = 200) -> list[AuditEntry]:
    """The audit trail of one record and of the records that belong to it, newest first."""
    return db.session.scalars(_history_statement(),
                              {"entity": entity, "key": str(entity_id), "limit": limit}).all()


# The data version: what a cache of figures derived from many tables (the progress reports) is keyed by.
# Every change of an audited record adds an entry, so the trail's last entry moves with the data in every
# process; writes this process makes that the trail does not see (a collection changed alone, bulk inserts
# of generated data) count in `_LOCAL_WRITES`. A cache still bounds how long it trusts an entry (its TTL),
# for unaudited writes another process makes (a restore, `flask demo-data`).
_LOCAL_WRITES = [0]


@event.listens_for(Session, "after_flush")
def _count_local_write(session, flush_context):
    _LOCAL_WRITES[0] += 1


@event.listens_for(Session, "do_orm_execute")
def _count_local_bulk_write(state):
    if state.is_insert or state.is_update or state.is_delete:
        _LOCAL_WRITES[0] += 1


def data_version() -> tuple:
    """Changes whenever stored data may have changed; read once per request (one indexed query)."""
    if has_request_context():
        held = g.get("data_version")
        if held is not None and held[0] == _LOCAL_WRITES[0]:
            return held
    last = db.session.execute(db.select(AuditEntry.id, AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1)).first()
    version = (_LOCAL_WRITES[0], str(db.engine.url), *(tuple(last) if last else (0, None)))
    if has_request_context():
        g.data_version = version
    return version
