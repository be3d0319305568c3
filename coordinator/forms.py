"""Form pieces shared by every area."""

from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from .converters import MAX_ID


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
