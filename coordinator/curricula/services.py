"""Curriculum rules: records, versions, documents, sharing steps and comments. Services flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.permissions import can
from ..catalog.models import Side
from ..concurrency import conflict_on_duplicate, lock
from ..db import check_version
from ..errors import ConflictError, NotFound, PermissionDenied, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown
from ..notifications.events import liaisons_of, names, raise_event
from . import uploads
from .models import (
    SHARE_STEPS,
    VERSION_LANGUAGES,
    Curriculum,
    CurriculumComment,
    CurriculumDocument,
    CurriculumShare,
    CurriculumVersion,
    TranslationTask,
)

MAX_COMMENT = 2000
MAX_NOTE = 2000
CURRICULUM_FIELDS = ("name_fa", "name_ar", "name_en", "skill_standard_id", "description")


# Curricula -----------------------------------------------------------------------------------------------


def owner_side_for(user, requested_side_id: int | None) -> int:
    """A liaison's curricula belong to their own side; an administrator says which side."""
    if user.role == "liaison":
        return user.side_id
    if not requested_side_id or db.session.get(Side, requested_side_id) is None:
        raise ValidationFailed(_l("Choose the side that owns the curriculum."), field="side_id")
    return requested_side_id


def create_curriculum(values: dict, user) -> Curriculum:
    curriculum = Curriculum(side_id=owner_side_for(user, values.get("side_id")),
                            **{k: values.get(k) or ("" if k != "name_en" else None) for k in CURRICULUM_FIELDS})
    db.session.add(curriculum)
    db.session.flush()
    return curriculum


def update_curriculum(curriculum: Curriculum, values: dict, submitted_version, user) -> None:
    check_version(curriculum, submitted_version)
    for key in CURRICULUM_FIELDS:
        value = values.get(key)
        setattr(curriculum, key, value if value or key == "skill_standard_id" else (None if key == "name_en" else ""))
    db.session.flush()


# Versions ------------------------------------------------------------------------------------------------


def open_task_for(source_version_id: int, language: str) -> TranslationTask | None:
    return db.session.scalar(
        select(TranslationTask).where(TranslationTask.source_version_id == source_version_id,
                                      TranslationTask.target_language == language,
                                      TranslationTask.status != "done")
        .order_by(TranslationTask.id))


def may_add_version(user, curriculum: Curriculum, source: CurriculumVersion | None, language: str) -> bool:
    """The owner side adds versions; a translator adds the translation their unfinished task asks for."""
    if can(user, "curriculum.manage", curriculum):
        return True
    if source is None:
        return False
    task = open_task_for(source.id, language)
    return task is not None and can(user, "translation.work", task)


def may_edit_documents(user, version: CurriculumVersion) -> bool:
    curriculum = version.curriculum
    if can(user, "curriculum.manage", curriculum):
        return True
    if version.source_version_id is None:
        return False
    task = open_task_for(version.source_version_id, version.language)
    return task is not None and can(user, "translation.work", task)


