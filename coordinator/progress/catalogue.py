"""Every progress figure: its key, section, family of records, label, precise meaning and breakdowns."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SECTIONS = {
    "courses": _l("Joint courses"),
    "trainees": _l("Trainees"),
    "exchanges": _l("Trainer exchange"),
    "curricula": _l("Curricula"),
    "equipment": _l("Shared equipment"),
    "milestones": _l("Agro-industry milestones"),
    "action_items": _l("Action items"),
    "competitions": _l("Skill competitions"),
    "visits": _l("Study visits"),
}
DIMENSIONS = {
    "side": _l("By side"),
    "gender": _l("By gender"),
    "group": _l("By target group"),
    "dir": _l("By direction"),
    "medal": _l("By medal"),
}


@dataclass(frozen=True)
class Spec:
    key: str
    family: str
    kind: str
    label: object
    help: object
    unit: str = "records"
    attention: bool = False
    breakdowns: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]


SPECS = (
    Spec("courses.proposed", "courses", "proposed", _l("Courses proposed"),
         _l("Joint courses proposed to both sides in the period (a course proposed twice counts once).")),
    Spec("courses.approved", "courses", "approved", _l("Courses approved by both sides"),
         _l("Joint courses whose second approval was given in the period.")),
    Spec("courses.started", "courses", "running", _l("Courses started"),
         _l("Joint courses marked as running in the period.")),
    Spec("courses.completed", "courses", "completed", _l("Courses completed"),
         _l("Joint courses marked as completed in the period.")),
    Spec("courses.approvals", "approvals", "given", _l("Approvals given"),
         _l("Approvals of joint courses given by each side in the period."), breakdowns=("side",)),
    Spec("trainees.enrolled", "enrolled", "enrolled", _l("Places taken by trainees"),
         _l("Enrolments that took a place in a course in the period, directly or from the waiting list; "
            "a trainee in two courses counts twice."), breakdowns=("side", "gender", "group")),
    Spec("trainees.certified", "certified", "certified", _l("Certificates issued"),
         _l("Certificates issued in the period and not revoked by its last day."),
         breakdowns=("side", "gender", "group")),
    Spec("exchanges.assignments", "exchanges", "assignments", _l("Trainers sent to the other side"),
         _l("Assignments across the border, confirmed, travelled or completed, whose trainer travelled out in "
            "the period."), breakdowns=("dir",)),
    Spec("exchanges.trainer_days", "trainer_days", "trainer_days", _l("Trainer-days abroad"),
         _l("Calendar days of the period, on the host side's clock, that trainers spent on the other side "
            "between travelling out and travelling back."), unit="days", breakdowns=("dir",)),
    Spec("curricula.offered", "shares", "offered", _l("Curricula offered"),
         _l("Curricula offered to the other side in the period.")),
    Spec("curricula.adopted", "shares", "adopted", _l("Curricula adopted"),
         _l("Curricula adopted by the other side in the period.")),
    Spec("curricula.translations_done", "translations", "translations_done", _l("Translations done"),
         _l("Translation tasks marked as done in the period.")),
    Spec("equipment.bookings", "bookings", "bookings", _l("Equipment bookings made"),
         _l("Bookings of equipment made in the period, including any cancelled since.")),
    Spec("equipment.abroad", "abroad", "abroad", _l("Items on the other side"),
         _l("Equipment items dispatched across the border and not returned by the last day of the period.")),
    Spec("equipment.returns_overdue", "late_returns", "returns_overdue", _l("Equipment returns overdue"),
         _l("Items still on the other side at the end of the period after the day agreed for their return."),
         attention=True),
    Spec("milestones.reached", "milestones", "reached", _l("Milestones reached"),
         _l("Milestones done in the period.")),
    Spec("milestones.slipped", "milestones", "slipped", _l("Milestones slipped"),
         _l("Milestones due in the period that were not done by their due date.")),
    Spec("milestones.overdue", "milestones", "overdue", _l("Milestones overdue"),
         _l("Milestones due before the last day of the period and not done by then."), attention=True),
    Spec("action_items.closed", "actions", "closed", _l("Action items closed"),
         _l("Action items done or cancelled in the period.")),
    Spec("action_items.open", "actions", "open", _l("Action items open"),
         _l("Action items open at the end of the period.")),
    Spec("action_items.overdue", "actions", "overdue", _l("Action items overdue"),
         _l("Action items open at the end of the period whose due date had passed."), attention=True),
    Spec("competitions.held", "competitions", "held", _l("Competitions held"),
         _l("Skill competitions that ended in the period.")),
    Spec("competitions.medals", "medals", "medals", _l("Medals won"),
         _l("Medals won at skill competitions that ended in the period, by the winner's side."),
         breakdowns=("side", "medal")),
    Spec("visits.hosted", "visits", "hosted", _l("Study visits hosted"),
         _l("Study visits that took place and ended in the period, by the host side."), breakdowns=("side",)),
    Spec("visits.made", "visits", "made", _l("Study visits made"),
         _l("Study visits that took place and ended in the period, by the visiting side."), breakdowns=("side",)),
    Spec("visits.travellers", "travellers", "travellers", _l("Delegates who travelled"),
         _l("Members of the delegations of study visits that took place and ended in the period, by their side."),
         breakdowns=("side",)),
    Spec("visits.follow_ups_closed", "visit_follow_ups", "closed", _l("Visit follow-ups closed"),
         _l("Follow-ups of study visits done or cancelled in the period (they count among the action items too).")),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}
FIGURE_KEYS = tuple(SPEC_BY_KEY)
