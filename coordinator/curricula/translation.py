"""Translation work: tasks from a version into another language, their steps, and the overdue list."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.models import User
from ..auth.permissions import can
from ..db import check_version
from ..errors import ConflictError, TransitionError, ValidationFailed
from ..extensions import db
from ..notifications.events import day, names, raise_event
from .models import VERSION_LANGUAGES, CurriculumVersion, TranslationTask
from .services import open_task_for

# action → (from statuses, to status, permission, message shown after it)
ACTIONS = {
    "start": (("open",), "in_progress", "translation.work", _l("Translation started.")),
    "submit": (("in_progress",), "in_review", "translation.work", _l("Translation sent for review.")),
    "return": (("in_review",), "in_progress", "translation.manage", _l("Translation sent back for more work.")),
    "complete": (("in_review",), "done", "translation.manage", _l("Translation accepted: the task is done.")),
}
ACTION_LABELS = {
    "start": _l("Start translating"),
    "submit": _l("Send for review"),
    "return": _l("Send back"),
    "complete": _l("Accept as done"),
}



def translators() -> list[User]:
    """Anyone with an account may translate, except administrators (they run the system, not the programme)."""
    return db.session.scalars(select(User).where(User.active.is_(True), User.role != "admin")
                              .order_by(User.full_name)).all()


def create_task(version: CurriculumVersion, user, target_language: str, translator_id: int, due_on: date,
                today: date) -> TranslationTask:
    if target_language not in VERSION_LANGUAGES:
        raise ValidationFailed(_l("Choose the language to translate into."), field="target_language")
    if target_language == version.language:
        raise ValidationFailed(_l("The translation must be into another language than the version's own."),
                               field="target_language")
    translator = db.session.get(User, translator_id) if translator_id else None
    if translator is None or not translator.active or translator.role == "admin":
        raise ValidationFailed(_l("Choose a translator."), field="translator_id")
    if due_on is None or due_on < today:
        raise ValidationFailed(_l("The due date cannot be in the past."), field="due_on")
    if open_task_for(version.id, target_language) is not None:
        raise ConflictError(_l("This version already has an unfinished translation task into that language."),
                            field="target_language")
    task = TranslationTask(source_version_id=version.id, source_version=version, target_language=target_language,
                           translator_id=translator.id, due_on=due_on, status="open")
    db.session.add(task)
    db.session.flush()
    raise_event("translation.assigned", task, [translator], actor=user,
                data={"curriculum": names(version.curriculum), "day": day(due_on)},
                link=("curricula.detail", {"curriculum_id": version.curriculum_id}))
    return task


def matching_results(task: TranslationTask) -> list[CurriculumVersion]:
    """Versions that can close the task: same curriculum, target language, translated from its source."""
    source = task.source_version
    return db.session.scalars(select(CurriculumVersion).where(
        CurriculumVersion.curriculum_id == source.curriculum_id,
        CurriculumVersion.language == task.target_language,
        CurriculumVersion.source_version_id == source.id,
    ).order_by(CurriculumVersion.number.desc())).all()


def allowed_actions(task: TranslationTask, user) -> list[str]:
    return [name for name, (sources, _to, action, _msg) in ACTIONS.items()
            if task.status in sources and can(user, action, task)]


def move(task: TranslationTask, user, action: str, submitted_version, result_version_id: int | None = None) -> None:
    if action not in ACTIONS:
        raise ValidationFailed(_l("Unknown step."))
    sources, target, _permission, _message = ACTIONS[action]
    check_version(task, submitted_version)
    if task.status not in sources:
        raise TransitionError(_l("This step does not fit the task's present status (“%(status)s”).",
                                 status=task.status_label))
    if target == "done":
        candidates = matching_results(task)
        chosen = next((v for v in candidates if v.id == result_version_id), None) if result_version_id else (
            candidates[0] if candidates else None)
        if chosen is None:
            raise TransitionError(_l("Add the translated version first: a version in the target language, "
                                     "“translated from” the task's version. Then accept the task."))
        task.result_version_id = chosen.id
    task.status = target
    db.session.flush()


def open_tasks_query(user=None, overdue_on: date | None = None):
    """Unfinished tasks, overdue first; a user who does not manage translations sees their own only."""
    stmt = select(TranslationTask).where(TranslationTask.status != "done")
    if user is not None and not can(user, "translation.manage") and user.role != "manager":
        stmt = stmt.where(TranslationTask.translator_id == user.id)
    if overdue_on is not None:
        stmt = stmt.where(TranslationTask.due_on < overdue_on)
    return stmt.order_by(TranslationTask.due_on, TranslationTask.id)


def overdue_tasks(today: date, user=None) -> list[TranslationTask]:
    """Tasks not done whose due date has passed (for the liaisons' list and, later, the dashboard)."""
    return db.session.scalars(open_tasks_query(user, overdue_on=today)).all()


def is_overdue(task: TranslationTask, today: date) -> bool:
    return task.status != "done" and task.due_on < today
