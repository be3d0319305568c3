"""Trainer rules: profiles, travel documents and unavailability periods. Services flush, never commit."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.models import User
from ..auth.permissions import can
from ..auth.roles import TRAINER
from ..catalog.models import Centre, Side, SkillStandard
from ..db import check_version
from ..errors import ConflictError, InvalidValues, NotFound
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi, to_ascii_digits
from ..l10n.folding import like_pattern
from ..viewer import ShownDay
from . import visas
from .models import DOCUMENT_KINDS, LANGUAGE_LEVELS, Trainer, TravelDocument, Unavailability, trainer_skills

FIELDS = ("name_fa", "name_ar", "side_id", "centre_id", "user_id", "skill_ids", "level_fa", "level_ar",
          "level_en", "qualifications", "phone")
LANGUAGES = ("fa", "ar", "en")
NAME_MAX, QUALIFICATIONS_MAX, PHONE_MAX, REASON_MAX = 200, 4000, 40, 300
PHONE_RE = re.compile(r"\+?[0-9]{7,15}")
COUNTRY_RE = re.compile(r"[A-Z]{2}")
# A document expiring within this many days is flagged so it is renewed before a trip.
EXPIRES_SOON_DAYS = 60
_SEPARATORS = str.maketrans("", "", " -()./\u00a0\u2010\u2011\u2012\u2013\u2014")


class TrainerInvalid(InvalidValues):
    """Every problem found in a form's values, as (field, message) pairs; the first is the message."""


def _clean(text) -> str:
    return " ".join(strip_bidi(text or "").split())


def normalise_phone(text) -> str:
    return to_ascii_digits(strip_bidi(text or "")).translate(_SEPARATORS)


def linkable_users(side_id: int | None, trainer: Trainer | None = None) -> list[User]:
    """Active trainer accounts of the side not yet linked to another trainer (plus this trainer's own)."""
    if side_id is None:
        return []
    taken = select(Trainer.user_id).where(Trainer.user_id.is_not(None))
    if trainer is not None and trainer.id is not None:
        taken = taken.where(Trainer.id != trainer.id)
    stmt = (select(User).where(User.role == TRAINER, User.side_id == side_id, User.id.not_in(taken))
            .order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))


