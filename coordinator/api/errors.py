"""One JSON error shape for the API — {"code", "message", "errors"} — in the language the client asks for."""

from __future__ import annotations

import re

from flask import current_app, jsonify, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..errors import (
    STATUS_MESSAGES,
    ConflictError,
    DomainError,
    InvalidValues,
    NotFound,
    PermissionDenied,
    StaleEditError,
    TransitionError,
    ValidationFailed,
)
from ..extensions import db
from ..l10n.locales import babel_locale

# status → (machine-readable code, default message). Codes are stable; clients branch on them.
DEFAULTS = {
    400: ("bad_request", STATUS_MESSAGES[400][1]),
    401: ("unauthorized", _l("Give a valid personal access token in the header “Authorization: Bearer …”.")),
    403: ("forbidden", STATUS_MESSAGES[403][1]),
    404: ("not_found", _l("There is no such record, or you may not see it.")),
    405: ("method_not_allowed", _l("This address does not accept that method.")),
    409: ("conflict", STATUS_MESSAGES[409][1]),
    413: ("too_large", STATUS_MESSAGES[413][1]),
    415: ("unsupported_media_type", _l("Send the request body as JSON, with “Content-Type: application/json”.")),
    422: ("invalid", _l("Some values are missing or not valid; see the errors of each field.")),
    429: ("too_many_requests", STATUS_MESSAGES[429][1]),
    500: ("server_error", STATUS_MESSAGES[500][1]),
}
INVALID_JSON = _l("The request body is not valid JSON.")

# marshmallow and webargs speak English; what they say most often, in the client's language.
FIELD_MESSAGES = {
    "Missing data for required field.": _l("This field is required."),
    "Unknown field.": _l("This field is not accepted here."),
    "Not a valid integer.": _l("Give a whole number."),
    "Not a valid number.": _l("Give a number."),
    "Not a valid string.": _l("Give text."),
    "Not a valid boolean.": _l("Give true or false."),
    "Not a valid date.": _l("Give a Gregorian date as YYYY-MM-DD."),
    "Not a valid datetime.": _l("Give a date and time in ISO 8601 with a UTC offset."),
    "Not a valid aware datetime.": _l("Give a date and time in ISO 8601 with a UTC offset."),
    "Not a valid list.": _l("Give a list."),
    "Not a valid mapping type.": _l("Give a JSON object."),
    "Invalid input type.": _l("Give a JSON object."),
    "Field may not be null.": _l("This field cannot be null."),
    "Invalid JSON body.": INVALID_JSON,
    "Invalid value.": _l("This value is not valid."),
    "Shorter than minimum length 1.": _l("This field cannot be empty."),
}


class ApiError(Exception):
    """Raised by API code for a refusal that is not a domain error (bad token, missing version …)."""

    def __init__(self, status: int, message=None, errors: dict | None = None, code: str | None = None,
                 headers: dict | None = None):
        super().__init__(str(message or status))
        self.status = status
        self.message = message
        self.errors = errors or {}
        self.code = code
        self.headers = headers or {}


def api_language() -> str:
    """The language of the messages: Accept-Language first (an API client has no page to choose on)."""
    from ..i18n import select_language

    langs = tuple(current_app.config["LANGUAGES"])
    return request.accept_languages.best_match(langs) or select_language()


# Validator messages with numbers in them: (pattern, message, names of the captured values).
PATTERNS = (
    (re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     _l("Give a value from %(low)s to %(high)s."), ("low", "high")),
    (re.compile(r"Must be greater than or equal to (\S+)\.$"), _l("Give a value of at least %(low)s."), ("low",)),
    (re.compile(r"Must be less than or equal to (\S+)\.$"), _l("Give a value of at most %(high)s."), ("high",)),
    (re.compile(r"Longer than maximum length (\d+)\.$"), _l("This is too long: at most %(count)s."), ("count",)),
    (re.compile(r"Length must be between (\d+) and (\d+)\.$"),
     _l("Give from %(low)s to %(high)s characters."), ("low", "high")),
    (re.compile(r"Must be one of: (.*)\.$"), _l("Choose one of: %(choices)s."), ("choices",)),
)


def _text(message) -> str:
    if not isinstance(message, str):
        return str(message)
    if message in FIELD_MESSAGES:
        return str(FIELD_MESSAGES[message])
    for pattern, translated, names in PATTERNS:
        match = pattern.match(message)
        if match:
            return str(translated) % dict(zip(names, match.groups(), strict=True))
    return message


