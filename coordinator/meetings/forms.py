"""Meeting forms: the meeting, an attendee, an agenda item and its minutes, a decision, an action item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField, LocalTimeField
from .models import ACTION_LINKS, ACTION_STATUSES

LINK_LABELS = {
    "course": _l("Joint course"),
    "assignment": _l("Assignment"),
    "curriculum": _l("Curriculum"),
    "booking": _l("Equipment booking"),
    "milestone": _l("Milestone"),
}


class TitleFields:
    name_fa = StringField(_l("Title in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Title in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Title in English (optional)"), validators=[Length(max=400)])


class MeetingForm(TitleFields, BaseForm):
    host_side_id = SelectField(_l("Host side"), coerce=optional_id)
    series_id = SelectField(_l("Meeting series (optional)"), coerce=optional_id)
    starts_on = LocalDateField(_l("Date"))
    start_time = LocalTimeField(_l("Starts at (host side's clock)"))
    ends_on = LocalDateField(_l("Ends on (optional; the same day if empty)"))
    end_time = LocalTimeField(_l("Ends at (host side's clock)"))
    venue = StringField(_l("Venue"), validators=[Length(max=600)])
    online_url = StringField(_l("Online meeting link"), validators=[Length(max=1000)],
                             render_kw={"dir": "ltr", "inputmode": "url", "autocomplete": "off"})
    version = HiddenField()

    def __init__(self, *args, sides=(), series=(), **kwargs):
        super().__init__(*args, **kwargs)
        sides = list(sides)
        self.host_side_id.choices = choices((s.id, s.name) for s in sides)
        self.series_id.choices = choices([("", _l("None")), *((s.id, s.name) for s in series)])
        if len(sides) > 1:
            # i18n: the empty first option of a drop-down list
            self.host_side_id.choices.insert(0, choices([("", _l("Choose…"))])[0])

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "name_en", "host_side_id", "series_id", "starts_on", "start_time", "ends_on",
            "end_time", "venue", "online_url")}


class SeriesForm(TitleFields, BaseForm):
    def values(self) -> dict:
        return {name: self._fields[name].data for name in ("name_fa", "name_ar", "name_en")}


class AttendeeForm(BaseForm):
    user_id = SelectField(_l("Person (a user of the system)"), coerce=optional_id)
    guest_name = StringField(_l("Or a guest: full name"), validators=[Length(max=400)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=600)])
    job_title = StringField(_l("Job title"), validators=[Length(max=400)])
    side_id = SelectField(_l("Side"), coerce=optional_id)
    present = BooleanField(_l("Present"), default=True)

    def __init__(self, *args, people=(), sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = choices([("", _l("A guest")), *((u.id, u.display_name) for u in people)])
        self.side_id.choices = choices([("", _l("The person's own side")), *((s.id, s.name) for s in sides)])

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "user_id", "guest_name", "organisation", "job_title", "side_id", "present")}


class AgendaItemForm(TitleFields, BaseForm):
    version = HiddenField()

    def values(self) -> dict:
        return {name: self._fields[name].data for name in ("name_fa", "name_ar", "name_en")}


class MinutesForm(AgendaItemForm):
    minutes_fa = TextAreaField(_l("Minutes in Persian"), validators=[Length(max=40000)])
    minutes_ar = TextAreaField(_l("Minutes in Arabic"), validators=[Length(max=40000)])

    def values(self) -> dict:
        return super().values() | {"minutes_fa": self.minutes_fa.data, "minutes_ar": self.minutes_ar.data}


class DecisionForm(BaseForm):
    text_fa = TextAreaField(_l("Decision in Persian"), validators=[Length(max=40000)])
    text_ar = TextAreaField(_l("Decision in Arabic"), validators=[Length(max=40000)])
    version = HiddenField()

    def values(self) -> dict:
        return {"text_fa": self.text_fa.data, "text_ar": self.text_ar.data}


class ActionItemForm(TitleFields, BaseForm):
    owner_id = SelectField(_l("Responsible person"), coerce=optional_id)
    side_id = SelectField(_l("Responsible side"), coerce=optional_id)
    due_on = LocalDateField(_l("Due on"))
    status = SelectField(_l("Status"), default="open")
    closed_on = LocalDateField(_l("Finished on (optional; today if empty)"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=40000)])
    link_kind = SelectField(_l("Linked record (optional)"), default="")
    link_ref = StringField(_l("Code or name of the linked record"), validators=[Length(max=400)],
                           description=_l("A course's code such as JC-2027-0004, or part of a name in Persian or "
                                          "Arabic; for an assignment the course's code or the trainer's name."))
    version = HiddenField()

    def __init__(self, *args, people=(), sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = choices([("", _l("Choose…")), *((u.id, u.display_name) for u in people)])
        self.side_id.choices = choices([("", _l("The responsible person's side")),
                                        *((s.id, s.name) for s in sides)])
        self.status.choices = choices(ACTION_STATUSES.items())
        self.link_kind.choices = choices([("", _l("None")), *((k, LINK_LABELS[k]) for k in ACTION_LINKS)])

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "name_en", "owner_id", "side_id", "due_on", "status", "closed_on", "notes",
            "link_kind", "link_ref")}


class StatusForm(BaseForm):
    status = SelectField(_l("Status"))
    closed_on = LocalDateField(_l("Finished on (optional; today if empty)"))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices(ACTION_STATUSES.items())


class ActionForm(BaseForm):
    """Only the CSRF token: buttons that change state."""
