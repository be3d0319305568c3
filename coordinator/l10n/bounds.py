"""The one range of dates the programme stores: the years 1900–2100, which the date inputs take.

Pages, the API, services and the CLI all hold this range (the API's date fields, the forms' parser and a
check before every flush); display code must still cope with any date older data may hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
# An instant typed within those years may carry any UTC offset (Python allows up to ±24 hours): a day's
# margin on each side keeps every such moment, and still converts to every calendar and clock.
INSTANT_MIN = datetime.combine(DATE_MIN - timedelta(days=1), time(), UTC)
INSTANT_MAX = datetime.combine(DATE_MAX + timedelta(days=2), time(), UTC)  # exclusive
# The same years in ISO 8601 text, for the API (JSON Schema has no bounds for dates, only patterns).
_DAY = r"(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = rf"^{_DAY}$"
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]"
INSTANT_PATTERN = rf"^{_DAY}T{_CLOCK}:[0-5][0-9](\.[0-9]{{1,6}})?(Z|[+-]{_CLOCK})$"


def in_range(value) -> bool:
    """Whether a date or an instant falls within the stored range; None (an empty optional date) does."""
    if value is None:
        return True
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return INSTANT_MIN <= aware < INSTANT_MAX
    if isinstance(value, date):
        return DATE_MIN <= value <= DATE_MAX
    return True


def clamp(day: date) -> date:
    """The nearest day within the stored range: for periods computed from dates older data may hold."""
    return min(max(day, DATE_MIN), DATE_MAX)
