"""Equipment forms: the register entry, a booking, a loan and its steps, a maintenance record, a period."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField, LocalDecimalField
from ..l10n.names import code_name
from .models import CATEGORIES, CONDITIONS, MAINTENANCE_KINDS
from .services import CURRENCIES


class ItemForm(BaseForm):
    side_id = SelectField(_l("Owning side"), coerce=optional_id)
    centre_id = SelectField(_l("Training centre"), coerce=optional_id)
    category = SelectField(_l("Category"))
    name_fa = StringField(_l("Name in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Length(max=400)])
    model = StringField(_l("Make and model"), validators=[Length(max=400)])
    asset_tag = StringField(_l("Serial number or asset tag"), validators=[Length(max=160)],
                            render_kw={"dir": "ltr", "autocomplete": "off"})
    condition = SelectField(_l("Condition"), validate_choice=False)  # the service checks it when needed
    shareable = BooleanField(_l("May be lent to the other side"))
    location = StringField(_l("Location"), validators=[Length(max=600)])
    version = HiddenField()

    def __init__(self, *args, sides=(), centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        choose = _l("Choose…")
        sides = list(sides)
        self.side_id.choices = choices((s.id, s.name) for s in sides)
        if len(sides) > 1:
            self.side_id.choices.insert(0, choices([("", choose)])[0])
        self.centre_id.choices = choices([("", choose), *((c.id, f"{c.name} ({c.side.name})") for c in centres)])
        self.category.choices = choices([("", choose), *CATEGORIES.items()])
        self.condition.choices = choices(CONDITIONS.items())

    def values(self) -> dict:
        return {name: self._fields[name].data for name in (
            "side_id", "centre_id", "category", "name_fa", "name_ar", "name_en", "model", "asset_tag",
            "condition", "shareable", "location")}


class BookingForm(BaseForm):
    # Typed, never chosen from every course: the service finds the course by its code or name (picking.py).
    course_ref = StringField(_l("Joint course (optional): its code or name"), validators=[Length(max=400)],
                             description=_l("A course's code such as JC-2027-0004, or part of its name in Persian "
                                            "or Arabic. Leave it empty to book for a period."))
    user_side_id = SelectField(_l("Side using the item"), coerce=optional_id)
    starts_on = LocalDateField(_l("First day"))
    ends_on = LocalDateField(_l("Last day"))
    purpose = StringField(_l("Purpose"), validators=[Length(max=2000)])

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_side_id.choices = choices((s.id, s.name) for s in sides)

    def values(self) -> dict:
        return {"course_ref": self.course_ref.data or "", "user_side_id": self.user_side_id.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "purpose": self.purpose.data}


class TransferForm(BaseForm):
    to_side_id = SelectField(_l("Lent to"), coerce=optional_id)
    booking_id = SelectField(_l("For the booking (optional)"), coerce=optional_id)
    day = LocalDateField(_l("Dispatched on"))
    person = StringField(_l("Dispatched by"), validators=[Length(max=400)])
    condition = SelectField(_l("Condition when dispatched"))
    due_back_on = LocalDateField(_l("Due back on"))

    def __init__(self, *args, sides=(), bookings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_side_id.choices = choices((s.id, s.name) for s in sides)
        self.booking_id.choices = choices([("", _l("None")), *((b.id, label) for b, label in bookings)])
        self.condition.choices = choices(CONDITIONS.items())

    def values(self) -> dict:
        return {"to_side_id": self.to_side_id.data, "booking_id": self.booking_id.data, "day": self.day.data,
                "person": self.person.data, "condition": self.condition.data,
                "due_back_on": self.due_back_on.data}


class StepForm(BaseForm):
    day = LocalDateField(_l("Date"))
    person = StringField(_l("Person"), validators=[Length(max=400)])
    condition = SelectField(_l("Condition"), validate_choice=False)  # the service checks it when needed

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.condition.choices = choices([("", _l("Not checked")), *CONDITIONS.items()])

    def values(self) -> dict:
        return {"day": self.day.data, "person": self.person.data, "condition": self.condition.data}


class MaintenanceForm(BaseForm):
    day = LocalDateField(_l("Date"))
    kind = SelectField(_l("Kind of work"))
    cost = LocalDecimalField(_l("Cost (optional)"), minimum=0, places=2)
    currency = SelectField(_l("Currency"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=8000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("Choose…")), *MAINTENANCE_KINDS.items()])
        self.currency.choices = choices((c, code_name(c)) for c in CURRENCIES)

    def values(self) -> dict:
        return {"day": self.day.data, "kind": self.kind.data, "cost": self.cost.data,
                "currency": self.currency.data, "notes": self.notes.data}


class ActionForm(BaseForm):
    """Cancelling a booking: the CSRF token and the version the page showed (a stale cancel is refused)."""

    version = HiddenField()


class PeriodForm(BaseForm):
    """The utilisation period, read from the query string."""

    class Meta:
        csrf = False

    start = LocalDateField(_l("From"))
    end = LocalDateField(_l("To"))
