"""The registry of permission rules: `rule(action)` registers one, `can()` asks it. The rules themselves are
in training_rules, cooperation_rules and management_rules; `permissions` gathers them for everyone else."""

from __future__ import annotations

from collections.abc import Callable

from .roles import ADMIN, LIAISON, MANAGER, TRAINER

EVERYONE = (ADMIN, MANAGER, LIAISON, TRAINER)

Rule = Callable[[object, object], bool]
RULES: dict[str, Rule] = {}


def rule(action: str):
    def register(fn: Rule) -> Rule:
        RULES[action] = fn
        return fn

    return register


def side_of(obj) -> int | None:
    """The side a record belongs to, for rules that bind a liaison to its own province."""
    if obj is None:
        return None
    if hasattr(obj, "side_id"):
        return obj.side_id
    side = getattr(obj, "side", None)
    return getattr(side, "id", None)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` (on `obj`)? Unknown actions are refused, so a typo never opens a door."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = RULES.get(action)
    return bool(check and check(user, obj))