def _flatten(errors, prefix="") -> dict[str, list[str]]:
    """marshmallow's nested error dicts → {"field" or "field.0.sub": [messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in _flatten(value, name).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(errors, (list, tuple)):
        if all(isinstance(e, str) for e in errors):
            flat[prefix or "_schema"] = [_text(e) for e in errors]
        else:
            for item in errors:
                for sub, messages in _flatten(item, prefix).items():
                    flat.setdefault(sub, []).extend(messages)
    else:
        flat[prefix or "_schema"] = [_text(errors)]
    return flat


def error_response(status: int, message=None, errors=None, code: str | None = None, headers=None):
    """The one error shape; translated while the client's locale is forced, never with internals."""
    db.session.rollback()
    status = status if status in DEFAULTS else (500 if status >= 500 else 400)
    default_code, default_message = DEFAULTS[status]
    lang = api_language()
    with force_locale(babel_locale(lang)):
        body = {
            "code": code or default_code,
            "message": _text(message) if message is not None else str(default_message),
            "errors": _flatten(errors or {}),
        }
    response = jsonify(body)
    response.status_code = status
    response.headers["Content-Language"] = lang
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _domain(exc: DomainError):
    # Every problem on its field; one without a field goes under "_schema" when the refusal lists its
    # findings (invalid values, an assignment's conflicts); a lone refusal's message is the "message".
    errors: dict[str, list] = {}
    for field, message in exc.problems:
        if field is None and not exc.listed:
            continue
        if message not in errors.get(field or "_schema", []):
            errors.setdefault(field or "_schema", []).append(message)
    if isinstance(exc, InvalidValues):
        return error_response(422, exc.message, errors, "invalid")
    if isinstance(exc, StaleEditError):
        return error_response(409, exc.message, errors, "stale_version")
    if isinstance(exc, TransitionError):
        return error_response(409, exc.message, errors, "transition_refused")
    if isinstance(exc, ConflictError):
        return error_response(409, exc.message, errors, "conflict")
    if isinstance(exc, PermissionDenied):
        return error_response(403, exc.message, errors, "forbidden")
    if isinstance(exc, NotFound):
        return error_response(404, None, {}, "not_found")  # the default message leaks nothing
    if isinstance(exc, ValidationFailed):
        return error_response(422, exc.message, errors, "invalid")
    return error_response(422 if exc.status == 400 else exc.status, exc.message, errors)


def http_error_response(exc: HTTPException):
    code = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if messages:
        # webargs: {"json": {"field": [..]}} (or {"query": …}); malformed JSON arrives as a 400.
        flat = {}
        for location, errors in messages.items():
            flat.update(errors if isinstance(errors, dict) else {location: errors})
        if code == 400 and any("Invalid JSON body." in str(v) for v in flat.values()):
            return error_response(400, INVALID_JSON, {}, "invalid_json")
        return error_response(422 if code in (400, 422) else code, None, flat)
    headers = {"Allow": exc.valid_methods and ", ".join(exc.valid_methods)} if code == 405 else None
    headers = {k: v for k, v in (headers or {}).items() if v}
    if code >= 500:
        return error_response(500)
    return error_response(code, data.get("message"), None, None, headers)


def is_api_request() -> bool:
    return request.path == "/api/v1" or request.path.startswith("/api/v1/")


def register(blueprint, app) -> None:
    """Handlers on the API blueprint (404/405 for unmatched /api/v1 addresses: main.error_pages)."""

    @blueprint.errorhandler(ApiError)
    def api_error(exc):
        return error_response(exc.status, exc.message, exc.errors, exc.code, exc.headers)

    @blueprint.errorhandler(DomainError)
    def domain_error(exc):
        return _domain(exc)

    @blueprint.errorhandler(ValidationError)
    def validation_error(exc):
        return error_response(422, None, exc.messages)

    @blueprint.errorhandler(StaleDataError)
    def stale(exc):
        return error_response(409, None, {}, "stale_version")

    @blueprint.errorhandler(CSRFError)
    def csrf(exc):
        return error_response(400)

    @blueprint.errorhandler(HTTPException)
    def http_error(exc):
        return http_error_response(exc)

    @blueprint.errorhandler(Exception)
    def unexpected(exc):
        app.logger.exception("Unhandled API error on %s %s", request.method, request.path)
        return error_response(500)
