"""Trainer forms: the profile, a travel document, an unavailability period, the figures' period."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import BaseForm, MultiCheckboxField, choices, optional_id
from ..l10n.fields import LocalDateField
from ..l10n.text import isolate_ltr
from .models import DOCUMENT_KINDS, LANGUAGE_LEVELS


class TrainerForm(BaseForm):
    name_fa = StringField(_l("Name as written in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Name as written in Arabic"), validators=[Length(max=400)])
    side_id = SelectField(_l("Home side"), coerce=optional_id)
    centre_id = SelectField(_l("Training centre"), coerce=optional_id)
    user_id = SelectField(_l("User account"), coerce=optional_id)
    skill_ids = MultiCheckboxField(_l("Skill standards they can teach"), coerce=int)
    level_fa = SelectField(_l("Persian"))
    level_ar = SelectField(_l("Arabic"))
    level_en = SelectField(_l("English"))
    qualifications = TextAreaField(_l("Qualifications"), validators=[Length(max=8000)])
    phone = StringField(_l("Phone"), validators=[Length(max=60)],
                        render_kw={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"})
    version = HiddenField()

    def __init__(self, *args, sides=(), centres=(), users=(), skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        # i18n: the empty first option of a drop-down list
        choose = _l("Choose…")
        sides = list(sides)
        self.side_id.choices = choices((s.id, s.name) for s in sides)
        if len(sides) > 1:
            self.side_id.choices.insert(0, choices([("", choose)])[0])
        self.centre_id.choices = choices([("", _l("None of these")),
                                          *((c.id, f"{c.name} ({c.side.name})") for c in centres)])
        self.user_id.choices = choices([("", _l("No user account")),
                                        *((u.id, f"{u.full_name} ({u.username})") for u in users)])
        self.skill_ids.choices = choices((s.id, f"{isolate_ltr(s.code)} {s.name}") for s in skills)
        # i18n: a language the trainer does not speak
        levels = choices([("", _l("Does not speak it")), *LANGUAGE_LEVELS.items()])
        for field in (self.level_fa, self.level_ar, self.level_en):
            field.choices = levels

    def values(self) -> dict:
        data = {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "side_id", "centre_id", "user_id", "skill_ids", "level_fa", "level_ar",
            "level_en", "qualifications", "phone")}
        data["skill_ids"] = data["skill_ids"] or []
        return data


class DocumentForm(BaseForm):
    kind = SelectField(_l("Document"))
    country_code = SelectField(_l("Country"))
    expires_on = LocalDateField(_l("Expires on"))
    number = StringField(_l("Document number"), validators=[Optional(), Length(max=40)])
    holder_name = StringField(_l("Name as in the passport (Latin letters)"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        choose = _l("Choose…")
        self.kind.choices = choices([("", choose), *DOCUMENT_KINDS.items()])
        self.country_code.choices = choices([("", choose), *countries])

    def values(self) -> dict:
        return {"kind": self.kind.data, "country_code": self.country_code.data,
                "expires_on": self.expires_on.data, "number": self.number.data, "holder_name": self.holder_name.data}


class UnavailabilityForm(BaseForm):
    starts_on = LocalDateField(_l("First day"))
    ends_on = LocalDateField(_l("Last day"))
    reason = StringField(_l("Reason (optional)"), validators=[Length(max=600)])

    def values(self) -> dict:
        return {"starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "reason": self.reason.data}


class DeleteForm(BaseForm):
    """Only the CSRF token: removing a document or a period."""


class PeriodForm(BaseForm):
    """The figures' period, read from the query string."""

    class Meta:
        csrf = False

    start = LocalDateField(_l("From"))
    end = LocalDateField(_l("To"))
