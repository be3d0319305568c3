"""Demo accounts: one per role and side, printed by `make run`."""

from __future__ import annotations

from ..auth import services

PASSWORD = "coordinator-demo"

ACCOUNTS = [
    # (username, full name, role, side code, language)
    ("admin", "مدیر سامانه", "admin", None, "fa"),
    ("liaison.khz", "مریم کعبی", "liaison", "KHZ", "fa"),
    ("liaison.msn", "حيدر الساعدي", "liaison", "MSN", "ar"),
    ("trainer.khz", "حمید دشتی", "trainer", "KHZ", "fa"),
    ("trainer.msn", "زينب الموسوي", "trainer", "MSN", "ar"),
    ("manager.khz", "علیرضا موسوی", "manager", "KHZ", "fa"),
    ("manager.msn", "كريم اللامي", "manager", "MSN", "ar"),
]

LOGINS = [(u, PASSWORD, role, side or "-") for u, _name, role, side, _lang in ACCOUNTS]


def load(sides) -> None:
    for username, full_name, role, side_code, lang in ACCOUNTS:
        # The policy refuses this password (it is published in the README, and the policy lists it as a
        # word to refuse): demo accounts exist to be logged into by anyone trying the app, so the demo —
        # and only the demo — skips it. Never load demo data on a real installation.
        services.create_user(
            username=username, full_name=full_name, role=role, password=PASSWORD,
            side_id=sides[side_code].id if side_code else None, locale=lang, skip_password_policy=True,
            email=f"{username}@coordinator.example",  # reserved-style name: the demo's mail goes to the folder
        )
