"""An event in words, for one reader: their language, calendar and digits; e-mail as text + right-to-left HTML."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from types import SimpleNamespace

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from werkzeug.routing import BuildError

from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from ..l10n.locales import LANGUAGES, pick
from .kinds import DIGEST_SUBJECT, KINDS
from .schedule import lang_of_user

# kind → fn(record, lang) giving (file name, MIME type, bytes) to attach to its e-mail; areas above register
# theirs in create_app (a meeting's .ics), so this package imports none of them.
ATTACHMENTS: dict[str, Callable] = {}


def _value(value, lang: str) -> str:
    if isinstance(value, dict) and "date" in value:
        return format_date(date.fromisoformat(value["date"]), lang, "long")
    if isinstance(value, dict):
        return pick(SimpleNamespace(**{k: value.get(k) for k in ("fa", "ar", "en")}), None, lang)
    if value is None:
        return ""
    return localize_digits(str(value), lang) if isinstance(value, int) else str(value)


class _Params(dict):
    def __missing__(self, key):  # a sentence naming something the event did not carry shows nothing, not a crash
        return ""


def sentence(event, lang: str) -> str:
    """The event's one sentence in `lang` (subject line, inbox line)."""
    spec = KINDS.get(event.kind)
    params = _Params({key: _value(value, lang) for key, value in (event.data or {}).items()})
    with force_locale(LANGUAGES[lang].locale):
        template = str(spec.message) if spec else event.kind
        try:
            return template % params
        except (TypeError, ValueError, KeyError):
            return template


def link_of(event, external: bool = False) -> str:
    if not event.link_endpoint:
        return ""
    try:
        return url_for(event.link_endpoint, **(event.link_args or {}), _external=external)
    except BuildError:
        return ""


def email_for(user, events: list, digest: bool = False) -> EmailMessage:
    """The e-mail telling `user` of `events` (one, or a day's digest), in their language."""
    lang = lang_of_user(user)
    language = LANGUAGES[lang]
    items = [{"text": sentence(event, lang), "link": link_of(event, external=True)} for event in events]
    with force_locale(language.locale):
        if digest:
            subject = str(DIGEST_SUBJECT) % {"count": localize_digits(str(len(items)), lang)}
        else:
            subject = items[0]["text"]
        context = {"items": items, "lang": lang, "dir": language.direction, "subject": subject,
                   "name": user.display_name}
        text = render_template("notifications/email.txt", **context)
        html = render_template("notifications/email.html", **context)
    message = EmailMessage()
    message["Subject"] = subject.replace("\n", " ")[:250]
    message["From"] = current_app.config.get("MAIL_FROM") or "coordinator@localhost"
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="coordinator")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for event in events if not digest else ():
        attach = ATTACHMENTS.get(event.kind)
        if attach is not None:
            found = attach(event, lang)
            if found is not None:
                filename, mime, content = found
                maintype, subtype = mime.split("/", 1)
                message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    message["Content-Language"] = lang  # last: setting the content drops Content-* headers
    return message


def gateway_payload(user, event) -> dict:
    """The JSON the HTTP gateway receives (documented in the README)."""
    lang = lang_of_user(user)
    return {"event": event.id, "kind": event.kind, "language": lang, "text": sentence(event, lang),
            "link": link_of(event, external=True),
            "recipient": {"id": user.id, "username": user.username, "name": user.display_name,
                          "email": user.email or "", "side": user.side.code if user.side is not None else None}}
