"""Plan forms: a new target, a target's new value; a budget line, a per-diem rate."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Length

from ..forms import BaseForm, optional_id
from ..l10n.fields import LocalDateField, LocalDecimalField, LocalIntegerField
from .models import BUDGET_ITEMS, CURRENCIES


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


class BudgetLineForm(BaseForm):
    item = SelectField(_l("Pays for"), validate_choice=False)
    description = StringField(_l("Description (optional)"), validators=[Length(max=600)])
    # A side's id, or "other" for a named third party: checked by the service.
    payer = SelectField(_l("Paid by"), validate_choice=False)
    payer_name = StringField(_l("Third party (if a third party pays)"), validators=[Length(max=400)])
    currency = SelectField(_l("Currency"), validate_choice=False)
    rate = LocalDecimalField(_l("Exchange rate: units for one US dollar"), places=6)
    rate_on = LocalDateField(_l("Day of the exchange rate"))
    planned = LocalDecimalField(_l("Planned"), places=2)
    committed = LocalDecimalField(_l("Committed"), places=2)
    actual = LocalDecimalField(_l("Actual"), places=2)

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item.choices = list(BUDGET_ITEMS.items())
        self.payer.choices = [(str(s.id), s.name) for s in sides] + [("other", _l("A third party"))]
        self.currency.choices = list(CURRENCIES.items())

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "item", "description", "payer", "payer_name", "currency", "rate", "rate_on", "planned", "committed",
            "actual")}


class BudgetLineEditForm(BudgetLineForm):
    version = HiddenField()


class ExchangeForm(BaseForm):
    """The exchange rate a computed per-diem line is kept at."""

    rate = LocalDecimalField(_l("Exchange rate: units for one US dollar"), places=6)
    rate_on = LocalDateField(_l("Day of the exchange rate"))


class PerDiemRateForm(BaseForm):
    side_id = SelectField(_l("Side that pays"), coerce=optional_id)
    destination_side_id = SelectField(_l("Destination"), coerce=optional_id)
    currency = SelectField(_l("Currency"), validate_choice=False)
    daily = LocalDecimalField(_l("Per-diem for a day"), places=2)
    valid_from = LocalDateField(_l("Applies from"))

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.side_id.choices = [(s.id, s.name) for s in sides]
        self.destination_side_id.choices = [(s.id, s.name) for s in sides]
        self.currency.choices = list(CURRENCIES.items())

    def values(self) -> dict:
        return {name: self._fields[name].data for name in ("side_id", "destination_side_id", "currency", "daily",
                                                          "valid_from")}
