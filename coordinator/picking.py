"""The one rule every picker shares (a form links to another record by what people type, never an id):
exactly one match is the record; none, or several, is a problem on the field that says what was typed and
lists the matches so the person can type the one they mean. The finders live with their records
(courses/pickers.py, meetings/pickers.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from .l10n.text import join_parts
from .viewer import viewer_lang

SHOWN_MAX = 80  # of what was typed, in a message
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate: the typed text's own first letter sets its direction


def typed(text) -> str:
    """What was typed, its spaces collapsed: how a label comes back and how finders read it."""
    return " ".join((text or "").split())


def isolate(text: str) -> str:
    """What was typed, as one run in a message: a code typed in Persian or Arabic text keeps its order."""
    return f"{FSI}{text}{PDI}"


def pick_one(text, find: Callable[[str], list], label: Callable[[object], str], *, field: str, kind_name,
             problems: list, current=None, shown: Callable[[object], str] | None = None):
    """The one record `text` names, else None with a problem on `field`. `current` (the record linked so far)
    is kept when its label comes back unchanged, even if other records share its name. `shown`: how a match
    is written in the message (its code isolated), when that differs from the label typed back."""
    text = typed(text)
    if current is not None and text == label(current):
        return current
    if not text:
        problems.append((field, _l("Type the code or the name of the linked record.")))
        return None
    found = list(find(text))
    if len(found) == 1:
        return found[0]
    if not found:
        problems.append((field, _l("No %(kind)s matches “%(text)s”: type its code (such as JC-2027-0004) or "
                                   "a part of its name.", kind=kind_name, text=isolate(text[:SHOWN_MAX]))))
    else:
        problems.append((field, _l("Several match “%(text)s”: %(matches)s. Type the one you mean.",
                                   text=isolate(text[:SHOWN_MAX]),
                                   matches=join_parts(((shown or label)(r) for r in found), viewer_lang()))))
    return None
