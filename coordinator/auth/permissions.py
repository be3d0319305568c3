"""Who may do what, on which side: the one place views, templates and the API ask (`can`, and the view
decorators `require` and `login_required`). The rules are registered by the rule modules imported here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from . import cooperation_rules, management_rules, training_rules, visit_rules  # noqa: F401  (they register the rules)
from .rules import RULES, can, rule, side_of

__all__ = ["RULES", "can", "login_required", "require", "rule", "side_of"]


def require(action: str, obj_loader: Callable | None = None):
    """View decorator: log-in required (Flask-Login redirects) and the action allowed, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login_manager

                return login_manager.unauthorized()
            obj = obj_loader(**kwargs) if obj_loader else None
            if not can(current_user, action, obj):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from ..extensions import login_manager

            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped
