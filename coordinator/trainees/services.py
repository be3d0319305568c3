"""Trainee rules: what a valid trainee is, duplicate detection, creating and correcting trainees."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import note_change
from ..auth.permissions import can
from ..catalog.models import Side, TargetGroup
from ..concurrency import conflict_on_duplicate
from ..db import check_version
from ..errors import ConflictError, InvalidValues
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi, to_ascii_digits
from .models import EDUCATION, GENDERS, Trainee, search_condition, trainee_target_groups

# The columns a form or an import row sets; anything else in the input is ignored.
FIELDS = ("name_fa", "name_ar", "gender", "side_id", "target_group_ids", "birth_date", "education", "phone",
          "national_id", "father_name_fa", "father_name_ar", "name_en", "father_name_en", "passport_number")
# Optional values an older caller (a file without these columns, an API client) may leave out.
OPTIONAL_TEXT = ("father_name_fa", "father_name_ar", "name_en", "father_name_en")
MIN_AGE, MAX_AGE = 10, 80
NAME_MAX = 200
PHONE_RE = re.compile(r"\+?[0-9]{7,15}")
NATIONAL_ID_RE = re.compile(r"[A-Z0-9]{5,20}")
# ICAO 9303: a passport's document number is at most 9 Latin capitals and digits (Iranian and Iraqi ones: a
# letter and 8 digits). At least 6, with a digit: a name or a word typed in the wrong box is refused.
PASSPORT_RE = re.compile(r"(?=.*[0-9])[A-Z0-9]{6,9}")
# Names in Latin letters as a passport spells them: letters (accents allowed), spaces, hyphens, apostrophes, dots.
LATIN_NAME_RE = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-]*")
# Written between the digits of phone numbers and IDs; never part of the number itself.
_SEPARATORS = str.maketrans("", "", " -()./\u00a0\u2010\u2011\u2012\u2013\u2014")
# What the audit trail records when a user overrides the duplicate warning.
AUDIT_DUPLICATE_KEY = "confirmed_not_duplicate_of"


class TraineeInvalid(InvalidValues):
    """Every problem found in one trainee's values, as (field, message) pairs; the first is the message."""


def normalise_phone(text) -> str:
    """'۰۹۱۶ ۱۲۳-۴۵۶۷' → '09161234567': any digit set, separators dropped, a leading + kept."""
    return to_ascii_digits(strip_bidi(text or "")).translate(_SEPARATORS)


def normalise_national_id(text) -> str:
    """ASCII digits and upper-case Latin letters, separators dropped; '' when there is none."""
    return to_ascii_digits(strip_bidi(text or "")).translate(_SEPARATORS).upper()


