"""Typed text as it is stored: without the bidi controls that make it display as something else.

An override reorders what follows it: "\u202e4041" is stored as 4041 and displays as 1404, on the page, in a
PDF certificate and on /verify. Embeddings and isolates change the order of whole runs and, left unclosed,
of the text around them. Nobody types them (no Persian or Arabic keyboard has them); they come from
copy-paste or on purpose, so they are dropped wherever text comes in: every form's text fields
(coordinator.forms.BaseForm), the API's strings (api.common.SafeString) and, for everything else (CLI,
imports), every string column of every model (coordinator.db).

The marks LRM, RLM and ALM stay: Persian keyboards type them (Shift+Ctrl+2 on Windows) to put a full stop or
a bracket on the right side of a Latin word, and they cannot reorder the letters or digits of a word.
"""

from __future__ import annotations

# Between a page's own title and what it belongs to ("Attendance – Welding, level 2"), and a label's parts.
TITLE_SEPARATOR = " – "

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; and U+206A–U+206F, deprecated controls of symmetric swapping,
# Arabic shaping and digit shapes (one of them, "national digit shapes", changes which digits are drawn).
BIDI_CONTROLS = "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x2070)))
_DROP = str.maketrans("", "", BIDI_CONTROLS)


def drop_bidi_controls(value):
    """The text without bidi embeddings, overrides and isolates; anything that is not text as it is."""
    if isinstance(value, str):
        return value.translate(_DROP)
    return value


# Output side: text we write for people, where markup cannot go (an <option>, a window title, a PDF cell, an
# Excel cell, a calendar entry). A code like 7212-01 or JC-2026-0004 inside Persian or Arabic text is
# reordered by the bidi algorithm ("01-7212") unless it is isolated as a left-to-right run.
LRI, PDI = "\u2066", "\u2069"


def isolate_ltr(text) -> str:
    """The text as one left-to-right run that its right-to-left surroundings cannot reorder."""
    text = "" if text is None else str(text)
    return f"{LRI}{text}{PDI}" if text else ""


def list_separator(lang: str) -> str:
    """Between the parts of a line in plain text: the Persian/Arabic comma in fa and ar. Never a middle dot: "·"
    beside Persian or Arabic digits reads as a zero ("۵ · آذر" as "۵۰ آذر")."""
    return ", " if lang == "en" else "، "


def join_parts(parts, lang: str) -> str:
    """The non-empty parts joined by the language's list separator."""
    return list_separator(lang).join(str(part) for part in parts if part not in (None, ""))


RLM = "\u200f"


def text_range(start, end, lang: str) -> str:
    """'start – end' read in the language's direction. Two times or two numbers around a dash form one
    left-to-right run in Persian and Arabic ("۰۹:۰۰–۱۲:۰۰" with the start on the left); a right-to-left mark on
    each side of the dash keeps the start on the right, where a right-to-left reader begins."""
    if lang == "en":
        return f"{start} – {end}"
    return f"{start}{RLM} – {RLM}{end}"
