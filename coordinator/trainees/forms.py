"""Trainee forms: the record itself and the two steps of an import (upload, confirm)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import Length

from ..forms import BaseForm, MultiCheckboxField, choices, optional_id
from ..l10n.fields import LocalDateField
from .models import EDUCATION, GENDERS


class TraineeForm(BaseForm):
    name_fa = StringField(_l("Name as written in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Name as written in Arabic"), validators=[Length(max=400)])
    gender = SelectField(_l("Gender"))
    side_id = SelectField(_l("Side"), coerce=optional_id)
    target_group_ids = MultiCheckboxField(_l("Target groups"), coerce=int)
    birth_date = LocalDateField(_l("Date of birth"))
    education = SelectField(_l("Education"))
    phone = StringField(_l("Phone"), validators=[Length(max=60)],
                        render_kw={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"})
    national_id = StringField(_l("National ID (optional)"), validators=[Length(max=60)],
                              render_kw={"dir": "ltr", "autocomplete": "off"})
    clear_national_id = BooleanField(_l("Remove the national ID"))
    father_name_fa = StringField(_l("Father's name in Persian"), validators=[Length(max=400)])
    father_name_ar = StringField(_l("Father's name in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Name in Latin letters (as in the passport)"), validators=[Length(max=400)],
                          render_kw={"dir": "ltr", "lang": "en"})
    father_name_en = StringField(_l("Father's name in Latin letters"), validators=[Length(max=400)],
                                 render_kw={"dir": "ltr", "lang": "en"})
    passport_number = StringField(_l("Passport number (optional)"), validators=[Length(max=40)],
                                  render_kw={"dir": "ltr", "autocomplete": "off"})
    clear_passport_number = BooleanField(_l("Remove the passport number"))
    # i18n: shown when the trainee looks like one already registered
    different_person = BooleanField(_l("This is a different person: register anyway"))
    version = HiddenField()

    def __init__(self, *args, sides=(), target_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        # i18n: the empty first option of a drop-down list
        choose = _l("Choose…")
        self.gender.choices = choices([("", choose), *GENDERS.items()])
        self.education.choices = choices([("", choose), *EDUCATION.items()])
        sides = list(sides)
        self.side_id.choices = choices((s.id, s.name) for s in sides)
        if len(sides) > 1:
            self.side_id.choices.insert(0, choices([("", choose)])[0])
        self.target_group_ids.choices = choices((g.id, g.name) for g in target_groups)

    def values(self) -> dict:
        """What the service judges: the typed values, keyed by trainee attribute."""
        data = {name: self._fields[name].data for name in (
            "name_fa", "name_ar", "gender", "side_id", "target_group_ids", "birth_date", "education", "phone",
            "national_id", "father_name_fa", "father_name_ar", "name_en", "father_name_en", "passport_number")}
        data["different_person"] = bool(self.different_person.data)
        return data


class ImportForm(BaseForm):
    file = FileField(_l("CSV or Excel file (.csv, .xlsx)"), render_kw={"accept": ".csv,.xlsx"})


class ConfirmImportForm(BaseForm):
    token = HiddenField()
