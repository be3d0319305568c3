"""The web kit: the few plain functions every page uses, so the request path is written once.

    record = load(Model, ident, "action")          # 404, or 403: the one permission check
    if form.validate_on_submit():
        done = attempt(form, lambda: services.change(record, form.values(), user), stale=(record, FIELDS))
        if done:                                    # refused: rolled back, problems on the form fields
            return saved(_("Saved."), url_for(...))  # the one commit, a flash, a redirect
    return render_template(..., current=done.current), 400

Buttons without a form to show again use `act(call, message, url)`. The API loads records with the same
`load` (conceal=True: what a client may not see does not exist) and reports the same `Problem`s as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy import inspect as sa_inspect

from .converters import MAX_ID
from .errors import STATUS_MESSAGES, DomainError, NotFound, PermissionDenied, Problem, StaleEditError
from .extensions import db


def safe_next(target: str | None, default_endpoint: str = "main.index") -> str:
    """A local path to go back to; anything that could leave the site becomes the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint)


def absolute_url(endpoint: str, **values) -> str:
    """A link to a page for use outside the app (calendar files, messages): it starts with PUBLIC_URL when that
    is configured (the address people reach the app by, whoever asked), else with the request's own address."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root):]  # PUBLIC_URL already holds the prefix the app is mounted under
    return base + path


def int_arg(name: str, default: int | None = None, maximum: int = 1_000_000) -> int | None:
    """A positive whole number from the query string, in any digits; anything else gives the default."""
    from .l10n.digits import InputError, parse_int

    text = request.args.get(name, "")
    try:
        return parse_int(text, minimum=1, maximum=maximum) if text else default
    except InputError:
        return default


def query_args() -> dict:
    """The query string without keys url_for would take as its own options (_method, _external ...)."""
    return {k: v for k, v in request.args.items() if not k.startswith("_")}


def client_address() -> str:
    """The visitor's address: behind TRUSTED_PROXIES proxies, ProxyFix has put the forwarded one here."""
    return (request.remote_addr or "")[:64]


def stale_differences(form, obj, names=None, choice_labels=False) -> list[tuple[object, object]]:
    """After a refused stale edit: the saved values that differ from what the user typed, so they can
    review them; the form moves to the current version, so saving again is a deliberate choice. With
    choice_labels, a select's saved value is shown by its label (the side's name, not its id)."""
    differences = []
    for name, field in form._fields.items():
        if name in ("csrf_token", "version") or not hasattr(obj, name) or (names and name not in names):
            continue
        saved = getattr(obj, name)
        if (saved if saved is not None else "") != (field.data if field.data is not None else ""):
            if choice_labels and field.type == "SelectField":
                wanted = "" if saved is None else str(saved)
                saved = next((choice[1] for choice in field.iter_choices() if str(choice[0]) == wanted), saved)
            differences.append((field.label.text, saved))
    form.version.data = obj.version
    return differences


def load(model, ident: int, action: str | None = None, *, of: Callable | None = None, conceal: bool = False,
         options=()):
    """The record, or 404; then, when an action is named, the one permission check of the request: may
    the user do it on the record (or on `of(record)`, e.g. an assignment's trainer)? Else 403, or 404 with
    conceal (the API, and trainers: what one may not see does not exist). `options`: loader options."""
    record = _get(model, ident, tuple(options)) if 0 < ident <= MAX_ID else None
    if record is None:
        abort(404)
    if action is not None:
        permit(action, of(record) if of else record, conceal=conceal)
    return record


def _get(model, ident: int, options: tuple):
    """db.session.get(model, ident, options=options), with the statement built once per model and options (pass
    options kept in a constant): building it cost as much as running it."""
    if not options:
        return db.session.get(model, ident)
    held = db.session.identity_map.get(sa_inspect(model).identity_key_from_primary_key([ident]))
    if held is not None:
        return held
    # All rows read: a collection joined in (options) spreads one record over several rows.
    return db.session.scalars(_by_id(model, options), {"ident": ident}).unique().one_or_none()


@lru_cache(maxsize=64)
def _by_id(model, options: tuple):
    (key,) = sa_inspect(model).primary_key
    return select(model).where(key == bindparam("ident")).options(*options)


