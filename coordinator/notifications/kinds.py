"""The kinds of news the app sends: what people call them (preferences), the sentence each one says, who may
see its record (nobody hears of a record they may not see), and which cannot be turned off."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # the preferences page's name for it
    message: object  # the subject and first line; %(name)s placeholders filled from the event's data
    view: str  # the permission a recipient needs on the record
    mandatory: bool = False  # approvals you owe, documents about to expire: always sent at once


KINDS: dict[str, Kind] = {}


def _kind(*args, **kwargs) -> None:
    kind = Kind(*args, **kwargs)
    KINDS[kind.code] = kind


_kind("course.awaiting_approval", _l("A course awaits my side's approval"),
      _l("The course “%(course)s” awaits your side's approval (starts %(day)s)."), "course.view", mandatory=True)
_kind("course.approved", _l("A course was approved by both sides"),
      _l("The course “%(course)s” is approved by both sides (starts %(day)s)."), "course.view")
_kind("course.sent_back", _l("A course was sent back for approval"),
      _l("The course “%(course)s” was changed and needs both sides' approval again."), "course.view",
      mandatory=True)
_kind("course.returned", _l("The other side sent a course back"),
      _l("%(side)s sent the course “%(course)s” back to draft: %(comment)s"), "course.view", mandatory=True)
_kind("course.refused", _l("The other side refused a course"),
      _l("%(side)s refused the course “%(course)s”: %(comment)s"), "course.view", mandatory=True)
_kind("nomination.made", _l("The other side nominated trainees for my side's course"),
      _l("%(side)s nominated %(count)s trainees for “%(course)s”: accept or decline them."), "course.view",
      mandatory=True)
_kind("nomination.answered", _l("My side's nominations were answered"),
      _l("Nominations for “%(course)s” answered: %(enrolled)s enrolled, %(waiting)s on the waiting list, "
         "%(declined)s declined."), "course.view")
_kind("course.cancelled", _l("A course was cancelled"),
      _l("The course “%(course)s” was cancelled: %(reason)s"), "course.view")
_kind("assignment.proposed", _l("An assignment was proposed to me"),
      _l("You are proposed as trainer of “%(course)s”, travelling on %(day)s: accept or decline."),
      "assignment.view", mandatory=True)
_kind("assignment.accepted", _l("A trainer accepted an assignment"),
      _l("%(trainer)s accepted the assignment to “%(course)s”."), "assignment.view")
_kind("assignment.declined", _l("A trainer declined an assignment"),
      _l("%(trainer)s declined the assignment to “%(course)s”: %(reason)s"), "assignment.view")
_kind("assignment.confirmed", _l("An assignment was confirmed"),
      _l("The host side confirmed %(trainer)s for “%(course)s”, travelling on %(day)s."), "assignment.view")
_kind("action.assigned", _l("An action item was given to me"),
      _l("You are responsible for “%(action)s”, due on %(day)s."), "action.view")
_kind("action.due_soon", _l("An action item of mine is due soon"),
      _l("Your action item “%(action)s” is due on %(day)s."), "action.view")
_kind("action.overdue", _l("An action item of mine is overdue"),
      _l("Your action item “%(action)s” was due on %(day)s and is still open."), "action.view")
_kind("meeting.scheduled", _l("A meeting I attend was scheduled, with its agenda"),
      _l("The meeting “%(meeting)s” is scheduled for %(day)s; its agenda is issued with it (attached)."),
      "meeting.view")
_kind("meeting.agenda_changed", _l("The agenda of a meeting I attend changed"),
      _l("The agenda of the meeting “%(meeting)s” of %(day)s was changed: the new one is attached."),
      "meeting.view")
_kind("meeting.minutes_ready", _l("The minutes of a meeting I attended are ready"),
      _l("The minutes of the meeting “%(meeting)s” of %(day)s are ready."), "meeting.view")
_kind("translation.assigned", _l("A translation task was given to me"),
      _l("You are asked to translate “%(curriculum)s”, due on %(day)s."), "curriculum.view")
_kind("curriculum.offered", _l("A curriculum was offered to my side"),
      _l("%(side)s offers the curriculum “%(curriculum)s”."), "curriculum.view")
_kind("curriculum.requested", _l("My side's curriculum was requested"),
      _l("%(side)s asks for the curriculum “%(curriculum)s”."), "curriculum.view")
_kind("curriculum.adopted", _l("My side's curriculum was adopted"),
      _l("%(side)s adopted the curriculum “%(curriculum)s”."), "curriculum.view")
_kind("enrolment.promoted", _l("A trainee of my side got a place from the waiting list"),
      _l("%(trainee)s moved from the waiting list into a place on “%(course)s”."), "course.view")
_kind("booking.made", _l("My side's equipment was booked"),
      _l("“%(item)s” was booked from %(day)s."), "equipment.view")
_kind("loan.due", _l("Equipment lent out is due back soon"),
      _l("“%(item)s” is due back on %(day)s."), "equipment.view")
_kind("translation.due", _l("A translation task of mine is due or overdue"),
      _l("The translation of “%(curriculum)s” is due on %(day)s."), "curriculum.view")
_kind("milestone.slipped", _l("A milestone slipped"),
      _l("The milestone “%(milestone)s” of “%(track)s” moved from %(was)s to %(day)s."), "agro.view")
_kind("milestone.overdue", _l("A milestone of my side is overdue"),
      _l("The milestone “%(milestone)s” was due on %(day)s and is not done."), "agro.view")
_kind("loan.overdue", _l("A loan is overdue"),
      _l("“%(item)s” was due back on %(day)s and has not been returned."), "equipment.view")
_kind("document.expiring", _l("A travel document expires before a trip"),
      _l("%(trainer)s's travel document expires on %(day)s, too soon for the trip to “%(course)s”."),
      "assignment.view", mandatory=True)
_kind("trip.documents_gap", _l("A trip's travel documents no longer cover it"),
      _l("The travel documents of %(trainer)s no longer cover the trip to “%(course)s” leaving on %(day)s."),
      "assignment.view", mandatory=True)
_kind("visa.updated", _l("The visa of a trip changed"),
      _l("Visa of %(trainer)s for “%(course)s”: %(status)s."), "assignment.view")
_kind("group_trip.confirmed", _l("A group of trainees' trip across the border was confirmed"),
      _l("The trip of %(count)s trainees of %(side)s to “%(course)s” leaving on %(day)s is confirmed."),
      "group_trip.view")
_kind("group_trip.documents_gap", _l("A group trip's travel documents no longer cover it"),
      _l("The travel documents of the group of %(side)s no longer cover the trip to “%(course)s” leaving on "
         "%(day)s."), "group_trip.view", mandatory=True)
_kind("visit.proposed", _l("A study visit was proposed"),
      _l("The study visit “%(visit)s” hosted by %(side)s was proposed (starts %(day)s)."), "visit.view")
_kind("visit.accepted", _l("A study visit was accepted by its host"),
      _l("%(side)s accepted the study visit “%(visit)s” with its programme (starts %(day)s)."), "visit.view")
_kind("visit.confirmed", _l("A study visit was confirmed"),
      _l("The study visit “%(visit)s” is confirmed: the delegation's documents hold (starts %(day)s)."),
      "visit.view")
_kind("visit.took_place", _l("A study visit took place"),
      _l("The study visit “%(visit)s” took place: its lessons can now be written."), "visit.view")
_kind("visit.reported", _l("A study visit was reported"),
      _l("The report of the study visit “%(visit)s” is ready, with its lessons and follow-ups."), "visit.view")
_kind("visit.cancelled", _l("A study visit was cancelled"),
      _l("The study visit “%(visit)s” was cancelled: %(reason)s"), "visit.view")
_kind("dayoff.session", _l("A new day off falls on a session of a course"),
      _l("%(day)s is now a day off of %(side)s: the course “%(what)s” has a session that day."), "course.view")
_kind("dayoff.trip", _l("A new day off falls on a trip's departure or return"),
      _l("%(day)s is now a day off of %(side)s: the trip of %(what)s leaves or returns that day."),
      "assignment.view")
_kind("dayoff.booking", _l("A new day off falls within an equipment booking"),
      _l("%(day)s is now a day off of %(side)s: “%(what)s” is booked that day."), "equipment.view")

DIGEST_SUBJECT = _l("Your daily digest: %(count)s notifications")