def check_values(values: dict, user, trainer: Trainer | None = None) -> tuple[dict, list]:
    """The values normalised as stored, and every problem found (empty when valid)."""
    data = {key: values.get(key) for key in FIELDS}
    problems: list[tuple[str | None, object]] = []

    for key in ("name_fa", "name_ar"):
        data[key] = _clean(data[key])
        if len(data[key]) > NAME_MAX:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(NAME_MAX))))
    if not data["name_fa"] and not data["name_ar"]:
        problems.append(("name_fa", _l("Enter the name as written in Persian or in Arabic (or both).")))

    kept_side = trainer.side_id if trainer is not None else None
    side = db.session.get(Side, data["side_id"]) if isinstance(data["side_id"], int) else None
    if side is None or not (side.active or side.id == kept_side):
        problems.append(("side_id", _l("Choose a side.")))
        side = None
    elif not can(user, "trainer.manage", SimpleNamespace(side_id=side.id)):
        problems.append(("side_id", _l("You may keep the profiles of your own side's trainers only.")))
        side = None

    centre_id = data["centre_id"]
    if centre_id in ("", None):
        data["centre_id"] = None
    else:
        centre = db.session.get(Centre, centre_id) if isinstance(centre_id, int) else None
        kept_centre = trainer.centre_id if trainer is not None else None
        if centre is None or not (centre.active or centre.id == kept_centre):
            problems.append(("centre_id", _l("Choose a training centre from the list.")))
        elif side is not None and centre.side_id != side.id:
            problems.append(("centre_id", _l("The training centre must be on the trainer's home side.")))

    user_id = data["user_id"]
    if user_id in ("", None):
        data["user_id"] = None
    else:
        account = db.session.get(User, user_id) if isinstance(user_id, int) else None
        if account is None or account.role != TRAINER:
            problems.append(("user_id", _l("Choose a trainer's user account.")))
        elif side is not None and account.side_id != side.id:
            problems.append(("user_id", _l("The user account must belong to the trainer's home side.")))
        else:
            other = db.session.scalar(select(Trainer).where(Trainer.user_id == account.id))
            if other is not None and (trainer is None or other.id != trainer.id):
                problems.append(("user_id", _l("This user account is already linked to %(name)s.",
                                               name=other.name)))

    skill_ids = sorted({int(s) for s in data["skill_ids"] or ()})
    skills = list(db.session.scalars(select(SkillStandard).where(SkillStandard.id.in_(skill_ids)))) \
        if skill_ids else []
    kept_skills = {s.id for s in trainer.skills} if trainer is not None else set()
    if len(skills) != len(skill_ids) or any(not (s.active or s.id in kept_skills) for s in skills):
        problems.append(("skill_ids", _l("Choose skill standards from the list.")))
    data["skills"] = skills
    del data["skill_ids"]

    for lang in LANGUAGES:
        key = f"level_{lang}"
        if data[key] in ("", None):
            data[key] = None
        elif data[key] not in LANGUAGE_LEVELS:
            problems.append((key, _l("Choose a level from the list.")))

    data["qualifications"] = (strip_bidi(data["qualifications"] or "")).strip()
    if len(data["qualifications"]) > QUALIFICATIONS_MAX:
        problems.append(("qualifications", _l("Enter no more than %(count)s characters.",
                                              count=Shown(QUALIFICATIONS_MAX))))

    data["phone"] = normalise_phone(data["phone"])
    if data["phone"] and not PHONE_RE.fullmatch(data["phone"]):
        problems.append(("phone", _l("Enter a phone number of %(low)s to %(high)s digits.",
                                     low=Shown(7), high=Shown(15))))
    return data, problems


def _validate(values: dict, user, trainer: Trainer | None = None) -> dict:
    data, problems = check_values(values, user, trainer)
    if problems:
        raise TrainerInvalid(problems)
    return data


def create_trainer(values: dict, user) -> Trainer:
    """Register a trainer of the user's own side."""
    data = _validate(values, user)
    trainer = Trainer(**data)
    db.session.add(trainer)
    db.session.flush()
    return trainer


def update_trainer(trainer: Trainer, values: dict, version, user) -> Trainer:
    """Correct a trainer's profile; a stale form is refused before anything else."""
    check_version(trainer, version)
    data = _validate(values, user, trainer)
    for key, value in data.items():
        if key == "skills":
            if {s.id for s in trainer.skills} != {s.id for s in value}:
                trainer.skills = value
        elif getattr(trainer, key) != value:
            setattr(trainer, key, value)
    db.session.flush()
    return trainer


# Travel documents ---------------------------------------------------------------------------------------


def document_status(document: TravelDocument, today: date) -> str:
    """'expired', 'expiring' (within EXPIRES_SOON_DAYS) or 'valid'."""
    if document.expires_on < today:
        return "expired"
    if document.expires_on <= today + timedelta(days=EXPIRES_SOON_DAYS):
        return "expiring"
    return "valid"


def add_document(trainer: Trainer, values: dict, user) -> TravelDocument:
    """Record a travel document. An expiry date already past is accepted (the record says so, and
    assignments refuse it): the liaison may be registering what the trainer holds before renewal."""
    problems = []
    kind = values.get("kind")
    if kind not in DOCUMENT_KINDS:
        problems.append(("kind", _l("Choose the kind of document.")))
    country = to_ascii_digits(strip_bidi(values.get("country_code") or "")).strip().upper()
    if not COUNTRY_RE.fullmatch(country):
        problems.append(("country_code", _l("Choose the country.")))
    expires_on = values.get("expires_on")
    if not isinstance(expires_on, date):
        problems.append(("expires_on", _l("Enter the expiry date.")))
    if problems:
        raise TrainerInvalid(problems)
    # The number and the name as printed: the invitation letter and the border need them exactly.
    document = TravelDocument(kind=kind, country_code=country, expires_on=expires_on,
                              number=to_ascii_digits(strip_bidi(values.get("number") or "")).strip().upper()[:40],
                              holder_name=strip_bidi(values.get("holder_name") or "").strip()[:200])
    trainer.documents.append(document)
    db.session.flush()
    return document


