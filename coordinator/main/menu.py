"""The main menu of a signed-in person, worked out once per person and language instead of on every page.

Built on every request it asked the permission registry thirteen times, built fifteen URLs and translated
some twenty labels: half the cost of a page with no rows. What it shows depends only on the person's own
record (role, side, centre, whether the account is active) and the language, so it is kept per process under
a key of exactly those, plus the record's version (which rises on every change of the account) and the
script root the URLs start with. A change of role, side, language or the code's menu (MENU_VERSION, or a
new process) gives a new key; an old key is simply never asked for again and falls out of the bounded cache.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from urllib.parse import urlsplit

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext

from ..auth.permissions import can
from ..auth.roles import TRAINER
from ..l10n.locales import current_lang

# Raise when the menu's entries change in a way the key cannot see (a deployment restarts processes anyway).
MENU_VERSION = 1
CAPACITY = 2048

Link = tuple[str, str]


@dataclass(frozen=True)
class Menu:
    singles: tuple[Link, ...]
    training: tuple[Link, ...]
    cooperation: tuple[Link, ...]
    meetings: tuple[Link, ...]
    administration: tuple[Link, ...]
    group_labels: tuple[str, str, str]  # training, cooperation, administration

    @property
    def urls(self) -> tuple[str, ...]:
        """Every address, in the order menu_current() prefers them."""
        return tuple(url for url, _text in (*self.singles, *self.training, *self.cooperation, *self.meetings,
                                            *self.administration))


_cache: OrderedDict = OrderedDict()
_lock = Lock()


def cache_key(user, lang: str) -> tuple:
    return (MENU_VERSION, user.id, user.version, user.role, user.side_id, user.centre_id, bool(user.active), lang,
            request.script_root)


def menu_for(user) -> Menu:
    key = cache_key(user, current_lang())
    with _lock:
        menu = _cache.get(key)
        if menu is not None:
            _cache.move_to_end(key)
            return menu
    menu = build(user)
    with _lock:
        _cache[key] = menu
        while len(_cache) > CAPACITY:
            _cache.popitem(last=False)
    return menu


def clear() -> None:
    with _lock:
        _cache.clear()


def _links(user, *entries) -> tuple[Link, ...]:
    return tuple((url_for(endpoint, **args), str(text)) for action, endpoint, args, text in entries
                 if action is None or can(user, action))


def build(user) -> Menu:
    """The entries the person may open, grouped so the menu stays one line on a laptop."""
    training = _links(user,
                      ("course.list", "courses.listing", {}, _("Joint courses")),
                      ("trainee.view", "trainees.listing", {}, _("Trainees")),
                      ("curriculum.view", "curricula.listing", {}, _("Curricula")),
                      ("competition.view", "competitions.listing", {}, _("Competitions")))
    cooperation = _links(user,
                         ("trainer.view", "exchanges.trainers", {}, _("Trainer exchange")),
                         ("equipment.view", "equipment.items", {}, _("Shared equipment")),
                         ("agro.view", "agro.tracks", {}, _("Agro-industry")),
                         ("visit.view", "visits.listing", {}, _("Study visits")))
    administration = _links(user,
                            ("catalog.view", "catalog.listing", {"kind": "centres"}, _("Reference data")),
                            ("users.manage", "admin.users", {}, _("Users")),
                            ("audit.view", "admin.audit", {}, _("Audit trail")),
                            ("notifications.admin", "notifications.outbox", {}, _("Outgoing notifications")))
    singles = _links(user, (None, "main.index", {}, _("Home")))
    if user.role == TRAINER:
        singles += _links(user, (None, "exchanges.me", {}, _("My assignments")))
    singles += _links(user, ("reports.view", "dashboard.index", {}, _("Dashboard")))
    meetings = _links(user, ("meeting.view", "meetings.listing", {}, _("Meetings")))
    labels = (pgettext("menu", "Training"), pgettext("menu", "Cooperation"), pgettext("menu", "Administration"))
    return Menu(singles, training, cooperation, meetings, administration, labels)


def menu_current(urls) -> str | None:
    """Which menu address the current page belongs to: the longest one the path starts with, else the first
    with the same first segment ("/catalog/trainers/" under "/catalog/centres/"); the home page only itself."""
    return _current(tuple(urls), request.path)


@lru_cache(maxsize=4096)
def _current(urls: tuple[str, ...], path: str) -> str | None:
    # Asked for every page of every person: the same menu and path give the same answer.
    best, best_score = None, 0
    for url in urls:
        prefix = urlsplit(url).path.rstrip("/")
        if not prefix:
            score = 10_000 if path == "/" else 0
        elif path == prefix or path.startswith(prefix + "/"):
            score = len(prefix) + 1
        else:
            score = 1 if path.split("/")[1:2] == prefix.split("/")[1:2] else 0
        if score > best_score:
            best, best_score = url, score
    return best
