"""Search keys that make Arabic and Persian spellings, digits and diacritics of a name match."""

from __future__ import annotations

import unicodedata

from .digits import BIDI_MARKS, to_ascii_digits

_REPLACE = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ئ": "ی",
    "ك": "ک",  # Arabic kaf
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",  # U+06D5, what NFKC-decomposed heh-with-hamza is built on
    "ؤ": "و",
}
_DROP = (
    "\u0640"  # tatweel, used to stretch words
    + "".join(map(chr, range(0x064B, 0x0660)))  # harakat, shadda, sukun, hamza marks
    + "\u0670"  # superscript alef
    + "".join(map(chr, range(0x06D6, 0x06EE)))  # Quranic annotation marks
    + "\u200c\u200d"  # ZWNJ, ZWJ: "می‌روم" and "میروم" are the same word
    + "\u200b\ufeff\u00ad"  # zero-width space, BOM, soft hyphen: invisible leftovers of copy-paste
    + BIDI_MARKS
)
_TABLE = str.maketrans({**_REPLACE, **dict.fromkeys(_DROP)})


def fold(text: str | None) -> str:
    """A key under which both spellings of a name are equal; compare keys, never show them."""
    if not text:
        return ""
    # NFKC first: presentation forms and ligatures from PDFs become ordinary letters.
    text = unicodedata.normalize("NFKC", str(text))
    text = to_ascii_digits(text).translate(_TABLE).casefold()
    return " ".join(text.split())


def like_pattern(query: str | None) -> str:
    """'%key%' for `column.like(pattern, escape="\\\\")`, with the query's own % _ \\ escaped."""
    key = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"