def normalise_passport(text) -> str:
    """'a 1234-5678' or 'A۱۲۳۴۵۶۷۸' → 'A12345678'; '' when there is none."""
    return normalise_national_id(text)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def check_values(values: dict, user, today: date | None = None,
                 trainee: Trainee | None = None) -> tuple[dict, list[tuple[str | None, object]]]:
    """The values normalised as they are stored, and every problem found (empty when they are valid).

    The form and the import both call this, so a trainee is judged by the same rules either way. When
    correcting `trainee`, the side and target group it already has stay acceptable even if since retired.
    """
    data = {key: values.get(key) for key in FIELDS}
    problems: list[tuple[str | None, object]] = []
    today = today or date.today()

    for key in ("name_fa", "name_ar"):
        data[key] = " ".join(strip_bidi(data[key] or "").split())
        if len(data[key]) > NAME_MAX:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(NAME_MAX))))
    if not data["name_fa"] and not data["name_ar"]:
        problems.append(("name_fa", _l("Enter the name as written in Persian or in Arabic (or both).")))
    for key in OPTIONAL_TEXT:
        data[key] = " ".join(strip_bidi(data[key] or "").split())
        if len(data[key]) > NAME_MAX:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(NAME_MAX))))
    for key in ("name_en", "father_name_en"):
        if data[key] and not LATIN_NAME_RE.fullmatch(data[key]):
            problems.append((key, _l("Write this name in Latin letters, as the passport spells it.")))

    if data["gender"] not in GENDERS:
        problems.append(("gender", _l("Choose female or male.")))

    kept_side, kept_groups = (trainee.side_id, set(trainee.target_group_ids)) if trainee is not None else (None, set())
    side = db.session.get(Side, data["side_id"]) if isinstance(data["side_id"], int) else None
    if side is None or not (side.active or side.id == kept_side):
        problems.append(("side_id", _l("Choose a side.")))
    elif not can(user, "trainee.manage", SimpleNamespace(side_id=side.id)):
        problems.append(("side_id", _l("You may register the trainees of your own side only.")))

    wanted = data["target_group_ids"]
    if wanted in ("", None):
        wanted = []
    elif isinstance(wanted, int | str):
        wanted = [wanted]
    data["target_group_ids"] = []
    for group_id in wanted:
        group = db.session.get(TargetGroup, group_id) if isinstance(group_id, int) else None
        if group is None or not (group.active or group.id in kept_groups):
            problems.append(("target_group_ids", _l("Choose target groups from the list.")))
            break
        if group.id not in data["target_group_ids"]:
            data["target_group_ids"].append(group.id)

    birth = data["birth_date"]
    if not isinstance(birth, date):
        problems.append(("birth_date", _l("Enter the date of birth.")))
    elif not MIN_AGE <= age_on(birth, today) <= MAX_AGE:
        problems.append(("birth_date", _l(
            "A trainee is between %(low)s and %(high)s years old: check the date and its calendar.",
            low=Shown(MIN_AGE), high=Shown(MAX_AGE))))

    if data["education"] not in EDUCATION:
        problems.append(("education", _l("Choose the level of education.")))

    data["phone"] = normalise_phone(data["phone"])
    if not data["phone"]:
        problems.append(("phone", _l("Enter the phone number.")))
    elif not PHONE_RE.fullmatch(data["phone"]):
        problems.append(("phone", _l("Enter a phone number of %(low)s to %(high)s digits.",
                                     low=Shown(7), high=Shown(15))))

    data["national_id"] = normalise_national_id(data["national_id"]) or None
    if data["national_id"] and not NATIONAL_ID_RE.fullmatch(data["national_id"]):
        problems.append(("national_id", _l(
            "A national ID has %(low)s to %(high)s Latin letters or digits.", low=Shown(5), high=Shown(20))))

    data["passport_number"] = normalise_passport(data["passport_number"]) or None
    if data["passport_number"] and not PASSPORT_RE.fullmatch(data["passport_number"]):
        problems.append(("passport_number", _l(
            "A passport number has %(low)s to %(high)s Latin letters and digits, as printed in the passport "
            "(for example A12345678).", low=Shown(6), high=Shown(9))))
    return data, problems


def validate(values: dict, user, trainee: Trainee | None = None) -> dict:
    """The normalised values, or TraineeInvalid naming every problem."""
    data, problems = check_values(values, user, trainee=trainee)
    if problems:
        raise TraineeInvalid(problems)
    return data


def duplicate_keys(values: dict) -> tuple[set[str], str | None]:
    """The keys a trainee with these values is stored under: (name + phone keys, ID key).

    The keys come from Trainee.refresh_search_key itself, so they always match what is stored. A record
    keeps its Persian name in the key when it has one; a second key with the Arabic name finds a record
    entered with the Arabic name only.
    """
    phone = normalise_phone(values.get("phone"))
    national_id = normalise_national_id(values.get("national_id")) or None
    probe = Trainee(name_fa=values.get("name_fa") or "", name_ar=values.get("name_ar") or "", phone=phone,
                    national_id=national_id)
    probe.refresh_search_key()
    keys = {probe.name_phone_key}
    if probe.name_fa and probe.name_ar:
        arabic = Trainee(name_fa="", name_ar=probe.name_ar, phone=phone)
        arabic.refresh_search_key()
        keys.add(arabic.name_phone_key)
    return keys, probe.id_key


