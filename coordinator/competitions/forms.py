"""Competition forms: the record, a participant, the results grid, the medallists' filters."""

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.validators import Length

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField, LocalDecimalField, LocalIntegerField
from ..l10n.text import isolate_ltr
from .models import LEVELS, MEDALS
from .services import RANK_MAX, SCORE_MAX, SCORE_MIN


class CompetitionForm(BaseForm):
    name_fa = StringField(_l("Name in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Length(max=400)])
    level = SelectField(_l("Level"))
    skill_standard_id = SelectField(_l("Skill standard"), coerce=optional_id)
    organiser_side_id = SelectField(_l("Organising side"), coerce=optional_id)
    starts_on = LocalDateField(_l("First day"))
    ends_on = LocalDateField(_l("Last day"))
    venue = StringField(_l("Venue"), validators=[Length(max=600)])
    version = HiddenField()

    def __init__(self, *args, sides=(), skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        # i18n: the empty first option of a drop-down list
        choose = _l("Choose…")
        self.level.choices = choices([("", choose), *LEVELS.items()])
        sides = list(sides)
        self.organiser_side_id.choices = choices((s.id, s.name) for s in sides)
        if len(sides) != 1:
            self.organiser_side_id.choices.insert(0, choices([("", choose)])[0])
        labels = ((s.id, f"{isolate_ltr(s.code)} {s.name}") for s in skills)
        self.skill_standard_id.choices = choices([("", choose), *labels])

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "name_en", "level", "skill_standard_id", "organiser_side_id", "starts_on",
            "ends_on", "venue")}


class ParticipantForm(BaseForm):
    trainee_id = SelectField(_l("Trainee"), coerce=optional_id, validate_choice=False)

    def __init__(self, *args, trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.trainee_id.choices = choices((t.id, f"{t.name} ({t.side.name})") for t in trainees)


class ResultRowForm(Form):
    """One participant's line of the grid; the service checks the participant belongs."""

    participant_id = HiddenField(filters=[lambda v: optional_id(v) if str(v or "").isdigit() else v])
    version = HiddenField()
    score = LocalDecimalField(_l("Score"), minimum=SCORE_MIN, maximum=SCORE_MAX, places=2)
    rank = LocalIntegerField(_l("Rank"), minimum=1, maximum=RANK_MAX)
    medal = SelectField(_l("Medal"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.medal.choices = choices([("", _l("No medal")), *MEDALS.items()])


class ResultsForm(BaseForm):
    rows = FieldList(FormField(ResultRowForm), max_entries=1000)

    def values(self) -> list[dict]:
        return [{"participant_id": row.participant_id.data, "version": row.version.data,
                 "score": row.score.data, "rank": row.rank.data, "medal": row.medal.data or None}
                for row in self.rows]


class DeleteForm(BaseForm):
    """Only the CSRF token: removing a participant."""


class MedallistFilterForm(BaseForm):
    class Meta:
        csrf = False

    level = SelectField(_l("Level"))
    year = LocalIntegerField(_l("Year"), minimum=1300, maximum=2200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = choices([("", _l("All levels")), *LEVELS.items()])
