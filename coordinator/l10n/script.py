"""Which of the two languages a piece of free text is written in, read from its letters.

Persian and Arabic share a script but not every letter: Persian writes ی and ک and has پ چ ژ گ; Arabic writes
ي and ك and has ة and ى. Venues, notes and topics are typed once, in one language; a reader of the other is
told so (a small "in Persian" beside the text) rather than left to wonder whether it was translated.
"""

from __future__ import annotations

PERSIAN_LETTERS = frozenset("پچژگکی")
ARABIC_LETTERS = frozenset("يكةىؤإأ")


def written_in(text) -> str | None:
    """"fa", "ar", or None when the letters do not tell (Latin, digits, both, or too few)."""
    if not text:
        return None
    persian = sum(ch in PERSIAN_LETTERS for ch in str(text))
    arabic = sum(ch in ARABIC_LETTERS for ch in str(text))
    if persian and not arabic:
        return "fa"
    if arabic and not persian:
        return "ar"
    # Text with both ("Persian / Arabic" written together) is taken as bilingual: no mark.
    return None
