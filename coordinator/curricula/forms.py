"""Curriculum forms: the record, a version, a document, a comment, a translation task."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, choices
from ..l10n.digits import Shown
from ..l10n.fields import LocalDateField
from ..l10n.text import isolate_ltr
from .models import VERSION_LANGUAGES
from .services import MAX_COMMENT, MAX_NOTE


class CurriculumForm(BaseForm):
    name_fa = StringField(_l("Title in Persian"), validators=[DataRequired(), Length(max=200)])
    name_ar = StringField(_l("Title in Arabic"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    skill_standard_id = SelectField(_l("Skill standard"), coerce=int, validators=[DataRequired()])
    side_id = SelectField(_l("Owner side"), coerce=int, validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()

    def __init__(self, *args, standards=(), sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_standard_id.choices = choices((s.id, f"{isolate_ltr(s.code)} – {s.name}") for s in standards)
        self.side_id.choices = choices((s.id, s.name) for s in sides)

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "version")}


class VersionForm(BaseForm):
    language = SelectField(_l("Language"), choices=choices(VERSION_LANGUAGES.items()), validators=[DataRequired()])
    source_version_id = SelectField(_l("Translated from"), coerce=int, default=0, validators=[Optional()])
    change_note = TextAreaField(_l("What changed"), validators=[Optional(), Length(max=MAX_NOTE)])

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.source_version_id.choices = choices(
            [(0, _l("Not a translation"))]
            + [(v.id, _l("Version %(number)s (%(language)s)", number=Shown(v.number),
                         language=VERSION_LANGUAGES.get(v.language, v.language))) for v in versions])


class DocumentForm(BaseForm):
    file = FileField(_l("Document (PDF, DOCX, ODT, XLSX or an image)"))


class CommentForm(BaseForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=MAX_COMMENT)])
    parent_id = HiddenField()


class ShareForm(BaseForm):
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=MAX_NOTE)])


class TaskForm(BaseForm):
    source_version_id = SelectField(_l("Version to translate"), coerce=int, validators=[DataRequired()])
    target_language = SelectField(_l("Translate into"), choices=choices(VERSION_LANGUAGES.items()),
                                  validators=[DataRequired()])
    translator_id = SelectField(_l("Translator"), coerce=int, validators=[DataRequired()])
    due_on = LocalDateField(_l("Due date"), validators=[DataRequired()])

    def __init__(self, *args, versions=(), translators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.source_version_id.choices = choices(
            (v.id, _l("Version %(number)s (%(language)s)", number=Shown(v.number),
                      language=VERSION_LANGUAGES.get(v.language, v.language))) for v in versions)
        self.translator_id.choices = choices((u.id, f"{u.display_name} – {u.role_label}") for u in translators)
