"""The password policy refuses common, patterned and contextual passwords, saying why, in any script."""

from __future__ import annotations

import pytest

from coordinator.auth import passwords
from coordinator.auth.passwords import REASONS, problem
from coordinator.demo.people import PASSWORD as DEMO_PASSWORD

MARYAM = ("liaison.khz", "مریم کعبی", "maryam.kaabi@example.org")


@pytest.mark.parametrize("password, personal, reason", [
    ("1234567890", (), "common"),
    ("۱۲۳۴۵۶۷۸۹۰", (), "common"),             # the same, in Persian digits
    ("١٢٣٤٥٦٧٨٩٠", (), "common"),             # ... and Arabic-Indic
    ("password2024", (), "common"),
    ("qwertyuiop", (), "common"),
    ("ضصثقفغعهخح", (), "common"),             # qwertyuiop with the Persian keyboard layout on
    ("zxcvbnm,./", (), "spatial"),
    ("abcdefghijk", (), "sequence"),
    ("aaaaaaaaaaaa", (), "repeat"),
    (DEMO_PASSWORD, (), "context"),           # published in the README
    ("Coordinator2026", (), "context"),
    ("khuzestan-maysan", (), "context"),
    ("liaison.khz2026", MARYAM, "context"),   # the user name
    ("مریم۱۳۷۰کعبی", MARYAM, "context"),      # name, year of birth, surname
    ("مريم1370كعبي", MARYAM, "context"),      # ... typed with Arabic ي and ك
    ("maryam.kaabi", MARYAM, "context"),      # the e-mail
])
def test_guessable_passwords_are_refused_with_the_reason(app_ctx, password, personal, reason):
    assert problem(password, personal) == REASONS[reason]


def test_short_passwords_are_refused_for_their_length(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(problem("Xk9#vq2!L", ())) == "Use at least 10 characters."


@pytest.mark.parametrize("password", [
    "correct-horse-battery", "quiet-lantern-orchard-71", "Tr0ub4dor&3x-wren",
    "کتاب دریا کوه ستاره",                  # a Persian passphrase
    "قلم شجرة نافذة طريق",                   # an Arabic one
    "x7#Lq" * 40,                           # longer than zxcvbn reads: the first 72 characters decide
])
def test_strong_passwords_are_accepted(app_ctx, password):
    assert problem(password, MARYAM) is None


def test_the_reasons_are_translated(app):
    with app.test_request_context(headers={"Accept-Language": "fa"}):
        assert "نام کاربری" in str(problem("liaison.khz2026", MARYAM))
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert "اسم المستخدم" in str(problem("liaison.khz2026", MARYAM))


def test_the_demo_password_is_among_the_words_refused():
    assert DEMO_PASSWORD in passwords.CONTEXT_WORDS
