"""The audit trail in words: "Maryam Kaabi changed Capacity from 20 to 25", with the field's name and the values
translated (a status's label, a course's name for course_id, a date in the reader's calendar and digits).

The trail stores raw column values (audit.py); this turns them into what a reader understands, when shown.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace

from flask import g
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload, lazyload
from sqlalchemy.orm.util import identity_key

from ..audit import FIELD_LABELS, REDACTED, AuditEntry
from ..extensions import db
from ..l10n.digits import ARABIC_DIGITS, ASCII_DIGITS, PERSIAN_DIGITS, localize_digits
from ..l10n.locales import pick
from ..viewer import format_day, format_instant, format_num, viewer_lang

# Columns the trail keeps for the record but a reader has no use for (hashes, storage names, ordering).
TECHNICAL = {"token_hash", "feed_token_hash", "sha256", "stored_name", "prefix", "content_type", "size", "position",
             "parent_id", "created_by_id", "issued_by_id", "revoked_by_id", "uploaded_by_id"}
MORE_LABELS = {
    "accommodation": _l("Accommodation"), "asset_tag": _l("Asset tag"), "at": _l("Time"),
    "blocked_reason": _l("Reason for the block"), "body": _l("Text"), "cancel_reason": _l("Reason for cancelling"),
    "cancelled": _l("Cancelled"), "category": _l("Category"), "change_note": _l("Note on the change"),
    "cleared_by": _l("Cleared by"), "cleared_on": _l("Customs cleared"), "closed_at": _l("Closed at"),
    "closed_on": _l("Closed on"), "condition": _l("Condition"), "contact_phone": _l("Contact phone"),
    "cost": _l("Cost"), "currency": _l("Currency"), "delivery": _l("Delivery"),
    "dispatch_condition": _l("Condition when dispatched"), "dispatched_by": _l("Dispatched by"),
    "dispatched_on": _l("Dispatched"), "done_on": _l("Done on"), "due_back_on": _l("Due back"),
    "due_on": _l("Due date"), "end_time": _l("End time"), "ends_at": _l("Ends"), "ends_on": _l("End date"),
    "evidence_notes": _l("Evidence"), "expires_at": _l("Expires"), "expires_on": _l("Expires"),
    "funding_note": _l("Fees and funding"), "guest_name": _l("Guest"), "heads_delegation": _l("Heads the delegation"),
    "held_from": _l("Held from"), "held_until": _l("Held until"), "issued_at": _l("Issued"),
    "job_title": _l("Job title"), "language": _l("Language"), "level": _l("Level"), "location": _l("Location"),
    "medal": _l("Medal"), "min_attendance": _l("Minimum attendance (share of sessions)"),
    "model": _l("Model"), "name": _l("Name"), "note": _l("Note"), "number": _l("Number"),
    "online_url": _l("Online meeting link"), "organisation": _l("Organisation"), "original_name": _l("File name"),
    "pass_mark_practice": _l("Practice pass mark"), "pass_mark_theory": _l("Theory pass mark"),
    "present": _l("Present"), "progress": _l("Progress"), "purpose": _l("Purpose"),
    "qualifications": _l("Qualifications"), "rank": _l("Rank"), "reason": _l("Reason"),
    "received_by": _l("Received by"), "received_condition": _l("Condition when received"),
    "received_on": _l("Received"), "requested_at": _l("Requested"), "returned_by": _l("Returned by"),
    "returned_condition": _l("Condition when returned"), "returned_on": _l("Returned"),
    "revoked_at": _l("Revoked"), "revoked_reason": _l("Reason for revoking"), "scope": _l("Access"),
    "score": _l("Score"), "shareable": _l("Can be lent"), "skill_override": _l("Skill checked by hand"),
    "start_time": _l("Start time"), "starts_at": _l("Starts"), "starts_on": _l("Start date"), "step": _l("Step"),
    "target_language": _l("Target language"), "topic": _l("Topic"), "transport": _l("Transport"),
    "travel_back_at": _l("Travel back"), "travel_out_at": _l("Travel out"), "uploaded_at": _l("Uploaded"),
    "venue": _l("Venue"),
}
LANGUAGE_SUFFIX = {"fa": _l("%(field)s in Persian"), "ar": _l("%(field)s in Arabic"), "en": _l("%(field)s in English")}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@cache
def _model(table: str):
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    return None


def _target(cls, column: str):
    """The class a foreign-key column points at, through the model's relationship on that column."""
    if cls is None:
        return None
    for rel in inspect(cls).relationships:
        if any(c.key == column for c in rel.local_columns) and rel.direction.name == "MANYTOONE":
            return rel.mapper.class_
    return None


