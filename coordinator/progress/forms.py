"""The dashboard's period and side, read from the query string (dates in the viewer's calendar)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from ..forms import BaseForm
from ..l10n.fields import LocalDateField


class PeriodForm(BaseForm):
    class Meta:
        csrf = False

    start = LocalDateField(_l("From"))
    end = LocalDateField(_l("To"))
    # Checked by the view against the sides in the database: a typed id is refused with a message.
    side = SelectField(_l("Side"), choices=[], validate_choice=False)
    # Without dates the period runs from the last meeting of this series (checked by the view like the side).
    series = SelectField(_l("Meeting series"), choices=[], validate_choice=False)

    def __init__(self, *args, sides=(), series=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.side.choices = [("", _l("Both sides"))] + [(str(s.id), s.names) for s in sides]
        self.series.choices = [("", _l("Any meeting"))] + [(str(sid), names) for sid, names in series]
