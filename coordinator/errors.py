"""Domain errors raised by services; each carries a translatable message and, where it fits, a field."""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

# What each refusal means to a person, for the error pages and the API's default messages: status → (title, text).
STATUS_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Check what you entered and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see this page or do this.")),
    404: (_l("Not found"), _l("There is no such page or record. It may have been removed.")),
    405: (_l("Not allowed"), _l("This page does not accept that kind of request.")),
    409: (_l("Conflict"), _l("Someone else changed this record meanwhile. Reload it and try again.")),
    413: (_l("Too large"), _l("What you sent is larger than allowed.")),
    429: (_l("Too many requests"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged; please try again.")),
}


class Problem(NamedTuple):
    """One thing wrong with what was sent: the form field it concerns (None: the whole form) and a
    translatable message. A plain pair, so services may build them as ("field", message) tuples."""

    field: str | None
    message: object


class DomainError(Exception):
    """A refusal; `problems` lists everything wrong, the first being `field` and `message`."""

    status = 400
    listed = False  # True where `problems` are findings of their own, not just this one message

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.problems = [Problem(field, message)]

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

    listed = True

    def __init__(self, problems: list[tuple[str | None, object]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self.problems = [Problem(*problem) for problem in problems]


class NotFound(DomainError):
    """A record that is not there, or not the one the address names."""

    status = 404

    def __init__(self, message=None, field=None):
        super().__init__(message or _l("This record no longer exists."), field)
