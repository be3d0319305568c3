"""Course forms: the course record, the timetable, workflow steps."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..catalog.forms import WEEKDAYS
from ..forms import BaseForm, MultiCheckboxField, choices, optional_id
from ..l10n.fields import LocalDateField, LocalIntegerField
from ..l10n.text import isolate_ltr
from .models import DELIVERY, LANGUAGES, SESSION_KINDS

# A select the person must choose in starts on this prompt, never on the first record (a skill standard or a
# centre chosen for them goes unnoticed); the required message then names what to choose.
CHOOSE = _l("Choose…")


def prompted(pairs) -> list:
    return choices([("", CHOOSE), *pairs])


class CourseForm(BaseForm):
    name_fa = StringField(_l("Title in Persian"), validators=[DataRequired(), Length(max=200)])
    name_ar = StringField(_l("Title in Arabic"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    skill_standard_id = SelectField(_l("Skill standard"), coerce=optional_id,
                                    validators=[DataRequired(_l("Choose the skill standard."))])
    host_centre_id = SelectField(_l("Host centre"), coerce=optional_id,
                                 validators=[DataRequired(_l("Choose the host centre."))])
    start_date = LocalDateField(_l("Start date"), validators=[DataRequired()])
    end_date = LocalDateField(_l("End date"), validators=[DataRequired()])
    theory_hours = LocalIntegerField(_l("Theory hours"), minimum=0, maximum=5000, validators=[InputRequired()])
    practice_hours = LocalIntegerField(_l("Practice hours"), minimum=0, maximum=5000,
                                       validators=[InputRequired()])
    capacity = LocalIntegerField(_l("Capacity"), minimum=1, maximum=1000, validators=[InputRequired()])
    quota_host = LocalIntegerField(_l("Places for the host side's trainees (empty: no limit)"), minimum=0,
                                   maximum=1000, validators=[Optional()])
    quota_partner = LocalIntegerField(_l("Places for the other side's trainees (empty: no limit)"), minimum=0,
                                      maximum=1000, validators=[Optional()])
    min_attendance = LocalIntegerField(_l("Minimum attendance (share of sessions)"), minimum=0, maximum=100,
                                       validators=[InputRequired()], default=80)
    pass_mark_theory = LocalIntegerField(_l("Theory pass mark (empty: the standard's)"), minimum=0,
                                         maximum=100, validators=[Optional()])
    pass_mark_practice = LocalIntegerField(_l("Practice pass mark (empty: the standard's)"), minimum=0,
                                           maximum=100, validators=[Optional()])
    target_group_ids = MultiCheckboxField(_l("Target groups"), coerce=int)
    language = SelectField(_l("Language of instruction"), choices=prompted(LANGUAGES.items()),
                           validators=[DataRequired(_l("Choose the language of instruction."))])
    delivery = SelectField(_l("Delivery"), choices=prompted(DELIVERY.items()),
                           validators=[DataRequired(_l("Choose how the course is delivered."))])
    funding_note = TextAreaField(_l("Fees and funding"), validators=[Optional(), Length(max=2000)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    version = HiddenField()

    def __init__(self, *args, standards=(), centres=(), target_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_standard_id.choices = prompted((s.id, f"{isolate_ltr(s.code)} – {s.name}") for s in standards)
        self.host_centre_id.choices = prompted((c.id, f"{c.name} ({c.side.name})") for c in centres)
        self.target_group_ids.choices = choices((g.id, g.name) for g in target_groups)

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items()
                if name not in ("csrf_token", "version")}


class WeeklySessionsForm(BaseForm):
    weekdays = MultiCheckboxField(_l("Weekdays"), choices=choices(WEEKDAYS))
    start_time = TimeField(_l("From (host time)"), validators=[DataRequired()])
    end_time = TimeField(_l("To (host time)"), validators=[DataRequired()])
    topic = StringField(_l("Topic"), validators=[Optional(), Length(max=200)])
    skip_days_off = SelectField(_l("Weekends and public holidays"), default="skip", choices=choices([
        ("skip", _l("Leave them out")), ("keep", _l("Include them (a warning is shown)")),
    ]))
    kind = SelectField(_l("Theory or practice"), choices=choices(SESSION_KINDS.items()), default="mixed")
    room = StringField(_l("Room or workshop"), validators=[Optional(), Length(max=100)])


class SessionForm(BaseForm):
    day = LocalDateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("From (host time)"), validators=[DataRequired()])
    end_time = TimeField(_l("To (host time)"), validators=[DataRequired()])
    topic = StringField(_l("Topic"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Theory or practice"), choices=choices(SESSION_KINDS.items()), default="mixed")
    room = StringField(_l("Room or workshop"), validators=[Optional(), Length(max=100)])


class SessionEditForm(SessionForm):
    version = HiddenField()

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "version")}


class ReviewForm(BaseForm):
    decision = SelectField(_l("Answer"), choices=choices([
        ("sent_back", _l("Send back to the host side with a comment")), ("refused", _l("Refuse the course")),
    ]), validators=[DataRequired()])
    comment = TextAreaField(_l("Comment or reason"), validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()


class OverrideForm(BaseForm):
    action = HiddenField()
    reason = TextAreaField(_l("Why the step cannot wait"), validators=[DataRequired(), Length(max=2000)])


class CancelForm(BaseForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()
