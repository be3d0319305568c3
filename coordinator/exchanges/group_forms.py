"""Forms of the group trip pages: travel typed in the travelling side's clock and the viewer's calendar."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, choices
from ..l10n.fields import LocalDateField
from .assignment_forms import _optional_int
from .models import VISA_STATUSES


class GroupTripForm(BaseForm):
    travel_out_date = LocalDateField(_l("Departure date"), validators=[DataRequired()])
    travel_out_time = TimeField(_l("Departure time (the group's home clock)"), validators=[DataRequired()])
    travel_back_date = LocalDateField(_l("Return date"), validators=[DataRequired()])
    travel_back_time = TimeField(_l("Return time (the group's home clock)"), validators=[DataRequired()])
    crossing_id = SelectField(_l("Border crossing"), coerce=_optional_int, validators=[Optional()])
    escort_trainer_id = SelectField(_l("Escort (a trainer)"), coerce=_optional_int, validators=[Optional()])
    escort_name = StringField(_l("Escort (someone else)"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    version = HiddenField()

    def __init__(self, *args, crossings=(), trainers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.crossing_id.choices = choices([("", _l("— none —"))] + [(c.id, c.name) for c in crossings])
        self.escort_trainer_id.choices = choices([("", _l("— none —"))] + [(t.id, t.name) for t in trainers])

    def values(self) -> dict:
        return {name: self[name].data for name in ("crossing_id", "escort_trainer_id", "escort_name", "notes")}


class TravellerForm(BaseForm):
    """One trainee's documents for the trip: the passport as printed, the visa of this trip."""

    name_latin = StringField(_l("Name as in the passport (Latin letters)"),
                             validators=[Optional(), Length(max=200)], render_kw={"dir": "ltr"})
    nationality = StringField(_l("Nationality (country code)"), validators=[Optional(), Length(max=2)],
                              render_kw={"dir": "ltr"})
    passport_number = StringField(_l("Passport number"), validators=[Optional(), Length(max=40)],
                                  render_kw={"dir": "ltr", "autocomplete": "off"})
    passport_expires_on = LocalDateField(_l("Passport valid until"), validators=[Optional()])
    visa_status = SelectField(_l("Visa"), choices=choices(VISA_STATUSES.items()), validators=[DataRequired()])
    visa_needed_by = LocalDateField(_l("Visa needed by"), validators=[Optional()])
    visa_valid_from = LocalDateField(_l("Valid from"), validators=[Optional()])
    visa_valid_until = LocalDateField(_l("Valid until"), validators=[Optional()])
    visa_number = StringField(_l("Visa number"), validators=[Optional(), Length(max=60)], render_kw={"dir": "ltr"})
    version = HiddenField()

    def values(self) -> dict:
        return {name: self[name].data for name in (
            "name_latin", "nationality", "passport_number", "passport_expires_on", "visa_status", "visa_needed_by",
            "visa_valid_from", "visa_valid_until", "visa_number")}


class StepForm(BaseForm):
    version = HiddenField()
