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

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; and U+206A–U+206F, deprecated controls of symmetric swapping,
# Arabic shaping and digit shapes (one of them, "national digit shapes", changes which digits are drawn).
BIDI_CONTROLS = "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x2070)))
_DROP = str.maketrans("", "", BIDI_CONTROLS)


def drop_bidi_controls(value):
    """The text without bidi embeddings, overrides and isolates; anything that is not text as it is."""
    if isinstance(value, str):
        return value.translate(_DROP)
    return value
