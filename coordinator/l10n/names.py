"""Codes people should not have to decode (IR, IQD, Asia/Tehran), named in the reader's language.

The codes stay what is stored and exchanged (ISO 3166, ISO 4217, IANA zones); pages show these names instead.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NAMES = {
    # Countries (ISO 3166-1 alpha-2)
    "IR": _l("Iran"), "IQ": _l("Iraq"),
    # Currencies (ISO 4217)
    "IRR": _l("Iranian rial"), "IQD": _l("Iraqi dinar"), "USD": _l("US dollar"),
    # Time zones (IANA)
    "Asia/Tehran": _l("Tehran time"), "Asia/Baghdad": _l("Baghdad time"),
}


def code_name(code) -> str:
    """The code's name in the reader's language; a code without one is shown as it is."""
    if code is None:
        return ""
    name = NAMES.get(str(code))
    return str(name) if name is not None else str(code)
