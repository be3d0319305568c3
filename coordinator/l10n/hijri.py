"""Hijri (lunar, Umm al-Qura) dates typed by people: parsed in any digits, refused when the day does not exist.

Iran's and Iraq's announced lunar dates may differ from Umm al-Qura by a day: callers keep a converted
date "estimated" until a person confirms it.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from hijridate import Gregorian, Hijri

from .digits import InputError, Shown, clean_input

_HIJRI_RE = re.compile(r"(\d{3,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")
# The span hijridate's Umm al-Qura tables cover.
YEARS = (1343, 1500)


def parse_hijri(text: str) -> date:
    """"1448/01/10" (any digits) as the Gregorian day it falls on."""
    cleaned = clean_input(text, _l("Enter a date."))
    match = _HIJRI_RE.fullmatch(cleaned)
    if match is None:
        raise InputError(_l("Enter a Hijri date as year/month/day, for example 1448/01/10."))
    year, month, day = (int(part) for part in match.groups())
    return hijri_to_gregorian(year, month, day)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    low, high = YEARS
    if not low <= year <= high:
        raise InputError(_l("Enter a Hijri year between %(low)s and %(high)s.", low=Shown(low), high=Shown(high)))
    if not 1 <= month <= 12:
        raise InputError(_l("A Hijri year has twelve months; there is no month %(month)s.", month=Shown(month)))
    length = Hijri(year, month, 1).month_length()
    if not 1 <= day <= length:
        # The message names the month's real length: 29 or 30 days depending on the year.
        raise InputError(_l("Month %(month)s of %(year)s AH has %(length)s days; there is no day %(day)s.",
                            month=Shown(month), year=Shown(year), length=Shown(length), day=Shown(day)))
    return Hijri(year, month, day).to_gregorian()


def gregorian_to_hijri(d: date) -> tuple[int, int, int]:
    h = Gregorian(d.year, d.month, d.day).to_hijri()
    return h.year, h.month, h.day
