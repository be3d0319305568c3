"""Study visit forms: the record, a place, a programme day, a delegate (a trainer or a guest) and their visa, a
lesson, a follow-up, a step."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..exchanges.models import VISA_STATUSES
from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDateField
from .models import PLACE_KINDS

CHOOSE = _l("Choose…")


def _values(form, names) -> dict:
    return {name: form._fields[name].data for name in names}


class VisitForm(BaseForm):
    name_fa = StringField(_l("Title in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Title in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Title in English (optional)"), validators=[Length(max=400)])
    host_side_id = SelectField(_l("Host side"), coerce=optional_id)
    guest_side_id = SelectField(_l("Visiting side"), coerce=optional_id)
    purpose_fa = TextAreaField(_l("Purpose in Persian"), validators=[Length(max=8000)])
    purpose_ar = TextAreaField(_l("Purpose in Arabic"), validators=[Length(max=8000)])
    starts_on = LocalDateField(_l("First day (host's clock)"))
    ends_on = LocalDateField(_l("Last day (host's clock)"))
    host_contacts = TextAreaField(_l("Host contacts"), validators=[Length(max=8000)],
                                  description=_l("Who receives the delegation: names, posts, telephones."))
    version = HiddenField()

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        pairs = [("", CHOOSE), *((s.id, s.name) for s in sides)]
        self.host_side_id.choices = choices(pairs)
        self.guest_side_id.choices = choices(pairs)

    def values(self) -> dict:
        return _values(self, ("name_fa", "name_ar", "name_en", "host_side_id", "guest_side_id", "purpose_fa",
                              "purpose_ar", "starts_on", "ends_on", "host_contacts"))


class PlaceForm(BaseForm):
    kind = SelectField(_l("Kind of place"), default="centre")
    centre_id = SelectField(_l("Centre or institute"), coerce=optional_id)
    name_fa = StringField(_l("Or its name in Persian"), validators=[Length(max=600)])
    name_ar = StringField(_l("and in Arabic"), validators=[Length(max=600)])

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(PLACE_KINDS.items())
        self.centre_id.choices = choices([("", _l("None: named below")), *((c.id, c.name) for c in centres)])

    def values(self) -> dict:
        return _values(self, ("kind", "centre_id", "name_fa", "name_ar"))


class DayForm(BaseForm):
    day = LocalDateField(_l("Day"))
    text_fa = TextAreaField(_l("Programme in Persian"), validators=[Length(max=4000)])
    text_ar = TextAreaField(_l("Programme in Arabic"), validators=[Length(max=4000)])

    def values(self) -> dict:
        return _values(self, ("day", "text_fa", "text_ar"))


class DelegatePostForm(BaseForm):
    """A delegate's post and headship; for a guest, their names, passport and account too."""

    post_fa = StringField(_l("Post in Persian"), validators=[Length(max=400)])
    post_ar = StringField(_l("Post in Arabic"), validators=[Length(max=400)])
    heads = BooleanField(_l("Head of the delegation"))
    name_fa = StringField(_l("Guest's name in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Guest's name in Arabic"), validators=[Length(max=400)])
    name_en = StringField(_l("Name in Latin letters (as in the passport)"), validators=[Length(max=400)])
    passport_number = StringField(_l("Passport number"), validators=[Length(max=40)])
    passport_expires_on = LocalDateField(_l("Passport valid until"))
    user_id = SelectField(_l("Their account in Coordinator (optional)"), coerce=optional_id,
                          description=_l("A manager or liaison of the visiting side: the visit shows among theirs."))

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = choices([("", _l("No account")), *((u.id, u.display_name) for u in accounts)])

    def values(self) -> dict:
        return _values(self, ("post_fa", "post_ar", "heads", "name_fa", "name_ar", "name_en", "passport_number",
                              "passport_expires_on", "user_id"))


class DelegateForm(DelegatePostForm):
    trainer_id = SelectField(_l("Traveller"), coerce=optional_id,
                             description=_l("People of the visiting side with a traveller's record in the "
                                            "exchange, where their passport and visas are kept; for anyone else "
                                            "(a director, a centre manager, a guest) choose “a guest” and fill in "
                                            "the guest's details."))

    def __init__(self, *args, travellers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.trainer_id.choices = choices([("", _l("A guest, named below")), *((t.id, t.name) for t in travellers)])

    def values(self) -> dict:
        return super().values() | {"trainer_id": self.trainer_id.data}


class VisaForm(BaseForm):
    """The visa of one delegate for this visit."""

    visa_status = SelectField(_l("Visa"))
    visa_valid_from = LocalDateField(_l("Valid from"))
    visa_valid_until = LocalDateField(_l("Valid until"))
    visa_number = StringField(_l("Visa number"), validators=[Length(max=60)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.visa_status.choices = choices(VISA_STATUSES.items())

    def values(self) -> dict:
        return _values(self, ("visa_status", "visa_valid_from", "visa_valid_until", "visa_number"))


class LessonForm(BaseForm):
    topic_fa = StringField(_l("Topic in Persian"), validators=[Length(max=600)])
    topic_ar = StringField(_l("Topic in Arabic"), validators=[Length(max=600)])
    observations = TextAreaField(_l("Observations"), validators=[Length(max=8000)])
    practices = TextAreaField(_l("Practices to adopt"), validators=[Length(max=8000)])

    def values(self) -> dict:
        return _values(self, ("topic_fa", "topic_ar", "observations", "practices"))


class FollowUpForm(BaseForm):
    lesson_id = SelectField(_l("Topic"), coerce=optional_id)
    name_fa = StringField(_l("Title in Persian"), validators=[Length(max=400)])
    name_ar = StringField(_l("Title in Arabic"), validators=[Length(max=400)])
    # The service says why someone may not own it (of neither side), not "not a valid choice".
    owner_id = SelectField(_l("Responsible person"), coerce=optional_id, validate_choice=False)
    side_id = SelectField(_l("Responsible side"), coerce=optional_id, validate_choice=False)
    due_on = LocalDateField(_l("Due on"))

    def __init__(self, *args, lessons=(), people=(), sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_id.choices = choices([("", CHOOSE), *((lesson.id, lesson.topic) for lesson in lessons)])
        self.owner_id.choices = choices([("", CHOOSE), *((u.id, u.display_name) for u in people)])
        self.side_id.choices = choices([("", _l("The responsible person's side")),
                                        *((s.id, s.name) for s in sides)])

    def values(self) -> dict:
        return _values(self, ("lesson_id", "name_fa", "name_ar", "owner_id", "side_id", "due_on"))


class StepForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    version = HiddenField()
