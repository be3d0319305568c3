"""coordinator.forms.html_params writes a field's attributes exactly as WTForms' own does (it replaces it for
speed: forms.install_html_params), for every kind of key and value a form passes."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import Form, SelectChoice, SelectField, StringField, SubmitField

from coordinator.forms import WTFORMS_HTML_PARAMS, html_params, install_html_params

CASES = [
    {},
    {"name": "title", "id": "title", "class_": "wide"},
    {"value": 'a "quoted" <b>&</b> \'text\''},
    {"value": Markup("<b>kept</b> \"as is\"")},
    {"checked": True, "readonly": False, "disabled": True},
    {"data_picker_url": "/courses/pick?q=a&b=c", "aria_describedby": "hint-1", "for_": "x"},
    {"placeholder": "۱۴۰۵/۰۹/۱۵", "dir": "ltr", "maxlength": 200, "min": 0, "step": 0.5},
    {"value": None, "title": ""},
    {"zeta": "z", "alpha": "a", "mid": "m"},  # sorted by key
]


@pytest.mark.parametrize("params", CASES)
def test_the_same_attributes_as_wtforms_writes(params):
    ours, theirs = html_params(**params), WTFORMS_HTML_PARAMS(**params)
    assert ours == theirs and isinstance(ours, Markup)


def test_fields_and_labels_drawn_with_it_are_as_before():
    class Sample(Form):
        title = StringField("Title <required>")
        kind = SelectField("Kind", choices=[SelectChoice("a", "A & B"), SelectChoice("b", '"B"')])
        send = SubmitField("Send")

    install_html_params()
    form = Sample(data={"title": 'He said "hi" & left', "kind": "b"})
    assert str(form.title(class_="wide", data_hint="x")) == (
        '<input class="wide" data-hint="x" id="title" name="title" type="text" '
        'value="He said &#34;hi&#34; &amp; left">')
    assert str(form.title.label) == '<label for="title">Title &lt;required&gt;</label>'
    assert str(form.kind()) == ('<select id="kind" name="kind"><option value="a">A &amp; B</option>'
                                '<option selected value="b">&#34;B&#34;</option></select>')
    assert str(form.send()) == '<input id="send" name="send" type="submit" value="Send">'
