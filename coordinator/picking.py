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


def typed(text) -> str:
    """What was typed, its spaces collapsed: how a label comes back and how finders read it."""
    return " ".join((text or "").split())


def pick_one(text, find: Callable[[str], list], label: Callable[[object], str], *, field: str, kind_name,
             problems: list, current=None):
    """The one record `text` names, else None with a problem on `field`. `current` (the record linked so far)
    is kept when its shown label comes back unchanged, even if other records share its name."""
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
                                   "a part of its name.", kind=kind_name, text=text[:SHOWN_MAX])))
    else:
        problems.append((field, _l("Several match “%(text)s”: %(matches)s. Type the one you mean.",
                                   text=text[:SHOWN_MAX],
                                   matches=join_parts((label(r) for r in found), viewer_lang()))))
    return None
