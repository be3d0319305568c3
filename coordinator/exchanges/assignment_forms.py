"""Forms of the assignment pages: travel is typed in the trainer's home clock and the viewer's calendar."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField
from .models import ROLES, VISA_STATUSES


def _optional_int(value):
    """Lenient: an unknown or impossible value is "none chosen" (the form offers a "none" choice as 0)."""
    try:
        return optional_id(value) if value != "0" else None
    except (TypeError, ValueError):
        return None


class AssignmentEditForm(BaseForm):
    role = SelectField(_l("Role"), choices=choices(ROLES.items()), default="lead", validators=[DataRequired()])
    travel_out_date = LocalDateField(_l("Departure date"), validators=[DataRequired()])
    travel_out_time = TimeField(_l("Departure time (trainer's home clock)"), validators=[DataRequired()])
    travel_back_date = LocalDateField(_l("Return date"), validators=[DataRequired()])
    travel_back_time = TimeField(_l("Return time (trainer's home clock)"), validators=[DataRequired()])
    crossing_id = SelectField(_l("Border crossing"), coerce=_optional_int, validators=[Optional()])
    accommodation = TextAreaField(_l("Accommodation"), validators=[Optional(), Length(max=2000)])
    transport = TextAreaField(_l("Transport"), validators=[Optional(), Length(max=2000)])
    skill_override = TextAreaField(_l("Reason for keeping a trainer without the course's skill"),
                                   validators=[Optional(), Length(max=2000)])
    version = HiddenField()

    def __init__(self, *args, crossings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.crossing_id.choices = choices([("", _l("— none —"))] + [(c.id, c.name) for c in crossings])

    def values(self) -> dict:
        return {name: self[name].data for name in ("role", "crossing_id", "accommodation", "transport",
                                                   "skill_override")}


class AssignmentForm(AssignmentEditForm):
    trainer_id = SelectField(_l("Trainer"), coerce=_optional_int, validators=[DataRequired()])

    def __init__(self, *args, trainers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.trainer_id.choices = choices([("", _l("— choose —"))]
                                          + [(t.id, f"{t.name} ({t.side.name})") for t in trainers])


class ReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    version = HiddenField()


class VisaForm(BaseForm):
    """Where a trip's visa stands; validity as printed on the visa (the visited country's days)."""

    status = SelectField(_l("Visa"), choices=choices(VISA_STATUSES.items()), validators=[DataRequired()])
    needed_by = LocalDateField(_l("Visa needed by"), validators=[Optional()])
    valid_from = LocalDateField(_l("Valid from"), validators=[Optional()])
    valid_until = LocalDateField(_l("Valid until"), validators=[Optional()])
    number = StringField(_l("Visa number"), validators=[Optional(), Length(max=60)])
    version = HiddenField()

    def values(self) -> dict:
        return {name: self[name].data for name in ("status", "needed_by", "valid_from", "valid_until", "number")}
