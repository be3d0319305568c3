"""Plan forms: a new target, a target's new value."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField

from ..forms import BaseForm, optional_id
from ..l10n.fields import LocalDecimalField, LocalIntegerField


class TargetForm(BaseForm):
    side_id = SelectField(_l("Side"), coerce=optional_id)
    year = LocalIntegerField(_l("Year (in the side's calendar)"), minimum=1, maximum=9999)
    # Checked by the service against the catalogue: a made-up key is refused with a message.
    figure = SelectField(_l("Figure"), validate_choice=False)
    target = LocalDecimalField(_l("Target for the year (a share: the minimum per cent)"), places=2)

    def values(self) -> dict:
        return {"side_id": self.side_id.data, "year": self.year.data, "figure": self.figure.data,
                "target": self.target.data}


class TargetValueForm(BaseForm):
    target = LocalDecimalField(_l("Target for the year (a share: the minimum per cent)"), places=2)
    version = HiddenField()
