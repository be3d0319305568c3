"""Domain errors raised by services; each carries a translatable message and, where it fits, a field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(DomainError):
    status = 400


class ConflictError(DomainError):
    status = 409


class StaleEditError(ConflictError):
    """Someone saved the record after this form was loaded."""


class TransitionError(DomainError):
    status = 409


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message=None, field=None):
        super().__init__(message or _l("You do not have permission to do this."), field)


class InvalidValues(ValidationFailed):
    """Every problem found in a form's values, as (field, message) pairs; the first is the message."""

    def __init__(self, problems: list[tuple[str | None, object]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self.problems = problems


class NotFound(DomainError):
    """A record that is not there, or not the one the address names."""

    status = 404

    def __init__(self, message=None, field=None):
        super().__init__(message or _l("This record no longer exists."), field)
