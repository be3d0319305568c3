"""Log-in, password and profile forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField
from .roles import ROLE_LABELS


class LoginForm(BaseForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class PasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class PreferencesForm(BaseForm):
    locale = SelectField(_l("Language"), validators=[DataRequired()])
    # No Optional(): it takes a value str.strip() empties ("\x1f") for "nothing chosen" and skips the
    # check against the choices; the empty choice ("my side's clock") is a choice like the others.
    timezone = SelectField(_l("Time zone"))


def side_choices(sides):
    return choices([("", _l("— none —"))] + [(s.id, s.name) for s in sides])


class UserForm(BaseForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=60)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=200)])
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()), validators=[DataRequired()])
    side_id = SelectField(_l("Side"), validators=[Optional()])
    centre_id = SelectField(_l("Only this centre"), coerce=optional_id, validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)])
    version = HiddenField()

    def __init__(self, *args, sides=(), centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.side_id.choices = side_choices(sides)
        self.centre_id.choices = choices([("", _l("Every centre of the side")), *((c.id, c.name) for c in centres)])


SCOPE_LABELS = {"read": _l("Read only"), "write": _l("Read and write")}


class TokenForm(BaseForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
    scope = SelectField(_l("Access"), choices=choices(SCOPE_LABELS.items()), default="read")
    expires_on = LocalDateField(_l("Expires after (optional)"), validators=[Optional()])


class RevokeForm(BaseForm):
    token_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=2**31 - 1)])