def find_duplicates(values: dict, exclude_id: int | None = None) -> list[Trainee]:
    """Trainees already registered with the same folded name and phone, or the same national ID."""
    keys, id_key = duplicate_keys(values)
    return find_by_keys(keys, {id_key} if id_key else set(), exclude_id)


def find_by_keys(name_phone_keys: Iterable[str], id_keys: Iterable[str], exclude_id: int | None = None,
                 chunk: int = 400) -> list[Trainee]:
    """Trainees stored under any of these keys; asked in chunks so a whole import costs a few queries."""
    name_phone_keys, id_keys = sorted(set(name_phone_keys)), sorted(set(id_keys))
    found: dict[int, Trainee] = {}
    for column, keys in ((Trainee.name_phone_key, name_phone_keys), (Trainee.id_key, id_keys)):
        for start in range(0, len(keys), chunk):
            stmt = select(Trainee).where(column.in_(keys[start:start + chunk]))
            if exclude_id is not None:
                stmt = stmt.where(Trainee.id != exclude_id)
            for trainee in db.session.scalars(stmt):
                found[trainee.id] = trainee
    return [found[key] for key in sorted(found)]


def describe(trainee: Trainee):
    """'Name (national ID ••••789)': enough to recognise the person, never the whole ID."""
    if trainee.national_id:
        return _l("%(name)s (national ID %(id)s)", name=trainee.name, id=Shown(trainee.masked_national_id))
    return _l("%(name)s (no national ID)", name=trainee.name)


def duplicate_error(existing: list[Trainee], field: str | None = "different_person") -> ConflictError:
    names = "، ".join(str(describe(t)) for t in existing[:3])
    return ConflictError(_l(
        "This trainee seems to be registered already: %(names)s. If this is a different person, "
        "tick the box below and save again.", names=names), field=field)


def _note_override(trainee: Trainee, existing: list[Trainee]) -> None:
    """Record in the trainee's audit entry that the user declared the person different from these."""
    trainee._audit_notes = {AUDIT_DUPLICATE_KEY: ", ".join(str(t.id) for t in existing)}


def lock_registrations() -> None:
    """Registrations take turns: the duplicate check then sees the trainee a simultaneous request registered.

    Every side's row, in id order (the check looks at every side's trainees); FOR NO KEY UPDATE on
    PostgreSQL so records merely pointing at a side are not held up, SQLite's write lock otherwise."""
    db.session.execute(select(Side.id).order_by(Side.id).with_for_update(key_share=True)).all()


def same_national_id_error(trainee: Trainee) -> ConflictError:
    return ConflictError(_l(
        "%(name)s is already registered on this side with this national ID. A national ID belongs to one "
        "person: correct it, or open that trainee's record.", name=describe(trainee)), field="national_id")


SAVED_MEANWHILE = _l("A trainee with this national ID was registered on this side at the same moment. "
                     "Reload the list and check before saving again.")


def _check_duplicates(data: dict, confirmed: bool, exclude_id: int | None = None) -> list[Trainee]:
    lock_registrations()
    existing = find_duplicates(data, exclude_id)
    _keys, id_key = duplicate_keys(data)
    # One side, one national ID: not a likely duplicate to confirm but the same person (a unique index holds it).
    same_id = next((t for t in existing if id_key and t.id_key == id_key and t.side_id == data["side_id"]), None)
    if same_id is not None:
        raise same_national_id_error(same_id)
    if existing and not confirmed:
        raise duplicate_error(existing)
    return existing


def _made(data: dict, user=None) -> Trainee:
    """A new trainee of checked values; one registered by a centre's liaison belongs to that centre."""
    values = {k: v for k, v in data.items() if k != "target_group_ids"}
    trainee = Trainee(**values, centre_id=getattr(user, "centre_id", None))
    trainee.target_groups = _groups(data["target_group_ids"])
    return trainee