def field_name(entity: str, column: str) -> str:
    """What a reader calls the column: its label, the kind of record a foreign key points at, or a language
    version of a label ("Minutes in Persian")."""
    if column in FIELD_LABELS:
        return str(FIELD_LABELS[column])
    if column in MORE_LABELS:
        return str(MORE_LABELS[column])
    cls = _model(entity)
    target = _target(cls, column)
    if target is not None and getattr(target, "audit_name", None):
        return str(target.audit_name)
    base, _sep, lang = column.rpartition("_")
    if lang in LANGUAGE_SUFFIX and (base in MORE_LABELS or base in FIELD_LABELS or base in _EXTRA_BASES):
        label = MORE_LABELS.get(base) or FIELD_LABELS.get(base) or _EXTRA_BASES[base]
        return str(LANGUAGE_SUFFIX[lang]) % {"field": label}
    return str(_l("Other detail"))


_EXTRA_BASES = {"minutes": _l("Minutes"), "text": _l("Text"), "level": _l("Level")}


def load_named(history):
    """A history (entries, or (entry, count) pairs) with the records its changes name loaded, one query per kind
    of record, for `value_text` to find in the session instead of loading them one line at a time. The records are
    held for the request: the session keeps only records something refers to."""
    wanted: dict = {}
    for row in history:
        entry = row[0] if isinstance(row, tuple) else row
        cls = _model(entry.entity)
        for column, pair in (entry.changes or {}).items():
            target = None if column in TECHNICAL else _target(cls, column)
            if target is None:
                continue
            for value in pair if isinstance(pair, (list, tuple)) else [pair]:
                for ident in value if isinstance(value, list) else [value]:
                    if isinstance(ident, int) and not isinstance(ident, bool):
                        wanted.setdefault(target, set()).add(ident)
    held = g.setdefault("history_records", [])
    for target, idents in wanted.items():
        missing = [i for i in idents if db.session.identity_map.get(identity_key(target, i)) is None]
        if missing:
            held.extend(db.session.scalars(select(target).where(inspect(target).primary_key[0].in_(missing))
                                           .options(*_lean(target))))
    return history


@cache
def _lean(target) -> tuple:
    """Loader options for a record that is only named: the records it is named by (an assignment's trainer) joined,
    nothing below them, and none of its collections (a trainer's documents and absences)."""
    options = []
    for rel in inspect(target).relationships:
        if rel.lazy in ("joined", "selectin", "subquery", "immediate"):
            attribute = getattr(target, rel.key)
            options.append(lazyload(attribute) if rel.uselist else joinedload(attribute).lazyload("*"))
    return tuple(options)


def _record_name(record) -> str:
    for attribute in ("display_name",):
        if getattr(record, attribute, None):
            return str(getattr(record, attribute))
    name = pick(record) if hasattr(record, "name_fa") else ""
    if name:
        return name
    name = getattr(record, "name", None)
    return str(name) if name else record.audit_label()


def value_text(entity: str, column: str, value) -> Markup:
    """A stored value as a reader understands it (Markup: codes and numbers isolated)."""
    if value is None or value == "":
        return Markup("—")
    if value == REDACTED:
        return escape(REDACTED)
    if value is True or value is False:
        return escape(gettext("Yes") if value else gettext("No"))
    cls = _model(entity)
    target = _target(cls, column)
    if target is not None and isinstance(value, int):
        record = db.session.get(target, value)
        return escape(_record_name(record)) if record is not None else escape(gettext("a removed record"))
    if isinstance(value, (int, float)):
        return Markup("<bdi>%s</bdi>") % format_num(value)
    if isinstance(value, list):
        return escape("، ").join(value_text(entity, column, v) for v in value)
    if isinstance(value, str):
        try:
            if _INSTANT.match(value):
                return Markup("<bdi>%s</bdi>") % format_instant(datetime.fromisoformat(value))
            if _DATE.fullmatch(value):
                return Markup("<bdi>%s</bdi>") % format_day(date.fromisoformat(value))
        except ValueError:
            pass
        labelled = _choice_label(cls, column, value)
        if labelled is not None:
            return escape(labelled)
    return Markup("<bdi>%s</bdi>") % value


