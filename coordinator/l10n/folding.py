"""Search keys that make Arabic and Persian spellings, digits and diacritics of a name match.

The keys also serve duplicate detection, so they must not be defeated on purpose: a name with an invisible
character slipped in, or one letter swapped for a look-alike from another alphabet of the Arabic script,
folds to the same key as the plain name.
"""

from __future__ import annotations

import unicodedata

from .digits import BIDI_MARKS, to_ascii_digits


def _chars(first: int, last: int) -> str:
    return "".join(map(chr, range(first, last + 1)))


# Look-alikes: letters of the Arabic script that a reader of Persian or Arabic takes for ی, ک, ه, ا or و.
# They belong to Pashto, Sindhi, Urdu, Kurdish or Uyghur; no Persian or Iraqi Arabic name needs them, so
# folding them costs nothing but a rare extra match, while keeping them apart would let "علې" pass as a new
# person beside "علی". Letters that Persian or Iraqi Arabic use as distinct letters (پ چ ژ گ ڤ) stay apart.
_LOOK_ALIKES = {
    "ی": "يىئ"  # Arabic yeh, alef maksura, yeh with hamza: how Arabic writes the Persian yeh
         "ېۍێۑؽؾؿ",  # E, yeh with tail / small v / three dots, Farsi yeh with marks above
    "ک": "ك"  # Arabic kaf
         "ڪګڬڮػؼ",  # swash kaf, kaf with ring / dot above / dots below, keheh with dots
    "ه": "ةۀە"  # teh marbuta (فاطمة / فاطمه), heh with yeh above, AE (what NFKC makes of ۀ)
         "ھہۂۃۿ",  # heh doachashmee (some keyboards type it for ه), heh goal and its forms
    "ا": "أإآٱ"  # alef with hamza or madda, alef wasla
         "ٲٳ",  # alef with wavy hamza
    "و": "ؤ"  # waw with hamza
         "ۄۅۆۇۈۉۋۏ",  # waw with ring, bar, small v, damma ...
}
_REPLACE = {letter: plain for plain, letters in _LOOK_ALIKES.items() for letter in letters}

# Marks written on letters: a name with or without them is the same name.
_MARKS = (
    "\u0640"  # tatweel, used to stretch words
    + _chars(0x0610, 0x061A)  # honorifics and small high letters written above words
    + _chars(0x064B, 0x065F)  # harakat, shadda, sukun, hamza above and below
    + "\u0670\u0674"  # superscript alef; high hamza (what NFKC leaves of ٵ ٶ ٷ ٸ)
    + _chars(0x06D6, 0x06ED)  # Quranic annotation marks
    + _chars(0x08CA, 0x08FF)  # extended Arabic marks
)

# Invisible characters. Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt) plus every
# format character (category Cf): they draw nothing, so a name with U+2060 or U+3164 inside looks exactly
# like the name without. ZWNJ and ZWJ are among them: "می‌روم" and "میروم" are the same word. The Hangul
# fillers are letters by category but draw nothing (NFKC turns U+3164 and U+FFA0 into U+1160).
# tests/unit/test_l10n_folding.py checks this list against the Unicode data of the running Python.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    + _chars(0x180B, 0x180F)  # Mongolian variation selectors and vowel separator
    + _chars(0x200B, 0x200F)  # zero-width space, ZWNJ, ZWJ, LRM, RLM
    + _chars(0x202A, 0x202E)  # bidi embeddings and overrides
    + _chars(0x2060, 0x206F)  # word joiner, invisible operators, bidi isolates, deprecated format characters
    + "\u3164\ufeff\uffa0"
    + _chars(0xFE00, 0xFE0F)  # variation selectors
    + _chars(0xFFF0, 0xFFFB)  # unassigned ignorables and interlinear annotation marks
    + _chars(0x0600, 0x0605) + "\u06dd\u070f\u0890\u0891\u08e2"  # Arabic and Syriac format characters
    + "\U000110bd\U000110cd" + _chars(0x13430, 0x1343F) + _chars(0x1BCA0, 0x1BCA3) + _chars(0x1D173, 0x1D17A)
    + _chars(0xE0000, 0xE0FFF)  # tags and variation selectors supplement
    + BIDI_MARKS
)
_TABLE = str.maketrans({**_REPLACE, **dict.fromkeys(_MARKS + _INVISIBLE)})

# The programme's countries' calling codes: +98 916 …, 0098 916 … and 0916 … are one Iranian number,
# +964 770 …, 00964 770 … and 0770 … one Iraqi number.
TRUNK_CALLING_CODES = ("98", "964")


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
    return f"%{escape_like(fold(query))}%"


def escape_like(key: str) -> str:
    """The key as a literal inside a LIKE pattern with escape '\\'."""
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def identity_key(text: str | None) -> str:
    """A national ID or passport number for matching: folded, with spaces, dashes and dots dropped."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def phone_key(text: str | None) -> str:
    """A phone number for matching, in one form: ASCII digits, national numbers with their trunk 0.

    '+98 916 123 4567', '0098-916-1234567' and '۰۹۱۶۱۲۳۴۵۶۷' all give '09161234567'; so do '+98 (0) 916…'
    and its Iraqi equivalents. Another country's number keeps its code after '00'. '' when no digit.
    """
    folded = fold(text)
    digits = "".join(ch for ch in folded if "0" <= ch <= "9")
    if folded.lstrip("()[]-./ ").startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        return digits
    for code in TRUNK_CALLING_CODES:
        if international.startswith(code) and len(international) > len(code):
            national = international[len(code):]
            return national if national.startswith("0") else "0" + national
    return "00" + international