def _groups(ids) -> list[TargetGroup]:
    return [db.session.get(TargetGroup, group_id) for group_id in ids]


def create_trainee(values: dict, user) -> Trainee:
    """Register a trainee; a likely duplicate is refused unless the user confirmed a different person."""
    data = validate(values, user)
    existing = _check_duplicates(data, bool(values.get("different_person")))
    trainee = _made(data, user)
    if existing:
        _note_override(trainee, existing)
    with conflict_on_duplicate(SAVED_MEANWHILE, field="national_id"):
        db.session.add(trainee)
        db.session.flush()
    return trainee


def update_trainee(trainee: Trainee, values: dict, version, user) -> Trainee:
    """Correct a trainee's record; a stale form is refused before anything else."""
    check_version(trainee, version)
    data = validate(values, user, trainee)
    existing = _check_duplicates(data, bool(values.get("different_person")), exclude_id=trainee.id)
    for key, value in data.items():
        if key == "target_group_ids":
            if value != trainee.target_group_ids:
                before = ", ".join(sorted(g.code for g in trainee.target_groups))
                trainee.target_groups = _groups(value)
                note_change(trainee, "target_groups", before, ", ".join(sorted(g.code for g in trainee.target_groups)))
        else:
            setattr(trainee, key, value)
    if existing:
        _note_override(trainee, existing)
    with conflict_on_duplicate(SAVED_MEANWHILE, field="national_id"):
        db.session.flush()
    return trainee


def import_trainees(rows: list[dict], user) -> list[Trainee]:
    """Write already checked rows in one flush: all of them or, on any refusal, none (the caller rolls back)."""
    # Held here so the identity map keeps them: each row's check then finds its side and group without a query.
    references = [*db.session.scalars(select(Side)), *db.session.scalars(select(TargetGroup))]
    checked = [validate(values, user) for values in rows]
    trainees = [_made(data, user) for data in checked]
    # The rows were checked before this request took its turn: anyone registered meanwhile refuses the file.
    lock_registrations()
    keys = [duplicate_keys(data) for data in checked]
    meanwhile = find_by_keys({k for names, _id in keys for k in names}, {i for _names, i in keys if i})
    if meanwhile:
        raise ConflictError(_l("Some of these trainees were registered meanwhile: %(names)s. Nothing was "
                               "imported; upload the file again to check it.",
                               names="، ".join(str(describe(t)) for t in meanwhile[:3])))
    with conflict_on_duplicate(SAVED_MEANWHILE):
        db.session.add_all(trainees)
        db.session.flush()
    del references
    return trainees


def search(query: str | None = None, *, side_id: int | None = None, gender: str | None = None,
           target_group_id: int | None = None, visible_side_id: int | None = None,
           visible_centre_id: int | None = None):
    """The statement listing trainees; visible_side_id (and visible_centre_id, for a user scoped to one centre)
    narrow it whatever the filters say."""
    stmt = select(Trainee)
    if visible_centre_id is not None:
        stmt = stmt.where(Trainee.centre_id == visible_centre_id)
    if query:
        stmt = stmt.where(search_condition(query))
    if visible_side_id is not None:
        stmt = stmt.where(Trainee.side_id == visible_side_id)
    if side_id:
        stmt = stmt.where(Trainee.side_id == side_id)
    if gender in GENDERS:
        stmt = stmt.where(Trainee.gender == gender)
    if target_group_id:
        stmt = stmt.where(Trainee.id.in_(select(trainee_target_groups.c.trainee_id).where(
            trainee_target_groups.c.target_group_id == target_group_id)))
    return stmt.order_by(Trainee.search_key, Trainee.id)


def visible_side(user) -> int | None:
    """The only side whose trainees the user may see, or None when they see every side."""
    # Asked of the permission rules with a trainee of no real side (ids start at 1).
    return None if can(user, "trainee.view", SimpleNamespace(side_id=0)) else user.side_id