class _Bare(SimpleNamespace):
    """A stand-in record holding one column; any other attribute is None, so a label that also looks at the
    record's person (an enrolment's status agrees with the trainee's gender) falls back to its plain form."""

    def __getattr__(self, name):
        return None


def _choice_label(cls, column: str, value: str):
    """A coded value's label through the model's own <column>_label property (status_label, medal_label)."""
    prop = getattr(cls, f"{column}_label", None) if cls is not None else None
    if isinstance(prop, property):
        try:
            label = prop.fget(_Bare(**{column: value}))
        except Exception:  # noqa: BLE001 - a label property that needs more than its column: show the value
            return None
        return str(label) if label is not None else None
    return None


# A record known only by numbers (an attendance mark is "enrolment/session", a session its id): shown in the
# reader's digits. Codes with letters (JC-2026-0004) stay as they are printed everywhere else.
_NUMBERS_ONLY = re.compile(r"[0-9][0-9\s/#:.\-]*")


def record_label(label) -> str:
    """The record's label as the trail shows it: numbers-only labels in the reader's digits, and the digits of a
    name typed in Persian or Arabic digits ("مرکز ۲ اهواز", kept as written) in the reader's too; Latin digits
    inside a label (a code such as JC-2027-0004) stay as they are."""
    label = "" if label is None else str(label)
    lang = viewer_lang()
    if _NUMBERS_ONLY.fullmatch(label):
        return localize_digits(label, lang)
    return _EASTERN_RUN.sub(lambda run: localize_digits(run.group().translate(_EASTERN_TO_ASCII), lang), label)


_EASTERN_RUN = re.compile(f"[{PERSIAN_DIGITS}{ARABIC_DIGITS}]+")
_EASTERN_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)


def _who(entry: AuditEntry) -> Markup:
    return Markup("<strong>%s</strong>") % (entry.user.display_name if entry.user else gettext("The system"))


def sentences(entry: AuditEntry) -> list[Markup]:
    """What happened, in whole sentences of the reader's language."""
    who = _who(entry)
    record = Markup("%s <bdi>%s</bdi>") % (_entity_name(entry.entity), record_label(entry.label))
    if entry.action == "create":
        return [escape(gettext("%(who)s created %(record)s")) % {"who": who, "record": record}]
    if entry.action == "delete":
        return [escape(gettext("%(who)s deleted %(record)s")) % {"who": who, "record": record}]
    lines = []
    for column, pair in (entry.changes or {}).items():
        if column in TECHNICAL:
            continue
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
        words = {"who": who, "field": Markup("<em>%s</em>") % field_name(entry.entity, column),
                 "old": value_text(entry.entity, column, old), "new": value_text(entry.entity, column, new)}
        if old in (None, ""):
            message = gettext("%(who)s set %(field)s to %(new)s")
        elif new in (None, ""):
            message = gettext("%(who)s cleared %(field)s (it was %(old)s)")
        else:
            message = gettext("%(who)s changed %(field)s from %(old)s to %(new)s")
        lines.append(escape(message) % words)
    if not lines:
        lines.append(escape(gettext("%(who)s updated %(record)s")) % {"who": who, "record": record})
    return lines


def _entity_name(table: str) -> str:
    cls = _model(table)
    return str(cls.audit_name) if cls is not None and getattr(cls, "audit_name", None) else ""


def created_values(entry: AuditEntry) -> list[tuple[str, Markup]]:
    """The values a new record was created with, as (field, value) a reader understands."""
    if entry.action != "create":
        return []
    return [(field_name(entry.entity, column), value_text(entry.entity, column, pair[1]))
            for column, pair in (entry.changes or {}).items()
            if column not in TECHNICAL and isinstance(pair, (list, tuple)) and len(pair) > 1
            and pair[1] not in (None, "", [])]
