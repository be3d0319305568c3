"""The password policy: long enough, and not guessable from common passwords, keyboard patterns or the
account's own words.

The estimate is zxcvbn's (offline: its lists of common passwords, words and names ship with the package):
how many guesses an attacker who knows those lists, and the words we hand it, would need.
"""

from __future__ import annotations

import re
import threading
import unicodedata

from flask_babel import lazy_gettext as _l

from ..l10n.digits import to_ascii_digits
from ..l10n.folding import fold

MIN_LENGTH = 10
# zxcvbn's score 3: about 10^8 guesses or more, beyond an online attack held back by the log-in throttle
# and costly offline against scrypt. 4 would refuse too many good passphrases in Persian or Arabic script,
# which zxcvbn's English lists cannot judge.
MIN_SCORE = 3
# zxcvbn refuses longer text (its matching grows fast with length); the first 72 characters decide.
ESTIMATE_LENGTH = 72

# Words anyone attacking this installation would try first: the system's name in its three languages,
# the two provinces, and the demo password the README publishes.
CONTEXT_WORDS = (
    "coordinator", "coordinator-demo", "coordinatordemo", "demo",
    "khuzestan", "khouzestan", "maysan", "misan", "ahvaz", "amarah",
    "سامانه هماهنگی", "هماهنگی", "سامانه", "نظام التنسيق", "التنسيق",
    "خوزستان", "میسان", "ميسان", "اهواز", "الأهواز", "عماره", "العمارة",
)

# The Latin key under each Persian (ISIRI 9147) and Arabic (101) letter: "ضصثقفغعهخح" is "qwertyuiop"
# typed with the Persian layout on, and as easy to guess.
_PERSIAN_KEYS = str.maketrans(
    "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپو", "qwertyuiop[]asdfghjkl;'zxcvbnm,"
)
_ARABIC_KEYS = str.maketrans(
    "ضصثقفغعهخحجدشسيبلاتنمكطئءؤرىةوزظ", "qwertyuiop[]asdfghjkl;'zxcvnm,./"
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_WORD_SPLIT = re.compile(r"[\s._@+\-]+")

# zxcvbn keeps the words of the current call in a module-level table: one check at a time per process.
_ZXCVBN_LOCK = threading.Lock()

# Why a password was refused, from the kind of pattern zxcvbn found; the first kind found in this order wins.
REASONS = {
    "context": _l("This password is built from your user name, your name, the name of this system or its "
                  "demo password. Choose one that none of these gives away."),
    "common": _l("This password is one of those people use most, or is built from common words or names. "
                 "Choose a less common one, for example three or four unrelated words."),
    "spatial": _l("This password follows a row or pattern of keys on the keyboard. Choose one that does not."),
    "sequence": _l("This password contains a run such as 1234 or abcd. Choose one that does not."),
    "repeat": _l("This password repeats characters or words, such as aaa or abcabc. Choose one that does not."),
    "date": _l("This password is built around a date or a year. Choose one that is not."),
    "weak": _l("This password is too easy to guess. Make it longer, for example three or four unrelated words."),
}
_ORDER = ("context", "common", "spatial", "sequence", "repeat", "date")


def problem(password: str, personal: tuple[str | None, ...] = ()) -> object | None:
    """Why this password may not be used (a translatable message), or None when it may.

    `personal` holds the account's own words: user name, full name, e-mail.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)s characters.", count=MIN_LENGTH)
    words = _context_words(personal)
    estimates = [_estimate(variant, words) for variant in _variants(password)]
    weakest = min(estimates, key=lambda r: r["score"])
    if weakest["score"] < MIN_SCORE:
        return REASONS[_reason(weakest["sequence"])]
    # Built on the account's own words (name + birth year + surname), the rest has to be very strong:
    # whoever attacks one account knows them, better than zxcvbn's guess of how common they are.
    if any(_uses_context(e) and e["score"] < 4 for e in estimates):
        return REASONS["context"]
    return None


def _uses_context(estimate: dict) -> bool:
    return any(m.get("dictionary_name") == "user_inputs" for m in estimate["sequence"])


def _variants(password: str) -> list[str]:
    """The password as zxcvbn should see it: ASCII digits (۱۲۳۴ is 1234), and for Persian or Arabic script
    the folded spelling (ي/ی, ك/ک) and the Latin keys that type it."""
    text = to_ascii_digits(unicodedata.normalize("NFKC", password))
    variants = [text]
    if _ARABIC_SCRIPT.search(text):
        variants += [fold(text), text.translate(_PERSIAN_KEYS), text.translate(_ARABIC_KEYS)]
    return [v[:ESTIMATE_LENGTH] for v in dict.fromkeys(variants) if v]


def _context_words(personal) -> list[str]:
    words = set(CONTEXT_WORDS)
    for value in personal:
        if not value:
            continue
        for text in (value, fold(value), to_ascii_digits(value).lower()):
            text = text.strip()
            words.add(text)
            words.update(w for w in _WORD_SPLIT.split(text) if len(w) >= 3)
    for word in list(words):
        words.add(fold(word))
    return sorted(w for w in words if w)


def _estimate(password: str, words: list[str]) -> dict:
    from zxcvbn import zxcvbn  # imported on first use: its word lists are large

    with _ZXCVBN_LOCK:
        return zxcvbn(password, user_inputs=words, max_length=ESTIMATE_LENGTH)


def _reason(sequence) -> str:
    found = set()
    for match in sequence:
        pattern = match.get("pattern")
        if pattern == "dictionary":
            found.add("context" if match.get("dictionary_name") == "user_inputs" else "common")
        elif pattern == "regex":  # zxcvbn's only regex: recent years
            found.add("date")
        elif pattern in REASONS:
            found.add(pattern)
    return next((kind for kind in _ORDER if kind in found), "weak")
