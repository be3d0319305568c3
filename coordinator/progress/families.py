"""The record sets behind the progress figures, one SELECT per family of figures.

Each family is a SELECT of labelled columns: `id` (the id of the record a drill-down lists, of `model`),
`kind` (which figure of the family a row belongs to) and the dimensions breakdowns group by (`side`,
`gender`, `grp`, `origin`, `host`, `medal`). Counting a figure is COUNT(DISTINCT id) over the rows of its
kind (grouped by a dimension for a breakdown); its drill-down is the records whose id is among the same
rows. Both read the very same SELECT, so a figure and its list always agree.

A record counts once per figure however many times it reached that state inside the period (DISTINCT);
only events dated inside [start, end] count (see window.py for how instants become days).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Integer, and_, case, cast, literal, or_, select
from sqlalchemy.sql import Select

from ..agro.models import Milestone
from ..audit import AuditEntry
from ..certificates.models import Certificate
from ..competitions.models import Competition, Participant
from ..courses.models import Course, CourseApproval, Enrolment
from ..curricula.models import Curriculum, CurriculumShare, CurriculumVersion, TranslationTask
from ..equipment.models import Booking, EquipmentItem, Transfer
from ..exchanges.figures import COUNTED
from ..exchanges.models import Assignment, Trainer
from ..meetings.models import ActionItem
from ..trainees.models import Trainee, trainee_target_groups
from ..visits.models import Visit, VisitDelegate
from .window import Window

# Assignments that really happened or are settled: the statuses the exchange figures count.
EXCHANGED = COUNTED
COURSE_STEPS = {"proposed": "proposed", "approved": "approved", "running": "started", "completed": "completed"}


def status_reached():
    """The status an audited create/update set: the "after" of the `status` change."""
    return AuditEntry.changes[("status", 1)].as_string()


def _audited(entity: str, model_id):
    """The entries that created or updated records of `entity`, joined to the record by its primary key.

    The entry's text id is cast to the record's integer id, not the id to text: then the record's primary key
    serves the join, reached from the entries of the period (ix_audit_entries_entity_at). The CASE keeps the
    cast away from other entities' ids, which may be composite ("3,5") and which PostgreSQL refuses to cast
    whatever order it evaluates the conditions in."""
    own_id = case((AuditEntry.entity == entity, AuditEntry.entity_id))
    return and_(AuditEntry.entity == entity, AuditEntry.action.in_(("create", "update")),
                model_id == cast(own_id, Integer))


def _side(stmt: Select, w: Window, side_column) -> Select:
    cond = w.side_filter(side_column)
    return stmt if cond is None else stmt.where(cond)


def courses(w: Window) -> Select:
    """Courses that reached proposed / approved (by both sides) / running / completed in the period,
    by the audit entry that set the status, on the host side's clock."""
    reached = status_reached()
    stmt = (select(Course.id.label("id"), reached.label("kind"), Course.host_side_id.label("side"))
            .select_from(AuditEntry).join(Course, _audited("courses", Course.id))
            .where(reached.in_(list(COURSE_STEPS)), w.instant_in(AuditEntry.at, Course.host_side_id)))
    return _side(stmt, w, Course.host_side_id)


def approvals(w: Window) -> Select:
    """Approvals given by each side in the period (one course approved by both gives two)."""
    stmt = (select(CourseApproval.id.label("id"), literal("given").label("kind"),
                   CourseApproval.side_id.label("side"))
            .where(w.instant_in(CourseApproval.at, CourseApproval.side_id)))
    return _side(stmt, w, CourseApproval.side_id)


def _trainee_dims():
    # One row per target group of the trainee (none: one row with no group); figures count DISTINCT ids, so a
    # trainee in two groups counts once in the total and once under each group.
    return (Trainee.side_id.label("side"), Trainee.gender.label("gender"),
            trainee_target_groups.c.target_group_id.label("grp"))


def _groups_of_trainee(stmt: Select) -> Select:
    return stmt.outerjoin(trainee_target_groups, trainee_target_groups.c.trainee_id == Trainee.id)


def enrolled(w: Window) -> Select:
    """Enrolments that took a place ("enrolled", on creation or from the waiting list) in the period, on
    the trainee's side's clock."""
    stmt = (select(Enrolment.id.label("id"), literal("enrolled").label("kind"), *_trainee_dims())
            .select_from(AuditEntry).join(Enrolment, _audited("enrolments", Enrolment.id))
            .join(Trainee, Enrolment.trainee_id == Trainee.id)
            .where(status_reached() == "enrolled", w.instant_in(AuditEntry.at, Trainee.side_id)))
    return _side(_groups_of_trainee(stmt), w, Trainee.side_id)


def certified(w: Window) -> Select:
    """Certificates issued in the period and not revoked by its last day."""
    stmt = (select(Certificate.id.label("id"), literal("certified").label("kind"), *_trainee_dims())
            .join(Enrolment, Certificate.enrolment_id == Enrolment.id)
            .join(Trainee, Enrolment.trainee_id == Trainee.id)
            .where(w.instant_in(Certificate.issued_at, Trainee.side_id),
                   or_(Certificate.revoked_at.is_(None),
                       ~w.instant_by_end(Certificate.revoked_at, Trainee.side_id))))
    return _side(_groups_of_trainee(stmt), w, Trainee.side_id)