def permit(action: str, record, *, conceal: bool = False) -> None:
    """The permission check of a record found some other way (a certificate by its number): 403, or 404
    with conceal."""
    # Anonymous visitors have no `may`: they may do nothing. Signed-in users answer from auth.permissions.
    may = getattr(current_user, "may", None)
    if may is None or not may(action, record):
        # A record outside a centre-scoped user's centre does not exist for them.
        hides = getattr(current_user, "hides", None)
        abort(404 if conceal or (hides is not None and hides(record)) else 403)


def form_field(form, name: str | None):
    """The form's field of that name; "rows-3-rank" is the rank field of the fourth form of a list."""
    if form is None or not name:
        return None
    field = getattr(form, name, None)
    if field is not None:
        return field if hasattr(field, "errors") else None
    parts = name.split("-", 2)
    if len(parts) == 3 and parts[1].isdigit():
        try:
            return form_field(getattr(form, parts[0])[int(parts[1])].form, parts[2])
        except (AttributeError, IndexError, TypeError):
            return None
    return None


def show_problems(form, error: DomainError | list[Problem]) -> None:
    """Each problem of a refusal on the form field it concerns; one naming no field of this form (or with
    no form: None) is flashed above it."""
    problems = error.problems if isinstance(error, DomainError) else error
    for name, message in problems:
        field = form_field(form, name)
        if field is None:
            flash(str(message), "error")
        elif str(message) not in map(str, field.errors or []):
            field.errors = [*(field.errors or []), str(message)]


def also_check(form, check: Callable) -> None:
    """A posted form some field of which could not be read: also show what the rules say of the others,
    every problem at once. `check()` gives (data, problems); a field keeps its own message first."""
    if not form.is_submitted() or form.errors.get("csrf_token"):
        return
    _data, problems = check()
    for name, message in problems:
        field = form_field(form, name)
        if field is not None and not field.errors:
            field.errors = [*field.errors, message]


@dataclass
class Attempt:
    """What running a service for a form gave: its result, or the refusal (already on the form) and,
    for a stale edit, the saved values that differ from what was typed."""

    result: object = None
    error: DomainError | None = None
    current: list | None = None

    def __bool__(self) -> bool:
        return self.error is None


NOT_TRIED = Attempt()


def attempt(form, call: Callable, *, stale: tuple | None = None) -> Attempt:
    """Run a service (which flushes, never commits). Refused: roll back and put its problems on the form;
    a stale edit of `stale` = (record, field names or None) also moves the form to the saved version.
    PermissionDenied and NotFound are not about what was typed: they go on to the error page (403, 404)."""
    try:
        return Attempt(call())
    except NotFound:
        abort(404)  # the same page as for an address that names nothing
    except PermissionDenied:
        raise
    except DomainError as error:
        db.session.rollback()
        show_problems(form, error)
        current = None
        if isinstance(error, StaleEditError) and stale is not None:
            record, names = stale
            current = stale_differences(form, record, names=names)
        return Attempt(error=error, current=current)


def commit() -> None:
    """The one commit point of a request that changed something (services flush, never commit)."""
    db.session.commit()


def saved(message, url: str):
    """The commit, then a flash (none for None) and a redirect."""
    commit()
    if message is not None:
        flash(str(message), "success")
    return redirect(url)


def act(call: Callable, message, url: str):
    """A button that changes something: done → commit and say so (`message`, or `message()` when it
    speaks of the changed record); refused → roll back and say why. Either way back to `url`."""
    try:
        call()
    except DomainError as error:
        db.session.rollback()
        for _field, problem in error.problems:
            flash(str(problem), "error")
        return redirect(url)
    return saved(message() if callable(message) else message, url)


def error_page(code: int, message=None):
    """The error page in the viewer's language (JSON for a client that asks only for JSON); rolls back first."""
    db.session.rollback()
    title, default = STATUS_MESSAGES.get(code, STATUS_MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"code": code, "message": str(message or default)}, code
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


class Later:
    """A value worked out only if a template reads it (tests it, loops over it, reads an attribute), then kept:
    a page can hand over a costly section that only some of its layouts show (the meeting page's progress,
    which a tab may load as a fragment instead). Not for values tested with `is none`."""

    __slots__ = ("_compute", "_value", "_done")

    def __init__(self, compute) -> None:
        self._compute, self._value, self._done = compute, None, False

    def value(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    def __bool__(self) -> bool:
        return bool(self.value())

    def __iter__(self):
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())

    def __getitem__(self, key):
        return self.value()[key]

    def __getattr__(self, name):
        return getattr(self.value(), name)
