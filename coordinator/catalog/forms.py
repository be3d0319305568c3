"""Forms for reference data; every named record takes its name in Persian and Arabic."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from ..forms import BaseForm, MultiCheckboxField, choices, optional_id
from ..l10n.fields import HijriDateField, LocalDateField, LocalIntegerField
from ..l10n.locales import current_lang
from . import isco
from .models import ACCREDITATION, CALENDARS, CENTRE_KINDS, FIXED_IN, HOLIDAY_KINDS

WEEKDAYS = [
    ("5", _l("Saturday")),
    ("6", _l("Sunday")),
    ("0", _l("Monday")),
    ("1", _l("Tuesday")),
    ("2", _l("Wednesday")),
    ("3", _l("Thursday")),
    ("4", _l("Friday")),
]


class NamedForm(BaseForm):
    """Names in both languages of the programme; English is optional."""

    name_fa = StringField(_l("Name in Persian"), validators=[DataRequired(), Length(max=200)])
    name_ar = StringField(_l("Name in Arabic"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()

    # Fields that are not attributes of the record.
    NOT_STORED = frozenset({"csrf_token", "version"})

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        if hasattr(self, "side_id"):
            self.side_id.choices = choices((s.id, s.name) for s in sides)

    def values(self) -> dict:
        """The submitted values, keyed by record attribute: what the service may set, nothing more."""
        data = {}
        for name, field in self._fields.items():
            if name in self.NOT_STORED:
                continue
            value = field.data
            if isinstance(value, str):
                value = value.strip()
            data[name] = value
        return data


class SideForm(NamedForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=10), Regexp(r"^[A-Za-z0-9_-]+$",
                       message=_l("Use Latin letters, digits, - and _ only."))])
    country_code = StringField(_l("Country code (ISO)"), validators=[DataRequired(), Length(min=2, max=2)])
    organisation_fa = StringField(_l("Organisation in Persian"), validators=[DataRequired(), Length(max=300)])
    organisation_ar = StringField(_l("Organisation in Arabic"), validators=[DataRequired(), Length(max=300)])
    organisation_en = StringField(_l("Organisation in English"), validators=[Optional(), Length(max=300)])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    calendar = SelectField(_l("Calendar"), choices=choices(CALENDARS.items()), validators=[DataRequired()])
    weekend = MultiCheckboxField(_l("Weekend days"), choices=choices(WEEKDAYS))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = sorted(z for z in available_timezones() if z.startswith("Asia/")) + ["UTC"]
        self.timezone.choices = choices((z, z) for z in zones)


class HolidayForm(NamedForm):
    side_id = SelectField(_l("Side"), validators=[DataRequired()], coerce=int)
    day = LocalDateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=choices(HOLIDAY_KINDS.items()), default="public",
                       validators=[Optional()])
    centre_id = SelectField(_l("Only at this centre"), coerce=optional_id)
    estimated = BooleanField(_l("Estimated (lunar date not yet announced)"))
    fixed_in = SelectField(_l("Same date every year in"), choices=choices([("", _l("No (lunar or one-off)")),
                                                                         *FIXED_IN.items()]),
                           validators=[Optional()])

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.centre_id.choices = choices([("", _l("The whole side")), *((c.id, c.name) for c in centres)])


class DaysOffForm(HolidayForm):
    """One day or a range, typed in the viewer's calendar or by its Hijri (lunar) date."""

    day = LocalDateField(_l("Date"), validators=[Optional()])
    hijri_day = HijriDateField(_l("Or the Hijri (lunar) date"), validators=[Optional()])
    last_day = LocalDateField(_l("Last day (for a range)"), validators=[Optional()])

    NOT_STORED = NamedForm.NOT_STORED | {"hijri_day", "active"}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.day.data is None and self.hijri_day.data is None:
            self.day.errors.append(_l("Enter the date, or its Hijri date."))
            return False
        if ok and self.day.data is not None and self.hijri_day.data is not None \
                and self.day.data != self.hijri_day.data:
            self.hijri_day.errors.append(_l("The two dates are different days: enter only one."))
            return False
        return ok

    def values(self) -> dict:
        data = super().values()
        if data.get("day") is None:
            data["day"] = self.hijri_day.data
            # A converted lunar date is Umm al-Qura's; Iran and Iraq may announce it a day apart.
            data["estimated"] = True
        return data


class YearForm(BaseForm):
    side_id = SelectField(_l("Side"), validators=[DataRequired()], coerce=int)
    year = LocalIntegerField(_l("Year (Gregorian)"), minimum=2000, maximum=2100, validators=[InputRequired()])

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.side_id.choices = choices((s.id, s.name) for s in sides)


class CentreForm(NamedForm):
    side_id = SelectField(_l("Side"), validators=[DataRequired()], coerce=int)
    kind = SelectField(_l("Kind"), choices=choices(CENTRE_KINDS.items()), validators=[DataRequired()])
    city_fa = StringField(_l("City in Persian"), validators=[DataRequired(), Length(max=120)])
    city_ar = StringField(_l("City in Arabic"), validators=[DataRequired(), Length(max=120)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=200)])
    licence_number = StringField(_l("Licence number"), validators=[Optional(), Length(max=40)])
    licence_valid_until = LocalDateField(_l("Licence valid until"), validators=[Optional()])
    accreditation = SelectField(_l("Accreditation"), choices=choices(ACCREDITATION.items()), default="none",
                                validators=[Optional()])


class SkillStandardForm(NamedForm):
    code = StringField(_l("Standard code"), validators=[DataRequired(), Length(max=40)])
    field_fa = StringField(_l("Occupational field in Persian"), validators=[Optional(), Length(max=200)])
    field_ar = StringField(_l("Occupational field in Arabic"), validators=[Optional(), Length(max=200)])
    theory_hours = LocalIntegerField(_l("Theory hours"), minimum=0, maximum=5000, validators=[InputRequired()])
    practice_hours = LocalIntegerField(_l("Practice hours"), minimum=0, maximum=5000,
                                       validators=[InputRequired()])
    # The service judges the code (a clear message for a code typed by hand or sent by a stale page).
    isco_code = SelectField(_l("ISCO-08 occupation (unit group)"), validate_choice=False,
                            validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.isco_code.choices = [("", _l("Not set")), *isco.choices(current_lang())]


class TargetGroupForm(NamedForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40), Regexp(r"^[a-z0-9_]+$",
                       message=_l("Use lower-case Latin letters, digits and _ only."))])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    sort_order = LocalIntegerField(_l("Order in lists"), minimum=0, maximum=10000, validators=[Optional()])
    waiting_priority = LocalIntegerField(_l("Waiting-list priority (1 first; empty: none)"), minimum=1,
                                         maximum=99, validators=[Optional()])


class BorderCrossingForm(NamedForm):
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    sort_order = LocalIntegerField(_l("Order in lists"), minimum=0, maximum=10000, validators=[Optional()])
