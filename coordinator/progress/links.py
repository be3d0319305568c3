"""How a drill-down page shows each kind of record: a name linking to its page, and what explains its place
in the figure (a status, a date). Loader options keep the page to a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..agro.models import Milestone
from ..certificates.models import Certificate
from ..competitions.models import Competition, Participant
from ..courses.models import Course, CourseApproval, Enrolment
from ..curricula.models import Curriculum, CurriculumVersion, TranslationTask
from ..equipment.models import Booking, EquipmentItem, Transfer
from ..exchanges.models import Assignment
from ..l10n.locales import current_lang
from ..l10n.text import isolate_ltr, join_parts, text_range
from ..meetings.models import ActionItem
from ..viewer import format_day, format_instant
from ..visits.models import Visit, VisitDelegate


@dataclass(frozen=True)
class Row:
    text: str
    url: str
    side: str
    detail: str


LOADERS = {
    CourseApproval: (joinedload(CourseApproval.course),),
    TranslationTask: (joinedload(TranslationTask.source_version).joinedload(CurriculumVersion.curriculum),),
    Participant: (selectinload(Participant.competition),),
    # A row shows the milestone itself: its courses and dependencies (eager by default) are not needed.
    Milestone: (lazyload(Milestone.courses), lazyload(Milestone.depends_on)),
    VisitDelegate: (joinedload(VisitDelegate.visit),),
}


def options_for(model) -> tuple:
    return LOADERS.get(model, ())


def _course(c: Course) -> str:
    return f"{c.code} {c.name}"


def row_of(record) -> Row:
    """The line a drill-down page shows for a record of any family."""
    if isinstance(record, Course):
        return Row(_course(record), url_for("courses.detail", course_id=record.id), record.host_side.name,
                   str(record.status_label))
    if isinstance(record, CourseApproval):
        return Row(_course(record.course), url_for("courses.detail", course_id=record.course_id), record.side.name,
                   format_instant(record.at))
    if isinstance(record, Enrolment):
        return Row(record.trainee.name, url_for("trainees.detail", trainee_id=record.trainee_id),
                   record.trainee.side.name, _line(isolate_ltr(record.course.code), record.status_label))
    if isinstance(record, Certificate):
        trainee = record.enrolment.trainee
        return Row(f"{isolate_ltr(record.number)} {trainee.name}", url_for("trainees.detail", trainee_id=trainee.id),
                   trainee.side.name, format_instant(record.issued_at))
    if isinstance(record, Assignment):
        return Row(record.trainer.name, url_for("exchanges.assignment_detail", assignment_id=record.id),
                   record.trainer.side.name, _line(isolate_ltr(record.course.code), record.status_label))
    if isinstance(record, Curriculum):
        return Row(record.name, url_for("curricula.detail", curriculum_id=record.id), record.side.name, "")
    if isinstance(record, TranslationTask):
        curriculum = record.source_version.curriculum
        return Row(curriculum.name, url_for("curricula.detail", curriculum_id=curriculum.id), curriculum.side.name,
                   str(record.status_label))
    if isinstance(record, Booking):
        return Row(record.item.name, url_for("equipment.item", item_id=record.item_id), record.item.side.name,
                   _range(record.starts_on, record.ends_on))
    if isinstance(record, EquipmentItem):
        return Row(record.name, url_for("equipment.item", item_id=record.id), record.side.name,
                   isolate_ltr(record.asset_tag))
    if isinstance(record, Transfer):
        return Row(record.item.name, url_for("equipment.item", item_id=record.item_id), record.item.side.name,
                   format_day(record.due_back_on))
    if isinstance(record, Milestone):
        due = _("Due %(day)s", day=format_day(record.due_on))
        done = _("done %(day)s", day=format_day(record.done_on)) if record.done_on else str(record.status_label)
        return Row(record.name, url_for("agro.milestone", milestone_id=record.id), record.side.name, _line(due, done))
    if isinstance(record, ActionItem):
        url = (url_for("meetings.detail", meeting_id=record.meeting_id) if record.meeting_id is not None
               else url_for("visits.detail", visit_id=record.visit_id))  # a study visit's follow-up
        return Row(record.name, url, record.side.name, _line(format_day(record.due_on), record.status_label))
    if isinstance(record, Visit):
        return Row(record.name, url_for("visits.detail", visit_id=record.id), record.host_side.name,
                   _range(record.starts_on, record.ends_on))
    if isinstance(record, VisitDelegate):
        return Row(record.traveller.name, url_for("visits.detail", visit_id=record.visit_id),
                   record.traveller.side.name, record.visit.name)
    if isinstance(record, Competition):
        return Row(record.name, url_for("competitions.detail", competition_id=record.id), record.organiser_side.name,
                   format_day(record.ends_on))
    if isinstance(record, Participant):
        return Row(record.trainee.name, url_for("competitions.detail", competition_id=record.competition_id),
                   record.trainee.side.name, _line(record.competition.name, record.medal_label))
    raise TypeError(type(record).__name__)


def _line(*parts) -> str:
    """A row's detail in plain text: parts joined by the reader's list separator (never "·": see l10n.text)."""
    return join_parts(parts, current_lang())


def _range(start, end) -> str:
    return text_range(format_day(start), format_day(end), current_lang())
