"""What every template can use: language and direction, permission checks, display filters."""

from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from .. import viewer
from ..audit import entity_label, field_label
from ..auth.permissions import can
from ..auth.roles import ROLE_LABELS
from ..catalog.clocks import both_clocks
from ..i18n import request_catalogue
from ..l10n.calendars import date_placeholder, format_other_calendar, weekday_name
from ..l10n.digits import localize_digits
from ..l10n.locales import LANGUAGE_NAMES, LANGUAGES, pick
from ..l10n.names import code_name
from ..l10n.script import written_in
from ..l10n.text import TITLE_SEPARATOR, isolate_ltr
from ..notifications.inbox import unread_count
from ..web import query_args
from . import assets, audit_words, layout, menu
from .menu import menu_current


def _per_request(format_fn):
    """A filter Jinja must not fold at compile time: `{{ 70|pct }}` would otherwise be printed in the
    language of whoever first loaded the template, for everyone after."""

    @pass_context
    def run(_context, value, *args, **kwargs):
        return format_fn(value, *args, **kwargs)

    return run


# Between the parts of a line ("Maysan | 5 Azar"): a drawn rule, not a character. A middle dot "·" beside
# Persian or Arabic digits reads as a zero ("۵ · آذر" as "۵۰ آذر"), a bar as the digit one. Screen readers hear
# a comma. Plain text that cannot hold markup (a window title, an option) uses an en dash.
SEPARATOR = Markup('<span class="sep"><span class="visually-hidden">، </span></span>')


def between(start, end) -> Markup:
    """A range in the page's reading direction: each end isolated, so two times or numbers around the dash do
    not merge into one left-to-right run (the start then stands on the left of a right-to-left page)."""
    return Markup("<bdi>%s</bdi> – <bdi>%s</bdi>") % (start, end)


def ltr(value) -> Markup:
    """A code, number, address or file name shown as one left-to-right run inside any text."""
    return Markup('<bdi dir="ltr">%s</bdi>') % (value,)


def written(text) -> Markup:
    """Free text typed in one language, marked with its language; a reader of the other is told which it is
    ("in Persian") instead of taking it for a translation that is missing by mistake."""
    if not text:
        return Markup("")
    lang = written_in(text)
    if lang is None:
        return Markup("<span>%s</span>") % (text,)
    shown = Markup('<span lang="%s">%s</span>') % (lang, text)
    if lang == viewer.viewer_lang():
        return shown
    mark = _("in Persian") if lang == "fa" else _("in Arabic")
    return shown + Markup(' <span class="badge written-in" data-written-in="%s">%s</span>') % (lang, mark)


def install_fast_gettext(app) -> None:
    """Templates' _(), ngettext() and pgettext(), as Flask-Babel installs them, straight to the request's
    catalogue (found once per locale: i18n.RequestDomain) without Flask-Babel's formatting layer."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_catalogue().ugettext(s),
        ngettext=lambda s, p, n: request_catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_catalogue().unpgettext(c, s, p, n),
    )


def register(app) -> None:
    install_fast_gettext(app)

    # What every template sees besides the globals below: the same for every request in a language, so worked
    # out once per language (a dict of a dozen entries and three closures on every page added up).
    per_language: dict[str, dict] = {}

    def _language_context(lang: str) -> dict:
        return {
            "lang": lang,
            "dir": LANGUAGES[lang].direction,
            "language_names": LANGUAGE_NAMES,
            "role_labels": ROLE_LABELS,
            "weekday_names": lambda days: "، ".join(weekday_name(d, lang) for d in days),
            "entity_label": entity_label,
            "field_label": field_label,
            "date_hint": date_placeholder(lang),
            "title_sep": TITLE_SEPARATOR,
        }

    @app.context_processor
    def page_context():
        lang = viewer.viewer_lang()
        context = per_language.get(lang)
        if context is None:
            context = per_language[lang] = _language_context(lang)
        return context

    # Functions of the person asked when called: globals, not closures made anew for every page.
    app.add_template_global(lambda action, obj=None: can(current_user, action, obj), "can")
    app.add_template_global(lambda: unread_count(current_user), "unread_count")
    app.add_template_global(SEPARATOR, "sep")
    app.add_template_global(menu_current)
    app.add_template_global(layout.head, "layout_head")
    app.add_template_global(layout.header, "layout_header")
    app.add_template_global(layout.footer, "layout_footer")
    app.add_template_global(layout.csrf_token, "csrf_token")  # Flask-WTF's, with the signed token kept a minute
    app.add_template_global(lambda: menu.menu_for(current_user), "main_menu")
    app.add_template_global(audit_words.sentences, "audit_sentences")
    app.add_template_filter(audit_words.load_named, "with_named_records")
    app.add_template_global(audit_words.created_values, "audit_created_values")
    app.add_template_global(audit_words.record_label, "audit_record_label")
    app.add_template_global(between)
    app.add_template_filter(ltr)
    app.add_template_filter(written)  # free text in one language, marked for the other side's readers
    app.add_template_filter(code_name, "named")  # IR, IQD, Asia/Tehran as words
    app.add_template_filter(isolate_ltr, "isolated")  # the same in plain text (an <option>, a title)
    app.add_template_global(assets.asset)
    app.add_template_global(assets.stylesheets)
    app.add_template_global(query_args)  # a global, so imported macros (the pager) see it too
    app.add_template_global(pick)
    app.add_template_filter(_per_request(viewer.format_day), "day")
    app.add_template_filter(_per_request(viewer.format_instant), "instant")
    app.add_template_filter(_per_request(viewer.format_num), "num")
    app.add_template_filter(_per_request(viewer.format_pct), "pct")
    app.add_template_filter(_per_request(both_clocks), "clocks")
    # The same day in the other side's calendar ("۲۶ نوامبر ۲۰۲۶" beside "۵ آذر ۱۴۰۵").
    app.add_template_filter(_per_request(lambda value: format_other_calendar(value, viewer.viewer_lang())),
                            "other_day")
    app.add_template_filter(_per_request(lambda text: localize_digits(str(text), viewer.viewer_lang())), "digits")
