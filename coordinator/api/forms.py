"""The profile page's form for a new personal access token."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import BaseForm, choices
from ..l10n.fields import LocalDateField

SCOPE_LABELS = {"read": _l("Read only"), "write": _l("Read and write")}


class TokenForm(BaseForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
    scope = SelectField(_l("Access"), choices=choices(SCOPE_LABELS.items()), default="read")
    expires_on = LocalDateField(_l("Expires after (optional)"), validators=[Optional()])


class RevokeForm(BaseForm):
    token_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=2**31 - 1)])