def _abroad():
    return (select().select_from(Assignment).join(Trainer, Assignment.trainer_id == Trainer.id)
            .join(Course, Assignment.course_id == Course.id)
            .where(Assignment.status.in_(EXCHANGED), Trainer.side_id != Course.host_side_id))


def exchanges(w: Window) -> Select:
    """Trainers who left for the other side in the period (day of departure on the host's clock), for
    assignments confirmed, travelled or completed. The side filter keeps the side's own trainers."""
    stmt = _abroad().add_columns(Assignment.id.label("id"), literal("assignments").label("kind"),
                                 Trainer.side_id.label("origin"), Course.host_side_id.label("host"),
                                 Trainer.side_id.label("side")).where(
        w.instant_in(Assignment.travel_out_at, Course.host_side_id))
    return _side(stmt, w, Trainer.side_id)


def trainer_days(w: Window) -> Select:
    """Assignments with at least one trainer-day in the period: abroad from the departure day to the return
    day (both included, host's clock). Adds the instants and the host's zone to count the days."""
    from ..catalog.models import Side

    stmt = _abroad().add_columns(
        Assignment.id.label("id"), literal("trainer_days").label("kind"), Trainer.side_id.label("origin"),
        Course.host_side_id.label("host"), Trainer.side_id.label("side"), Assignment.travel_out_at.label("out_at"),
        Assignment.travel_back_at.label("back_at"), Side.timezone.label("tz"),
    ).join(Side, Course.host_side_id == Side.id).where(
        w.instant_by_end(Assignment.travel_out_at, Course.host_side_id),
        w.instant_from_start(Assignment.travel_back_at, Course.host_side_id),
        Assignment.travel_back_at >= Assignment.travel_out_at)
    return _side(stmt, w, Trainer.side_id)


def shares(w: Window) -> Select:
    """Curricula offered or adopted in the period (the sharing step's side and clock); counted per curriculum."""
    stmt = (select(CurriculumShare.curriculum_id.label("id"), CurriculumShare.step.label("kind"),
                   CurriculumShare.side_id.label("side"))
            .where(CurriculumShare.step.in_(("offered", "adopted")),
                   w.instant_in(CurriculumShare.at, CurriculumShare.side_id)))
    return _side(stmt, w, CurriculumShare.side_id)


def translations(w: Window) -> Select:
    """Translation tasks marked done in the period (audit), on the curriculum owner's clock."""
    stmt = (select(TranslationTask.id.label("id"), literal("translations_done").label("kind"),
                   Curriculum.side_id.label("side"))
            .select_from(AuditEntry).join(TranslationTask, _audited("translation_tasks", TranslationTask.id))
            .join(CurriculumVersion, TranslationTask.source_version_id == CurriculumVersion.id)
            .join(Curriculum, CurriculumVersion.curriculum_id == Curriculum.id)
            .where(status_reached() == "done", w.instant_in(AuditEntry.at, Curriculum.side_id)))
    return _side(stmt, w, Curriculum.side_id)


def bookings(w: Window) -> Select:
    """Bookings made (created) in the period, on the item owner's clock, whatever happened to them since."""
    stmt = (select(Booking.id.label("id"), literal("bookings").label("kind"), EquipmentItem.side_id.label("side"))
            .join(EquipmentItem, Booking.item_id == EquipmentItem.id)
            .where(w.instant_in(Booking.created_at, EquipmentItem.side_id)))
    return _side(stmt, w, EquipmentItem.side_id)


def _out_at_end(w: Window):
    return and_(Transfer.dispatched_on.is_not(None), Transfer.dispatched_on <= w.end,
                or_(Transfer.returned_on.is_(None), Transfer.returned_on > w.end))


def abroad_items(w: Window) -> Select:
    """Items dispatched to the other side on or before the last day and not returned by then."""
    stmt = (select(Transfer.item_id.label("id"), literal("abroad").label("kind"), EquipmentItem.side_id.label("side"))
            .join(EquipmentItem, Transfer.item_id == EquipmentItem.id).where(_out_at_end(w)))
    return _side(stmt, w, EquipmentItem.side_id)


def late_returns(w: Window) -> Select:
    """Transfers still out at the end of the period whose agreed return day had passed."""
    stmt = (select(Transfer.id.label("id"), literal("returns_overdue").label("kind"),
                   EquipmentItem.side_id.label("side"))
            .join(EquipmentItem, Transfer.item_id == EquipmentItem.id)
            .where(_out_at_end(w), Transfer.due_back_on < w.end))
    return _side(stmt, w, EquipmentItem.side_id)


