"""What every template can use: language and direction, permission checks, display filters."""

from flask import request
from flask_login import current_user
from jinja2 import pass_context

from .. import viewer
from ..audit import entity_label, field_label
from ..auth.permissions import can
from ..auth.roles import ROLE_LABELS
from ..catalog.clocks import both_clocks
from ..l10n.calendars import date_placeholder, weekday_name
from ..l10n.digits import localize_digits
from ..l10n.locales import LANGUAGE_NAMES, pick
from ..notifications.inbox import unread_count
from ..web import query_args


def _per_request(format_fn):
    """A filter Jinja must not fold at compile time: `{{ 70|pct }}` would otherwise be printed in the
    language of whoever first loaded the template, for everyone after."""

    @pass_context
    def run(_context, value, *args, **kwargs):
        return format_fn(value, *args, **kwargs)

    return run


def register(app) -> None:
    @app.context_processor
    def page_context():
        lang = viewer.viewer_lang()
        return {
            "lang": lang,
            "dir": viewer.viewer_dir(),
            "language_names": LANGUAGE_NAMES,
            "role_labels": ROLE_LABELS,
            "can": lambda action, obj=None: can(current_user, action, obj),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "weekday_names": lambda days: "، ".join(weekday_name(d, lang) for d in days),
            "entity_label": entity_label,
            "field_label": field_label,
            "date_hint": date_placeholder(lang),
            "unread_count": lambda: unread_count(current_user),
        }

    app.add_template_global(query_args)  # a global, so imported macros (the pager) see it too
    app.add_template_global(pick)
    app.add_template_filter(_per_request(viewer.format_day), "day")
    app.add_template_filter(_per_request(viewer.format_instant), "instant")
    app.add_template_filter(_per_request(viewer.format_num), "num")
    app.add_template_filter(_per_request(viewer.format_pct), "pct")
    app.add_template_filter(_per_request(both_clocks), "clocks")
    app.add_template_filter(_per_request(lambda text: localize_digits(str(text), viewer.viewer_lang())), "digits")
