"""Who may do what in training: reference data, accounts and audit, joint courses, trainees, curricula and
competitions."""

from __future__ import annotations

from .participation import participation_ids
from .roles import ADMIN, LIAISON, MANAGER, TRAINER
from .rules import EVERYONE, rule, side_of
from .scope import hides


@rule("catalog.view")
def _catalog_view(user, obj):
    return user.role in (ADMIN, LIAISON, MANAGER, TRAINER)


@rule("catalog.manage")
def _catalog_manage(user, obj):
    return user.role == ADMIN


@rule("users.manage")
def _users_manage(user, obj):
    return user.role == ADMIN


@rule("audit.view")
def _audit_view(user, obj):
    return user.role == ADMIN


@rule("side.act_for")
def _act_for_side(user, obj):
    """Plan and approve on behalf of a province: only its own liaison officers."""
    return user.role == LIAISON and user.side_id is not None and user.side_id == side_of(obj)


@rule("signatory.view")
def _signatory_view(user, obj):
    """Who signs the certificates (and their signature and seal images): the people who plan and read."""
    return user.role in (ADMIN, MANAGER, LIAISON)


@rule("signatory.manage")
def _signatory_manage(user, obj):
    """A side's signatory, signature and seal: that side's liaisons (not one scoped to a centre), or an admin."""
    if user.role == ADMIN:
        return True
    return (user.role == LIAISON and user.side_id is not None and user.side_id == side_of(obj)
            and getattr(user, "centre_id", None) is None)


@rule("reports.view")
def _reports_view(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


# Joint courses ------------------------------------------------------------------------------------------


def _host_liaison(user, course) -> bool:
    """A liaison of the course's host side; one scoped to a centre, only for the courses that centre hosts."""
    if user.role != LIAISON or user.side_id is None or user.side_id != getattr(course, "host_side_id", None):
        return False
    scope = getattr(user, "centre_id", None)
    return scope is None or scope == getattr(course, "host_centre_id", None)


@rule("course.view")
def _course_view(user, course):
    """Trainers see only the courses they are assigned to (an assignment not declined or cancelled); a liaison
    scoped to a centre, of their own side's courses those it hosts."""
    if user.role in (ADMIN, MANAGER):
        return True
    if user.role == LIAISON:
        return not hides(user, course)
    if user.role != TRAINER or course is None:
        return False
    return course.id in participation_ids("course", user.id)


@rule("course.list")
def _course_list(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("course.create")
def _course_create(user, obj):
    return user.role in (ADMIN, LIAISON)


@rule("course.host")
def _course_host(user, course):
    """Where a course may be hosted (created at, or moved to): a liaison plans at their own side's centres."""
    return user.role == ADMIN or _host_liaison(user, course)


@rule("course.edit")
def _course_edit(user, course):
    """The host side's liaisons edit a course (a liaison drafts only courses their own side hosts)."""
    return user.role == ADMIN or _host_liaison(user, course)


@rule("course.propose")
def _course_propose(user, course):
    """The host side proposes its draft to both sides; the other side answers by approving, not proposing."""
    return user.role == ADMIN or (_host_liaison(user, course) if course is not None else user.role == LIAISON)


@rule("course.approve")
def _course_approve(user, course):
    """Each side approves for itself: only a liaison, only for their own side (the service says when)."""
    return user.role == LIAISON and user.side_id is not None


@rule("course.manage")
def _course_manage(user, course):
    """Timetable, workflow steps, enrolment, attendance, assessment and certificates: the host side."""
    return user.role == ADMIN or _host_liaison(user, course)


def _teaches(user, course) -> bool:
    """A trainer whose assignment to the course stands (accepted or later), of either side."""
    return user.role == TRAINER and course is not None and course.id in participation_ids("teaching", user.id)


@rule("course.mark")
def _course_mark(user, course):
    """Attendance: the host side, and the trainers teaching the course."""
    return _course_manage(user, course) or _teaches(user, course)


@rule("course.score")
def _course_score(user, course):
    """Scores: the host side; the trainers teaching the course until the host side finalises the results."""
    if _course_manage(user, course):
        return True
    return _teaches(user, course) and getattr(course, "results_final_at", None) is None


@rule("course.nominate")
def _course_nominate(user, course):
    """Each side's liaisons put their own side's trainees forward (the service checks each trainee's side)."""
    return user.role == LIAISON and user.side_id is not None


@rule("course.override")
def _course_override(user, course):
    """Granting a step before its time: a liaison of the host side (a second person: the service says who)."""
    return _host_liaison(user, course)


@rule("trainee.view")
def _trainee_view(user, trainee):
    """A liaison sees their own side's trainees; one scoped to a centre, those the centre registered."""
    if user.role in (ADMIN, MANAGER):
        return True
    return user.role == LIAISON and (trainee is None or (trainee.side_id == user.side_id and not hides(user, trainee)))


@rule("trainee.manage")
def _trainee_manage(user, trainee):
    """A liaison registers and corrects the trainees of their own side (of their centre, when scoped to one)."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (trainee is None or (trainee.side_id == user.side_id and not hides(user, trainee)))


# Curricula ----------------------------------------------------------------------------------------------


@rule("curriculum.view")
def _curriculum_view(user, curriculum):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("curriculum.manage")
def _curriculum_manage(user, curriculum):
    """The owner side's liaisons add versions and documents and offer the curriculum."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (curriculum is None or curriculum.side_id == user.side_id)


@rule("curriculum.share")
def _curriculum_share(user, curriculum):
    """Offering (owner side) and requesting or adopting (the other side): liaisons; the service says which."""
    return user.role == LIAISON and user.side_id is not None


@rule("curriculum.comment")
def _curriculum_comment(user, curriculum):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("translation.manage")
def _translation_manage(user, task):
    """Liaisons of either side create and assign translation tasks."""
    return user.role in (ADMIN, LIAISON)


@rule("translation.work")
def _translation_work(user, task):
    """The assigned translator moves their task along; liaisons may too."""
    if user.role in (ADMIN, LIAISON):
        return True
    return task is not None and task.translator_id == user.id


# Skill competitions -------------------------------------------------------------------------------------


@rule("competition.view")
def _competition_view(user, obj):
    return user.role in EVERYONE


@rule("competition.manage")
def _competition_manage(user, competition):
    """The organising side's liaisons enter participants and results."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (competition is None or competition.organiser_side_id == user.side_id)