def _child(trainer: Trainer, model, child_id: int):
    child = db.session.get(model, child_id)
    if child is None or child.trainer_id != trainer.id:
        raise NotFound()
    return child


def remove_document(trainer: Trainer, document_id: int, user) -> TravelDocument:
    document = _child(trainer, TravelDocument, document_id)
    trainer.documents.remove(document)
    db.session.flush()
    visas.tell_gaps(trainer, user)
    return document


# Unavailability -----------------------------------------------------------------------------------------


def overlapping(trainer: Trainer, starts_on: date, ends_on: date) -> Unavailability | None:
    """The trainer's first period sharing at least one day with [starts_on, ends_on], if any."""
    stmt = (select(Unavailability)
            .where(Unavailability.trainer_id == trainer.id, Unavailability.starts_on <= ends_on,
                   Unavailability.ends_on >= starts_on)
            .order_by(Unavailability.starts_on).limit(1))
    return db.session.scalar(stmt)


def add_unavailability(trainer: Trainer, values: dict, user) -> Unavailability:
    """A period (both days included) when the trainer cannot travel; never backwards, never overlapping."""
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    reason = _clean(values.get("reason"))
    problems = []
    if not isinstance(starts_on, date):
        problems.append(("starts_on", _l("Enter the first day.")))
    if not isinstance(ends_on, date):
        problems.append(("ends_on", _l("Enter the last day.")))
    if len(reason) > REASON_MAX:
        problems.append(("reason", _l("Enter no more than %(count)s characters.", count=Shown(REASON_MAX))))
    if not problems and ends_on < starts_on:
        problems.append(("ends_on", _l("The last day cannot be before the first day.")))
    if problems:
        raise TrainerInvalid(problems)
    clash = overlapping(trainer, starts_on, ends_on)
    if clash is not None:
        raise ConflictError(_l(
            "This period overlaps the unavailability from %(start)s to %(end)s already recorded.",
            start=ShownDay(clash.starts_on), end=ShownDay(clash.ends_on)), field="starts_on")
    period = Unavailability(starts_on=starts_on, ends_on=ends_on, reason=reason)
    trainer.unavailability.append(period)
    db.session.flush()
    return period


def remove_unavailability(trainer: Trainer, period_id: int, user) -> Unavailability:
    period = _child(trainer, Unavailability, period_id)
    trainer.unavailability.remove(period)
    db.session.flush()
    return period


# Finding trainers ---------------------------------------------------------------------------------------


def search(query: str | None = None, *, side_id: int | None = None, skill_id: int | None = None,
           language: str | None = None, only_user_id: int | None = None, visible_to=None):
    """The statement listing trainers; only_user_id narrows it to the trainer linked to that account, visible_to
    (a condition) to those a centre-scoped user sees."""
    stmt = select(Trainer)
    if visible_to is not None:
        stmt = stmt.where(visible_to)
    if query:
        stmt = stmt.where(Trainer.search_key.like(like_pattern(query), escape="\\"))
    if only_user_id is not None:
        stmt = stmt.where(Trainer.user_id == only_user_id)
    if side_id:
        stmt = stmt.where(Trainer.side_id == side_id)
    if skill_id:
        stmt = stmt.where(Trainer.id.in_(select(trainer_skills.c.trainer_id)
                                         .where(trainer_skills.c.skill_standard_id == skill_id)))
    if language in LANGUAGES:
        stmt = stmt.where(getattr(Trainer, f"level_{language}").is_not(None))
    return stmt.order_by(Trainer.search_key, Trainer.id)


def sees_only_own(user) -> bool:
    """Trainers see their own profile only; everyone else who may view sees all trainers."""
    return not can(user, "trainer.view", SimpleNamespace(user_id=None, side_id=0))

