"""Form pieces shared by every area."""

import wtforms.widgets
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import PasswordField, SelectChoice, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.widgets import core as widgets_core

from .converters import MAX_ID
from .l10n.text import drop_bidi_controls


class BaseForm(FlaskForm):
    """The form every page form derives from: its text fields drop bidi controls (see l10n/text.py).

    The filter runs before the validators, so a title made only of controls is refused as empty, and a
    length is checked on what will be stored. Passwords are left exactly as typed: they are compared, never
    displayed, and changing them would lock out whoever chose one with such a character.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options["filters"] = (drop_bidi_controls, *unbound_field.kwargs.get("filters", ()),
                                      *options.get("filters", ()))
            return super().bind_field(form, unbound_field, options)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; labels may be lazy strings."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def optional_id(value) -> int | None:
    """A select's value as a record id; the empty choice is None. Anything no table could hold (text, zero,
    a number past the id range) is a ValueError, which WTForms reports on the field as an invalid choice,
    instead of reaching the database as an overflow."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError(value)
    return number


def html_params(**kwargs) -> Markup:
    """WTForms' `html_params`, with the same output (tests/unit/test_form_rendering.py holds them side by side),
    written without `Markup.format`: its Python string formatter was the largest cost of drawing a field, and a
    page with three empty forms spent a tenth of its time in it."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = widgets_core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            params.append(f'{escape(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704 — every key and value escaped above


WTFORMS_HTML_PARAMS = widgets_core.html_params


def install_html_params() -> None:
    """Put `html_params` where WTForms' widgets and labels look it up (a module name and two class attributes)."""
    widgets_core.html_params = wtforms.widgets.html_params = html_params
    widgets_core.Input.html_params = widgets_core.SubmitInput.html_params = staticmethod(html_params)
