"""Agro forms: a track with a lead per side, a milestone with its dependencies and evidence."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField, LocalIntegerField
from .models import MILESTONE_STATUSES


class TrackForm(BaseForm):
    name_fa = StringField(_l("Title in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Title in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Title in English (optional)"), validators=[Length(max=400)])
    description = TextAreaField(_l("Description"), validators=[Length(max=16000)])
    version = HiddenField()

    def lead_fields(self):
        return [f for name, f in self._fields.items() if name.startswith("lead_")]

    def values(self) -> dict:
        data = {name: self._fields[name].data for name in ("name_fa", "name_ar", "name_en", "description")}
        data["leads"] = {int(f.name.removeprefix("lead_")): f.data for f in self.lead_fields()}
        return data


def track_form(sides, *args, **kwargs) -> TrackForm:
    """A track form with one lead field per side (sides are data, not constants)."""
    fields = {f"lead_{s.id}": StringField(_l("Lead for %(side)s", side=s.name), validators=[Length(max=400)])
              for s in sides}
    return type("SidedTrackForm", (TrackForm,), fields)(*args, **kwargs)


class MilestoneForm(BaseForm):
    name_fa = StringField(_l("Title in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Title in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Title in English (optional)"), validators=[Length(max=400)])
    side_id = SelectField(_l("Owner side"), coerce=optional_id)
    starts_on = LocalDateField(_l("Starts on (optional)"))
    due_on = LocalDateField(_l("Due on"))
    status = SelectField(_l("Status"))
    blocked_reason = StringField(_l("Reason it is blocked"), validators=[Length(max=600)])
    progress = LocalIntegerField(_l("Progress (per cent)"), minimum=0, maximum=100)
    done_on = LocalDateField(_l("Done on (optional; today if empty)"))
    depends_on_ids = SelectMultipleField(_l("Depends on"), coerce=int)
    course_ids = SelectMultipleField(_l("Linked courses"), coerce=int)
    evidence_notes = TextAreaField(_l("Evidence: notes, documents and links"), validators=[Length(max=16000)])
    version = HiddenField()

    def __init__(self, *args, sides=(), others=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        sides = list(sides)
        self.side_id.choices = choices((s.id, s.name) for s in sides)
        if len(sides) > 1:
            # i18n: the empty first option of a drop-down list
            self.side_id.choices.insert(0, choices([("", _l("Choose…"))])[0])
        self.status.choices = choices(MILESTONE_STATUSES.items())
        self.depends_on_ids.choices = choices((m.id, m.name) for m in others)
        self.course_ids.choices = choices((c.id, f"{c.code} {c.name}") for c in courses)

    def values(self) -> dict:
        data = {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "name_en", "side_id", "starts_on", "due_on", "status", "blocked_reason",
            "progress", "done_on", "depends_on_ids", "course_ids", "evidence_notes")}
        data["depends_on_ids"] = data["depends_on_ids"] or []
        data["course_ids"] = data["course_ids"] or []
        return data