def milestones(w: Window) -> Select:
    """reached: done in the period; slipped: due in the period and not done on or before its due day;
    overdue: due before the last day and not done by then. One row per milestone and figure."""
    rows = []
    for kind, cond in (
        ("reached", w.day_in(Milestone.done_on)),
        ("slipped", and_(w.day_in(Milestone.due_on),
                         or_(Milestone.done_on.is_(None), Milestone.done_on > Milestone.due_on))),
        ("overdue", and_(Milestone.due_on < w.end, or_(Milestone.done_on.is_(None), Milestone.done_on > w.end))),
    ):
        rows.append(_side(select(Milestone.id.label("id"), literal(kind).label("kind"),
                                 Milestone.side_id.label("side")).where(cond), w, Milestone.side_id))
    return rows[0].union_all(*rows[1:])


def actions(w: Window) -> Select:
    """closed: done or cancelled in the period; open: created by the last day and not closed by then;
    overdue: open at the end with a due day before the last day."""
    open_at_end = and_(w.instant_by_end(ActionItem.created_at, ActionItem.side_id),
                       or_(ActionItem.closed_on.is_(None), ActionItem.closed_on > w.end))
    rows = []
    for kind, cond in (
        ("closed", w.day_in(ActionItem.closed_on)),
        ("open", open_at_end),
        ("overdue", and_(open_at_end, ActionItem.due_on < w.end)),
    ):
        rows.append(_side(select(ActionItem.id.label("id"), literal(kind).label("kind"),
                                 ActionItem.side_id.label("side")).where(cond), w, ActionItem.side_id))
    return rows[0].union_all(*rows[1:])


def competitions(w: Window) -> Select:
    """Competitions that ended in the period (organiser side)."""
    stmt = (select(Competition.id.label("id"), literal("held").label("kind"),
                   Competition.organiser_side_id.label("side")).where(w.day_in(Competition.ends_on)))
    return _side(stmt, w, Competition.organiser_side_id)


def medals(w: Window) -> Select:
    """Medals won at competitions that ended in the period, by the winner's side."""
    stmt = (select(Participant.id.label("id"), literal("medals").label("kind"), Trainee.side_id.label("side"),
                   Participant.medal.label("medal"))
            .join(Competition, Participant.competition_id == Competition.id)
            .join(Trainee, Participant.trainee_id == Trainee.id)
            .where(w.day_in(Competition.ends_on), Participant.medal.is_not(None), Participant.medal != ""))
    return _side(stmt, w, Trainee.side_id)


# A study visit counts once it took place (reported or not), in the period holding its last day.
VISITED = ("took_place", "reported")


def visits(w: Window) -> Select:
    """hosted: by the host side; made: by the visiting side. Visits that took place and ended in the period."""
    done = and_(Visit.status.in_(VISITED), w.day_in(Visit.ends_on))
    hosted = _side(select(Visit.id.label("id"), literal("hosted").label("kind"), Visit.host_side_id.label("side"))
                   .where(done), w, Visit.host_side_id)
    made = _side(select(Visit.id.label("id"), literal("made").label("kind"), Visit.guest_side_id.label("side"))
                 .where(done), w, Visit.guest_side_id)
    return hosted.union_all(made)


def travellers(w: Window) -> Select:
    """Members of the delegations of visits that took place and ended in the period, by their (visiting) side."""
    stmt = (select(VisitDelegate.id.label("id"), literal("travellers").label("kind"),
                   Visit.guest_side_id.label("side"))
            .join(Visit, VisitDelegate.visit_id == Visit.id)
            .where(Visit.status.in_(VISITED), w.day_in(Visit.ends_on)))
    return _side(stmt, w, Visit.guest_side_id)


def visit_follow_ups(w: Window) -> Select:
    """Follow-ups of study visits (action items without a meeting) done or cancelled in the period."""
    stmt = (select(ActionItem.id.label("id"), literal("closed").label("kind"), ActionItem.side_id.label("side"))
            .where(ActionItem.visit_id.is_not(None), w.day_in(ActionItem.closed_on)))
    return _side(stmt, w, ActionItem.side_id)


@dataclass(frozen=True)
class Family:
    name: str
    model: type
    build: Callable[[Window], Select]
    dims: tuple[str, ...] = ("side",)


FAMILIES = {f.name: f for f in (
    Family("courses", Course, courses),
    Family("approvals", CourseApproval, approvals),
    Family("enrolled", Enrolment, enrolled, ("side", "gender", "grp")),
    Family("certified", Certificate, certified, ("side", "gender", "grp")),
    Family("exchanges", Assignment, exchanges, ("side", "origin", "host")),
    Family("trainer_days", Assignment, trainer_days, ("side", "origin", "host")),
    Family("shares", Curriculum, shares),
    Family("translations", TranslationTask, translations),
    Family("bookings", Booking, bookings),
    Family("abroad", EquipmentItem, abroad_items),
    Family("late_returns", Transfer, late_returns),
    Family("milestones", Milestone, milestones),
    Family("actions", ActionItem, actions),
    Family("competitions", Competition, competitions),
    Family("medals", Participant, medals, ("side", "medal")),
    Family("visits", Visit, visits),
    Family("travellers", VisitDelegate, travellers),
    Family("visit_follow_ups", ActionItem, visit_follow_ups),
)}
