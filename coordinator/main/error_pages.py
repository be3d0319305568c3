"""Error pages in the viewer's language, without stack traces."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.exceptions import NotFound as HTTPNotFound

from ..api import errors as api_errors
from ..errors import STATUS_MESSAGES, DomainError
from ..web import error_page

CSRF_MESSAGE = _l("This form has expired or was opened in another window. Reload the page and try again.")


def render_error(code: int, message=None):
    if request.path.startswith("/api/v1"):
        # App-wide refusals (a NUL character, a value no column holds) reach API clients in the API's shape.
        return api_errors.error_response(code, message)
    return error_page(code, message)


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        return render_error(code if code in STATUS_MESSAGES else 400 if code < 500 else 500)

    # Routing errors happen before any blueprint is chosen: decide by the path.
    @app.errorhandler(HTTPNotFound)
    def not_found(error):
        return api_errors.http_error_response(error) if api_errors.is_api_request() else render_error(404)

    @app.errorhandler(MethodNotAllowed)
    def not_allowed(error):
        return api_errors.http_error_response(error) if api_errors.is_api_request() else render_error(405)

    @app.errorhandler(StaleDataError)
    def stale(error):
        return render_error(409)

    @app.errorhandler(DomainError)
    def domain_error(error):
        return render_error(error.status if error.status in STATUS_MESSAGES else 400, error.message)

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