def add_version(curriculum: Curriculum, user, language: str, change_note: str,
                source_version_id: int | None = None) -> CurriculumVersion:
    if language not in VERSION_LANGUAGES:
        raise ValidationFailed(_l("Choose the language of the version."), field="language")
    source = None
    if source_version_id:
        source = db.session.get(CurriculumVersion, source_version_id)
        if source is None or source.curriculum_id != curriculum.id:
            raise ValidationFailed(_l("Choose a version of this curriculum."), field="source_version_id")
        if source.language == language:
            raise ValidationFailed(_l("A translation must be in another language than the version it comes from."),
                                   field="language")
    if not may_add_version(user, curriculum, source, language):
        raise PermissionDenied()
    note = (change_note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed(_l("The change note is too long."), field="change_note")
    # Two versions added at once would both take max + 1: the curriculum's row makes them take turns, and
    # the (curriculum, number) unique constraint refuses whatever gets past a lock.
    lock(Curriculum, curriculum.id)
    number = (db.session.scalar(select(func.max(CurriculumVersion.number))
                                .where(CurriculumVersion.curriculum_id == curriculum.id)) or 0) + 1
    version = CurriculumVersion(curriculum_id=curriculum.id, number=number, language=language, change_note=note,
                                source_version_id=source.id if source else None, created_by_id=user.id)
    with conflict_on_duplicate(_l("Another version was added at the same moment. Reload the page and add yours "
                                  "again."), field="language"):
        db.session.add(version)
        db.session.flush()
    return version


# Documents -----------------------------------------------------------------------------------------------


class DocumentGone(NotFound):
    """The document was deleted meanwhile."""


def upload_document(version: CurriculumVersion, user, filename: str | None, data: bytes) -> CurriculumDocument:
    """Check the file, refuse a name already used in this version, write it to disk, add the row.

    The file is written last; if the row cannot be added, the file is removed again. The caller removes
    it too if the commit fails (`document.stored_name`)."""
    if not may_edit_documents(user, version):
        raise PermissionDenied()
    checked = uploads.check_upload(filename, data)
    key = uploads.same_name_key(checked.original_name)
    # The name rule compares folded names, which no unique index can: two uploads to one version take
    # turns on the version's row, and the second reads the names as they are after the first.
    lock(CurriculumVersion, version.id)
    names = db.session.scalars(select(CurriculumDocument.original_name)
                               .where(CurriculumDocument.version_id == version.id))
    for other in names:
        if uploads.same_name_key(other) == key:
            # Refused rather than replaced: a replacement would silently lose the earlier file, and
            # two files readers cannot tell apart would be worse. Delete the old one first to replace it.
            raise ConflictError(_l("This version already has a document named “%(name)s”. Delete it first "
                                   "to replace it, or rename the new file.", name=other),
                                field="file")
    stored_name = uploads.store(data, checked.extension)
    try:
        document = CurriculumDocument(
            version_id=version.id, original_name=checked.original_name, stored_name=stored_name,
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by_id=user.id)
        db.session.add(document)
        db.session.flush()
    except Exception:
        uploads.remove(stored_name)
        raise
    return document


def delete_document(document: CurriculumDocument, user) -> str:
    """Delete the row; return the stored name, which the caller removes from disk after the commit."""
    if not may_edit_documents(user, document.version):
        raise PermissionDenied()
    if not lock(CurriculumDocument, document.id):
        # Deleted by a request that held the row first (a double click): nothing left to delete.
        raise DocumentGone(_l("“%(name)s” was already deleted.", name=document.original_name))
    stored_name = document.stored_name
    document.version.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    return stored_name


# Sharing -------------------------------------------------------------------------------------------------


def share_steps(curriculum: Curriculum) -> list[CurriculumShare]:
    return db.session.scalars(select(CurriculumShare).where(CurriculumShare.curriculum_id == curriculum.id)
                              .order_by(CurriculumShare.at, CurriculumShare.id)).all()


def offer_open(steps) -> bool:
    """The owner's last word: offered (and not withdrawn since)."""
    own = [s.step for s in steps if s.step in ("offered", "withdrawn")]
    return bool(own) and own[-1] == "offered"


def allowed_share_steps(curriculum: Curriculum, user, steps=None) -> list[str]:
    """The steps `user` may take now, for the page's buttons; the same rules refuse them in share()."""
    if not can(user, "curriculum.share", curriculum):
        return []
    steps = share_steps(curriculum) if steps is None else steps
    if user.side_id == curriculum.side_id:
        return ["withdrawn"] if offer_open(steps) else ["offered"]
    mine = {s.step for s in steps if s.side_id == user.side_id}
    allowed = []
    if "adopted" not in mine and "requested" not in mine:
        allowed.append("requested")
    if "adopted" not in mine and offer_open(steps):
        allowed.append("adopted")
    return allowed


def share(curriculum: Curriculum, user, step: str, note: str = "") -> CurriculumShare:
    if step not in SHARE_STEPS:
        raise ValidationFailed(_l("Unknown sharing step."))
    if len(note or "") > MAX_NOTE:
        raise ValidationFailed(_l("The note is too long."), field="note")
    steps = share_steps(curriculum)
    own_side = user.side_id == curriculum.side_id
    if step in ("offered", "withdrawn") and not own_side:
        raise PermissionDenied(_l("Only the side that owns the curriculum offers it or withdraws the offer."))
    if step in ("requested", "adopted") and own_side:
        raise PermissionDenied(_l("The side that owns the curriculum cannot request or adopt it."))
    if step not in allowed_share_steps(curriculum, user, steps):
        raise TransitionError({
            "offered": _l("The curriculum is already offered; withdraw the offer before offering it again."),
            "withdrawn": _l("There is no open offer to withdraw."),
            "requested": _l("Your side has already requested or adopted this curriculum."),
            "adopted": _l("Your side has already adopted this curriculum.")
            if any(s.step == "adopted" and s.side_id == user.side_id for s in steps)
            else _l("The curriculum can be adopted only while its owner offers it."),
        }[step])
    row = CurriculumShare(curriculum_id=curriculum.id, side_id=user.side_id, step=step,
                          note=(note or "").strip(), user_id=user.id)
    db.session.add(row)
    db.session.flush()
    if step in ("offered", "requested", "adopted"):
        # An offer goes to the other sides; a request or an adoption to the owner side.
        sides = ([s for s in db.session.scalars(select(Side.id).where(Side.active.is_(True))) if s != user.side_id]
                 if step == "offered" else [curriculum.side_id])
        raise_event(f"curriculum.{step}", curriculum, liaisons_of(*sides), actor=user,
                    data={"curriculum": names(curriculum), "side": names(db.session.get(Side, user.side_id))},
                    link=("curricula.detail", {"curriculum_id": curriculum.id}))
    return row


# Comments ------------------------------------------------------------------------------------------------


def add_comment(curriculum: Curriculum, user, body: str, parent_id: int | None = None) -> CurriculumComment:
    text = (body or "").strip()
    if not text:
        raise ValidationFailed(_l("Write a comment first."), field="body")
    if len(text) > MAX_COMMENT:
        raise ValidationFailed(_l("A comment can be at most %(count)s characters long.", count=Shown(MAX_COMMENT)),
                               field="body")
    parent = None
    if parent_id:
        parent = db.session.get(CurriculumComment, parent_id)
        if parent is None or parent.curriculum_id != curriculum.id:
            raise ValidationFailed(_l("The comment you answer no longer exists."), field="body")
        # One level of replies: answering a reply joins the thread it belongs to.
        if parent.parent_id is not None:
            parent = db.session.get(CurriculumComment, parent.parent_id)
    comment = CurriculumComment(curriculum_id=curriculum.id, parent_id=parent.id if parent else None,
                                user_id=user.id, body=text)
    db.session.add(comment)
    db.session.flush()
    return comment


def comment_threads(curriculum: Curriculum) -> list[tuple[CurriculumComment, list[CurriculumComment]]]:
    comments = db.session.scalars(select(CurriculumComment).where(CurriculumComment.curriculum_id == curriculum.id)
                                  .order_by(CurriculumComment.at, CurriculumComment.id)).all()
    replies: dict[int, list] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    return [(c, replies.get(c.id, [])) for c in comments if not c.parent_id]
